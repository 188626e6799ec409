import { Button, Group, Paper, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { IconTable } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Goal, MeasureKind, Setting } from '../../api/types.ts';
import { formatDate } from '../../lib/format.ts';
import { CHART_LINES, SETTING_MARKS, trianglePoints, yScale } from '../../../contract/goal-chart.ts';
import { weeklyMeans } from '../../../server/features/plan/trend.ts';
import { formatTick, formatValue, roleName, settingLabel, shortDate } from './plan-text.ts';

// A hand-drawn chart, small enough for a phone: each measurement as a point whose colour AND shape
// say where it was taken, dashed start and target lines, and the weekly average as a line.

const DAY = 86_400_000;
const HEIGHT = 220;
const PAD = { top: 14, bottom: 30, start: 48, end: 12 };

const cssColor = (c: { palette: string; shade: number }) => `var(--mantine-color-${c.palette}-${c.shade})`;

const dayOf = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY;

/** The point's shape: a circle for therapy, a square for home, a triangle for school. */
export function Marker({ setting, x, y, size = 5 }: { setting: Setting; x: number; y: number; size?: number }) {
  const mark = SETTING_MARKS[setting];
  const common = { fill: cssColor(mark), stroke: 'var(--mantine-color-body)', strokeWidth: 1.5 };
  switch (mark.shape) {
    case 'circle':
      return <circle cx={x} cy={y} r={size} {...common} />;
    case 'square':
      return <rect x={x - size} y={y - size} width={size * 2} height={size * 2} {...common} />;
    case 'triangle':
      return <polygon points={trianglePoints(x, y, size).map((p) => p.join(',')).join(' ')} {...common} />;
  }
}

/** What the chart draws: a goal, or any series of values drawn the same way (check-in scores, with no target line). */
export type ChartGoal = Pick<Goal, 'measure' | 'target' | 'baseline' | 'statement' | 'measurements'>;

