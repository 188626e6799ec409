import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/page.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { rsvpsQuery } from '../features/events/events.api.ts';
import { interpreterLanguageName } from '../features/events/rsvp-form.tsx';
import '../features/events/events.css';
import { formatDuration, formatNumber, formatWallClock, listFormat } from '../lib/format.ts';

/** The organiser's printable list: the event's title and date, then who answered, for the door on the day. */
export function EventPrintPage() {
  const { t } = useTranslation();
  const { eventId } = useParams({ from: '/signed-in/events/$eventId/print' });
  const query = useQuery(rsvpsQuery(eventId));
  if (query.isPending) return <Loading />;
  if (!query.data) return <ErrorAlert error={query.error} />;
  const { event: e, rsvps } = query.data;
  const { day, time } = formatWallClock(e.localStart);
  const c = e.counts;
  const coming = rsvps.filter((r) => r.answer !== 'no');
  return (
    <Stack gap="md" className="event-print">
      <DocumentTitle title={t('events.print.documentTitle', { title: e.title })} />
      <Group justify="space-between" className="no-print">
        <Anchor renderRoot={(props) => <Link {...props} to="/events/$eventId" params={{ eventId: e.id }} />} fw={600}>
          <IconArrowLeft size={16} aria-hidden className="flip-rtl" style={{ verticalAlign: 'middle', marginInlineEnd: 4 }} />
          {t('events.print.back')}
        </Anchor>
        <Button leftSection={<IconPrinter size={18} aria-hidden />} onClick={() => window.print()}>
          {t('events.print.print')}
        </Button>
      </Group>
      <Stack gap={2}>
        <Title order={1}>{e.title}</Title>
        <Text fw={500}>{t('events.when', { day, time, length: formatDuration(e.durationMinutes / 60) })}</Text>
        {e.placeNote ? <Text>{e.placeNote}</Text> : null}
        {c ? (
          <Text>
            {t('events.print.summary', { yes: c.yes, maybe: c.maybe, no: c.no, adults: c.adults, children: c.children })}
            {c.interpreters.length > 0
              ? ` ${t('events.print.interpreters', { list: listFormat(c.interpreters.map((i) => `${interpreterLanguageName(i.language, t)} (${formatNumber(i.requests)})`)) })}`
              : ''}
          </Text>
        ) : null}
      </Stack>
      {coming.length === 0 ? (
        <Text c="dimmed">{t('events.print.empty')}</Text>
      ) : (
        // Scrolls sideways on a phone: reachable by keyboard, named for a screen reader.
        <div className="event-print-scroll" role="region" aria-label={t('events.print.caption')} tabIndex={0}>
          <table className="event-print-table" data-testid="event-print-list">
            <caption className="visually-hidden">{t('events.print.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('events.print.name')}</th>
                <th scope="col">{t('events.print.family')}</th>
                <th scope="col">{t('events.print.answer')}</th>
                <th scope="col">{t('events.organiser.adults')}</th>
                <th scope="col">{t('events.organiser.children')}</th>
                {e.askInterpreter ? <th scope="col">{t('events.print.interpreter')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {coming.map((r) => (
                <tr key={`${r.name}-${r.updatedAt}`}>
                  <td>{r.name}</td>
                  <td>{listFormat(r.children)}</td>
                  <td>{t(`events.answer.${r.answer}`)}</td>
                  <td>{formatNumber(r.adults)}</td>
                  <td>{formatNumber(r.childrenCount)}</td>
                  {e.askInterpreter ? <td>{r.interpreterLanguage ? interpreterLanguageName(r.interpreterLanguage, t) : '—'}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Stack>
  );
}
