import { Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { childrenQuery } from '../api/queries.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { EventsCard } from '../features/events/upcoming-events.tsx';
import { DayView, WeekView } from '../features/sessions/calendar-views.tsx';
import { datesOf, isIsoDate, mySessionsQuery, readerZone, shiftDate, todayIn, type CalendarView } from '../features/sessions/my-sessions.api.ts';
import { currentLocale } from '../i18n.ts';
import { formatWeekdayDate } from '../lib/format.ts';
import { useMe } from './authed-layout.tsx';

/** "2–8 November 2026", "2 de noviembre – 8 de noviembre de 2026" as the reader's language writes a range. */
function formatWeek(first: string, last: string): string {
  const f = new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return f.formatRange(new Date(`${first}T12:00:00Z`), new Date(`${last}T12:00:00Z`));
}

/**
 * The signed-in person's sessions across their children, a week or a day at a time, on their own
 * clock; previous, today and next move through the weeks or days, and each session opens its
 * child's Sessions tab.
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: '/signed-in/calendar' });
  const navigate = useNavigate({ from: '/calendar' });
  const today = todayIn(readerZone(me));
  const view: CalendarView = search.view ?? 'week';
  const date = isIsoDate(search.date) ? search.date : today;
  const dates = datesOf(view, date);
  const first = dates[0] ?? date;
  const last = dates.at(-1) ?? date;
  const query = useQuery(mySessionsQuery(dates));
  const children = useQuery(childrenQuery);
  const names = new Map((children.data?.children ?? []).map((c) => [c.id, c.firstName]));
  const nameOf = (id: string) => names.get(id) ?? '';
  const step = view === 'week' ? 7 : 1;
  const go = (next: { view?: CalendarView; date?: string }) => void navigate({ search: { view: next.view ?? view, date: next.date ?? date } });
  const showsToday = today >= first && today <= last;
  const heading = view === 'week' ? formatWeek(first, last) : formatWeekdayDate(date);

  return (
    <Page title={t('calendarViews.title')} description={t('calendarViews.lead')}>
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Group gap="xs" wrap="nowrap" role="group" aria-label={t('calendarViews.navigate')} className="calendar-nav">
            <Button
              variant="default"
              onClick={() => go({ date: shiftDate(date, -step) })}
              aria-label={t(view === 'week' ? 'calendarViews.previousWeek' : 'calendarViews.previousDay')}
              leftSection={<IconChevronLeft size={18} aria-hidden className="flip-rtl" />}
            >
              {t('calendarViews.previous')}
            </Button>
            <Button variant="default" onClick={() => go({ date: today })} disabled={showsToday}>
              {t('calendarViews.today')}
            </Button>
            <Button
              variant="default"
              onClick={() => go({ date: shiftDate(date, step) })}
              aria-label={t(view === 'week' ? 'calendarViews.nextWeek' : 'calendarViews.nextDay')}
              rightSection={<IconChevronRight size={18} aria-hidden className="flip-rtl" />}
            >
              {t('calendarViews.next')}
            </Button>
          </Group>
          <SegmentedControl
            value={view}
            onChange={(v) => go({ view: v === 'day' ? 'day' : 'week' })}
            aria-label={t('calendarViews.view')}
            data={[
              { value: 'week', label: t('calendarViews.week') },
              { value: 'day', label: t('calendarViews.day') },
            ]}
          />
        </Group>
        <Text fw={700} size="lg" aria-live="polite" data-testid="calendar-range">
          {heading}
        </Text>
        {query.isPending ? <Loading /> : null}
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {query.data ? (
          view === 'week' ? (
            <WeekView dates={dates} sessions={query.data} today={today} nameOf={nameOf} dayLink={(d) => ({ to: '/calendar', search: { view: 'day', date: d } })} />
          ) : (
            <DayView date={date} sessions={query.data} nameOf={nameOf} />
          )
        ) : null}
        <EventsCard id="calendar-events" title={t('events.title')} text={t(me.clinics.length > 0 ? 'events.leadStaff' : 'events.lead')} link={t('events.back')} />
      </Stack>
    </Page>
  );
}
