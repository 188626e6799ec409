import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert.tsx';

interface ReasonFormProps {
  label: string;
  hint: string;
  keepLabel: string;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onKeep: () => void;
  /** The reason given, trimmed and not empty. */
  onConfirm: (reason: string) => void;
}

/** "Why?" before something is cancelled: the reason is required, and the people told read it. */
export function ReasonForm({ label, hint, keepLabel, confirmLabel, pending, error, onKeep, onConfirm }: ReasonFormProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim() === '') {
          setMissing(true);
          return;
        }
        onConfirm(reason.trim());
      }}
    >
      <Stack gap="md">
        <ErrorAlert error={error} />
        <Textarea
          label={label}
          description={hint}
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          error={missing ? t('validation.required') : undefined}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setMissing(false);
          }}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onKeep}>
            {keepLabel}
          </Button>
          <Button type="submit" color="red" loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
