// The family's view of progress over HTTP: the child's team reads the ratings of the current review
// period beside the goals; each guardian rates each goal for themselves; the therapist may ask the
// family for their ratings; a guardian's Today lists the children whose goals they are asked about
// (a plan review or progress meeting within two weeks, or the therapist asked).
import type { FastifyRequest } from 'fastify';
import { ChildId } from '../../../contract/children.ts';
import { DueGoalRatings, GoalRatings, RATING_LEAD_DAYS, SaveGoalRatingsRequest } from '../../../contract/goal-ratings.ts';
import type { TeamRole } from '../../../contract/access.ts';
import type { ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit, recordRead } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { readerZoneOf, requireActor, requireChildAccess, requireRelatedAccess } from '../../http/auth.ts';
import { AppError, badField } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { localDate } from '../children/calendar.ts';
import { progressMeetings } from '../sessions/sessions.service.ts';
import { activeGoals, firstNamesOf, lastReviews, ratedCounts, ratingsOf, requestsOf, saveRating, saveRequest } from './goal-ratings.repository.ts';

const DAY_MS = 86_400_000;
const tags = ['reviews'];

/** A teacher sees the goals worked on at school only. */
const sees = (access: ChildAccess, settings: readonly string[]) => access.role !== 'teacher' || settings.includes('school');
/** The family members who rate: guardians. */
const rates = (access: ChildAccess) => access.role === 'guardian' && access.permissions.includes('plan.agree');

