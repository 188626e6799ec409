import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCalendarPlus, IconEdit, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { EventCancel } from '../features/events/event-cancel.tsx';
import { EventWhen } from '../features/events/event-when.tsx';
import { eventQuery, icsHref, type FamilyEvent } from '../features/events/events.api.ts';
import { interpreterLanguageName, RsvpForm } from '../features/events/rsvp-form.tsx';
import '../features/events/events.css';
import { VideoJoin } from '../features/video/video-join.tsx';
import { formatNumber, formatWallClock } from '../lib/format.ts';

/** One family event: what, when on the reader's clock, where; the family's answer; the organiser's counts. */
export function EventPage() {
  const { t } = useTranslation();
  const { eventId } = useParams({ from: '/signed-in/events/$eventId' });
  const query = useQuery(eventQuery(eventId));
  const back = (
    <Anchor component={Link} to="/events" fw={600}>
      <IconArrowLeft size={16} aria-hidden className="flip-rtl" style={{ verticalAlign: 'middle', marginInlineEnd: 4 }} />
      {t('events.back')}
    </Anchor>
  );
  if (query.isPending) return <Loading />;
  if (!query.data) return <Stack>{back}<ErrorAlert error={query.error} /></Stack>;
  const e = query.data;
  const cancelled = e.status === 'cancelled';
  return (
    <Page title={e.title} description={t('events.byLine', { kind: t(`events.kind.${e.kind}`), clinic: e.clinic, organiser: e.organiser })}>
      {back}
      {cancelled ? (
        <Alert color="red" variant="light" title={t('events.cancelledTitle')} role="status">
          {t('events.cancelledReason', { reason: e.cancelReason ?? '' })}
        </Alert>
      ) : null}
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={760}>
        <Stack gap="md">
          <EventWhen event={e} />
          {e.place === 'video' && !cancelled ? <EventVideo event={e} /> : null}
          {e.seatsLeft !== null && !cancelled ? (
            <Text size="sm" fw={500}>{t('events.seatsLeft', { count: e.seatsLeft })}</Text>
          ) : null}
          {/* Sanitised on the server: text formatting, lists, headings and links only. */}
          <div className="newsletter-body" dangerouslySetInnerHTML={{ __html: e.html }} />
          <Group>
            <Button component="a" href={icsHref(e.id)} download="event.ics" variant="default" leftSection={<IconCalendarPlus size={18} aria-hidden />}>
              {t('events.addToCalendar')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {e.canRsvp ? <RsvpForm event={e} /> : null}
      {!e.canRsvp && e.myRsvp ? <Text>{t('events.yourAnswerWas', { answer: t(`events.answer.${e.myRsvp.answer}`) })}</Text> : null}
      {e.canManage ? <Organiser event={e} /> : null}
    </Page>
  );
}

/** "Join" on an event held by video, for everyone it is for; its organisers host and seat interpreters. */
function EventVideo({ event: e }: { event: FamilyEvent }) {
  const { t } = useTranslation();
  const { day } = formatWallClock(e.localStart);
  const requested = e.askInterpreter ? (e.counts?.interpreters ?? []).map((i) => ({ code: i.language, name: interpreterLanguageName(i.language, t) })) : [];
  return (
    <VideoJoin
      room={{
        roomId: e.id, kind: 'event', startsAt: e.startsAt, durationMinutes: e.durationMinutes, host: e.canManage, requested,
        label: t('video.joinEvent', { title: e.title, day }),
      }}
    />
  );
}

/** The organiser's side: the counts, the interpreters to book, and the actions. */
function Organiser({ event: e }: { event: FamilyEvent }) {
  const { t } = useTranslation();
  const c = e.counts;
  if (!c) return null;
  const cancelled = e.status === 'cancelled';
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="organiser-title" maw={760}>
      <Stack gap="md">
        <Group justify="space-between" gap="sm">
          <Title order={2} size="h3" id="organiser-title">{t('events.organiser.title')}</Title>
          {cancelled ? <Badge color="red" variant="light">{t('events.cancelled')}</Badge> : null}
        </Group>
        <dl className="event-counts" data-testid="event-counts">
          <div><dt>{t('events.answer.yes')}</dt><dd>{formatNumber(c.yes)}</dd></div>
          <div><dt>{t('events.answer.maybe')}</dt><dd>{formatNumber(c.maybe)}</dd></div>
          <div><dt>{t('events.answer.no')}</dt><dd>{formatNumber(c.no)}</dd></div>
          <div><dt>{t('events.organiser.adults')}</dt><dd>{formatNumber(c.adults)}</dd></div>
          <div><dt>{t('events.organiser.children')}</dt><dd>{formatNumber(c.children)}</dd></div>
          {c.seatsLeft !== null ? <div><dt>{t('events.organiser.seatsLeft')}</dt><dd>{formatNumber(c.seatsLeft)}</dd></div> : null}
        </dl>
        {e.askInterpreter ? (
          <Stack gap={4}>
            <Title order={3} size="h4">{t('events.organiser.interpreters')}</Title>
            {c.interpreters.length === 0 ? (
              <Text size="sm" c="dimmed">{t('events.organiser.noInterpreters')}</Text>
            ) : (
              <ul className="session-invitees" data-testid="interpreter-requests">
                {c.interpreters.map((i) => (
                  <li key={i.language}>{t('events.organiser.interpreterLine', { language: interpreterLanguageName(i.language, t), requests: i.requests, people: i.people })}</li>
                ))}
              </ul>
            )}
          </Stack>
        ) : null}
        <Group gap="sm">
          <Button renderRoot={(props) => <Link {...props} to="/events/$eventId/print" params={{ eventId: e.id }} />} variant="default" leftSection={<IconPrinter size={18} aria-hidden />}>
            {t('events.organiser.printable')}
          </Button>
          {cancelled ? null : (
            <>
              <Button renderRoot={(props) => <Link {...props} to="/events/$eventId/edit" params={{ eventId: e.id }} />} variant="default" leftSection={<IconEdit size={18} aria-hidden />}>
                {t('events.organiser.edit')}
              </Button>
              <EventCancel event={e} />
            </>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
