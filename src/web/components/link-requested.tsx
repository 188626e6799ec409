import { Alert } from '@mantine/core';
import { IconMailCheck, IconMailPause } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LinkRequestAccepted } from '../api/types.ts';

/**
 * What happened to a requested sign-in or reset link, worded the same whether or not the account
 * exists: emailed, or (no mail server set up) only kept in the clinic's outbox for an admin to pass on.
 */
export function LinkRequested({ kind, email, delivery }: { kind: 'signIn' | 'reset'; email: string; delivery: LinkRequestAccepted['delivery'] }) {
  const { t } = useTranslation();
  const kept = delivery === 'outbox';
  const [title, body] =
    kind === 'signIn'
      ? kept ? [t('login.linkKeptTitle'), t('login.linkKeptBody', { email })] : [t('login.linkSentTitle'), t('login.linkSentBody', { email })]
      : kept ? [t('reset.keptTitle'), t('reset.keptBody', { email })] : [t('reset.sentTitle'), t('reset.sentBody', { email })];
  return (
    <Alert color={kept ? 'yellow' : 'care'} variant="light" icon={kept ? <IconMailPause aria-hidden /> : <IconMailCheck aria-hidden />} title={title} role="status">
      {body}
    </Alert>
  );
}
