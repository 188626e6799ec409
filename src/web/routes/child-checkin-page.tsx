import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/page.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { CheckinAnswer } from '../features/checkins/checkin-answer.tsx';
import { answerPageQuery, inLocale, useRefreshCheckinsOnSent } from '../features/checkins/checkins.api.ts';
import { childName, useChild } from './child-page.tsx';

/** One check-in to answer, on the child's page (opened from Today or a notification). */
export function ChildCheckinPage() {
  const { t } = useTranslation();
  const child = useChild();
  const { assignmentId, occurrence } = useParams({ from: '/signed-in/children/$childId/checkins/$assignmentId/$occurrence' });
  const query = useQuery({ ...answerPageQuery(child.id, assignmentId, occurrence), staleTime: Infinity });
  useRefreshCheckinsOnSent();
  return (
    <>
      <DocumentTitle title={`${query.data ? inLocale(query.data.form.definition.title) : t('checkins.answer.title')} · ${childName(child)}`} />
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data ? <CheckinAnswer page={query.data} childName={child.firstName} /> : null}
    </>
  );
}
