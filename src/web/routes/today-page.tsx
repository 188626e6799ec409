import { useQuery } from '@tanstack/react-query';
import { IconMoodHappy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.tsx';
import { Page } from '../components/page.tsx';
import { ReadAloudButton } from '../features/accessibility/read-aloud-button.tsx';
import { OpenCheckins } from '../features/checkins/open-checkins.tsx';
import { UpcomingEvents } from '../features/events/upcoming-events.tsx';
import { DueRatings } from '../features/reviews/goal-ratings.tsx';
import { TodayStrategiesList } from '../features/strategies/today-strategies.tsx';
import { TodayList } from '../features/practice/today-list.tsx';
import { UpcomingSessions } from '../features/sessions/upcoming-sessions.tsx';
import { todayQuery } from '../features/practice/practice.api.ts';
import { currentLocale } from '../i18n.ts';

/** The family's Today: what to practise with each child today, logged in a tap. */
export function TodayPage() {
  const { t } = useTranslation();
  const query = useQuery(todayQuery);
  const day = new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date());
  // Spanish writes weekdays in lower case; the sentence still starts with a capital.
  const date = day.charAt(0).toLocaleUpperCase(currentLocale()) + day.slice(1);
  return (
    <Page title={t('today.title')} description={t('today.lead', { date })} actions={<ReadAloudButton />}>
      <UpcomingSessions />
      <DueRatings />
      <OpenCheckins />
      <TodayList />
      <TodayStrategiesList />
      <UpcomingEvents />
      {query.data && query.data.children.length === 0 ? (
        <EmptyState icon={<IconMoodHappy size={28} aria-hidden />} title={t('today.noChildrenTitle')} description={t('today.noChildrenBody')} />
      ) : null}
    </Page>
  );
}
