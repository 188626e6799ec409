import { Button, Group } from '@mantine/core';
import { IconCalendarX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/app-modal.tsx';
import { ReasonForm } from '../../components/reason-form.tsx';
import { formatWallClock } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { cancelSession, refreshSessions, type Session } from './sessions.api.ts';

/** The therapist's "Cancel session": asks why, and the family sees that reason on the card. */
export function SessionCancel({ childId, session }: { childId: string; session: Session }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const { day, time } = formatWallClock(session.localStart);
  const kind = t(`sessions.kind.${session.kind}`);
  const cancel = useMutation({
    mutationFn: (reason: string) => cancelSession(childId, session.id, reason),
    onSuccess: async () => {
      await refreshSessions(queryClient);
      setOpen(false);
      toast(t('sessions.cancel.saved'));
    },
  });
  return (
    <>
      <Group justify="flex-end">
        <Button
          variant="default"
          size="sm"
          leftSection={<IconCalendarX size={16} aria-hidden />}
          aria-label={t('sessions.cancel.buttonFor', { kind, day, time })}
          onClick={() => {
            cancel.reset();
            setOpen(true);
          }}
        >
          {t('sessions.cancel.button')}
        </Button>
      </Group>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('sessions.cancel.title', { kind, day, time })} size="md">
        {open ? (
          <ReasonForm
            label={t('sessions.cancel.reason')}
            hint={t('sessions.cancel.reasonHint')}
            keepLabel={t('sessions.cancel.keep')}
            confirmLabel={t('sessions.cancel.confirm')}
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
