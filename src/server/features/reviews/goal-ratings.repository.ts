// The family's ratings of a child's goals, and the therapist's asking for them: per review period
// (after_review, the last review held then; null before the first).
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { GoalRatingTable } from '../../db/schema.ts';

/** The goals the family rates: the ones being worked on. */
const ACTIVE = ['proposed', 'agreed'] as const;

/** The newest review of each child, if any. */
export async function lastReviews(db: Executor, childIds: readonly string[]) {
  if (childIds.length === 0) return new Map<string, { id: string; held_on: string }>();
  const rows = await db.selectFrom('plan_review').select(['child_id', 'id', 'held_on']).distinctOn('child_id')
    .where('child_id', 'in', [...childIds]).orderBy('child_id').orderBy('covered_until', 'desc').execute();
  return new Map(rows.map((r) => [r.child_id, { id: r.id, held_on: r.held_on }]));
}

export async function activeGoals(db: Executor, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  return db.selectFrom('goal').select(['id', 'child_id', 'statement', 'settings']).where('child_id', 'in', [...childIds]).where('status', 'in', [...ACTIVE])
    .orderBy('priority').orderBy('created_at').execute();
}

const samePeriod = (after: string | null) => (after === null ? sql<boolean>`r.after_review is null` : sql<boolean>`r.after_review = ${after}`);

export async function ratingsOf(db: Executor, childId: string, afterReview: string | null) {
  return db.selectFrom('goal_rating as r').innerJoin('app_user as u', 'u.id', 'r.user_id')
    .leftJoin('care_team_member as m', (j) => j.onRef('m.child_id', '=', 'r.child_id').onRef('m.user_id', '=', 'r.user_id').on('m.revoked_at', 'is', null))
    .select(['r.goal_id', 'r.user_id', 'r.rating', 'r.comment', 'r.updated_at', 'u.name', 'm.role'])
    .where('r.child_id', '=', childId).where(samePeriod(afterReview)).orderBy('u.name').execute();
}

/** How many goals this person rated in each child's current period. */
export async function ratedCounts(db: Executor, userId: string, periods: readonly { childId: string; afterReview: string | null }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const p of periods) {
    const row = await db.selectFrom('goal_rating as r').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('r.child_id', '=', p.childId).where('r.user_id', '=', userId).where(samePeriod(p.afterReview)).executeTakeFirst();
    out.set(p.childId, Number(row?.n ?? 0));
  }
  return out;
}

export async function saveRating(db: Executor, v: { clinicId: string; childId: string; goalId: string; userId: string; afterReview: string | null; rating: GoalRatingTable['rating']; comment: string; now: Date }): Promise<string> {
  const row = await db.insertInto('goal_rating').values({
    clinic_id: v.clinicId, child_id: v.childId, goal_id: v.goalId, user_id: v.userId, after_review: v.afterReview, rating: v.rating, comment: v.comment, created_at: v.now, updated_at: v.now,
  }).onConflict((oc) => oc.columns(['goal_id', 'user_id', 'after_review']).doUpdateSet({ rating: v.rating, comment: v.comment, updated_at: v.now }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The therapist's asking in each child's current period. */
export async function requestsOf(db: Executor, periods: readonly { childId: string; afterReview: string | null }[]) {
  const out = new Map<string, { by: string; at: Date }>();
  for (const p of periods) {
    const row = await db.selectFrom('goal_rating_request as r').innerJoin('app_user as u', 'u.id', 'r.requested_by')
      .select(['u.name', 'r.requested_at']).where('r.child_id', '=', p.childId).where(samePeriod(p.afterReview)).executeTakeFirst();
    if (row) out.set(p.childId, { by: row.name, at: row.requested_at });
  }
  return out;
}

export async function saveRequest(db: Executor, v: { clinicId: string; childId: string; afterReview: string | null; by: string; now: Date }): Promise<{ id: string; created: boolean }> {
  const inserted = await db.insertInto('goal_rating_request').values({
    clinic_id: v.clinicId, child_id: v.childId, after_review: v.afterReview, requested_by: v.by, requested_at: v.now,
  }).onConflict((oc) => oc.columns(['child_id', 'after_review']).doNothing()).returning('id').executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const row = await db.selectFrom('goal_rating_request as r').select('r.id').where('r.child_id', '=', v.childId).where(samePeriod(v.afterReview)).executeTakeFirstOrThrow();
  return { id: row.id, created: false };
}

export async function firstNamesOf(db: Executor, childIds: readonly string[]) {
  if (childIds.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('child').select(['id', 'first_name']).where('id', 'in', [...childIds]).execute();
  return new Map(rows.map((r) => [r.id, r.first_name]));
}
