import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconChartLine } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatNumber } from '../../lib/format.ts';
import { GoalChart, type ChartGoal } from '../plan/goal-chart.tsx';
import { trendColor, trendSentence } from '../plan/plan-text.ts';
import { inLocale, trendQuery, type FormTrend } from './checkins.api.ts';

type Series = FormTrend['series'][number];

/** A series drawn as a goal's chart: a mean on 1–5 as a rating, a sum as a count; no target line. */
function asChart(form: FormTrend, s: Series, statement: string): ChartGoal {
  return {
    measure: form.method === 'mean' && form.scoreRange.min >= 1 && form.scoreRange.max <= 5 ? 'rating' : 'count',
    target: form.direction === 'higher_worse' ? form.scoreRange.min : form.scoreRange.max,
    baseline: null,
    statement,
    measurements: s.points.map((p) => ({
      id: p.id, goalId: form.formId, date: p.date, value: p.value, setting: s.setting, opportunities: null, note: '', recordedAt: p.date,
      recordedBy: { name: s.who, role: null },
    })),
  };
}

function SeriesCard({ form, series }: { form: FormTrend; series: Series }) {
  const { t } = useTranslation();
  const title = inLocale(form.title);
  const heading = t('checkins.trend.series', { title, who: series.who });
  const latest = series.points.at(-1);
  const lowerIsBetter = form.direction === 'higher_worse';
  return (
    <Paper component="article" withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" aria-label={heading}>
      <Stack gap="xs">
        <Title order={4} fz="lg">{heading}</Title>
        <Paper bg="gray.0" p="sm" radius="md">
          <Group gap={8} wrap="nowrap" align="flex-start" mb="xs">
            <IconChartLine size={20} aria-hidden color={`var(--mantine-color-${trendColor(series)}-8)`} style={{ flexShrink: 0 }} />
            <Text fw={650} data-testid="checkin-trend-sentence">{trendSentence({ trend: series.trend, lowerIsBetter }, t)}</Text>
          </Group>
          <GoalChart goal={asChart(form, series, heading)} showTarget={false} />
        </Paper>
        {latest && form.subscores.length > 0 ? (
          <Text size="sm" c="dimmed">
            {form.subscores.flatMap((s) => (latest.subscores[s.key] === undefined ? [] : [`${inLocale(s.label)}: ${formatNumber(latest.subscores[s.key] ?? 0, { maximumFractionDigits: 2 })}`])).join(' · ')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** Beside the goals: each check-in's scores over time, one chart per respondent and setting. */
export function CheckinTrends({ childId }: { childId: string }) {
  const { t } = useTranslation();
  const query = useQuery(trendQuery(childId));
  const forms = query.data?.forms ?? [];
  if (query.isError) return <ErrorAlert error={query.error} />;
  if (forms.length === 0) return null;
  return (
    <Stack gap="md" component="section" aria-labelledby="checkin-trends-title">
      <Title order={3} id="checkin-trends-title">{t('checkins.trend.title')}</Title>
      <Text size="sm" c="dimmed">{t('checkins.trend.lead')}</Text>
      {forms.flatMap((f) => f.series.map((s) => <SeriesCard key={`${f.formId}:${s.key}`} form={f} series={s} />))}
    </Stack>
  );
}
