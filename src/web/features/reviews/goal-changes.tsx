import { Paper, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber, listFormat } from '../../lib/format.ts';
import type { GoalEvent, ReviewGoalChange } from './reviews.api.ts';

// Goal history said in plain words: "target 3 → 4", "agreed by Diego", "status paused → agreed".

const FIELD_KEYS = {
  area: 'review.field.area',
  statement: 'review.field.statement',
  measure: 'review.field.measure',
  unit: 'review.field.unit',
  baseline: 'review.field.baseline',
  target: 'review.field.target',
  lowerIsBetter: 'review.field.lowerIsBetter',
  targetDate: 'review.field.targetDate',
  settings: 'review.field.settings',
  priority: 'review.field.priority',
  whyItMatters: 'review.field.whyItMatters',
  status: 'review.field.status',
} as const;

const STATUS_KEYS = {
  suggested: 'review.status.suggested', proposed: 'review.status.proposed', changes_requested: 'review.status.changes_requested',
  agreed: 'review.status.agreed', paused: 'review.status.paused', met: 'review.status.met', discontinued: 'review.status.discontinued',
} as const;
const AREA_KEYS = {
  communication: 'review.area.communication', motor: 'review.area.motor', social: 'review.area.social',
  emotional_regulation: 'review.area.emotional_regulation', behaviour: 'review.area.behaviour', daily_living: 'review.area.daily_living',
  feeding: 'review.area.feeding', sleep: 'review.area.sleep', other: 'review.area.other',
} as const;
const MEASURE_KEYS = {
  count: 'review.measure.count', percent: 'review.measure.percent', rating: 'review.measure.rating',
  duration: 'review.measure.duration', yes_no: 'review.measure.yes_no',
} as const;
const SETTING_KEYS = { therapy: 'review.setting.therapy', home: 'review.setting.home', school: 'review.setting.school' } as const;

function lookup<T extends Record<string, string>>(map: T, key: string): T[keyof T] | undefined {
  return Object.hasOwn(map, key) ? map[key as keyof T] : undefined;
}

function valueKey(field: string, value: string) {
  switch (field) {
    case 'status':
      return lookup(STATUS_KEYS, value);
    case 'area':
      return lookup(AREA_KEYS, value);
    case 'measure':
      return lookup(MEASURE_KEYS, value);
    case 'settings':
      return lookup(SETTING_KEYS, value);
    default:
      return undefined;
  }
}

function valueText(field: string, value: unknown, t: TFunction): string {
  if (value === null || value === undefined || value === '') return t('review.none');
  if (typeof value === 'boolean') return value ? t('review.yes') : t('review.no');
  if (Array.isArray(value)) return listFormat(value.map((v) => valueText(field, v, t)));
  if (typeof value === 'number') return formatNumber(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const key = valueKey(field, text);
  if (key) return t(key);
  if (field === 'targetDate') return formatDate(text);
  return `“${text}”`;
}

/** One history event: a headline ("agreed by Diego") and the changes it made. */
export function describeEvent(e: GoalEvent, t: TFunction): { headline: string; details: string[] } {
  const name = e.by.name;
  const headline = {
    created: t('review.event.created', { name }),
    suggested: t('review.event.suggested', { name }),
    agreed: t('review.event.agreed', { name, version: e.version }),
    change_requested: t('review.event.change_requested', { name }),
    revised: t('review.event.revised', { name }),
    status_changed: t('review.event.status_changed', { name }),
    priority_changed: t('review.event.priority_changed', { name }),
  }[e.kind];
  // An agreement or a request for change says so in its headline; its status change would repeat it.
  const skipStatus = e.kind === 'agreed' || e.kind === 'change_requested';
  const details = Object.entries(e.changes)
    .filter(([field]) => !(skipStatus && field === 'status'))
    .map(([field, { before, after }]) =>
      t('review.change', {
        field: ((k) => (k ? t(k) : field))(lookup(FIELD_KEYS, field)),
        before: valueText(field, before, t),
        after: valueText(field, after, t),
      }),
    );
  if (e.comment.trim()) details.push(t('review.comment', { comment: e.comment.trim() }));
  return { headline, details };
}

/** The goals that changed in a review's period, each with its changes in readable words. */
export function GoalChanges({ changes, headingOrder }: { changes: ReviewGoalChange[]; headingOrder: 4 | 5 }) {
  const { t } = useTranslation();
  const Heading = headingOrder === 4 ? 'h4' : 'h5';
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {changes.map((goal) => (
        <Paper key={goal.goalId} component="li" withBorder radius="md" p="sm" data-testid="goal-changed">
          <Stack gap={6}>
            <Text component={Heading} fw={650} m={0} style={{ overflowWrap: 'anywhere' }}>
              {goal.statement}{' '}
              <Text span size="sm" c="dimmed" fw={400}>
                {t('review.version', { version: goal.version })}
              </Text>
            </Text>
            <Stack gap={6} component="ol" m={0} ps="md">
              {goal.events.map((e) => {
                const { headline, details } = describeEvent(e, t);
                return (
                  <li key={e.id}>
                    <Text size="sm">
                      <Text span fw={600} inherit>
                        {headline}
                      </Text>{' '}
                      <Text span c="dimmed" inherit>
                        · {formatDateTime(e.at)}
                      </Text>
                    </Text>
                    {details.length > 0 ? (
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {details.join(' · ')}
                      </Text>
                    ) : null}
                  </li>
                );
              })}
            </Stack>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
