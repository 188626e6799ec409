import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Cancel and the form's own submit button, at the end of every plan form. */
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
