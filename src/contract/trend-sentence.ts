// The one plain sentence about a goal's progress, worded from the locale files: the app shows it
// on the goal card and the weekly family digest sends it, both in the reader's language.
import type { Trend } from './plan.ts';

type TrendKey = `plan.trend.${'noData' | 'stale' | 'firstValue' | 'targetMet' | 'improvingDown' | 'improvingUp' | 'steady' | 'worsening' | 'mixed'}`;
export type Translate = (key: TrendKey, vars?: Record<string, number>) => string;

export function trendSentence(goal: { trend: Trend; lowerIsBetter: boolean }, t: Translate): string {
  const n = (key: string) => goal.trend.params[key] ?? 0;
  switch (goal.trend.kind) {
    case 'no_data':
      return t('plan.trend.noData');
    case 'stale':
      return t('plan.trend.stale', { weeks: n('weeks') });
    case 'first_value':
      return t('plan.trend.firstValue');
    case 'target_met':
      return t('plan.trend.targetMet');
    case 'improving':
      return t(goal.lowerIsBetter ? 'plan.trend.improvingDown' : 'plan.trend.improvingUp', { better: n('better'), of: n('of') });
    case 'steady':
      return t('plan.trend.steady', { of: n('of') });
    case 'worsening':
      return t('plan.trend.worsening', { worse: n('worse'), of: n('of') });
    case 'mixed':
      return t('plan.trend.mixed', { better: n('better'), worse: n('worse'), of: n('of') });
  }
}
