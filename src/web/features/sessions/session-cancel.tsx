import { Button, Group, Stack, Textarea } from '@mantine/core';
import { IconCalendarX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
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
}

/** "Cancel session": asks why, and everyone who sees the session reads that reason on the card. */
export function SessionCancel({ childId, session, label, hint, cancel: cancelWith }: SessionCancelProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const { day, time } = formatWallClock(session.localStart);
  const kind = t(`sessions.kind.${session.kind}`);
  const cancel = useMutation({
    mutationFn: () => (cancelWith ?? ((r: string) => cancelSession(childId, session.id, r)))(reason.trim()),
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
          variant="default"
          size="sm"
          leftSection={<IconCalendarX size={16} aria-hidden />}
          aria-label={t('sessions.cancel.buttonFor', { kind, day, time })}
          onClick={() => {
            cancel.reset();
            setReason('');
            setMissing(false);
            setOpen(true);
          }}
        >
          {label ?? t('sessions.cancel.button')}
        </Button>
      </Group>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('sessions.cancel.title', { kind, day, time })} size="md">
        {open ? (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim() === '') {
                setMissing(true);
                return;
              }
              cancel.mutate();
            }}
          >
            <Stack gap="md">
              <ErrorAlert error={cancel.error} />
              <Textarea
                label={t('sessions.cancel.reason')}
                description={hint ?? t('sessions.cancel.reasonHint')}
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
                <Button variant="default" onClick={() => setOpen(false)}>
                  {t('sessions.cancel.keep')}
                </Button>
                <Button type="submit" color="red" loading={cancel.isPending}>
                  {t('sessions.cancel.confirm')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </AppModal>
    </>
  );
}
