import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { EventForm } from '../features/events/event-form.tsx';
import { eventQuery, eventsQuery, type FamilyEvent } from '../features/events/events.api.ts';

/** Publish a family event. */
export function NewEventPage() {
  return <EventFormPage event={null} />;
}

/** Change a family event (its organisers). */
export function EditEventPage() {
  const { eventId } = useParams({ from: '/signed-in/events/$eventId/edit' });
  const query = useQuery(eventQuery(eventId));
  if (query.isPending) return <Loading />;
  if (!query.data) return <ErrorAlert error={query.error} />;
  return <EventFormPage event={query.data} />;
}

function EventFormPage({ event }: { event: FamilyEvent | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery(eventsQuery);
  if (list.isPending) return <Loading />;
  if (!list.data) return <ErrorAlert error={list.error} />;
  const done = (saved: FamilyEvent | null) => {
    const id = saved?.id ?? event?.id;
    void (id ? navigate({ to: '/events/$eventId', params: { eventId: id } }) : navigate({ to: '/events' }));
  };
  return (
    <Page title={event ? t('events.form.editPage', { title: event.title }) : t('events.publish')}>
      <EventForm event={event} clinicTimeZone={event?.clinicTimeZone ?? list.data.clinicTimeZone ?? 'UTC'} clinicWide={list.data.clinicWide} onDone={done} />
    </Page>
  );
}
