import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCalendarEvent, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { EventWhen } from '../features/events/event-when.tsx';
import { eventsQuery, type FamilyEvent } from '../features/events/events.api.ts';
import '../features/events/events.css';

/** Upcoming family events: the ones the reader's family is invited to, and the ones they organise. */
export function EventsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useQuery(eventsQuery);
  const publish = query.data?.canPublish ? (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => void navigate({ to: '/events/new' })}>
      {t('events.publish')}
    </Button>
  ) : null;
  return (
    <Page title={t('events.title')} description={query.data?.canPublish ? t('events.leadStaff') : t('events.lead')} actions={publish}>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data && query.data.events.length === 0 ? (
        <EmptyState icon={<IconCalendarEvent size={28} aria-hidden />} title={t('events.emptyTitle')} description={query.data.canPublish ? t('events.emptyStaff') : t('events.emptyBody')} />
      ) : null}
      {query.data && query.data.events.length > 0 ? (
        <Stack gap="sm" component="ul" className="plain-list" aria-label={t('events.title')}>
          {query.data.events.map((e) => (
            <li key={e.id}>
              <EventRow event={e} />
            </li>
          ))}
        </Stack>
      ) : null}
    </Page>
  );
}

function EventRow({ event: e }: { event: FamilyEvent }) {
  const { t } = useTranslation();
  const cancelled = e.status === 'cancelled';
  return (
    <Paper withBorder radius="lg" p="md" data-testid="event-row">
      <Stack gap="xs">
        <Group justify="space-between" gap="sm" wrap="wrap" align="flex-start">
          <Stack gap={2} style={{ flex: '1 1 220px', minWidth: 0 }}>
            <Text size="sm" c="dimmed">{t(`events.kind.${e.kind}`)}</Text>
            <Link to="/events/$eventId" params={{ eventId: e.id }} className="text-link" style={{ fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' }}>
              {e.title}
            </Link>
          </Stack>
          {cancelled ? (
            <Badge color="red" variant="light">{t('events.cancelled')}</Badge>
          ) : e.myRsvp ? (
            <Badge color={e.myRsvp.answer === 'no' ? 'gray' : 'care'} variant="light">{t(`events.yourAnswer.${e.myRsvp.answer}`)}</Badge>
          ) : e.canRsvp ? (
            <Badge color="blue" variant="light">{t('events.notAnswered')}</Badge>
          ) : null}
        </Group>
        <EventWhen event={e} />
        {e.counts ? (
          <Text size="sm" fw={500}>
            {t('events.countsLine', { yes: e.counts.yes, maybe: e.counts.maybe, no: e.counts.no, seats: e.counts.adults + e.counts.children })}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