export function GoalChart({ goal, showTarget = true }: { goal: ChartGoal; showTarget?: boolean }) {
  const { t } = useTranslation();
  const { ref, width: measured } = useElementSize();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const points = goal.measurements;
  if (points.length === 0) return null;

  const width = Math.max(measured || 600, 260);
  const values = points.map((p) => p.value);
  const y = yScale(goal.measure, [...values, ...(showTarget ? [goal.target] : []), ...(goal.baseline !== null ? [goal.baseline] : [])]);
  const first = dayOf(points[0]?.date ?? '');
  const last = dayOf(points.at(-1)?.date ?? '');
  const [x0, x1] = first === last ? [first - 3, last + 3] : [first, last];
  const plotW = width - PAD.start - PAD.end;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  // Points sit a little inside the frame so the first and last are not cut in half.
  const inset = 8;
  const sx = (day: number) => PAD.start + inset + ((day - x0) / (x1 - x0)) * (plotW - inset * 2);
  const sy = (v: number) => PAD.top + plotH - ((Math.min(Math.max(v, y.min), y.max) - y.min) / (y.max - y.min)) * plotH;

  const weeks = weeklyMeans(points.map((p) => ({ date: p.date, value: p.value })));
  const weekLine = weeks
    .map((w) => `${sx(Math.min(Math.max(dayOf(w.week) + 3, x0), x1)).toFixed(1)},${sy(w.value).toFixed(1)}`)
    .join(' ');

  const targetY = sy(goal.target);
  const baselineY = goal.baseline !== null ? sy(goal.baseline) : null;
  // Line labels sit just above their line, or below it when the two would touch or leave the frame.
  const targetLabelY = targetY - 5 < PAD.top + 10 ? targetY + 14 : targetY - 5;
  let baselineLabelY = baselineY === null ? 0 : baselineY - 5 < PAD.top + 10 ? baselineY + 14 : baselineY - 5;
  if (baselineY !== null && Math.abs(baselineLabelY - targetLabelY) < 14) baselineLabelY = baselineY + (baselineY > targetY ? 14 : -5);

  const xLabels = width >= 480 && last - first > 20 ? [first, (first + last) / 2, last] : first === last ? [first] : [first, last];
  const isoOf = (day: number) => new Date(Math.round(day) * DAY).toISOString().slice(0, 10);
  // Points on the same day with the same value sit side by side instead of hiding each other.
  const seen = new Map<string, number>();
  const spread = points.map((p) => {
    const key = `${p.date}|${p.value}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? 0 : (n % 2 === 1 ? 1 : -1) * Math.ceil(n / 2) * 9;
  });
  const latest = points.at(-1);
  const used = [...new Set(points.map((p) => p.setting))];

  const summary = [
    t('plan.chart.summary', {
      count: points.length,
      from: formatDate(points[0]?.date ?? ''),
      to: formatDate(latest?.date ?? ''),
      latest: latest ? formatValue(goal.measure, latest.value, t, latest.opportunities) : '',
    }),
    goal.baseline !== null ? t('plan.chart.baseline', { value: formatValue(goal.measure, goal.baseline, t) }) : '',
    showTarget ? t('plan.chart.target', { value: formatValue(goal.measure, goal.target, t) }) : '',
  ].filter(Boolean).join(' ');

  const halo = { paintOrder: 'stroke', stroke: 'var(--mantine-color-body)', strokeWidth: 4, strokeLinejoin: 'round' } as const;

  return (
    <div>
      <div ref={ref} style={{ inlineSize: '100%' }}>
        <svg role="img" aria-label={summary} width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} style={{ display: 'block', direction: 'ltr' }}>
          {y.ticks.map((tick) => (
            <g key={tick}>
              <line x1={PAD.start} x2={width - PAD.end} y1={sy(tick)} y2={sy(tick)} stroke={cssColor(CHART_LINES.grid)} />
              <text x={PAD.start - 6} y={sy(tick) + 4} textAnchor="end" fontSize={11} fill="var(--mantine-color-gray-7)">
                {formatTick(goal.measure, tick, t)}
              </text>
            </g>
          ))}
          {xLabels.map((day, i) => (
            <text
              key={day}
              x={Math.min(Math.max(sx(day), PAD.start + 20), width - PAD.end - 20)}
              y={HEIGHT - 10}
              textAnchor={xLabels.length > 1 && i === 0 ? 'start' : xLabels.length > 1 && i === xLabels.length - 1 ? 'end' : 'middle'}
              fontSize={11}
              fill="var(--mantine-color-gray-7)"
            >
              {shortDate(isoOf(day))}
            </text>
          ))}
          {baselineY !== null ? (
            <line x1={PAD.start} x2={width - PAD.end} y1={baselineY} y2={baselineY} stroke={cssColor(CHART_LINES.baseline)} strokeWidth={CHART_LINES.baseline.width} strokeDasharray={CHART_LINES.baseline.dash.join(' ')} />
          ) : null}
          {showTarget ? <line x1={PAD.start} x2={width - PAD.end} y1={targetY} y2={targetY} stroke={cssColor(CHART_LINES.target)} strokeWidth={CHART_LINES.target.width} strokeDasharray={CHART_LINES.target.dash.join(' ')} /> : null}
          {weeks.length > 1 ? (
            <polyline points={weekLine} fill="none" stroke={cssColor(CHART_LINES.weekly)} strokeOpacity={CHART_LINES.weekly.opacity} strokeWidth={CHART_LINES.weekly.width} strokeLinejoin="round" />
          ) : null}
          {points.map((p, i) => (
            <Marker key={p.id} setting={p.setting} x={sx(dayOf(p.date)) + (spread[i] ?? 0)} y={sy(p.value)} />
          ))}
          {/* The line labels go last, so no point ever hides them. */}
          {baselineY !== null ? (
            <text x={width - PAD.end - 2} y={baselineLabelY} textAnchor="end" fontSize={11} fill="var(--mantine-color-gray-7)" {...halo}>
              {t('plan.chart.startLine', { value: formatTick(goal.measure, goal.baseline ?? 0, t) })}
            </text>
          ) : null}
          {showTarget ? (
            <text x={width - PAD.end - 2} y={targetLabelY} textAnchor="end" fontSize={11} fontWeight={700} fill="var(--mantine-color-green-9)" {...halo}>
              {t('plan.chart.targetLine', { value: formatTick(goal.measure, goal.target, t) })}
            </text>
          ) : null}
        </svg>
      </div>
      <Group gap="md" mt={6} component="ul" aria-label={t('plan.chart.legend')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {used.map((setting) => (
          <Group key={setting} component="li" gap={6} wrap="nowrap">
            <svg width={14} height={14} aria-hidden focusable="false">
              <Marker setting={setting} x={7} y={7} />
            </svg>
            <Text size="sm">{settingLabel(setting, t)}</Text>
          </Group>
        ))}
        {weeks.length > 1 ? (
          <Group component="li" gap={6} wrap="nowrap">
            <svg width={20} height={14} aria-hidden focusable="false">
              <line x1={0} x2={20} y1={7} y2={7} stroke={cssColor(CHART_LINES.weekly)} strokeOpacity={CHART_LINES.weekly.opacity} strokeWidth={CHART_LINES.weekly.width} />
            </svg>
            <Text size="sm">{t('plan.chart.weekly')}</Text>
          </Group>
        ) : null}
      </Group>
      <Button
        variant="subtle"
        size="compact-sm"
        mt="xs"
        px={4}
        leftSection={<IconTable size={16} aria-hidden />}
        aria-expanded={showTable}
        aria-controls={tableId}
        onClick={() => setShowTable((v) => !v)}
      >
        {showTable ? t('plan.chart.hideNumbers') : t('plan.chart.showNumbers')}
      </Button>
      <div id={tableId}>
        {showTable ? (
          <Paper withBorder radius="md" mt="xs" style={{ overflow: 'hidden' }}>
            <table className="stack-table compact">
              <caption className="visually-hidden">{t('plan.chart.tableCaption', { goal: goal.statement })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plan.chart.colDate')}</th>
                  <th scope="col">{t('plan.chart.colValue')}</th>
                  <th scope="col">{t('plan.chart.colWhere')}</th>
                  <th scope="col">{t('plan.chart.colBy')}</th>
                </tr>
              </thead>
              <tbody>
                {[...points].reverse().map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Text span fw={600} size="sm">
                        {formatDate(p.date)}
                      </Text>
                    </td>
                    <td data-label={t('plan.chart.colValue')}>
                      <span>{formatValue(goal.measure, p.value, t, p.opportunities)}</span>
                    </td>
                    <td data-label={t('plan.chart.colWhere')}>
                      <span>{settingLabel(p.setting, t)}</span>
                    </td>
                    <td data-label={t('plan.chart.colBy')}>
                      <span>
                        {p.recordedBy.name}
                        {p.recordedBy.role ? ` (${roleName(p.recordedBy.role, t)})` : ''}
                      </span>
                      {p.note ? <span className="prewrap"> · {p.note}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Paper>
        ) : null}
      </div>
    </div>
  );
}
