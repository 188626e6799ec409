import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarX, IconCheck, IconStarFilled } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime, formatDuration, formatWallClock } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { MoveTimesForm } from './move-times-form.tsx';
import { ReasonForm } from '../../components/reason-form.tsx';
import { wallClockText } from './session-move-family.tsx';
import { acceptMove, declineMove, offerMove, type LocalSlot, type MoveRequest, type SessionMoves } from './session-moves.api.ts';
import { clashOf, refreshSessions, type Session } from './sessions.api.ts';

/** A refused move: the clash named on the reader's clock, any other error as usual. */
function MoveError({ error, timeZone }: { error: unknown; timeZone: string }) {
  const { t } = useTranslation();
  const clash = clashOf(error);
  if (!clash) return <ErrorAlert error={error} />;
  return (
    <Alert color="red" variant="light" icon={<IconCalendarX aria-hidden />} title={t('sessions.form.clashTitle')} role="alert" data-testid="session-move-clash">
      {t('sessions.form.clash', { when: formatDateTime(clash.startsAt, timeZone), length: formatDuration(clash.durationMinutes / 60) })}
    </Alert>
  );
}

interface SessionMoveManageProps {
  childId: string;
  session: Session;
  moves: SessionMoves;
  names: Map<string, string>;
  timeZone: string;
}

/**
 * The therapist's side: every household's request, the times that suit everyone who asked shown
 * first, and Accept / Suggest another time / Decline with a reason.
 */
