import { Button, Group, Stack, Text } from '@mantine/core';
import { AppModal } from './app-modal.tsx';
import { ErrorAlert } from './error-alert.tsx';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  body: string;
  cancelLabel: string;
  confirmLabel: string;
  pending: boolean;
  error?: unknown;
  onCancel: () => void;
  onConfirm: () => void;
}

/** "Are you sure?" for something that cannot be undone with one click: the safe choice comes first. */
export function ConfirmModal({ opened, title, body, cancelLabel, confirmLabel, pending, error, onCancel, onConfirm }: ConfirmModalProps) {
  return (
    <AppModal opened={opened} onClose={onCancel} title={title} size="md">
      {opened ? (
        <Stack gap="md">
          <ErrorAlert error={error} />
          <Text>{body}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel}>
              {cancelLabel}
            </Button>
            <Button color="red" loading={pending} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </AppModal>
  );
}
