import { Button } from '@mantine/core';
import { IconCalendarX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/app-modal.tsx';
import { ReasonForm } from '../../components/reason-form.tsx';
import { toast } from '../../lib/toast.ts';
import { cancelEvent, refreshEvent, type FamilyEvent } from './events.api.ts';

/** The organiser's "Cancel event": asks why; the families who answered are told, and see the reason. */
export function EventCancel({ event }: { event: FamilyEvent }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const cancel = useMutation({
    mutationFn: (reason: string) => cancelEvent(event.id, reason),
    onSuccess: async (saved) => {
      await refreshEvent(queryClient, saved);
      setOpen(false);
      toast(t('events.cancel.saved'));
    },
  });
  return (
    <>
      <Button
        variant="default"
        color="red"
        leftSection={<IconCalendarX size={16} aria-hidden />}
        onClick={() => {
          cancel.reset();
          setOpen(true);
        }}
      >
        {t('events.cancel.button')}
      </Button>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('events.cancel.title', { title: event.title })} size="md">
        {open ? (
          <ReasonForm
            label={t('events.cancel.reason')}
            hint={t('events.cancel.reasonHint')}
            keepLabel={t('events.cancel.keep')}
            confirmLabel={t('events.cancel.confirm')}
            pending={cancel.isPending}
            error={cancel.error}
            onKeep={() => setOpen(false)}
            onConfirm={(reason) => cancel.mutate(reason)}
          />
        ) : null}
      </AppModal>
    </>
  );
}
