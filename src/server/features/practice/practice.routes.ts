// Home practice: a therapist assigns practice (steps, how often, for how long); the family logs it
// in a tap. Every change to an item is a practice_event keeping the item as it stood; logs are
// never rewritten (a second log for the same day is the newer word on that day).
import type { Selectable } from 'kysely';
import {
  ChangePracticeStatusRequest, ChildPracticeParams, CreatePracticeRequest, LogPracticeRequest, PracticeHistory, PracticeItem,
  PracticeList, PracticeLog, PracticeReminder, TodayResponse, UpdatePracticeReminderRequest, UpdatePracticeRequest, type DayState,
} from '../../../contract/practice.ts';
import { ChildId } from '../../../contract/children.ts';
import { TeamRole } from '../../../contract/access.ts';
import { loadChildAccess, type ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { PracticeEventTable, PracticeItemTable, PracticeLogTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { addDays, localDate, weekStart } from '../children/calendar.ts';
import { adminClinics, listChildrenFor } from '../children/children.repository.ts';
import { changedFields, teamNames, type TeamNames } from '../children/team-names.ts';
import { mediaKind } from '../../../contract/upload-rules.ts';
import type { OwnerCheck } from '../../uploads/uploads.routes.ts';
import { attachUploads, uploadTypes } from '../../uploads/uploads.service.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { notifyPracticeAssigned } from '../notifications/events.ts';
import { withPracticeTranslations } from './practice.service.ts';
import { placeReminder, replaceReminders } from './reminders.ts';
import { dayPlan, listedDays, normalizeRule, ScheduleError, type Schedule } from './schedule.ts';

type ItemRow = Selectable<PracticeItemTable>;
type LogRow = Selectable<PracticeLogTable>;

/** A phone that was offline may send a log days later; older than this, the family is asked to note it instead. */
const LOG_DAYS_BACK = 7;
const STATUS_ORDER: Record<ItemRow['status'], number> = { active: 0, paused: 1, ended: 2 };

type Fields = {
  title: string; goalIds: string[]; steps: string[]; schedule: { rule: string; timesPerWeek: number | null };
  minutes: number | null; startDate: string; endDate: string | null; watchFor: string; stepImageIds: (string | null)[]; clipId: string | null;
};

function fieldsOf(r: ItemRow): Fields {
  return {
    title: r.title, goalIds: r.goal_ids, steps: r.steps, schedule: { rule: r.rule, timesPerWeek: r.times_per_week },
    minutes: r.minutes, startDate: r.start_date, endDate: r.end_date, watchFor: r.watch_for, stepImageIds: r.step_images, clipId: r.clip_id,
  };
}

function columnsOf(f: Fields) {
  return {
    title: f.title, goal_ids: f.goalIds, steps: JSON.stringify(f.steps), rule: f.schedule.rule, times_per_week: f.schedule.timesPerWeek,
    minutes: f.minutes, start_date: f.startDate, end_date: f.endDate, watch_for: f.watchFor,
    step_images: JSON.stringify(f.stepImageIds), clip_id: f.clipId,
  };
}

/** The item's pictures and clip, attached to it in the same transaction (400 naming the field otherwise). */
async function attachMedia(tx: Executor, row: ItemRow, userId: string, now: Date): Promise<void> {
  await attachUploads(tx, {
    childId: row.child_id, userId, owner: { type: 'practice_item', id: row.id }, now,
    uploads: [
      ...row.step_images.flatMap((id, i) => (id === null ? [] : [{ id, purpose: 'practice_image' as const, field: `stepImageIds.${i}` }])),
      ...(row.clip_id === null ? [] : [{ id: row.clip_id, purpose: 'practice_clip' as const, field: 'clipId' }]),
    ],
  });
}

/** A practice item's pictures and clip are seen by whoever may see its practice. */
export const practiceItemVisible: OwnerCheck = async (db, access, _userId, itemId) => {
  if (!access.permissions.includes('practice.view')) return false;
  const row = await db.selectFrom('practice_item').select('id').where('id', '=', itemId).where('child_id', '=', access.childId).executeTakeFirst();
  return row !== undefined;
};

const scheduleOf = (r: ItemRow): Schedule => ({ rule: r.rule, timesPerWeek: r.times_per_week, startDate: r.start_date, endDate: r.end_date });

/** The item's fields checked together; the rule is written back in its one canonical form. */
async function checkFields(db: Executor, childId: string, f: Fields): Promise<Fields> {
  let rule: string;
  try {
    rule = normalizeRule(f.schedule.rule);
  } catch (error) {
    if (error instanceof ScheduleError) throw badField('schedule.rule', error.message);
    throw error;
  }
  if (f.endDate !== null && f.endDate < f.startDate) throw badField('endDate', 'The end date is after the start date.');
  // One canonical form, so "no picture on the last step" is never a change of its own.
  const stepImageIds = [...f.stepImageIds];
  while (stepImageIds.length > 0 && stepImageIds[stepImageIds.length - 1] === null) stepImageIds.pop();
  if (stepImageIds.length > f.steps.length) throw badField('stepImageIds', 'There is a picture for a step that does not exist.');
  const goalIds = [...new Set(f.goalIds)];
  if (goalIds.length > 0) {
    const found = await db.selectFrom('goal').select('id').where('child_id', '=', childId).where('id', 'in', goalIds).execute();
    if (found.length !== goalIds.length) throw badField('goalIds', 'Link goals of this child only.');
  }
  const probe: Schedule = { rule, timesPerWeek: f.schedule.timesPerWeek, startDate: f.startDate, endDate: f.endDate };
  if (listedDays(probe, f.startDate, f.endDate ?? addDays(f.startDate, 60)).length === 0) {
    throw badField('schedule.rule', 'No practice day falls between the start and end dates.');
  }
  return { ...f, goalIds, stepImageIds, schedule: { ...f.schedule, rule } };
}

/** What each day of this week looks like: the latest log of the day wins over "due". */
function weekOf(r: ItemRow, logs: readonly (LogRow & { logger_name: string })[], today: string) {
  const monday = weekStart(today);
  const done = new Set(logs.filter((l) => l.outcome !== 'skipped').map((l) => l.practice_date));
  const latest = new Map<string, LogRow & { logger_name: string }>();
  for (const l of logs) latest.set(l.practice_date, l); // logs come oldest first
  return Array.from({ length: 7 }, (_, i) => {
    const date = addDays(monday, i);
    const logged = latest.get(date);
    const state: DayState = logged?.outcome ?? (r.status === 'active' && dayPlan(scheduleOf(r), date, done).due ? 'due' : 'none');
    return { date, state, by: logged ? { id: logged.logged_by, name: logged.logger_name, role: TeamRole.safeParse(logged.logger_role).data ?? null } : null };
  });
}

function toLog(l: LogRow, names: TeamNames) {
  return {
    id: l.id, itemId: l.item_id, date: l.practice_date, outcome: l.outcome, howItWent: l.how_it_went, minutes: l.minutes, note: l.note,
    by: names.get(l.logged_by) ?? { name: '', role: null }, at: l.created_at.toISOString(),
  };
}

/** A week without a practice log or journal entry, for children who have practice to do. */
const QUIET_DAYS = 7;

/** Of these children, those with active practice whose family logged nothing for a week. */
export async function quietChildren(db: Executor, childIds: readonly string[], now: Date): Promise<Set<string>> {
  if (childIds.length === 0) return new Set();
  const since = new Date(now.getTime() - QUIET_DAYS * 86_400_000);
  const rows = await db.selectFrom('practice_item as p').select('p.child_id').distinct()
    .where('p.child_id', 'in', childIds).where('p.status', '=', 'active')
    .where('p.created_at', '<', since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('practice_log as l').select('l.id').whereRef('l.child_id', '=', 'p.child_id').where('l.created_at', '>=', since))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('journal_entry as j').select('j.id').whereRef('j.child_id', '=', 'p.child_id').where('j.created_at', '>=', since))))
    .execute();
  return new Set(rows.map((r) => r.child_id));
}

