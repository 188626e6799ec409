import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { goalHistoryQuery } from '../../api/queries.ts';
import type { Goal } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { changeValue, eventLabel, fieldLabel, roleName } from './plan-text.ts';

/** Every change to a goal, newest first: who, when, what changed from what to what, and what they said. */
export function GoalHistoryList({ goal }: { goal: Goal }) {
  const { t } = useTranslation();
  const history = useQuery(goalHistoryQuery(goal.childId, goal.id));
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorAlert error={history.error} />;
  const events = [...history.data.events].reverse();
  return (
    <Stack gap="md">
      <blockquote className="plan-quote" dir="auto">{goal.statement}</blockquote>
      <ol className="plan-history">
        {events.map((event) => (
          <li key={event.id}>
            <Text fw={650}>{eventLabel(event, t)}</Text>
            <Text size="sm" c="dimmed">
              {t('plan.history.byline', {
                name: event.by.name || t('plan.history.someone'),
                role: roleName(event.by.role, t),
                when: formatDateTime(event.at),
              })}
            </Text>
            {Object.keys(event.changes).length > 0 ? (
              <ul className="plan-changes">
                {Object.entries(event.changes).map(([field, change]) => (
                  <li key={field}>
                    <Text size="sm" span fw={600}>
                      {fieldLabel(field, t)}:
                    </Text>{' '}
                    <Text size="sm" span style={{ overflowWrap: 'anywhere' }}>
                      {t('plan.history.fromTo', {
                        before: changeValue(field, change.before, goal.measure, t),
                        after: changeValue(field, change.after, goal.measure, t),
                      })}
                    </Text>
                  </li>
                ))}
              </ul>
            ) : null}
            {event.comment ? (
              <blockquote className="plan-quote" style={{ marginBlockStart: 6 }}>
                {event.comment}
              </blockquote>
            ) : null}
          </li>
        ))}
      </ol>
    </Stack>
  );
}