export function registerGoalRatingRoutes(app: App, deps: Deps): void {
  /** The meeting about progress soonest in the coming two weeks of each child, as a date on the reader's calendar. */
  async function meetingsSoon(db: Executor, userId: string, accesses: readonly ChildAccess[], zoneOf: (childId: string) => string) {
    const now = deps.clock();
    const rows = await progressMeetings(db, userId, accesses, now, new Date(now.getTime() + RATING_LEAD_DAYS * DAY_MS));
    const out = new Map<string, { sessionId: string; kind: 'plan_review' | 'team_meeting'; date: string }>();
    for (const s of rows) {
      if (out.has(s.child_id) || (s.kind !== 'plan_review' && s.kind !== 'team_meeting')) continue;
      out.set(s.child_id, { sessionId: s.id, kind: s.kind, date: localDate(s.starts_at, zoneOf(s.child_id)) });
    }
    return out;
  }

  async function present(request: FastifyRequest, access: ChildAccess) {
    const actor = requireActor(request);
    const last = (await lastReviews(deps.db, [access.childId])).get(access.childId) ?? null;
    const period = { childId: access.childId, afterReview: last?.id ?? null };
    const [goals, ratings, requests, meetings] = await Promise.all([
      activeGoals(deps.db, [access.childId]), ratingsOf(deps.db, access.childId, period.afterReview), requestsOf(deps.db, [period]),
      meetingsSoon(deps.db, actor.userId, [access], () => readerZoneOf(request)),
    ]);
    const asked = requests.get(access.childId);
    const meeting = meetings.get(access.childId) ?? null;
    return {
      since: last?.held_on ?? null,
      meeting,
      asked: asked ? { by: asked.by, at: asked.at.toISOString() } : null,
      open: asked !== undefined || meeting !== null,
      canRate: rates(access),
      canAsk: access.permissions.includes('plan.edit'),
      goals: goals.filter((g) => sees(access, g.settings)).map((g) => ({
        goalId: g.id,
        statement: g.statement,
        ratings: ratings.filter((r) => r.goal_id === g.id).map((r) => ({
          name: r.name, role: (r.role as TeamRole | null) ?? null, rating: r.rating, comment: r.comment, updatedAt: r.updated_at.toISOString(), mine: r.user_id === actor.userId,
        })),
      })),
    };
  }

  app.get('/api/children/:childId/goal-ratings', {
    config: { child: 'plan.view' },
    schema: { tags, params: ChildId, response: { 200: GoalRatings } },
  }, async (request) => {
    const access = requireChildAccess(request);
    return auditedRead(deps.db, auditContext(request), { action: 'goal_rating.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId },
      () => present(request, access));
  });

  // A PUT: saving the same ratings again changes nothing but their time.
  app.put('/api/children/:childId/goal-ratings', {
    config: { child: 'plan.agree' },
    schema: { tags, params: ChildId, body: SaveGoalRatingsRequest, response: { 200: GoalRatings } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (!rates(access)) throw new AppError('forbidden', 403, 'The child’s guardians rate how the goals are going.');
    const b = request.body;
    await deps.db.transaction().execute(async (tx) => {
      const last = (await lastReviews(tx, [access.childId])).get(access.childId) ?? null;
      const goals = new Set((await activeGoals(tx, [access.childId])).map((g) => g.id));
      for (const [i, r] of b.ratings.entries()) if (!goals.has(r.goalId)) throw badField(`ratings.${i}.goalId`, 'Rate a goal of this child’s plan that is being worked on.');
      for (const r of b.ratings) {
        const id = await saveRating(tx, { clinicId: access.clinicId, childId: access.childId, goalId: r.goalId, userId: actor.userId, afterReview: last?.id ?? null, rating: r.rating, comment: r.comment, now: deps.clock() });
        await recordAudit(tx, auditContext(request), {
          action: 'goal_rating.save', childId: access.childId, clinicId: access.clinicId, subjectType: 'goal_rating', subjectId: id, details: { goalId: r.goalId, rating: r.rating },
        });
      }
    });
    return present(request, access);
  });

  app.post('/api/children/:childId/goal-ratings/request', {
    config: { child: 'plan.edit' },
    schema: { tags, params: ChildId, response: { 200: GoalRatings } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const last = (await lastReviews(tx, [access.childId])).get(access.childId) ?? null;
      const saved = await saveRequest(tx, { clinicId: access.clinicId, childId: access.childId, afterReview: last?.id ?? null, by: actor.userId, now: deps.clock() });
      if (!saved.created) return;
      await recordAudit(tx, auditContext(request), { action: 'goal_rating.request', childId: access.childId, clinicId: access.clinicId, subjectType: 'goal_rating_request', subjectId: saved.id });
    });
    return present(request, access);
  });

  // A guardian's Today: where their ratings are asked for now.
  app.get('/api/goal-ratings/due', {
    config: { relatedChildren: true },
    schema: { tags, response: { 200: DueGoalRatings } },
  }, async (request) => {
    const actor = requireActor(request);
    const related = requireRelatedAccess(request);
    const accesses = [...related.access.values()].filter(rates);
    if (accesses.length === 0) return { children: [] };
    const ids = accesses.map((a) => a.childId);
    const last = await lastReviews(deps.db, ids);
    const periods = ids.map((childId) => ({ childId, afterReview: last.get(childId)?.id ?? null }));
    const [meetings, requests, goals] = await Promise.all([
      meetingsSoon(deps.db, actor.userId, accesses, (id) => related.zones.get(id) ?? 'UTC'), requestsOf(deps.db, periods), activeGoals(deps.db, ids),
    ]);
    const due = accesses.filter((a) => (meetings.has(a.childId) || requests.has(a.childId)) && goals.some((g) => g.child_id === a.childId));
    if (due.length === 0) return { children: [] };
    const [rated, names] = await Promise.all([ratedCounts(deps.db, actor.userId, periods.filter((p) => due.some((a) => a.childId === p.childId))), firstNamesOf(deps.db, due.map((a) => a.childId))]);
    await Promise.all(due.map((a) => recordRead(deps.db, auditContext(request), { action: 'goal_rating.list', childId: a.childId, clinicId: a.clinicId, subjectType: 'child', subjectId: a.childId })));
    return {
      children: due.map((a) => ({
        childId: a.childId, firstName: names.get(a.childId) ?? '', meetingDate: meetings.get(a.childId)?.date ?? null,
        goals: goals.filter((g) => g.child_id === a.childId).length, rated: rated.get(a.childId) ?? 0,
      })),
    };
  });
}
