// Milestones: a goal met (written by the plan in the same transaction as the status change) or a
// win marked by anyone on the team who records data. Positive only: a milestone is never edited or
// taken away (the database refuses it). Each person dismisses a celebration for themselves.
import { sql, type Selectable } from 'kysely';
import { TEAM_ROLES, type TeamRole } from '../../../contract/access.ts';
import { ChildId } from '../../../contract/children.ts';
import { CELEBRATION_DAYS, ChildMilestoneParams, CreateWinRequest, Milestone, MilestoneList, RecentCelebrations } from '../../../contract/milestones.ts';
import { type ChildAccess, isUuid, loadChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit, type AuditContext } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { GoalTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { adminClinics, listChildrenFor } from '../children/children.repository.ts';
import { localDate } from '../children/calendar.ts';
import { visibleTo } from '../plan/plan.routes.ts';
import { notifyMilestone } from '../notifications/events.ts';
import { readMilestones } from './milestones.service.ts';
import { afterCommit } from '../../mail/mail.service.ts';

const DAY_MS = 86_400_000;
const ROLES = new Set<string>(TEAM_ROLES);

/** Writes the milestone for a goal that was just met, with its audit row, in the caller's transaction. */
export async function celebrateGoalMet(
  tx: Executor,
  ctx: AuditContext,
  goal: Pick<Selectable<GoalTable>, 'id' | 'clinic_id' | 'child_id' | 'statement'>,
  by: { userId: string; role: string | null },
  date: string,
): Promise<{ id: string; child_id: string; clinic_id: string; goal_id: string | null } | null> {
  const m = await tx.insertInto('milestone').values({
    clinic_id: goal.clinic_id, child_id: goal.child_id, kind: 'goal_met', goal_id: goal.id, title: goal.statement,
    happened_on: date, created_by: by.userId, creator_role: by.role,
  }).onConflict((oc) => oc.column('goal_id').where('kind', '=', 'goal_met').doNothing()).returning(['id', 'child_id', 'clinic_id', 'goal_id']).executeTakeFirst();
  if (!m) return null;
  await recordAudit(tx, ctx, { action: 'milestone.goal_met', childId: goal.child_id, clinicId: goal.clinic_id, subjectType: 'milestone', subjectId: m.id, details: { goalId: goal.id } });
  return m;
}

export function registerMilestoneRoutes(app: App, deps: Deps): void {
  app.get('/api/children/:childId/milestones', {
    config: { child: 'plan.view' },
    schema: { tags: ['milestones'], params: ChildId, response: { 200: MilestoneList } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const milestones = await auditedRead(deps.db, auditContext(request), { action: 'milestone.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return readMilestones(deps.db, actor.userId, [access], deps.clock());
    });
    return { milestones };
  });

  app.post('/api/children/:childId/milestones', {
    config: { child: 'plan.measure' },
    schema: { tags: ['milestones'], params: ChildId, body: CreateWinRequest, response: { 201: Milestone } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const { id, mails } = await deps.db.transaction().execute(async (tx) => {
      const child = await tx.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
      if (b.date > localDate(deps.clock(), child.time_zone)) throw badField('date', 'The date cannot be in the future.');
      if (b.goalId !== null) {
        const goal = await tx.selectFrom('goal').select(['id', 'settings']).where('id', '=', b.goalId).where('child_id', '=', access.childId).executeTakeFirst();
        if (!goal || !visibleTo(access, goal)) throw badField('goalId', 'Choose one of this child’s goals, or none.');
      }
      const m = await tx.insertInto('milestone').values({
        clinic_id: access.clinicId, child_id: access.childId, kind: 'win', goal_id: b.goalId, title: b.title, note: b.note,
        happened_on: b.date, created_by: actor.userId, creator_role: access.role,
      }).returning(['id', 'child_id', 'clinic_id', 'goal_id']).executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'milestone.win', childId: access.childId, clinicId: access.clinicId, subjectType: 'milestone', subjectId: m.id,
        details: b.goalId ? { goalId: b.goalId } : {},
      });
      return { id: m.id, mails: await notifyMilestone(deps, tx, m, actor.userId) };
    });
    await afterCommit(deps, mails);
    const [saved] = await readMilestones(deps.db, actor.userId, [access], deps.clock(), { milestoneId: id });
    if (!saved) throw notFound();
    return reply.status(201).send(saved);
  });

  app.post('/api/children/:childId/milestones/:milestoneId/seen', {
    config: { child: 'plan.view' },
    schema: { tags: ['milestones'], params: ChildMilestoneParams, response: { 200: Milestone } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const id = request.params.milestoneId;
    if (!isUuid(id)) throw notFound();
    const seen = await deps.db.transaction().execute(async (tx) => {
      const [m] = await readMilestones(tx, actor.userId, [access], deps.clock(), { milestoneId: id });
      if (!m) throw notFound();
      if (m.seen) return m;
      await tx.insertInto('milestone_seen').values({ milestone_id: m.id, user_id: actor.userId, seen_at: deps.clock() })
        .onConflict((oc) => oc.columns(['milestone_id', 'user_id']).doNothing()).execute();
      await recordAudit(tx, auditContext(request), { action: 'milestone.seen', childId: access.childId, clinicId: access.clinicId, subjectType: 'milestone', subjectId: m.id });
      return { ...m, seen: true, celebrate: false };
    });
    return seen;
  });

  // The home page: celebrations not yet seen, across every child the reader may see the plan of.
  app.get('/api/milestones/recent', {
    schema: { tags: ['milestones'], response: { 200: RecentCelebrations } },
  }, async (request) => {
    const actor = requireActor(request);
    const children = await listChildrenFor(deps.db, actor.userId, adminClinics(actor.clinics));
    const access = [...(await loadChildAccess(deps.db, actor.userId, children.map((c) => c.id))).values()].filter((a) => a.permissions.includes('plan.view'));
    const names = new Map(children.map((c) => [c.id, c.firstName]));
    const celebrations = await deps.db.transaction().execute(async (tx) => {
      const found = await readMilestones(tx, actor.userId, access, deps.clock(), { onlyCelebrating: true });
      const childIds = [...new Set(found.map((m) => m.childId))];
      for (const a of access.filter((x) => childIds.includes(x.childId))) {
        await recordAudit(tx, auditContext(request), { action: 'milestone.recent', childId: a.childId, clinicId: a.clinicId, subjectType: 'child', subjectId: a.childId });
      }
      return found;
    });
    return { celebrations: celebrations.map((m) => ({ ...m, child: { id: m.childId, firstName: names.get(m.childId) ?? '' } })) };
  });
}
