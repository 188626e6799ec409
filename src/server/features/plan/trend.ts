// How a goal is going, in a form a parent can read: the plain sentence above each chart, and the
// reasons a therapist's caseload flags a goal. Pure functions of the goal and its measurements,
// so every rule is tested on its own.
import type { AttentionReason, MeasureKind, Trend } from '../../../contract/plan.ts';

export type TrendGoal = {
  status: string;
  measure: MeasureKind;
  baseline: number | null;
  target: number;
  lowerIsBetter: boolean;
  targetDate: string | null;
};
export type TrendPoint = { date: string; value: number };

const DAY = 86_400_000;
/** No data for this long and the sentence says so (and the therapist is told). */
export const STALE_AFTER_DAYS = 21;
/** A target date this close, with the target not reached, needs a look. */
export const TARGET_DATE_NEAR_DAYS = 14;
/** How many recent week-to-week changes the sentence looks at. */
const WINDOW = 4;

function days(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Monday of the ISO week of a date, as YYYY-MM-DD. */
function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
  return monday.toISOString().slice(0, 10);
}

/** One value per week that has data (the mean of its measurements), oldest first. */
export function weeklyMeans(points: readonly TrendPoint[]): { week: string; value: number }[] {
  const byWeek = new Map<string, { sum: number; n: number }>();
  for (const p of points) {
    const w = weekOf(p.date);
    const acc = byWeek.get(w) ?? { sum: 0, n: 0 };
    acc.sum += p.value;
    acc.n += 1;
    byWeek.set(w, acc);
  }
  return [...byWeek.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, { sum, n }]) => ({ week, value: sum / n }));
}

function reached(goal: TrendGoal, value: number): boolean {
  return goal.lowerIsBetter ? value <= goal.target : value >= goal.target;
}

/**
 * A change smaller than this is "no change": 5 % of the distance from baseline to target (or of
 * the target, without a baseline), and never less than a rounding error.
 */
function noise(goal: TrendGoal): number {
  const span = goal.baseline !== null ? Math.abs(goal.target - goal.baseline) : Math.abs(goal.target);
  return Math.max(span * 0.05, 1e-9);
}

export function trendOf(goal: TrendGoal, points: readonly TrendPoint[], today: string): Trend {
  const weeks = weeklyMeans(points);
  const latest = weeks.at(-1);
  if (!latest) return { kind: 'no_data', params: {} };
  const lastDate = points.reduce((max, p) => (p.date > max ? p.date : max), '');
  if (reached(goal, latest.value)) return { kind: 'target_met', params: {} };
  const quiet = days(lastDate, today);
  if (quiet > STALE_AFTER_DAYS) return { kind: 'stale', params: { weeks: Math.floor(quiet / 7) } };
  if (weeks.length === 1) return { kind: 'first_value', params: {} };

  const recent = weeks.slice(-(WINDOW + 1));
  const eps = noise(goal);
  let better = 0;
  let worse = 0;
  for (const [i, week] of recent.entries()) {
    const previous = recent[i - 1];
    if (!previous) continue;
    const change = week.value - previous.value;
    const toward = goal.lowerIsBetter ? -change : change;
    if (toward > eps) better += 1;
    else if (toward < -eps) worse += 1;
  }
  const of = recent.length - 1;
  if (better === 0 && worse === 0) return { kind: 'steady', params: { of } };
  // Weeks that held steady do not count against a direction; weeks that went back do.
  if (worse === 0 || (better > worse && better >= Math.ceil(of / 2))) return { kind: 'improving', params: { better, of } };
  if (better === 0 || (worse > better && worse >= Math.ceil(of / 2))) return { kind: 'worsening', params: { worse, of } };
  return { kind: 'mixed', params: { better, worse, of } };
}

/** Why a goal needs the therapist's attention now; empty when it does not. */
export function attentionFor(goal: TrendGoal, trend: Trend, today: string): AttentionReason[] {
  if (goal.status === 'suggested' || goal.status === 'proposed' || goal.status === 'changes_requested') return ['awaiting_agreement'];
  if (goal.status !== 'agreed') return [];
  const reasons: AttentionReason[] = [];
  if (trend.kind === 'no_data' || trend.kind === 'stale') reasons.push('no_recent_data');
  if (trend.kind === 'steady') reasons.push('flat');
  if (trend.kind === 'worsening') reasons.push('moving_away');
  if (goal.targetDate && trend.kind !== 'target_met') {
    const left = days(today, goal.targetDate);
    if (left <= TARGET_DATE_NEAR_DAYS) reasons.push('target_date_near');
  }
  return reasons;
}
