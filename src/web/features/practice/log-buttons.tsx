import { Button, Group, Paper, SimpleGrid, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconCircleHalf2, IconCloudUpload, IconMinus, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDate } from '../../lib/format.ts';
import { lazyLater } from '../../lib/lazy-later.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import { useMe } from '../../routes/authed-layout.tsx';
import { logPractice, refreshPractice, shiftDate, usePendingLogs, type DayState, type PracticeItem, type PracticeOutcome } from './practice.api.ts';

// How it went (faces, minutes, a note) shows only after a tap: its fields load then, or once the page is idle.
const LogDetails = lazyLater(() => import('./log-details.tsx').then((m) => m.LogDetails));

const OUTCOMES: { outcome: PracticeOutcome; icon: ReactNode }[] = [
  { outcome: 'done', icon: <IconCheck size={20} stroke={3} aria-hidden /> },
  { outcome: 'partial', icon: <IconCircleHalf2 size={20} aria-hidden /> },
  { outcome: 'skipped', icon: <IconMinus size={20} aria-hidden /> },
];

const isLogged = (state: DayState | PracticeOutcome | undefined): state is PracticeOutcome => state === 'done' || state === 'partial' || state === 'skipped';

/** "Logged today: done, by Laura (guardian)." — what the day's latest log says, and whose it was when not the reader's. */
export function loggedSentence(t: TFunction, day: string, state: PracticeOutcome, by: PracticeItem['week'][number]['by'], meId: string): string {
  const outcome = t(`practice.state.${state}`);
  if (!by || by.id === meId) return t('practice.log.already', { day, outcome });
  return t('practiceLog.alreadyBy', { day, outcome, name: by.role ? t('practiceLog.nameRole', { name: by.name, role: teamRoleLabel(by.role, t) }) : by.name });
}

/** For a team member who does not log the family's home practice (the therapist): today's log, read only. */
export function TodayLogStatus({ item, today }: { item: PracticeItem; today: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const day = item.week.find((d) => d.date === today);
  return (
    <Text size="sm" fw={600} data-testid="today-log-status">
      {day && isLogged(day.state) ? loggedSentence(t, t('practice.log.forToday'), day.state, day.by, me.user.id) : t('practiceLog.notYet')}
    </Text>
  );
}

interface Logged {
  outcome: PracticeOutcome;
  date: string;
  queued: boolean;
}

/**
 * Logging in seconds: one tap on "Done" logs today's practice. Afterwards an optional line asks how
 * it went (faces, minutes, a note) — ignoring it is fine. "Partly" and "Not today" work the same
 * way; "Yesterday" moves the log one day back. Without signal the log waits on the phone.
 * `title` is the item's title as the reader reads it (translated where it is).
 */
export function LogButtons({ childId, item, title, today }: { childId: string; item: PracticeItem; title: string; today: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const pendingLogs = usePendingLogs(childId, item.id);
  const yesterday = shiftDate(today, -1);
  const yesterdayAllowed = item.startDate <= yesterday;
  const [useYesterday, setUseYesterday] = useState(false);
  const date = useYesterday && yesterdayAllowed ? yesterday : today;
  const [busy, setBusy] = useState<PracticeOutcome | 'details' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [logged, setLogged] = useState<Logged | null>(null);
  const [face, setFace] = useState<number | null>(null);
  const [minutes, setMinutes] = useState<string | number>('');
  const [note, setNote] = useState('');
  const [detailsSaved, setDetailsSaved] = useState(false);

  const outcomeWord = (o: PracticeOutcome) => t(`practice.state.${o}`);
  const dayWord = (d: string) => (d === today ? t('practice.log.forToday') : d === yesterday ? t('practice.log.forYesterday') : formatDate(d));
  const label = (o: PracticeOutcome, d: string) => t('practice.log.outboxLabel', { title, outcome: outcomeWord(o), day: formatDate(d) });

  async function send(outcome: PracticeOutcome, extra: { howItWent: number | null; minutes: number | null; note: string } | null) {
    setError(null);
    setBusy(extra ? 'details' : outcome);
    const target = extra && logged ? logged.date : date;
    try {
      const res = await logPractice(childId, item.id, { date: target, outcome, ...(extra ?? {}) }, label(outcome, target));
      if (extra) setDetailsSaved(true);
      else {
        setLogged({ outcome, date: target, queued: res.queued });
        setFace(null);
        setMinutes('');
        setNote('');
        setDetailsSaved(false);
      }
      if (!res.queued) await refreshPractice(queryClient);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const pendingState = pendingLogs.get(date);
  const day = item.week.find((d) => d.date === date);
  const dayState = pendingState ?? day?.state;
  // A log waiting on this phone is the reader's own.
  const by = pendingState ? null : (day?.by ?? null);
  const alreadyLogged = isLogged(dayState);

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" fw={600} aria-live="polite">
          {alreadyLogged ? loggedSentence(t, dayWord(date), dayState, by, me.user.id) : t('practice.log.question', { day: dayWord(date) })}
        </Text>
        {yesterdayAllowed ? (
          <Switch
            size="md"
            className="yesterday-switch"
            label={t('practice.log.yesterday')}
            checked={useYesterday}
            onChange={(e) => setUseYesterday(e.currentTarget.checked)}
          />
        ) : null}
      </Group>
      <SimpleGrid cols={3} spacing="xs" role="group" aria-label={t('practice.log.group', { title })}>
        {OUTCOMES.map((o) => {
          // Only the day's logged outcome looks chosen; before any log, none does.
          const chosen = alreadyLogged && dayState === o.outcome;
          return (
            <Button
              key={o.outcome}
              variant={chosen ? 'filled' : 'default'}
              color={o.outcome === 'skipped' ? 'gray' : 'care'}
              className="log-button"
              data-chosen={chosen}
              aria-pressed={chosen}
              leftSection={o.icon}
              loading={busy === o.outcome}
              disabled={busy !== null && busy !== o.outcome}
              onClick={() => void send(o.outcome, null)}
            >
              {t(`practice.log.${o.outcome}`)}
            </Button>
          );
        })}
      </SimpleGrid>
      <ErrorAlert error={error} />
      {logged ? (
        <Paper withBorder radius="md" p="sm" className="log-followup" data-testid="log-followup">
          <Stack gap="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600} role="status">
                {logged.queued ? (
                  <Group gap={6} component="span" wrap="nowrap">
                    <IconCloudUpload size={18} aria-hidden />
                    {t('practice.log.queued', { outcome: outcomeWord(logged.outcome), day: dayWord(logged.date) })}
                  </Group>
                ) : (
                  t('practice.log.saved', { outcome: outcomeWord(logged.outcome), day: dayWord(logged.date) })
                )}
              </Text>
              <UnstyledButton className="followup-close" aria-label={t('practice.log.closeFollowup')} onClick={() => setLogged(null)}>
                <IconX size={18} aria-hidden />
              </UnstyledButton>
            </Group>
            {detailsSaved ? (
              <Text size="sm" c="dimmed">
                {t('practice.log.detailsSaved')}
              </Text>
            ) : (
              <Suspense fallback={null}>
                <LogDetails
                  face={face}
                  onFace={setFace}
                  minutes={minutes}
                  onMinutes={setMinutes}
                  note={note}
                  onNote={setNote}
                  busy={busy === 'details'}
                  onSend={() => void send(logged.outcome, { howItWent: face, minutes: typeof minutes === 'number' ? minutes : null, note: note.trim() })}
                />
              </Suspense>
            )}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
