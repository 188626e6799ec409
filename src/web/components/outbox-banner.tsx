import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCloudUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { dismissFailed, flushOutbox, useOutbox } from '../api/outbox.ts';

/** What waits on this device to be sent, and anything the server could not take. */
export function OutboxBanner() {
  const { t } = useTranslation();
  const { pending, failed } = useOutbox();
  if (pending.length === 0 && failed.length === 0) return null;
  return (
    <Stack gap="sm" mb="md">
      {pending.length > 0 ? (
        <Alert color="blue" variant="light" icon={<IconCloudUpload size={20} aria-hidden />} role="status" title={t('offline.pendingTitle', { count: pending.length })}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">{t('offline.pendingBody')}</Text>
            <Button size="xs" variant="white" onClick={() => void flushOutbox()}>
              {t('offline.sendNow')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      {failed.map((f) => (
        <Alert key={f.key} color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title={t('offline.failedTitle', { what: f.label })}
          withCloseButton closeButtonLabel={t('common.close')} onClose={() => dismissFailed(f.key)}>
          <Text size="sm">{f.message}</Text>
        </Alert>
      ))}
    </Stack>
  );
}

/** The list of what waits, for a page that wants to show it. */
export function PendingList() {
  const { pending } = useOutbox();
  if (pending.length === 0) return null;
  return (
    <List size="sm">
      {pending.map((p) => (
        <List.Item key={p.key}>{p.label}</List.Item>
      ))}
    </List>
  );
}
