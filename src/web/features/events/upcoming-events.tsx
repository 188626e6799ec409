import { Anchor, Group, Paper, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWallClock } from '../../lib/format.ts';
import { eventsQuery } from './events.api.ts';

/** A card pointing to the family events: a heading, a line, and the link to all of them. */
export function EventsCard({ id, title, text, link }: { id: string; title: string; text: ReactNode; link: string }) {
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={id}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconCalendarEvent size={24} aria-hidden style={{ flexShrink: 0 }} />
        <div>
          <Text fw={650} id={id}>{title}</Text>
          <Text size="sm">
            {text}{' '}
            <Anchor component={Link} to="/events" underline="always">{link}</Anchor>
          </Text>
        </div>
      </Group>
    </Paper>
  );
}

/** On the family's Today: the next family event they are invited to, and the way to all of them. */
export function UpcomingEvents() {
  const { t } = useTranslation();
  const query = useQuery(eventsQuery);
  const open = (query.data?.events ?? []).filter((e) => e.canRsvp);
  const next = open[0];
  if (!next) return null;
  const { day, time } = formatWallClock(next.localStart);
  return (
    <EventsCard id="today-events" title={t('events.today.title', { count: open.length })} text={t('events.today.next', { title: next.title, day, time })} link={t('events.today.link')} />
  );
}
