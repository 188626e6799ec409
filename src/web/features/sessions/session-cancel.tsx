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

interface SessionCancelProps {
  childId: string;
  session: Session;
  /** The button's words, the reason's hint and the call, when a guardian cancels rather than the therapist. */
  label?: string;
  hint?: string;
  cancel?: (reason: string) => Promise<Session>;
  /** A quiet, link-like button beside the family's other actions. */
  subtle?: boolean;
}

/** "Cancel session": asks why, and everyone who sees the session reads that reason on the card. */
export function SessionCancel({ childId, session, label, hint, cancel: cancelWith, subtle }: SessionCancelProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const { day, time } = formatWallClock(session.localStart);
  const kind = t(`sessions.kind.${session.kind}`);
  const cancel = useMutation({
    mutationFn: (reason: string) => (cancelWith ?? ((r: string) => cancelSession(childId, session.id, r)))(reason),
    onSuccess: async () => {
      await refreshSessions(queryClient);
      setOpen(false);
      toast(t('sessions.cancel.saved'));
    },
  });
  return (
    <>
      <Group justify={label ? 'flex-start' : 'flex-end'}>
        <Button
          variant={subtle ? 'subtle' : 'default'}
          {...(subtle ? { color: 'gray' } : {})}
          size="sm"
          leftSection={<IconCalendarX size={16} aria-hidden />}
          aria-label={t('sessions.cancel.buttonFor', { kind, day, time })}
          onClick={() => {
            cancel.reset();
            setOpen(true);
          }}
        >
          {label ?? t('sessions.cancel.button')}
        </Button>
      </Group>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('sessions.cancel.title', { kind, day, time })} size="md">
        {open ? (
          <ReasonForm
            label={t('sessions.cancel.reason')}
            hint={hint ?? t('sessions.cancel.reasonHint')}
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
