import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The foot of a dialog form: Cancel, then the form's own submit button. */
export function FormActions({ submit, pending, onCancel, danger = false }: { submit: string; pending: boolean; onCancel: () => void; danger?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={pending} {...(danger ? { color: 'red' } : {})}>
        {submit}
      </Button>
    </Group>
  );
}
