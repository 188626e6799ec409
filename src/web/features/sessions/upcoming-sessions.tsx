import { Anchor, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { childrenQuery } from '../../api/queries.ts';
import { VideoJoinButton } from '../video/video-join.tsx';
import { CalendarSession } from './calendar-views.tsx';
import { upcomingSessionsQuery } from './my-sessions.api.ts';

/** How many of the coming sessions the home page lists before "see your week". */
const SHOWN = 5;

/** The signed-in person's next sessions (the coming seven days), each with its child, kind, place and time on their clock. */
export function UpcomingSessions({ headingOrder = 2 }: { headingOrder?: 2 | 3 }) {
  const { t } = useTranslation();
  const query = useQuery(upcomingSessionsQuery);
  const children = useQuery(childrenQuery);
  const sessions = query.data ?? [];
  if (sessions.length === 0) return null;
  const names = new Map((children.data?.children ?? []).map((c) => [c.id, c.firstName]));
  return (
    <Stack gap="sm" component="section" aria-labelledby="upcoming-sessions-title" data-testid="upcoming-sessions">
      <Title order={headingOrder} id="upcoming-sessions-title">
        {t('calendarViews.upcoming.title')}
      </Title>
      <ul className="calendar-list calendar-upcoming">
        {sessions.slice(0, SHOWN).map((s) => (
          <li key={s.id}>
            <CalendarSession session={s} childName={names.get(s.childId) ?? ''} showDay />
            <VideoJoinButton session={s} withInterpreters={false} />
          </li>
        ))}
      </ul>
      <Anchor component={Link} to="/calendar" fw={600} style={{ alignSelf: 'flex-start' }}>
        {sessions.length > SHOWN ? t('calendarViews.upcoming.more', { count: sessions.length - SHOWN }) : t('calendarViews.upcoming.week')}
      </Anchor>
    </Stack>
  );
}
