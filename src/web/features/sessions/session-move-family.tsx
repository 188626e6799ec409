import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCalendarQuestion, IconCalendarTime } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatWallClock } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { MoveTimesForm } from './move-times-form.tsx';
import { acceptOffer, cancelByFamily, MAX_PROPOSED_TIMES, proposeMove, type LocalSlot, type SessionMoves } from './session-moves.api.ts';
import { SessionCancel } from './session-cancel.tsx';
import { refreshSessions, type Session } from './sessions.api.ts';

/** "Thursday, 10 December, 17:00" from a start on the reader's clock. */
export function wallClockText(local: string): string {
  const { day, time } = formatWallClock(local);
  return `${day}, ${time}`;
}

interface SessionMoveFamilyProps {
  childId: string;
  session: Session;
  moves: SessionMoves | undefined;
  timeZone: string;
  /** A guardian may also cancel the session (therapy or coaching; a meeting is the clinic's to cancel). */
  canCancel: boolean;
}

/**
 * The family's side of moving a session: "Suggest other times" (up to three, on
 * their own clock), what their household asked and the therapist's answer, the time the therapist
 * offers with one tap to take it, and for a guardian, cancelling with a reason.
 */
export function SessionMoveFamily({ childId, session, moves, timeZone, canCancel }: SessionMoveFamilyProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const kind = t(`sessions.kind.${session.kind}`);
  const { day } = formatWallClock(session.localStart);
  const own = moves?.requests.find((r) => r.mine);
  const offer = moves?.offer?.canAccept ? moves.offer : null;

  const propose = useMutation({
    mutationFn: (slots: LocalSlot[]) => proposeMove(childId, session.id, slots, timeZone),
    onSuccess: async () => {
      await refreshSessions(queryClient);
      setOpen(false);
      toast(t('sessionMoves.family.sent'));
    },
  });
  const take = useMutation({
    mutationFn: (id: string) => acceptOffer(childId, session.id, id),
    onSuccess: async () => {
      await refreshSessions(queryClient);
      toast(t('sessionMoves.moved'));
    },
  });

  return (
    <Stack gap="sm" data-testid="session-move-family">
      {own?.status === 'open' ? (
        <Alert variant="light" color="blue" icon={<IconCalendarTime aria-hidden />} title={t('sessionMoves.family.askedTitle')}>
          <Stack gap={4}>
            <ul className="session-move-times">
              {own.times.map((x) => (
                <li key={x.startsAt}>
                  <Text size="sm">{wallClockText(x.localStart)}</Text>
                </li>
              ))}
            </ul>
            <Text size="sm">{t('sessionMoves.family.waiting')}</Text>
          </Stack>
        </Alert>
      ) : null}
      {own?.status === 'declined' && !offer ? (
        <Alert variant="light" color="yellow" title={t('sessionMoves.family.declinedTitle')} data-testid="session-move-declined">
          {t('sessionMoves.family.declined', { reason: own.reason ?? '' })}
        </Alert>
      ) : null}
      {offer ? (
        <Alert variant="light" color="care" icon={<IconCalendarQuestion aria-hidden />} title={t('sessionMoves.family.offerTitle')} data-testid="session-move-offer">
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {wallClockText(offer.localStart)}
            </Text>
            <ErrorAlert error={take.error} />
            <Group gap="xs">
              <Button size="sm" loading={take.isPending} onClick={() => take.mutate(offer.id)}>
                {t('sessionMoves.family.takeOffer')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <Group gap="xs" justify="flex-start" wrap="wrap">
        <Button
          variant="subtle"
          size="sm"
          leftSection={<IconCalendarQuestion size={16} aria-hidden />}
          className="session-move-ask"
          aria-label={t(own?.status === 'open' ? 'sessionMoves.family.askAgainFor' : 'sessionMoves.family.askFor', { kind, day })}
          onClick={() => {
            propose.reset();
            setOpen(true);
          }}
        >
          {t(own?.status === 'open' ? 'sessionMoves.family.askAgain' : 'sessionMoves.family.ask')}
        </Button>
        {canCancel ? (
          <SessionCancel
            childId={childId}
            session={session}
            label={t('sessions.cancel.button')}
            hint={t('sessionMoves.family.cancelHint')}
            subtle
            cancel={(reason) => cancelByFamily(childId, session.id, reason)}
          />
        ) : null}
      </Group>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('sessionMoves.family.title', { kind, day })} size="md">
        {open ? (
          <MoveTimesForm
            max={MAX_PROPOSED_TIMES}
            timeZone={timeZone}
            durationMinutes={session.durationMinutes}
            submit={t('sessionMoves.family.send')}
            pending={propose.isPending}
            error={propose.error}
            onSubmit={(slots) => propose.mutate(slots)}
            onCancel={() => setOpen(false)}
          />
        ) : null}
      </AppModal>
    </Stack>
  );
}