/** Items as the family sees them today: fields, whether due, and this week's strip. */
export async function presentItems(db: Executor, rows: readonly ItemRow[], timeZone: string, now: Date) {
  const today = localDate(now, timeZone);
  const monday = weekStart(today);
  const logs = rows.length === 0 ? [] : await db.selectFrom('practice_log').innerJoin('app_user', 'app_user.id', 'practice_log.logged_by')
    .selectAll('practice_log').select('app_user.name as logger_name')
    .where('practice_log.item_id', 'in', rows.map((r) => r.id))
    .where('practice_log.practice_date', '>=', monday).where('practice_log.practice_date', '<=', addDays(monday, 6))
    .orderBy('practice_log.created_at').execute();
  const types = await uploadTypes(db, rows.map((r) => r.clip_id));
  return {
    today,
    items: rows.map((r) => {
      const mine = logs.filter((l) => l.item_id === r.id);
      const plan = dayPlan(scheduleOf(r), today, new Set(mine.filter((l) => l.outcome !== 'skipped').map((l) => l.practice_date)));
      const clipType = r.clip_id === null ? undefined : types.get(r.clip_id);
      const clipKind = clipType === undefined ? null : mediaKind(clipType);
      return {
        ...fieldsOf(r),
        clipKind: clipKind === 'audio' || clipKind === 'video' ? clipKind : null,
        id: r.id, childId: r.child_id, version: r.version, status: r.status, statusReason: r.status_reason,
        dueToday: r.status === 'active' && plan.due,
        remainingThisWeek: plan.remainingThisWeek,
        week: weekOf(r, mine, today),
        createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
      };
    }),
  };
}

