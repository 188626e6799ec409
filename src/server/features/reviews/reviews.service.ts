// Plan reviews: recording one (from the reviews page or from a meeting), and the goal history a
// review covers. Another feature records a review through recordReview, never through the routes.
import { sql, type Selectable } from 'kysely';
import type { CreateReviewRequest } from '../../../contract/review.ts';
import type { z } from 'zod';
import type { ChildAccess } from '../../access/access.ts';
import { recordAudit, type AuditContext } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { PlanReviewTable } from '../../db/schema.ts';
import { badField } from '../../http/errors.ts';
import { localDate } from '../children/calendar.ts';

/**
 * The instant a review held on this date covers the history up to: the end of that day where the
 * child lives, or now. The database's clock, because it stamps the history events.
 */
export async function coveredUntil(db: Executor, childId: string, heldOn: string): Promise<Date> {
  const row = await db.selectFrom('child')
    .select(sql<Date>`least((${heldOn}::date + 1)::timestamp at time zone child.time_zone, clock_timestamp())`.as('until'))
    .where('id', '=', childId).executeTakeFirstOrThrow();
  return row.until;
}

export async function lastReview(db: Executor, childId: string) {
  return db.selectFrom('plan_review').select(['held_on', 'covered_until']).where('child_id', '=', childId)
    .orderBy('covered_until', 'desc').limit(1).executeTakeFirst();
}

export function eventsBetween(db: Executor, childId: string, from: Date | null, until: Date) {
  let q = db.selectFrom('goal_event as e').innerJoin('goal as g', 'g.id', 'e.goal_id')
    .selectAll('e').select('g.settings')
    .where('e.child_id', '=', childId).where('e.created_at', '<=', until);
  if (from) q = q.where('e.created_at', '>', from);
  return q.orderBy('e.created_at').orderBy('e.version').execute();
}

/**
 * Records a plan review held on `b.heldOn` by these participants (members of the child's team),
 * linking every goal history event since the last review, audited in the same transaction. Run
 * inside a transaction: one review at a time per child, so each starts exactly where the last ended.
 */
export async function recordReview(
  tx: Executor,
  ctx: AuditContext,
  access: ChildAccess,
  recorder: string,
  b: z.output<typeof CreateReviewRequest>,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<Selectable<PlanReviewTable>> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`careteam:review:${access.childId}`}, 0))`.execute(tx);
  const child = await tx.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
  if (b.heldOn > localDate(now, child.time_zone)) throw badField('heldOn', 'The review date cannot be in the future.');
  const previous = await lastReview(tx, access.childId);
  if (previous && b.heldOn < previous.held_on) throw badField('heldOn', `The last review was held on ${previous.held_on}; a later review cannot be dated before it.`);
  const wanted = [...new Set(b.participants)];
  const members = await tx.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'u.name'])
    .where('m.child_id', '=', access.childId).where('m.revoked_at', 'is', null).where('m.user_id', 'in', wanted).execute();
  if (members.length !== wanted.length) throw badField('participants', 'Choose the people who took part from the child’s team.');
  const until = await coveredUntil(tx, access.childId, b.heldOn);
  const events = await eventsBetween(tx, access.childId, previous?.covered_until ?? null, until);
  const review = await tx.insertInto('plan_review').values({
    clinic_id: access.clinicId, child_id: access.childId, held_on: b.heldOn, agreed: b.agreed, covered_until: until,
    recorded_by: recorder, recorder_role: access.role,
  }).returningAll().executeTakeFirstOrThrow();
  await tx.insertInto('plan_review_participant').values(members.map((m) => ({ review_id: review.id, user_id: m.user_id, name: m.name, role: m.role }))).execute();
  if (events.length > 0) {
    await tx.insertInto('plan_review_change').values(events.map((e) => ({ review_id: review.id, goal_event_id: e.id, goal_id: e.goal_id, goal_version: e.version }))).execute();
  }
  await recordAudit(tx, ctx, {
    action: 'review.record', childId: access.childId, clinicId: access.clinicId, subjectType: 'plan_review', subjectId: review.id,
    details: { heldOn: b.heldOn, participants: members.length, goalEvents: events.length, ...details },
  });
  return review;
}
