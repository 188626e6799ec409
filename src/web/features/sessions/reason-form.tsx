import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';

interface ReasonFormProps {
  label: string;
  /** Who will read the reason. */
  hint: string;
  error: unknown;
  pending: boolean;
  /** The red button that does it, and the one that leaves things as they are. */
  submit: string;
  dismiss: string;
  onSubmit: (reason: string) => void;
  onDismiss: () => void;
}

/** A reason that must be given before something is cancelled or declined. */
export function ReasonForm({ label, hint, error, pending, submit, dismiss, onSubmit, onDismiss }: ReasonFormProps) {
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
        onSubmit(reason.trim());
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
          <Button variant="default" onClick={onDismiss}>
            {dismiss}
          </Button>
          <Button type="submit" color="red" loading={pending}>
            {submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