export function registerPracticeRoutes(app: App, deps: Deps): void {
  async function record(tx: Executor, request: Parameters<typeof auditContext>[0], access: ChildAccess, row: ItemRow, kind: PracticeEventTable['kind'], action: string, extra: { comment?: string; changes?: Record<string, { before: unknown; after: unknown }> } = {}) {
    const actor = requireActor(request);
    await tx.insertInto('practice_event').values({
      item_id: row.id, child_id: row.child_id, version: row.version, kind, actor_id: actor.userId, actor_role: access.role ?? (access.isClinicAdmin ? 'admin' : null),
      comment: extra.comment ?? '', changes: JSON.stringify(extra.changes ?? {}),
      snapshot: JSON.stringify({ ...fieldsOf(row), status: row.status, statusReason: row.status_reason }),
    }).execute();
    await recordAudit(tx, auditContext(request), {
      action, childId: row.child_id, clinicId: row.clinic_id, subjectType: 'practice', subjectId: row.id,
      details: { version: row.version, status: row.status, ...(extra.changes ? { fields: Object.keys(extra.changes) } : {}) },
    });
    await replaceReminders(tx, row.child_id);
  }

  async function timeZoneOf(db: Executor, childId: string): Promise<string> {
    return (await db.selectFrom('child').select('time_zone').where('id', '=', childId).executeTakeFirstOrThrow()).time_zone;
  }

  async function answer(request: Parameters<typeof requireActor>[0], row: ItemRow) {
    const { items } = await presentItems(deps.db, [row], await timeZoneOf(deps.db, row.child_id), deps.clock());
    const [item] = await withPracticeTranslations(deps, items, [row], requireActor(request).locale);
    if (!item) throw notFound();
    return item;
  }

  async function lockItem(tx: Executor, access: ChildAccess, itemId: string): Promise<ItemRow> {
    if (!/^[0-9a-f-]{36}$/i.test(itemId)) throw notFound();
    const row = await tx.selectFrom('practice_item').selectAll().where('id', '=', itemId).where('child_id', '=', access.childId).forUpdate().executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  app.get('/api/children/:childId/practice', {
    config: { child: 'practice.view' },
    schema: { tags: ['practice'], params: ChildId, response: { 200: PracticeList } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'practice.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return deps.db.selectFrom('practice_item').selectAll().where('child_id', '=', access.childId).execute();
    });
    rows.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.created_at.getTime() - b.created_at.getTime());
    const { today, items } = await presentItems(deps.db, rows, await timeZoneOf(deps.db, access.childId), deps.clock());
    return { today, items: await withPracticeTranslations(deps, items, rows, requireActor(request).locale) };
  });

  app.get('/api/today', {
    schema: { tags: ['practice'], response: { 200: TodayResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    const reachable = await listChildrenFor(deps.db, actor.userId, adminClinics(actor.clinics));
    const access = await loadChildAccess(deps.db, actor.userId, reachable.map((c) => c.id));
    // Today is for the people who practise at home: the family and those they asked to help.
    const mine = reachable.filter((c) => {
      const a = access.get(c.id);
      return a && (a.role === 'guardian' || a.role === 'caregiver') && a.permissions.includes('practice.log');
    });
    if (mine.length === 0) return { children: [] };
    const ids = mine.map((c) => c.id);
    const { rows, zones } = await deps.db.transaction().execute(async (tx) => {
      for (const a of ids.map((id) => access.get(id)).filter((a) => a !== undefined)) {
        await recordAudit(tx, auditContext(request), { action: 'practice.today', childId: a.childId, clinicId: a.clinicId, subjectType: 'child', subjectId: a.childId });
      }
      return {
        rows: await tx.selectFrom('practice_item').selectAll().where('child_id', 'in', ids).where('status', '=', 'active').orderBy('created_at').execute(),
        zones: await tx.selectFrom('child').select(['id', 'time_zone']).where('id', 'in', ids).execute(),
      };
    });
    const zoneOf = new Map(zones.map((z) => [z.id, z.time_zone]));
    return {
      children: await Promise.all(mine.map(async (c) => {
        const mineRows = rows.filter((r) => r.child_id === c.id);
        const { today, items } = await presentItems(deps.db, mineRows, zoneOf.get(c.id) ?? 'UTC', deps.clock());
        // Practice that has not started or has ended is not today's business.
        const current = items.filter((i) => i.startDate <= today && (i.endDate === null || i.endDate >= today));
        return { childId: c.id, firstName: c.firstName, today, items: await withPracticeTranslations(deps, current, mineRows.filter((r) => current.some((i) => i.id === r.id)), actor.locale) };
      })),
    };
  });

  app.post('/api/children/:childId/practice', {
    config: { child: 'plan.edit' },
    schema: { tags: ['practice'], params: ChildId, body: CreatePracticeRequest, response: { 201: PracticeItem } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { row, mails } = await deps.db.transaction().execute(async (tx) => {
      const fields = await checkFields(tx, access.childId, request.body);
      const created = await tx.insertInto('practice_item').values({
        clinic_id: access.clinicId, child_id: access.childId, created_by: actor.userId, updated_at: deps.clock(), ...columnsOf(fields),
      }).returningAll().executeTakeFirstOrThrow();
      await attachMedia(tx, created, actor.userId, deps.clock());
      await record(tx, request, access, created, 'created', 'practice.create');
      return { row: created, mails: await notifyPracticeAssigned(deps, tx, created, actor.userId) };
    });
    await afterCommit(deps, mails);
    return reply.status(201).send(await answer(request, row));
  });

  app.patch('/api/children/:childId/practice/:itemId', {
    config: { child: 'plan.edit' },
    schema: { tags: ['practice'], params: ChildPracticeParams, body: UpdatePracticeRequest, response: { 200: PracticeItem } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockItem(tx, access, request.params.itemId);
      if (current.status === 'ended') throw new AppError('conflict', 409, 'This practice has ended. Assign a new one instead.');
      const before = fieldsOf(current);
      const patch = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined)) as Partial<Fields>;
      // Fewer steps without new pictures: the pictures of the steps that went go with them.
      if (patch.steps && !patch.stepImageIds) patch.stepImageIds = before.stepImageIds.slice(0, patch.steps.length);
      const after = await checkFields(tx, access.childId, { ...before, ...patch });
      const changes = changedFields(before, after);
      if (Object.keys(changes).length === 0) return current;
      const updated = await tx.updateTable('practice_item').set({ ...columnsOf(after), version: current.version + 1, updated_at: deps.clock() })
        .where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await attachMedia(tx, updated, actor.userId, deps.clock());
      await record(tx, request, access, updated, 'revised', 'practice.revise', { changes });
      return updated;
    });
    return answer(request, row);
  });

  app.post('/api/children/:childId/practice/:itemId/status', {
    config: { child: 'plan.edit' },
    schema: { tags: ['practice'], params: ChildPracticeParams, body: ChangePracticeStatusRequest, response: { 200: PracticeItem } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockItem(tx, access, request.params.itemId);
      const allowed: Record<typeof b.status, ItemRow['status'][]> = { active: ['paused'], paused: ['active'], ended: ['active', 'paused'] };
      if (!allowed[b.status].includes(current.status)) throw badField('status', `A practice that is ${current.status} cannot become ${b.status}.`);
      const updated = await tx.updateTable('practice_item').set({ status: b.status, status_reason: b.reason, updated_at: deps.clock() })
        .where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await record(tx, request, access, updated, 'status_changed', 'practice.status', { comment: b.reason, changes: { status: { before: current.status, after: b.status } } });
      return updated;
    });
    return answer(request, row);
  });

  async function reminderFor(db: Executor, userId: string, childId: string) {
    const row = await db.selectFrom('practice_reminder').selectAll().where('user_id', '=', userId).where('child_id', '=', childId).executeTakeFirst();
    const user = await db.selectFrom('app_user').select('time_zone').where('id', '=', userId).executeTakeFirstOrThrow();
    const zone = user.time_zone ?? (await timeZoneOf(db, childId));
    return { enabled: row?.enabled ?? false, time: row?.remind_at.slice(0, 5) ?? null, timeZone: zone, nextAt: row?.enabled && row.next_date ? row.next_at?.toISOString() ?? null : null };
  }

  app.get('/api/children/:childId/reminder', {
    config: { child: 'practice.log' },
    schema: { tags: ['practice'], params: ChildId, response: { 200: PracticeReminder } },
  }, async (request) => reminderFor(deps.db, requireActor(request).userId, requireChildAccess(request).childId));

  app.put('/api/children/:childId/reminder', {
    config: { child: 'practice.log' },
    schema: { tags: ['practice'], params: ChildId, body: UpdatePracticeReminderRequest, response: { 200: PracticeReminder } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (access.role !== 'guardian' && access.role !== 'caregiver') throw new AppError('forbidden', 403, 'Practice reminders are for the family.');
    const b = request.body;
    await deps.db.transaction().execute(async (tx) => {
      const user = await tx.selectFrom('app_user').select(['time_zone', 'quiet_start', 'quiet_end']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const childTz = await timeZoneOf(tx, access.childId);
      const next = b.enabled ? await placeReminder(tx, { child_id: access.childId, remind_at: b.time, user_tz: user.time_zone, quiet_start: user.quiet_start, quiet_end: user.quiet_end, child_tz: childTz }, deps.clock()) : null;
      const values = { remind_at: b.time, enabled: b.enabled, next_at: b.enabled ? next?.at ?? new Date(deps.clock().getTime() + 86_400_000) : null, next_date: next?.date ?? null, updated_at: deps.clock() };
      await tx.insertInto('practice_reminder').values({ user_id: actor.userId, child_id: access.childId, ...values })
        .onConflict((oc) => oc.columns(['user_id', 'child_id']).doUpdateSet(values)).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'practice.reminder', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId,
        details: { enabled: b.enabled, time: b.time },
      });
    });
    return reminderFor(deps.db, actor.userId, access.childId);
  });

  app.get('/api/children/:childId/practice/:itemId/history', {
    config: { child: 'practice.view' },
    schema: { tags: ['practice'], params: ChildPracticeParams, response: { 200: PracticeHistory } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const { events, logs } = await deps.db.transaction().execute(async (tx) => {
      const item = await lockItem(tx, access, request.params.itemId);
      await recordAudit(tx, auditContext(request), { action: 'practice.history', childId: access.childId, clinicId: access.clinicId, subjectType: 'practice', subjectId: item.id });
      return {
        events: await tx.selectFrom('practice_event').selectAll().where('item_id', '=', item.id).orderBy('created_at').orderBy('version').execute(),
        logs: await tx.selectFrom('practice_log').selectAll().where('item_id', '=', item.id).orderBy('practice_date', 'desc').orderBy('created_at', 'desc').limit(200).execute(),
      };
    });
    const names = await teamNames(deps.db, access.childId, [...events.map((e) => e.actor_id), ...logs.map((l) => l.logged_by)]);
    return {
      events: events.map((e) => ({
        id: e.id, version: e.version, kind: e.kind, by: names.get(e.actor_id) ?? { name: '', role: null },
        at: e.created_at.toISOString(), comment: e.comment, changes: e.changes,
      })),
      logs: logs.map((l) => toLog(l, names)),
    };
  });

  app.post('/api/children/:childId/practice/:itemId/logs', {
    config: { child: 'practice.log' },
    schema: { tags: ['practice'], params: ChildPracticeParams, body: LogPracticeRequest, response: { 201: PracticeLog } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const saved = await deps.db.transaction().execute(async (tx) => {
      const item = await lockItem(tx, access, request.params.itemId);
      const today = localDate(deps.clock(), await timeZoneOf(tx, access.childId));
      if (b.date > today) throw badField('date', 'The date cannot be in the future.');
      if (b.date < addDays(today, -LOG_DAYS_BACK)) throw badField('date', `Practice can be logged up to ${LOG_DAYS_BACK} days back.`);
      if (b.date < item.start_date || (item.end_date !== null && b.date > item.end_date)) throw badField('date', 'This practice did not run on that date.');
      const log = await tx.insertInto('practice_log').values({
        item_id: item.id, child_id: item.child_id, practice_date: b.date, outcome: b.outcome, how_it_went: b.howItWent, minutes: b.minutes,
        note: b.note, logged_by: actor.userId, logger_role: access.role,
      }).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'practice.log', childId: item.child_id, clinicId: item.clinic_id, subjectType: 'practice_log', subjectId: log.id,
        details: { itemId: item.id, outcome: b.outcome },
      });
      return log;
    });
    const names = await teamNames(deps.db, access.childId, [actor.userId]);
    return reply.status(201).send(toLog(saved, names));
  });
}
