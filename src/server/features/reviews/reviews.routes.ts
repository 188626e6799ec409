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
import { notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { teamNames } from '../children/team-names.ts';
import { toGoalEvent, visibleTo } from '../plan/plan.routes.ts';
import { coveredUntil, eventsBetween, lastReview, recordReview } from './reviews.service.ts';

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
    const row = await deps.db.transaction().execute((tx) => recordReview(tx, auditContext(request), access, actor.userId, request.body, deps.clock()));
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
