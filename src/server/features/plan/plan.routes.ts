// The care plan: goals drafted by the therapist (or suggested by the family), agreed by a
// guardian, measured at therapy, home and school. Every change to a goal is a goal_event that
// keeps the goal as it stood, so the history and each agreement can never be rewritten.
import type { Selectable } from 'kysely';
import type { TeamRole } from '../../../contract/access.ts';
import {
  ChangeGoalStatusRequest, ChildGoalParams, CreateGoalRequest, Goal, GoalHistory, GoalList, Measurement,
  RecordMeasurementRequest, RespondToGoalRequest, SuggestGoalRequest, UpdateGoalPriorityRequest, UpdateGoalRequest,
  type GoalFields, type MeasureKind, type Setting,
} from '../../../contract/plan.ts';
import { ChildId } from '../../../contract/children.ts';
import type { ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { GoalEventTable, GoalTable, MeasurementTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { localDate } from '../children/calendar.ts';
import { changedFields, teamNames, type TeamNames } from '../children/team-names.ts';
import { celebrateGoalMet } from '../milestones/milestones.routes.ts';
import { notifyGoalAgreed, notifyGoalProposed, notifyMilestone } from '../notifications/events.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { attentionFor, trendOf } from './trend.ts';
import { goalContent, visibleTo } from './plan.service.ts';
import { contentKey, contentTranslations, localesOf, withTranslation } from '../translation/content-translation.service.ts';

type GoalRow = Selectable<GoalTable>;
type Event = GoalEventTable['kind'];

const STATUS_ORDER: Record<GoalRow['status'], number> = {
  changes_requested: 0, suggested: 1, proposed: 2, agreed: 3, paused: 4, met: 5, discontinued: 6,
};
const OPEN_FOR_AGREEMENT = new Set<GoalRow['status']>(['proposed', 'changes_requested']);
const MEASURABLE = new Set<GoalRow['status']>(['proposed', 'changes_requested', 'agreed']);
/** Fields whose change means the family must agree again. Priority and why it matters are theirs. */
const SUBSTANCE = ['area', 'statement', 'measure', 'unit', 'baseline', 'target', 'lowerIsBetter', 'targetDate', 'settings'] as const;
const CHART_POINTS = 200;

export { visibleTo };

/** The settings a team member records in: the family at home, a teacher at school, the clinic anywhere. */
function ownSettings(access: ChildAccess): readonly Setting[] {
  if (access.role === 'guardian' || access.role === 'caregiver') return ['home'];
  if (access.role === 'teacher') return ['school'];
  return ['therapy', 'home', 'school'];
}

function fieldsOf(row: GoalRow): GoalFields {
  return {
    area: row.area as GoalFields['area'],
    statement: row.statement,
    measure: row.measure,
    unit: row.unit,
    baseline: row.baseline,
    target: row.target,
    lowerIsBetter: row.lower_is_better,
    targetDate: row.target_date,
    settings: row.settings as Setting[],
    priority: row.priority,
    whyItMatters: row.why_it_matters,
  };
}

function columnsOf(f: { [K in keyof GoalFields]?: GoalFields[K] | undefined }) {
  return {
    ...(f.area !== undefined ? { area: f.area } : {}),
    ...(f.statement !== undefined ? { statement: f.statement } : {}),
    ...(f.measure !== undefined ? { measure: f.measure } : {}),
    ...(f.unit !== undefined ? { unit: f.unit } : {}),
    ...(f.baseline !== undefined ? { baseline: f.baseline } : {}),
    ...(f.target !== undefined ? { target: f.target } : {}),
    ...(f.lowerIsBetter !== undefined ? { lower_is_better: f.lowerIsBetter } : {}),
    ...(f.targetDate !== undefined ? { target_date: f.targetDate } : {}),
    ...(f.settings !== undefined ? { settings: [...new Set(f.settings)] } : {}),
    ...(f.priority !== undefined ? { priority: f.priority } : {}),
    ...(f.whyItMatters !== undefined ? { why_it_matters: f.whyItMatters } : {}),
  };
}

/** A value is checked against what the goal measures; the message names the field. */
export function checkValue(measure: MeasureKind, value: number, opportunities: number | undefined): void {
  switch (measure) {
    case 'count':
      if (!Number.isInteger(value) || value < 0 || value > 100_000) throw badField('value', 'A count is a whole number from 0.');
      break;
    case 'percent':
      if (value < 0 || value > 100) throw badField('value', 'A percentage is between 0 and 100.');
      if (opportunities === undefined) throw badField('opportunities', 'Say how many opportunities there were.');
      break;
    case 'rating':
      if (!Number.isInteger(value) || value < 1 || value > 5) throw badField('value', 'A rating is a whole number from 1 to 5.');
      break;
    case 'duration':
      if (value < 0 || value > 1440) throw badField('value', 'A duration is in minutes, from 0 to 1440.');
      break;
    case 'yes_no':
      if (value !== 0 && value !== 1) throw badField('value', 'Yes is 1 and no is 0.');
      break;
  }
  if (measure !== 'percent' && opportunities !== undefined) throw badField('opportunities', 'Only a percentage counts opportunities.');
}

function checkGoal(f: GoalFields): void {
  if (f.measure === 'percent' && (f.target < 0 || f.target > 100)) throw badField('target', 'A percentage target is between 0 and 100.');
  if (f.measure === 'rating' && (f.target < 1 || f.target > 5)) throw badField('target', 'A rating target is from 1 to 5.');
  if (f.measure === 'yes_no' && f.target !== 0 && f.target !== 1) throw badField('target', 'A yes/no target is 1 (yes) or 0 (no).');
  if (f.target < 0) throw badField('target', 'The target cannot be negative.');
  if (f.baseline !== null && f.baseline < 0) throw badField('baseline', 'The baseline cannot be negative.');
  if (f.baseline !== null && f.baseline === f.target) throw badField('target', 'The target must differ from the baseline.');
  if (f.baseline !== null && f.lowerIsBetter !== f.target < f.baseline && f.measure !== 'yes_no') {
    throw badField('target', f.lowerIsBetter ? 'When less is better, the target is below the baseline.' : 'The target is above the baseline (or choose "less is better").');
  }
}

/** One step of a goal's history as the reader sees it. */
export function toGoalEvent(e: Selectable<GoalEventTable>, names: TeamNames) {
  return {
    id: e.id, version: e.version, kind: e.kind,
    by: { name: names.get(e.actor_id)?.name ?? '', role: (e.actor_role as TeamRole | null) ?? null },
    at: e.created_at.toISOString(), comment: e.comment, changes: e.changes,
  };
}

function toMeasurement(m: Selectable<MeasurementTable>, names: TeamNames) {
  return {
    id: m.id, goalId: m.goal_id, value: m.value, opportunities: m.opportunities, date: m.measured_on, setting: m.setting,
    note: m.note, recordedBy: names.get(m.recorded_by) ?? { name: '', role: null }, recordedAt: m.created_at.toISOString(),
  };
}

/** Goals as the reader sees them: fields, status, agreement, trend, attention and chart data. */
async function present(deps: Deps, access: ChildAccess, rows: GoalRow[], reader: string) {
  if (rows.length === 0) return [];
  const { db } = deps;
  const now = deps.clock();
  const child = await db.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
  const today = localDate(now, child.time_zone);
  const ids = rows.map((r) => r.id);
  const measurements = await db.selectFrom('measurement').selectAll()
    .where('goal_id', 'in', ids)
    .orderBy('measured_on').orderBy('created_at')
    .execute();
  const names = await teamNames(db, access.childId, [...measurements.map((m) => m.recorded_by), ...rows.flatMap((r) => (r.agreed_by ? [r.agreed_by] : []))]);
  const byGoal = new Map<string, Selectable<MeasurementTable>[]>();
  for (const m of measurements) byGoal.set(m.goal_id, [...(byGoal.get(m.goal_id) ?? []), m]);
  const locales = await localesOf(db, rows.map((r) => r.created_by));
  const translations = await contentTranslations(deps, rows.map((r) => goalContent(r, locales)), reader);
  return rows.map((r) => {
    const ms = byGoal.get(r.id) ?? [];
    const fields = fieldsOf(r);
    const trendGoal = { status: r.status, measure: r.measure, baseline: r.baseline, target: r.target, lowerIsBetter: r.lower_is_better, targetDate: r.target_date };
    const trend = trendOf(trendGoal, ms.map((m) => ({ date: m.measured_on, value: m.value })), today);
    return {
      ...fields,
      id: r.id,
      childId: r.child_id,
      version: r.version,
      status: r.status,
      agreement: r.agreed_by && r.agreed_at && r.agreed_version
        ? { by: names.get(r.agreed_by)?.name ?? '', at: r.agreed_at.toISOString(), version: r.agreed_version }
        : null,
      statusReason: r.status_reason,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      trend,
      attention: attentionFor(trendGoal, trend, today),
      measurements: ms.slice(-CHART_POINTS).map((m) => toMeasurement(m, names)),
      ...withTranslation(translations.get(contentKey('goal', r.id))),
    };
  });
}

function sortGoals(rows: GoalRow[]): GoalRow[] {
  return [...rows].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.priority - b.priority || a.created_at.getTime() - b.created_at.getTime());
}

async function lockGoal(tx: Executor, access: ChildAccess, goalId: string): Promise<GoalRow> {
  if (!/^[0-9a-f-]{36}$/i.test(goalId)) throw notFound();
  const row = await tx.selectFrom('goal').selectAll().where('id', '=', goalId).where('child_id', '=', access.childId).forUpdate().executeTakeFirst();
  if (!row || !visibleTo(access, row)) throw notFound();
  return row;
}

export function registerPlanRoutes(app: App, deps: Deps): void {
  /** Writes the history row and the audit row for one change to a goal. */
  async function record(tx: Executor, request: Parameters<typeof auditContext>[0], access: ChildAccess, row: GoalRow, kind: Event, action: string, extra: { comment?: string; changes?: Record<string, { before: unknown; after: unknown }> } = {}) {
    const actor = requireActor(request);
    await tx.insertInto('goal_event').values({
      goal_id: row.id, child_id: row.child_id, version: row.version, kind, actor_id: actor.userId, actor_role: access.role ?? (access.isClinicAdmin ? 'admin' : null),
      comment: extra.comment ?? '', changes: JSON.stringify(extra.changes ?? {}),
      snapshot: JSON.stringify({ ...fieldsOf(row), status: row.status, statusReason: row.status_reason }),
    }).execute();
    await recordAudit(tx, auditContext(request), {
      action, childId: row.child_id, clinicId: row.clinic_id, subjectType: 'goal', subjectId: row.id,
      details: { version: row.version, status: row.status, ...(extra.changes ? { fields: Object.keys(extra.changes) } : {}) },
    });
  }

  async function answer(request: Parameters<typeof requireActor>[0], access: ChildAccess, row: GoalRow) {
    const [goal] = await present(deps, access, [row], requireActor(request).locale);
    if (!goal) throw notFound();
    return goal;
  }

  app.get('/api/children/:childId/goals', {
    config: { child: 'plan.view' },
    schema: { tags: ['plan'], params: ChildId, response: { 200: GoalList } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'goal.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return deps.db.selectFrom('goal').selectAll().where('child_id', '=', access.childId).execute();
    });
    return { goals: await present(deps, access, sortGoals(rows.filter((r) => visibleTo(access, r))), requireActor(request).locale) };
  });

  app.post('/api/children/:childId/goals', {
    config: { child: 'plan.edit' },
    schema: { tags: ['plan'], params: ChildId, body: CreateGoalRequest, response: { 201: Goal } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    checkGoal(request.body);
    const b = request.body;
    const { row, mails } = await deps.db.transaction().execute(async (tx) => {
      const created = await tx.insertInto('goal').values({
        clinic_id: access.clinicId, child_id: access.childId, status: 'proposed', created_by: actor.userId, updated_at: deps.clock(),
        ...columnsOf(b), area: b.area, statement: b.statement, measure: b.measure, target: b.target, settings: [...new Set(b.settings)],
      }).returningAll().executeTakeFirstOrThrow();
      await record(tx, request, access, created, 'created', 'goal.create');
      return { row: created, mails: await notifyGoalProposed(deps, tx, created, actor.userId) };
    });
    await afterCommit(deps, mails);
    return reply.status(201).send(await answer(request, access, row));
  });

  app.post('/api/children/:childId/goals/suggest', {
    config: { child: 'plan.agree' },
    schema: { tags: ['plan'], params: ChildId, body: SuggestGoalRequest, response: { 201: Goal } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      // The therapist turns a suggestion into a measurable goal; until then a 1–5 rating at home.
      const created = await tx.insertInto('goal').values({
        clinic_id: access.clinicId, child_id: access.childId, status: 'suggested', created_by: actor.userId, updated_at: deps.clock(),
        area: b.area, statement: b.statement, priority: b.priority, why_it_matters: b.whyItMatters,
        measure: 'rating', target: 4, settings: ['home'],
      }).returningAll().executeTakeFirstOrThrow();
      await record(tx, request, access, created, 'suggested', 'goal.suggest');
      return created;
    });
    return reply.status(201).send(await answer(request, access, row));
  });

  app.patch('/api/children/:childId/goals/:goalId', {
    config: { child: 'plan.edit' },
    schema: { tags: ['plan'], params: ChildGoalParams, body: UpdateGoalRequest, response: { 200: Goal } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const mails: string[] = [];
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockGoal(tx, access, request.params.goalId);
      if (current.status === 'met' || current.status === 'discontinued') throw new AppError('conflict', 409, 'This goal is closed. Start a new goal instead.');
      const before = fieldsOf(current);
      const patch = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined)) as Partial<GoalFields>;
      const after: GoalFields = { ...before, ...patch };
      checkGoal(after);
      const changes = changedFields(before, after);
      if (Object.keys(changes).length === 0) return current;
      const substance = SUBSTANCE.some((k) => k in changes);
      const reopen = substance && (current.status === 'agreed' || current.status === 'changes_requested' || current.status === 'suggested');
      const updated = await tx.updateTable('goal').set({
        ...columnsOf(request.body), version: current.version + 1, updated_at: deps.clock(),
        ...(reopen ? { status: 'proposed' as const } : {}),
      }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await record(tx, request, access, updated, 'revised', 'goal.revise', {
        changes: reopen ? { ...changes, status: { before: current.status, after: 'proposed' } } : changes,
      });
      // A change of substance asks the family again.
      if (updated.status === 'proposed' && substance) mails.push(...await notifyGoalProposed(deps, tx, updated, requireActor(request).userId));
      return updated;
    });
    await afterCommit(deps, mails);
    return answer(request, access, row);
  });

  app.post('/api/children/:childId/goals/:goalId/response', {
    config: { child: 'plan.agree' },
    schema: { tags: ['plan'], params: ChildGoalParams, body: RespondToGoalRequest, response: { 200: Goal } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (access.role !== 'guardian') throw new AppError('forbidden', 403, 'Only a parent or guardian agrees to the plan.');
    const b = request.body;
    const mails: string[] = [];
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockGoal(tx, access, request.params.goalId);
      if (!OPEN_FOR_AGREEMENT.has(current.status)) throw new AppError('conflict', 409, current.status === 'suggested' ? 'The therapist has not written this goal up yet.' : 'This goal is not waiting for agreement.');
      if (b.version !== current.version) {
        throw new AppError('conflict', 409, 'The goal changed since you read it. Read it again before you answer.', [{ path: ['version'], message: 'The goal changed since you read it.' }]);
      }
      const now = deps.clock();
      const updated = b.decision === 'agree'
        ? await tx.updateTable('goal').set({ status: 'agreed', agreed_by: actor.userId, agreed_at: now, agreed_version: current.version, updated_at: now })
          .where('id', '=', current.id).returningAll().executeTakeFirstOrThrow()
        : await tx.updateTable('goal').set({ status: 'changes_requested', updated_at: now })
          .where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await record(tx, request, access, updated, b.decision === 'agree' ? 'agreed' : 'change_requested', b.decision === 'agree' ? 'goal.agree' : 'goal.request_change', {
        comment: b.comment, changes: { status: { before: current.status, after: updated.status } },
      });
      if (updated.status === 'agreed') mails.push(...await notifyGoalAgreed(deps, tx, updated, actor.userId));
      return updated;
    });
    await afterCommit(deps, mails);
    return answer(request, access, row);
  });

  app.put('/api/children/:childId/goals/:goalId/priority', {
    config: { child: 'plan.agree' },
    schema: { tags: ['plan'], params: ChildGoalParams, body: UpdateGoalPriorityRequest, response: { 200: Goal } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockGoal(tx, access, request.params.goalId);
      const before = fieldsOf(current);
      const after = { ...before, priority: b.priority, whyItMatters: b.whyItMatters ?? before.whyItMatters };
      const changes = changedFields(before, after);
      if (Object.keys(changes).length === 0) return current;
      const updated = await tx.updateTable('goal').set({ priority: after.priority, why_it_matters: after.whyItMatters, updated_at: deps.clock() })
        .where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await record(tx, request, access, updated, 'priority_changed', 'goal.priority', { changes });
      return updated;
    });
    return answer(request, access, row);
  });

  app.post('/api/children/:childId/goals/:goalId/status', {
    config: { child: 'plan.edit' },
    schema: { tags: ['plan'], params: ChildGoalParams, body: ChangeGoalStatusRequest, response: { 200: Goal } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const b = request.body;
    const mails: string[] = [];
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockGoal(tx, access, request.params.goalId);
      const allowed: Record<typeof b.status, GoalRow['status'][]> = {
        agreed: ['paused'],
        paused: ['agreed'],
        met: ['agreed', 'paused'],
        discontinued: ['suggested', 'proposed', 'changes_requested', 'agreed', 'paused'],
      };
      if (!allowed[b.status].includes(current.status)) throw badField('status', `A ${current.status.replace('_', ' ')} goal cannot become ${b.status}.`);
      if ((b.status === 'paused' || b.status === 'discontinued') && b.reason === '') throw badField('reason', 'Say why, so the family knows.');
      const updated = await tx.updateTable('goal').set({ status: b.status, status_reason: b.reason, updated_at: deps.clock() })
        .where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await record(tx, request, access, updated, 'status_changed', 'goal.status', { comment: b.reason, changes: { status: { before: current.status, after: b.status } } });
      if (b.status === 'met') {
        const child = await tx.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
        const milestone = await celebrateGoalMet(tx, auditContext(request), updated, { userId: requireActor(request).userId, role: access.role }, localDate(deps.clock(), child.time_zone));
        if (milestone) mails.push(...await notifyMilestone(deps, tx, milestone, requireActor(request).userId));
      }
      return updated;
    });
    await afterCommit(deps, mails);
    return answer(request, access, row);
  });

  app.get('/api/children/:childId/goals/:goalId/history', {
    config: { child: 'plan.view' },
    schema: { tags: ['plan'], params: ChildGoalParams, response: { 200: GoalHistory } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const events = await deps.db.transaction().execute(async (tx) => {
      const goal = await lockGoal(tx, access, request.params.goalId);
      await recordAudit(tx, auditContext(request), { action: 'goal.history', childId: access.childId, clinicId: access.clinicId, subjectType: 'goal', subjectId: goal.id });
      return tx.selectFrom('goal_event').selectAll().where('goal_id', '=', goal.id).orderBy('created_at').orderBy('version').execute();
    });
    const names = await teamNames(deps.db, access.childId, events.map((e) => e.actor_id));
    return { events: events.map((e) => toGoalEvent(e, names)) };
  });

  app.post('/api/children/:childId/goals/:goalId/measurements', {
    config: { child: 'plan.measure' },
    schema: { tags: ['plan'], params: ChildGoalParams, body: RecordMeasurementRequest, response: { 201: Measurement } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const saved = await deps.db.transaction().execute(async (tx) => {
      const goal = await lockGoal(tx, access, request.params.goalId);
      if (!MEASURABLE.has(goal.status)) throw new AppError('conflict', 409, 'This goal is not being worked on now, so it takes no new measurements.');
      checkValue(goal.measure, b.value, b.opportunities);
      if (!goal.settings.includes(b.setting)) throw badField('setting', `This goal is measured at ${goal.settings.join(', ')}.`);
      if (!ownSettings(access).includes(b.setting)) throw badField('setting', `You record measurements for ${ownSettings(access).join(', ')}.`);
      const child = await tx.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
      if (b.date > localDate(deps.clock(), child.time_zone)) throw badField('date', 'The date cannot be in the future.');
      const m = await tx.insertInto('measurement').values({
        goal_id: goal.id, child_id: goal.child_id, value: b.value, opportunities: b.opportunities ?? null, measured_on: b.date,
        setting: b.setting, note: b.note, recorded_by: actor.userId, recorder_role: access.role,
      }).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'measurement.record', childId: goal.child_id, clinicId: goal.clinic_id, subjectType: 'measurement', subjectId: m.id,
        details: { goalId: goal.id, setting: b.setting },
      });
      return m;
    });
    const names = await teamNames(deps.db, access.childId, [actor.userId]);
    return reply.status(201).send(toMeasurement(saved, names));
  });
}
