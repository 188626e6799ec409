import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { localDate } from '../children/calendar.ts';
import { attentionFor, trendOf } from './trend.ts';

/** Only recent data decides a caseload flag: older weeks say nothing about this week. */
const LOOK_BACK_DAYS = 42;

/**
 * How many goals of each child need the therapist's attention, for a whole caseload in two
 * queries. The same rules as each goal's own flags, over the last six weeks of data.
 */
export async function goalsNeedingAttention(db: Executor, childIds: readonly string[], now: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (childIds.length === 0) return counts;
  const goals = await db.selectFrom('goal').innerJoin('child', 'child.id', 'goal.child_id')
    .select(['goal.id', 'goal.child_id', 'goal.status', 'goal.measure', 'goal.baseline', 'goal.target', 'goal.lower_is_better', 'goal.target_date', 'child.time_zone'])
    .where('goal.child_id', 'in', childIds)
    .where('goal.status', 'in', ['suggested', 'proposed', 'changes_requested', 'agreed'])
    .execute();
  if (goals.length === 0) return counts;
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString().slice(0, 10);
  const points = await db.selectFrom('measurement').select(['goal_id', 'measured_on', 'value'])
    .where('goal_id', 'in', goals.map((g) => g.id)).where('measured_on', '>=', sql<string>`${since}::date`)
    .execute();
  const byGoal = new Map<string, { date: string; value: number }[]>();
  for (const p of points) byGoal.set(p.goal_id, [...(byGoal.get(p.goal_id) ?? []), { date: p.measured_on, value: p.value }]);
  for (const g of goals) {
    const today = localDate(now, g.time_zone);
    const goal = { status: g.status, measure: g.measure, baseline: g.baseline, target: g.target, lowerIsBetter: g.lower_is_better, targetDate: g.target_date };
    const reasons = attentionFor(goal, trendOf(goal, byGoal.get(g.id) ?? [], today), today);
    if (reasons.length > 0) counts.set(g.child_id, (counts.get(g.child_id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The goals of each child going well lately (improving, or at their target), over the same six
 * weeks of data: good news a therapist can share with the family.
 */
export async function goalsGoingWell(db: Executor, childIds: readonly string[], now: Date): Promise<Map<string, { id: string; statement: string }[]>> {
  const out = new Map<string, { id: string; statement: string }[]>();
  if (childIds.length === 0) return out;
  const goals = await db.selectFrom('goal').innerJoin('child', 'child.id', 'goal.child_id')
    .select(['goal.id', 'goal.child_id', 'goal.statement', 'goal.status', 'goal.measure', 'goal.baseline', 'goal.target', 'goal.lower_is_better', 'goal.target_date', 'child.time_zone'])
    .where('goal.child_id', 'in', childIds).where('goal.status', 'in', ['proposed', 'agreed'])
    .orderBy('goal.priority').orderBy('goal.created_at').execute();
  if (goals.length === 0) return out;
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString().slice(0, 10);
  const points = await db.selectFrom('measurement').select(['goal_id', 'measured_on', 'value'])
    .where('goal_id', 'in', goals.map((g) => g.id)).where('measured_on', '>=', sql<string>`${since}::date`).execute();
  const byGoal = new Map<string, { date: string; value: number }[]>();
  for (const p of points) byGoal.set(p.goal_id, [...(byGoal.get(p.goal_id) ?? []), { date: p.measured_on, value: p.value }]);
  for (const g of goals) {
    const goal = { status: g.status, measure: g.measure, baseline: g.baseline, target: g.target, lowerIsBetter: g.lower_is_better, targetDate: g.target_date };
    const kind = trendOf(goal, byGoal.get(g.id) ?? [], localDate(now, g.time_zone)).kind;
    if (kind === 'improving' || kind === 'target_met') out.set(g.child_id, [...(out.get(g.child_id) ?? []), { id: g.id, statement: g.statement }]);
  }
  return out;
}
