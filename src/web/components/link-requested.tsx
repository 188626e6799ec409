import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck, IconMailPause } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { LinkRequestAccepted } from '../api/types.ts';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, isEmail } from '../lib/validate.ts';
import { ErrorAlert } from './error-alert.tsx';

/** Asks for a sign-in link or a password-reset link by email (`endpoint`), then says where it went (`onSent`). */
export function EmailLinkForm({ endpoint, initialEmail = '', submitLabel, onSent }: {
  endpoint: '/api/auth/link' | '/api/auth/reset';
  initialEmail?: string;
  submitLabel: string;
  onSent: (email: string, delivery: LinkRequestAccepted['delivery']) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { email: initialEmail }, validate: { email: isEmail(t) } });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (email: string) => api<LinkRequestAccepted>(endpoint, { method: 'POST', body: { email }, redirectOn401: false }),
    onSuccess: (result, email) => onSent(email, result.delivery),
    onError: serverError.onError,
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        mutation.mutate(v.email.trim());
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={serverError.error} />
        <TextInput label={t('common.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

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
