import { Button, Stack, Text, Title } from '@mantine/core';
import { IconCloudOff } from '@tabler/icons-react';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/page.tsx';
import { errorMessage } from '../lib/errors.ts';

/** Shown when a page could not load at all (server unreachable, unexpected failure). */
export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="md" py={48} ta="center" maw={520} mx="auto" role="alert">
      <DocumentTitle title={t('errors.pageTitle')} />
      <IconCloudOff size={56} stroke={1.4} aria-hidden color="var(--mantine-color-care-6)" />
      <Title order={1}>{t('errors.pageTitle')}</Title>
      <Text c="dimmed">{errorMessage(error, t)}</Text>
      <Button
        onClick={() => {
          reset();
          window.location.reload();
        }}
      >
        {t('errors.tryAgain')}
      </Button>
    </Stack>
  );
}
