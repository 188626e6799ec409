// Plan reviews: the team meets, looks at what changed in the plan since the last review, and
// records what it agreed. The server works out which goals changed from the goal history, and
// keeps links to those history events, so the review leads back to each goal's story. A review is
// never edited (the database refuses it); a later addendum is a new review.
import { sql, type Selectable } from 'kysely';
import type { TeamRole } from '../../../contract/access.ts';
import { ChildId } from '../../../contract/children.ts';
import { ChildReviewParams, CreateReviewRequest, PlanReview, PlanReviewList, ReviewPreview, ReviewPreviewQuery, type ReviewGoalChange } from '../../../contract/review.ts';
import { isUuid, type ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { GoalEventTable, PlanReviewTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { localDate } from '../children/calendar.ts';
import { teamNames } from '../children/team-names.ts';
import { toGoalEvent, visibleTo } from '../plan/plan.routes.ts';

type EventRow = Selectable<GoalEventTable> & { settings: string[] };

/** History events grouped by goal, in the order the goals first changed; a teacher sees school goals only. */
async function groupByGoal(db: Executor, access: ChildAccess, events: EventRow[]): Promise<ReviewGoalChange[]> {
  const names = await teamNames(db, access.childId, events.map((e) => e.actor_id));
  const byGoal = new Map<string, EventRow[]>();
  for (const e of events) {
    if (!visibleTo(access, e)) continue;
    byGoal.set(e.goal_id, [...(byGoal.get(e.goal_id) ?? []), e]);
  }
  return [...byGoal.entries()].map(([goalId, list]) => {
    const last = list.at(-1);
    return {
      goalId,
      statement: typeof last?.snapshot.statement === 'string' ? last.snapshot.statement : '',
      version: last?.version ?? 1,
      events: list.map(({ settings: _settings, ...e }) => toGoalEvent(e, names)),
    };
  });
}

/**
 * The instant a review held on this date covers the history up to: the end of that day where the
 * child lives, or now. The database's clock, because it stamps the history events.
 */
async function coveredUntil(db: Executor, childId: string, heldOn: string): Promise<Date> {
  const row = await db.selectFrom('child')
    .select(sql<Date>`least((${heldOn}::date + 1)::timestamp at time zone child.time_zone, clock_timestamp())`.as('until'))
    .where('id', '=', childId).executeTakeFirstOrThrow();
  return row.until;
}

async function lastReview(db: Executor, childId: string) {
  return db.selectFrom('plan_review').select(['held_on', 'covered_until']).where('child_id', '=', childId)
    .orderBy('covered_until', 'desc').limit(1).executeTakeFirst();
}

function eventsBetween(db: Executor, childId: string, from: Date | null, until: Date) {
  let q = db.selectFrom('goal_event as e').innerJoin('goal as g', 'g.id', 'e.goal_id')
    .selectAll('e').select('g.settings')
    .where('e.child_id', '=', childId).where('e.created_at', '<=', until);
  if (from) q = q.where('e.created_at', '>', from);
  return q.orderBy('e.created_at').orderBy('e.version').execute();
}

/** Reviews as the reader sees them, newest first. */
async function present(db: Executor, access: ChildAccess, rows: Selectable<PlanReviewTable>[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const participants = await db.selectFrom('plan_review_participant').selectAll().where('review_id', 'in', ids).orderBy('name').execute();
  const links = await db.selectFrom('plan_review_change as c').innerJoin('goal_event as e', 'e.id', 'c.goal_event_id').innerJoin('goal as g', 'g.id', 'c.goal_id')
    .selectAll('e').select(['c.review_id', 'g.settings']).where('c.review_id', 'in', ids).orderBy('e.created_at').orderBy('e.version').execute();
  const recorders = await teamNames(db, access.childId, rows.map((r) => r.recorded_by));
  const out = [];
  for (const r of rows) {
    const recorder = recorders.get(r.recorded_by);
    out.push({
      id: r.id,
      childId: r.child_id,
      heldOn: r.held_on,
      participants: participants.filter((p) => p.review_id === r.id).map((p) => ({ userId: p.user_id, name: p.name, role: (p.role as TeamRole | null) ?? null })),
      agreed: r.agreed,
      goalsChanged: await groupByGoal(db, access, links.filter((l) => l.review_id === r.id).map(({ review_id: _r, ...e }) => e)),
      recordedBy: { name: recorder?.name ?? '', role: (r.recorder_role as TeamRole | null) ?? null },
      recordedAt: r.created_at.toISOString(),
    });
  }
  return out;
}

export function registerReviewRoutes(app: App, deps: Deps): void {
  app.get('/api/children/:childId/reviews', {
    config: { child: 'plan.view' },
    schema: { tags: ['reviews'], params: ChildId, response: { 200: PlanReviewList } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'review.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return deps.db.selectFrom('plan_review').selectAll().where('child_id', '=', access.childId).orderBy('held_on', 'desc').orderBy('created_at', 'desc').execute();
    });
    return { reviews: await present(deps.db, access, rows) };
  });

  app.get('/api/children/:childId/reviews/preview', {
    config: { child: 'plan.edit' },
    schema: { tags: ['reviews'], params: ChildId, querystring: ReviewPreviewQuery, response: { 200: ReviewPreview } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const { previous, events } = await auditedRead(deps.db, auditContext(request), { action: 'review.preview', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      const last = await lastReview(deps.db, access.childId);
      const until = await coveredUntil(deps.db, access.childId, request.query.heldOn);
      return { previous: last, events: await eventsBetween(deps.db, access.childId, last?.covered_until ?? null, until) };
    });
    return { since: previous?.held_on ?? null, goalsChanged: await groupByGoal(deps.db, access, events) };
  });

  app.post('/api/children/:childId/reviews', {
    config: { child: 'plan.edit' },
    schema: { tags: ['reviews'], params: ChildId, body: CreateReviewRequest, response: { 201: PlanReview } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      // One review at a time per child, so each starts exactly where the last one ended.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`careteam:review:${access.childId}`}, 0))`.execute(tx);
      const child = await tx.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
      if (b.heldOn > localDate(deps.clock(), child.time_zone)) throw badField('heldOn', 'The review date cannot be in the future.');
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
        recorded_by: actor.userId, recorder_role: access.role,
      }).returningAll().executeTakeFirstOrThrow();
      await tx.insertInto('plan_review_participant').values(members.map((m) => ({ review_id: review.id, user_id: m.user_id, name: m.name, role: m.role }))).execute();
      if (events.length > 0) {
        await tx.insertInto('plan_review_change').values(events.map((e) => ({ review_id: review.id, goal_event_id: e.id, goal_id: e.goal_id, goal_version: e.version }))).execute();
      }
      await recordAudit(tx, auditContext(request), {
        action: 'review.record', childId: access.childId, clinicId: access.clinicId, subjectType: 'plan_review', subjectId: review.id,
        details: { heldOn: b.heldOn, participants: members.length, goalEvents: events.length },
      });
      return review;
    });
    const [saved] = await present(deps.db, access, [row]);
    if (!saved) throw notFound();
    return reply.status(201).send(saved);
  });

  app.get('/api/children/:childId/reviews/:reviewId', {
    config: { child: 'plan.view' },
    schema: { tags: ['reviews'], params: ChildReviewParams, response: { 200: PlanReview } },
  }, async (request) => {
    const access = requireChildAccess(request);
    if (!isUuid(request.params.reviewId)) throw notFound();
    const row = await deps.db.transaction().execute(async (tx) => {
      const found = await tx.selectFrom('plan_review').selectAll().where('id', '=', request.params.reviewId).where('child_id', '=', access.childId).executeTakeFirst();
      if (!found) throw notFound();
      await recordAudit(tx, auditContext(request), { action: 'review.view', childId: access.childId, clinicId: access.clinicId, subjectType: 'plan_review', subjectId: found.id });
      return found;
    });
    const [review] = await present(deps.db, access, [row]);
    return review;
  });
}
