import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconClock, IconMapPin, IconRepeat, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDuration, formatWallClock } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { VideoJoinButton } from '../video/video-join.tsx';
import './sessions.css';
import { MeetingLink } from './meeting-link.tsx';
import { isMeeting } from './meetings.api.ts';
import { respondToSession, sessionKeys, type Session } from './sessions.api.ts';

type Answer = 'yes' | 'no';

/** "We'll join" / "Can't make it": one tap saves; the pressed button is the family's current answer. */
export function ResponseButtons({ childId, session, label }: { childId: string; session: Session; label: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<Answer | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function answer(response: Answer) {
    setError(null);
    setBusy(response);
    try {
      const saved = await respondToSession(childId, session.id, response);
      queryClient.setQueryData<{ sessions: Session[] }>(sessionKeys.child(childId), (old) =>
        old ? { sessions: old.sessions.map((s) => (s.id === saved.id ? saved : s)) } : old,
      );
      toast(t(response === 'yes' ? 'sessions.respond.savedYes' : 'sessions.respond.savedNo'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="xs">
      <SimpleGrid cols={2} spacing="xs" role="group" aria-label={label}>
        {(['yes', 'no'] as const).map((r) => {
          const chosen = session.myResponse === r;
          return (
            <Button
              key={r}
              variant={chosen ? 'filled' : 'default'}
              color={r === 'no' ? 'gray' : 'care'}
              className="session-answer"
              aria-pressed={chosen}
              leftSection={r === 'yes' ? <IconCheck size={20} stroke={3} aria-hidden /> : <IconX size={20} aria-hidden />}
              loading={busy === r}
              disabled={busy !== null && busy !== r}
              onClick={() => void answer(r)}
            >
              {t(r === 'yes' ? 'sessions.respond.yes' : 'sessions.respond.no')}
            </Button>
          );
        })}
      </SimpleGrid>
      <ErrorAlert error={error} />
    </Stack>
  );
}

interface SessionCardProps {
  childId: string;
  session: Session;
  /** The family's answer buttons are offered on sessions still to come. */
  canRespond: boolean;
  /** The names of team members, for the therapist's list of who answered. */
  names: Map<string, string>;
  /** The family members who see the sessions the family is invited to (the therapist's view), each listed with their answer. */
  family?: readonly string[];
  /** It has taken place: answers are worded in the past. */
  past?: boolean;
  actions?: ReactNode;
}

/** One session: when on the reader's clock, how long, what and where, whether it is on, and who is coming. */
export function SessionCard({ childId, session, canRespond, names, family = [], past = false, actions }: SessionCardProps) {
  const { t } = useTranslation();
  const { day, time } = formatWallClock(session.localStart);
  const kind = t(`sessions.kind.${session.kind}`);
  const cancelled = session.status === 'cancelled';
  const place = t(`sessions.place.${session.place}`);
  const titleId = `session-${session.id}`;
  return (
    <Card withBorder radius="lg" padding="md" component="article" aria-labelledby={titleId} data-testid="session-card" data-status={session.status}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Stack gap={2} style={{ flex: '1 1 200px' }}>
            <Title order={4} id={titleId} td={cancelled ? 'line-through' : undefined}>
              {t('sessions.card.title', { kind, day })}
            </Title>
            <Group gap="md" wrap="wrap" style={{ rowGap: 4 }}>
              <Group gap={4} wrap="nowrap">
                <IconClock size={16} aria-hidden />
                <Text size="sm">{t('sessions.card.when', { time, length: formatDuration(session.durationMinutes / 60) })}</Text>
              </Group>
              <Group gap={4} wrap="nowrap">
                <IconMapPin size={16} aria-hidden />
                <Text size="sm">{session.placeNote ? t('sessions.card.placeWithNote', { place, note: session.placeNote }) : place}</Text>
              </Group>
            </Group>
          </Stack>
          <Group gap={6} wrap="wrap">
            {session.repeats ? (
              <Badge variant="light" color="gray" leftSection={<IconRepeat size={12} aria-hidden />} data-testid="session-repeats">
                {t('sessions.card.repeats', { freq: session.repeats.freq, interval: session.repeats.interval })}
              </Badge>
            ) : null}
            {cancelled ? (
              <Badge color="red" variant="light">
                {t('sessions.card.cancelled')}
              </Badge>
            ) : null}
          </Group>
        </Group>
        {cancelled ? (
          <Text size="sm" c="red.9" data-testid="session-cancel-reason">
            {t('sessions.card.cancelReason', { reason: session.cancelReason ?? '' })}
          </Text>
        ) : null}
        {!cancelled && canRespond && session.myResponse !== null ? (
          <ResponseButtons childId={childId} session={session} label={t('sessions.respond.group', { kind, day })} />
        ) : null}
        {!cancelled && !canRespond && session.myResponse !== null && session.myResponse !== 'pending' ? (
          <Text size="sm" fw={600}>
            {t(`sessions.respond.${past ? 'answeredPast' : 'answered'}${session.myResponse === 'yes' ? 'Yes' : 'No'}`)}
          </Text>
        ) : null}
        {!cancelled && (session.invitees.length > 0 || session.familyInvited) ? <InviteeList session={session} names={names} family={family} past={past} /> : null}
        {!cancelled && isMeeting(session.kind) ? <MeetingLink childId={childId} session={session} /> : null}
        {!past ? <VideoJoinButton session={session} /> : null}
        {actions}
      </Stack>
    </Card>
  );
}

/** Who is invited and what each answered (the therapist's view; a family member sees only their own). */
function InviteeList({ session, names, family, past }: { session: Session; names: Map<string, string>; family: readonly string[]; past: boolean }) {
  const { t } = useTranslation();
  // Everyone invited by name, then each family member the family invitation reaches who has not answered yet.
  const answered = new Set(session.invitees.map((i) => i.userId));
  const everyone = [
    ...session.invitees,
    ...(session.familyInvited ? family.filter((id) => !answered.has(id)).map((userId) => ({ userId, response: 'pending' as const })) : []),
  ];
  const named = everyone.filter((i) => names.has(i.userId));
  if (named.length === 0 && !session.familyInvited) return null;
  return (
    <Stack gap={4}>
      {session.familyInvited ? (
        <Text size="sm" c="dimmed">
          {t('sessions.card.familyInvited')}
        </Text>
      ) : null}
      {named.length > 0 ? (
        <ul className="session-invitees" aria-label={t('sessions.card.invitees')}>
          {named.map((i) => (
            <li key={i.userId}>
              <Text size="sm">{t('sessions.card.invitee', { name: names.get(i.userId) ?? '', answer: t(`sessions.${past ? 'answerPast' : 'answer'}.${i.response}`) })}</Text>
            </li>
          ))}
        </ul>
      ) : null}
    </Stack>
  );
}