export function SessionMoveManage({ childId, session, moves, names, timeZone }: SessionMoveManageProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [offering, setOffering] = useState(false);
  const [declining, setDeclining] = useState<MoveRequest | null>(null);
  const kind = t(`sessions.kind.${session.kind}`);
  const { day } = formatWallClock(session.localStart);
  const headingId = `session-moves-${session.id}`;
  const done = async (message: string) => {
    await refreshSessions(queryClient);
    toast(message);
  };

  const accept = useMutation({
    mutationFn: (v: { requestId: string; startsAt: string }) => acceptMove(childId, session.id, v.requestId, v.startsAt),
    onSuccess: () => done(t('sessionMoves.moved')),
  });
  const offer = useMutation({
    mutationFn: (slot: LocalSlot) => offerMove(childId, session.id, slot, timeZone),
    onSuccess: async () => {
      setOffering(false);
      await done(t('sessionMoves.manage.offered'));
    },
  });
  const decline = useMutation({
    mutationFn: (v: { requestId: string; reason: string }) => declineMove(childId, session.id, v.requestId, v.reason),
    onSuccess: async () => {
      setDeclining(null);
      await done(t('sessionMoves.manage.declinedSaved'));
    },
  });

  const who = (r: MoveRequest) => {
    const name = names.get(r.requestedBy) ?? t('notifications.someone');
    return r.household ? t('sessionMoves.manage.household', { household: r.household, name }) : name;
  };
  // The times every household offered, once each (the first request that offered it is the one taken).
  const shared = new Map<string, { requestId: string; localStart: string }>();
  for (const r of moves.requests) for (const x of r.times) if (x.suitsEveryone && !shared.has(x.startsAt)) shared.set(x.startsAt, { requestId: r.id, localStart: x.localStart });
  const acceptButton = (requestId: string, startsAt: string, localStart: string, primary: boolean) => (
    <Button
      size="xs"
      variant={primary ? 'filled' : 'light'}
      leftSection={<IconCheck size={14} aria-hidden />}
      aria-label={t('sessionMoves.manage.acceptTime', { when: wallClockText(localStart) })}
      loading={accept.isPending && accept.variables?.startsAt === startsAt && accept.variables.requestId === requestId}
      disabled={accept.isPending}
      onClick={() => accept.mutate({ requestId, startsAt })}
    >
      {t('sessionMoves.manage.accept')}
    </Button>
  );

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId} data-testid="session-move-requests">
      <Title order={5} id={headingId}>
        {t('sessionMoves.manage.title', { count: moves.requests.length })}
      </Title>
      <MoveError error={accept.error} timeZone={timeZone} />
      {shared.size > 0 ? (
        <Paper className="session-move-shared" p="sm" radius="md" data-testid="session-move-shared">
          <Stack gap={6}>
            <Group gap={6}>
              <IconStarFilled size={16} aria-hidden />
              <Text size="sm" fw={700}>
                {t('sessionMoves.manage.suitsEveryone', { count: moves.households })}
              </Text>
            </Group>
            {[...shared].map(([startsAt, x]) => (
              <Group key={startsAt} gap="sm" justify="space-between" wrap="wrap">
                <Text size="sm" fw={600}>
                  {wallClockText(x.localStart)}
                </Text>
                {acceptButton(x.requestId, startsAt, x.localStart, true)}
              </Group>
            ))}
          </Stack>
        </Paper>
      ) : null}
      {moves.requests.map((r) => (
        <Stack key={r.id} gap={6} className="session-move-request" data-testid="session-move-request">
          <Text size="sm" fw={600}>
            {t('sessionMoves.manage.asks', { who: who(r) })}
          </Text>
          <ul className="session-move-times">
            {r.times.map((x) => (
              <li key={x.startsAt}>
                <Group gap="xs" justify="space-between" wrap="wrap">
                  <Group gap={6}>
                    <Text size="sm">{wallClockText(x.localStart)}</Text>
                    {x.suitsEveryone ? (
                      <Badge size="sm" color="teal.9" variant="filled">
                        {t('sessionMoves.manage.suitsBadge')}
                      </Badge>
                    ) : null}
                  </Group>
                  {acceptButton(r.id, x.startsAt, x.localStart, false)}
                </Group>
              </li>
            ))}
          </ul>
          <Group>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              aria-label={t('sessionMoves.manage.declineFor', { who: who(r) })}
              onClick={() => {
                decline.reset();
                setDeclining(r);
              }}
            >
              {t('sessionMoves.manage.decline')}
            </Button>
          </Group>
        </Stack>
      ))}
      {moves.offer ? (
        <Text size="sm" c="dimmed" data-testid="session-move-offered">
          {t('sessionMoves.manage.offerWaiting', { when: wallClockText(moves.offer.localStart) })}
        </Text>
      ) : null}
      <Group>
        <Button
          variant="default"
          size="sm"
          onClick={() => {
            offer.reset();
            setOffering(true);
          }}
        >
          {t('sessionMoves.manage.offer')}
        </Button>
      </Group>
      <AppModal opened={offering} onClose={() => setOffering(false)} title={t('sessionMoves.manage.offerTitle', { kind, day })} size="md">
        {offering ? (
          <MoveTimesForm
            max={1}
            timeZone={timeZone}
            durationMinutes={session.durationMinutes}
            submit={t('sessionMoves.manage.offerSend')}
            pending={offer.isPending}
            error={offer.error}
            onSubmit={(slots) => {
              if (slots[0]) offer.mutate(slots[0]);
            }}
            onCancel={() => setOffering(false)}
          />
        ) : null}
      </AppModal>
      <AppModal opened={declining !== null} onClose={() => setDeclining(null)} title={t('sessionMoves.manage.declineTitle', { who: declining ? who(declining) : '' })} size="md">
        {declining ? (
          <ReasonForm
            label={t('sessionMoves.manage.reason')}
            hint={t('sessionMoves.manage.reasonHint')}
            error={decline.error}
            pending={decline.isPending}
            confirmLabel={t('sessionMoves.manage.declineSend')}
            keepLabel={t('common.cancel')}
            onConfirm={(reason) => decline.mutate({ requestId: declining.id, reason })}
            onKeep={() => setDeclining(null)}
          />
        ) : null}
      </AppModal>
    </Stack>
  );
}
