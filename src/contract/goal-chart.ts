// How a goal's chart looks and says its numbers, wherever it is drawn: on the goal card in the
// app (SVG) and in the progress report (PDF). A point's colour AND shape say where it was taken,
// so the chart still reads in black and white.
import { formatNumber } from './format.ts';
import type { MEASURE_KINDS, SETTINGS } from './plan-values.ts';

type MeasureKind = (typeof MEASURE_KINDS)[number];
type Setting = (typeof SETTINGS)[number];

export type MarkerShape = 'circle' | 'square' | 'triangle';

/** A point's look by setting: a theme colour (palette and shade) and its printed twin. */
export const SETTING_MARKS: Record<Setting, { shape: MarkerShape; palette: string; shade: number; hex: string }> = {
  therapy: { shape: 'circle', palette: 'indigo', shade: 7, hex: '#4263eb' },
  home: { shape: 'square', palette: 'care', shade: 7, hex: '#17695f' },
  school: { shape: 'triangle', palette: 'orange', shade: 9, hex: '#d9480f' },
};

/** The lines of the chart: dashed start and target, the weekly average, the grid. */
export const CHART_LINES = {
  baseline: { palette: 'gray', shade: 6, hex: '#5f666d', width: 1.5, dash: [3, 4] },
  target: { palette: 'green', shade: 8, hex: '#2f9e44', width: 2, dash: [7, 4] },
  weekly: { palette: 'gray', shade: 8, hex: '#343a40', width: 2.5, opacity: 0.55 },
  grid: { palette: 'gray', shade: 2, hex: '#e9ecef' },
} as const;

/** The corners of a triangle marker around its centre (a circle and a square need no help). */
export function trianglePoints(x: number, y: number, size: number): [number, number][] {
  return [[x, y - size * 1.25], [x + size * 1.2, y + size], [x - size * 1.2, y + size]];
}

/** A round step for about four grid lines: 1, 2, 5, 10, 20, 50… (never below 1, so counts stay whole). */
function niceStep(span: number): number {
  const raw = Math.max(span / 4, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** The value axis for a measure: fixed for a percentage, a rating or yes/no, round steps otherwise. */
export function yScale(measure: MeasureKind, values: number[]): { min: number; max: number; ticks: number[] } {
  switch (measure) {
    case 'percent':
      return { min: 0, max: 100, ticks: [0, 25, 50, 75, 100] };
    case 'rating':
      return { min: 1, max: 5, ticks: [1, 2, 3, 4, 5] };
    case 'yes_no':
      return { min: 0, max: 1, ticks: [0, 1] };
    case 'count':
    case 'duration': {
      const top = Math.max(...values, 1) * 1.1;
      const step = niceStep(top);
      const max = Math.ceil(top / step) * step;
      return { min: 0, max, ticks: Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step) };
    }
  }
}

type ValueKey = `plan.value.${'percentOf' | 'percent' | 'rating' | 'minutes' | 'minutesShort'}` | 'plan.yes' | 'plan.no';
export type SayValue = (key: ValueKey, vars?: Record<string, string | number>) => string;

const number = (locale: string, value: number, digits = 1) => formatNumber(locale, value, { maximumFractionDigits: digits });

/** A measured value as a person says it: "80% (4 of 5)", "4 of 5", "12 min", "Yes". */
export function formatMeasured(locale: string, measure: MeasureKind, value: number, t: SayValue, opportunities?: number | null): string {
  switch (measure) {
    case 'count':
      return number(locale, value);
    case 'percent':
      return opportunities
        ? t('plan.value.percentOf', { percent: number(locale, value, 0), done: Math.round((value * opportunities) / 100), of: opportunities })
        : t('plan.value.percent', { percent: number(locale, value, 0) });
    case 'rating':
      return t('plan.value.rating', { value: number(locale, value) });
    case 'duration':
      return t('plan.value.minutes', { minutes: number(locale, value) });
    case 'yes_no':
      return value >= 0.5 ? t('plan.yes') : t('plan.no');
  }
}

/** Short axis labels: "80%", "4", "12 min". */
export function formatMeasuredTick(locale: string, measure: MeasureKind, value: number, t: SayValue): string {
  switch (measure) {
    case 'percent':
      return t('plan.value.percent', { percent: number(locale, value, 0) });
    case 'duration':
      return t('plan.value.minutesShort', { minutes: number(locale, value) });
    case 'yes_no':
      return value >= 0.5 ? t('plan.yes') : t('plan.no');
    default:
      return number(locale, value);
  }
}
