import { Badge, Stack, Text, Title } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatWallClock, formatWeekdayDate } from '../../lib/format.ts';
import './calendar.css';
import { localEnd } from './my-sessions.api.ts';
import type { Session } from './sessions.api.ts';

/** One session in a calendar: its time on the reader's clock, what, with which child, where; a link to the child's Sessions tab. */
export function CalendarSession({ session, childName, showDay = false }: { session: Session; childName: string; showDay?: boolean }) {
  const { t } = useTranslation();
  const cancelled = session.status === 'cancelled';
  const { time } = formatWallClock(session.localStart);
  const end = formatWallClock(`${session.localStart.slice(0, 10)}T${localEnd(session)}`).time;
  const place = t(`sessions.place.${session.place}`);
  return (
    <Link
      to="/children/$childId/sessions"
      params={{ childId: session.childId }}
      className="calendar-session"
      data-status={session.status}
      data-testid="calendar-session"
    >
      <Text component="span" fw={700} size="sm" className="calendar-session-time">
        {showDay ? t('calendarViews.dayAndTime', { day: formatWeekdayDate(session.localStart.slice(0, 10)), time }) : t('calendarViews.timeRange', { start: time, end })}
      </Text>
      <Text component="span" fw={600} className="calendar-session-what" td={cancelled ? 'line-through' : undefined}>
        {t('calendarViews.kindWithChild', { kind: t(`sessions.kind.${session.kind}`), name: childName })}
      </Text>
      <Text component="span" size="sm" c="dimmed" className="calendar-session-place">
        <IconMapPin size={14} aria-hidden />
        {session.placeNote ? t('sessions.card.placeWithNote', { place, note: session.placeNote }) : place}
      </Text>
      {cancelled ? (
        <Badge color="red" variant="light" size="sm">
          {t('sessions.card.cancelled')}
        </Badge>
      ) : null}
    </Link>
  );
}

type NameOf = (childId: string) => string;

function SessionList({ sessions, nameOf }: { sessions: Session[]; nameOf: NameOf }) {
  return (
    <ul className="calendar-list">
      {sessions.map((s) => (
        <li key={s.id}>
          <CalendarSession session={s} childName={nameOf(s.childId)} />
        </li>
      ))}
    </ul>
  );
}

const onDate = (sessions: readonly Session[], date: string) => sessions.filter((s) => s.localStart.slice(0, 10) === date);

/**
 * Seven days side by side (a list by day on a phone), each day's sessions in order of time. A
 * day's heading opens that day's view.
 */
export function WeekView({ dates, sessions, today, nameOf, dayLink }: {
  dates: readonly string[];
  sessions: readonly Session[];
  today: string;
  nameOf: NameOf;
  dayLink: (date: string) => { to: '/calendar'; search: { view: 'day'; date: string } };
}) {
  const { t } = useTranslation();
  return (
    <div className="calendar-week" data-empty={sessions.length === 0 || undefined}>
      {dates.map((date) => {
        const mine = onDate(sessions, date);
        const headingId = `calendar-day-${date}`;
        return (
          <section key={date} className="calendar-day" aria-labelledby={headingId} data-empty={mine.length === 0 || undefined} data-today={date === today || undefined}>
            <Title order={2} id={headingId} className="calendar-day-title">
              <Link {...dayLink(date)} className="calendar-day-link" aria-current={date === today ? 'date' : undefined}>
                {formatWeekdayDate(date)}
              </Link>
            </Title>
            {mine.length > 0 ? <SessionList sessions={mine} nameOf={nameOf} /> : (
              <Text size="sm" c="dimmed" className="calendar-day-none">
                {t('calendarViews.noneThatDay')}
              </Text>
            )}
          </section>
        );
      })}
      {sessions.length === 0 ? (
        <Text c="dimmed" className="calendar-week-none">
          {t('calendarViews.noneThisWeek')}
        </Text>
      ) : null}
    </div>
  );
}

/** One day's sessions in order of time. */
export function DayView({ date, sessions, nameOf }: { date: string; sessions: readonly Session[]; nameOf: NameOf }) {
  const { t } = useTranslation();
  const mine = onDate(sessions, date);
  return (
    <Stack gap="sm" component="section" aria-labelledby="calendar-day-title" className="calendar-day-view">
      <Title order={2} id="calendar-day-title" className="visually-hidden">
        {formatWeekdayDate(date)}
      </Title>
      {mine.length > 0 ? <SessionList sessions={mine} nameOf={nameOf} /> : <Text c="dimmed">{t('calendarViews.noneThatDayLong')}</Text>}
    </Stack>
  );
}
