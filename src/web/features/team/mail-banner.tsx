import { Alert, Anchor, Code, Stack, Text } from '@mantine/core';
import { IconMailPause } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types.ts';

/** For a clinic's admins while no mail server is set up: mail is only kept in the outbox. */
export function MailBanner({ me }: { me: Me }) {
  const { t } = useTranslation();
  const clinic = me.clinics.find((c) => c.role === 'admin');
  if (clinic?.mailDelivery !== 'outbox') return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconMailPause aria-hidden />} title={t('firstDay.mailBannerTitle')} mb="lg">
      <Stack gap="xs">
        {/* The example address is one long word: it wraps where it must on a phone. */}
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('firstDay.mailBannerBody')}
        </Text>
        <Text size="sm">
          <Code>SMTP_URL</Code> ·{' '}
          <Anchor component={Link} to="/admin/outbox" size="sm">
            {t('firstDay.mailBannerOutbox')}
          </Anchor>
        </Text>
      </Stack>
    </Alert>
  );
}
