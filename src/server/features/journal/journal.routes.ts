// The home journal: behaviour moments, sleep, eating, mood, wins and notes, written in seconds by
// the family or the school. Each entry has a visibility; only its author corrects it, and every
// wording is kept. Who may read what is decided in the WHERE clause, never after the query.
import { sql, type Selectable } from 'kysely';
import {
  ChildEntryParams, CorrectJournalEntryRequest, CreateJournalEntryRequest, JournalEntry, JournalEntryHistory, JournalList, JournalQuery,
  SinceLastSession, SinceQuery, UpdateJournalSettingsRequest, type JournalContent,
} from '../../../contract/journal.ts';
import { ChildId } from '../../../contract/children.ts';
import type { ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Database, JournalEntryTable } from '../../db/schema.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { addDays, localDate } from '../children/calendar.ts';
import { teamNames, type TeamNames } from '../children/team-names.ts';
import { plannedBetween } from '../practice/schedule.ts';
import type { OwnerCheck } from '../../uploads/uploads.routes.ts';
import { attachUploads, checkUploads, pictureSizes } from '../../uploads/uploads.service.ts';
import type { PictureSize } from '../../../contract/upload-rules.ts';
import { notifyJournalFlagged } from '../notifications/events.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { canRead, readableBy } from './journal.repository.ts';
import { withEntryTranslations } from './journal.service.ts';
import { afterShortNights, byTimeOfDay, byWeekday, hoursAsleep, type Incident, type Night } from './patterns.ts';

type EntryRow = Selectable<JournalEntryTable>;

/** A phone that was offline may send an entry days later; nothing older than this is new. */
const DAYS_BACK = 14;
/** Patterns look at this many weeks, whatever stretch "since last session" covers. */
const PATTERN_WEEKS = 8;
/** Without a date, "since last session" covers the last week. */
const SINCE_DAYS = 7;

function toEntry(r: EntryRow, names: TeamNames, userId: string, photos: Map<string, PictureSize>) {
  const by = names.get(r.author_id) ?? { name: '', role: null };
  return {
    id: r.id, childId: r.child_id, content: r.content as JournalContent, date: r.entry_date, time: r.entry_time?.slice(0, 5) ?? null,
    visibility: r.visibility, photoId: r.photo_id, photoSize: (r.photo_id && photos.get(r.photo_id)) || null, flagged: r.flagged, version: r.version, by: { id: r.author_id, ...by }, mine: r.author_id === userId,
    createdAt: r.created_at.toISOString(), correctedAt: r.corrected_at?.toISOString() ?? null,
  };
}

/** An entry's photo is seen by exactly those who may read the entry. */
export const journalEntryVisible: OwnerCheck = async (db, access, userId, entryId) => {
  if (!canRead(access)) return false;
  const row = await db.selectFrom('journal_entry').select('id').where('id', '=', entryId).where('child_id', '=', access.childId)
    .where(readableBy(access, userId)).executeTakeFirst();
  return row !== undefined;
};

/** An entry's photo must be usable before the entry names it (entryId null: a new entry). */
async function checkPhoto(tx: Executor, childId: string, userId: string, photoId: string | null, entryId: string | null): Promise<void> {
  if (photoId === null) return;
  await checkUploads(tx, { childId, userId, owner: { type: 'journal_entry', id: entryId }, uploads: [{ id: photoId, purpose: 'journal_photo', field: 'photoId' }] });
}

async function attachPhoto(tx: Executor, entry: EntryRow, userId: string, now: Date): Promise<void> {
  if (entry.photo_id === null) return;
  await attachUploads(tx, {
    childId: entry.child_id, userId, owner: { type: 'journal_entry', id: entry.id }, now,
    uploads: [{ id: entry.photo_id, purpose: 'journal_photo', field: 'photoId' }],
  });
}

export function registerJournalRoutes(app: App, deps: Deps): void {
  /** The child's zone and default visibility for new entries, in one read. */
  const childSettings = (db: Executor, childId: string) =>
    db.selectFrom('child').select(['time_zone', 'journal_visibility']).where('id', '=', childId).executeTakeFirstOrThrow();

  function checkDate(timeZone: string, date: string): void {
    const today = localDate(deps.clock(), timeZone);
    if (date > today) throw badField('date', 'The date cannot be in the future.');
    if (date < addDays(today, -DAYS_BACK)) throw badField('date', `Entries can be written up to ${DAYS_BACK} days back.`);
  }

  async function findReadable(db: Executor, access: ChildAccess, userId: string, entryId: string, lock = false): Promise<EntryRow> {
    if (!/^[0-9a-f-]{36}$/i.test(entryId) || !canRead(access)) throw notFound();
    let q = db.selectFrom('journal_entry').selectAll().where('id', '=', entryId).where('child_id', '=', access.childId).where(readableBy(access, userId));
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  app.get('/api/children/:childId/journal', {
    config: { child: 'child.view' },
    schema: { tags: ['journal'], params: ChildId, querystring: JournalQuery, response: { 200: JournalList } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (!canRead(access)) throw notFound();
    const { kind, from, to } = request.query;
    const { rows, child } = await auditedRead(deps.db, auditContext(request), { action: 'journal.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      let q = deps.db.selectFrom('journal_entry').selectAll().where('child_id', '=', access.childId).where(readableBy(access, actor.userId));
      if (kind) q = q.where('kind', '=', kind);
      if (from) q = q.where('entry_date', '>=', from);
      if (to) q = q.where('entry_date', '<=', to);
      return {
        rows: await q.orderBy('entry_date', 'desc').orderBy(sql`entry_time desc nulls last`).orderBy('created_at', 'desc').limit(300).execute(),
        child: await deps.db.selectFrom('child').select('journal_visibility').where('id', '=', access.childId).executeTakeFirstOrThrow(),
      };
    });
    const names = await teamNames(deps.db, access.childId, rows.map((r) => r.author_id));
    const photos = await pictureSizes(deps.db, rows.map((r) => r.photo_id));
    const entries = rows.map((r) => toEntry(r, names, actor.userId, photos));
    return { entries: await withEntryTranslations(deps, entries, rows, actor.locale), defaultVisibility: child.journal_visibility };
  });

  app.post('/api/children/:childId/journal', {
    config: { child: 'journal.write' },
    schema: { tags: ['journal'], params: ChildId, body: CreateJournalEntryRequest, response: { 201: JournalEntry } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const { row, mails } = await deps.db.transaction().execute(async (tx) => {
      const child = await childSettings(tx, access.childId);
      checkDate(child.time_zone, b.date);
      const visibility = b.visibility ?? child.journal_visibility;
      if (b.flagged && visibility === 'guardians') throw badField('flagged', 'An entry only for parents cannot be flagged for the therapist.');
      await checkPhoto(tx, access.childId, actor.userId, b.photoId, null);
      const created = await tx.insertInto('journal_entry').values({
        clinic_id: access.clinicId, child_id: access.childId, kind: b.content.kind, content: JSON.stringify(b.content), entry_date: b.date,
        entry_time: b.time, visibility, author_id: actor.userId, author_role: access.role, photo_id: b.photoId, flagged: b.flagged,
      }).returningAll().executeTakeFirstOrThrow();
      await attachPhoto(tx, created, actor.userId, deps.clock());
      await tx.insertInto('journal_entry_version').values({
        entry_id: created.id, child_id: created.child_id, version: 1, content: JSON.stringify(b.content), entry_date: b.date, entry_time: b.time, visibility,
        photo_id: b.photoId,
      }).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'journal.write', childId: access.childId, clinicId: access.clinicId, subjectType: 'journal_entry', subjectId: created.id,
        details: { kind: b.content.kind, visibility, ...(b.flagged ? { flagged: true } : {}) },
      });
      return { row: created, mails: created.flagged ? await notifyJournalFlagged(deps, tx, created, actor.userId) : [] };
    });
    await afterCommit(deps, mails);
    const names = await teamNames(deps.db, access.childId, [actor.userId]);
    return reply.status(201).send(toEntry(row, names, actor.userId, await pictureSizes(deps.db, [row.photo_id])));
  });

  app.put('/api/children/:childId/journal/:entryId', {
    config: { child: 'journal.write' },
    schema: { tags: ['journal'], params: ChildEntryParams, body: CorrectJournalEntryRequest, response: { 200: JournalEntry } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const { row, mails } = await deps.db.transaction().execute(async (tx) => {
      const current = await findReadable(tx, access, actor.userId, request.params.entryId, true);
      if (current.author_id !== actor.userId) throw new AppError('forbidden', 403, 'Only the person who wrote an entry can correct it.');
      if (b.content.kind !== current.kind) throw badField('content.kind', 'A correction keeps the kind of entry.');
      checkDate((await childSettings(tx, access.childId)).time_zone, b.date);
      const flagged = b.visibility === 'guardians' ? false : (b.flagged ?? current.flagged);
      if (b.flagged && b.visibility === 'guardians') throw badField('flagged', 'An entry only for parents cannot be flagged for the therapist.');
      const version = current.version + 1;
      const photoId = b.photoId === undefined ? current.photo_id : b.photoId;
      await checkPhoto(tx, access.childId, actor.userId, photoId, current.id);
      const updated = await tx.updateTable('journal_entry').set({
        content: JSON.stringify(b.content), entry_date: b.date, entry_time: b.time, visibility: b.visibility, version, corrected_at: deps.clock(), photo_id: photoId, flagged,
      }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await attachPhoto(tx, updated, actor.userId, deps.clock());
      await tx.insertInto('journal_entry_version').values({
        entry_id: current.id, child_id: current.child_id, version, content: JSON.stringify(b.content), entry_date: b.date, entry_time: b.time, visibility: b.visibility,
        photo_id: photoId,
      }).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'journal.correct', childId: access.childId, clinicId: access.clinicId, subjectType: 'journal_entry', subjectId: current.id,
        details: { version, visibility: b.visibility, flagged },
      });
      // Flagged now (or visible to the therapists now): they hear of it once.
      return { row: updated, mails: updated.flagged ? await notifyJournalFlagged(deps, tx, updated, actor.userId) : [] };
    });
    await afterCommit(deps, mails);
    const names = await teamNames(deps.db, access.childId, [actor.userId]);
    return toEntry(row, names, actor.userId, await pictureSizes(deps.db, [row.photo_id]));
  });

  app.get('/api/children/:childId/journal/:entryId/history', {
    config: { child: 'child.view' },
    schema: { tags: ['journal'], params: ChildEntryParams, response: { 200: JournalEntryHistory } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const versions = await deps.db.transaction().execute(async (tx) => {
      const entry = await findReadable(tx, access, actor.userId, request.params.entryId);
      await recordAudit(tx, auditContext(request), { action: 'journal.history', childId: access.childId, clinicId: access.clinicId, subjectType: 'journal_entry', subjectId: entry.id });
      return tx.selectFrom('journal_entry_version').selectAll().where('entry_id', '=', entry.id).orderBy('version').execute();
    });
    const photos = await pictureSizes(deps.db, versions.map((v) => v.photo_id));
    return {
      versions: versions.map((v) => ({
        version: v.version, content: v.content as JournalContent, date: v.entry_date, time: v.entry_time?.slice(0, 5) ?? null,
        visibility: v.visibility as 'team' | 'therapists' | 'guardians', photoId: v.photo_id, photoSize: (v.photo_id && photos.get(v.photo_id)) || null, at: v.created_at.toISOString(),
      })),
    };
  });

  app.get('/api/children/:childId/since', {
    config: { child: 'journal.view' },
    schema: { tags: ['journal'], params: ChildId, querystring: SinceQuery, response: { 200: SinceLastSession } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (!access.permissions.includes('practice.view')) throw notFound();
    const child = await deps.db.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
    const to = localDate(deps.clock(), child.time_zone);
    const from = request.query.from ?? addDays(to, -SINCE_DAYS);
    if (from > to) throw badField('from', 'Choose a date in the past.');
    if (from < addDays(to, -366)) throw badField('from', 'Look back a year at most.');
    const patternFrom = addDays(to, -PATTERN_WEEKS * 7 + 1);
    const earliest = from < patternFrom ? from : patternFrom;
    const { items, logs, entries } = await auditedRead(deps.db, auditContext(request), { action: 'journal.since', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return {
        items: await deps.db.selectFrom('practice_item').selectAll().where('child_id', '=', access.childId)
          .where('start_date', '<=', to).where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', from)]))
          .orderBy('created_at').execute(),
        logs: await deps.db.selectFrom('practice_log').selectAll().where('child_id', '=', access.childId)
          .where('practice_date', '>=', from).where('practice_date', '<=', to).orderBy('created_at').execute(),
        entries: await deps.db.selectFrom('journal_entry').selectAll().where('child_id', '=', access.childId).where(readableBy(access, actor.userId))
          .where('entry_date', '>=', earliest).where('entry_date', '<=', to)
          .orderBy('entry_date', 'desc').orderBy(sql`entry_time desc nulls last`).orderBy('created_at', 'desc').execute(),
      };
    });
    const names = await teamNames(deps.db, access.childId, [...entries.map((e) => e.author_id), ...logs.map((l) => l.logged_by)]);
    const photos = await pictureSizes(deps.db, entries.map((e) => e.photo_id));
    const practice = items.map((item) => {
      // The latest word on each day counts once: two parents logging the same evening is one practice.
      const byDay = new Map<string, (typeof logs)[number]>();
      for (const l of logs) if (l.item_id === item.id) byDay.set(l.practice_date, l);
      const days = [...byDay.values()];
      const faces = days.flatMap((l) => (l.how_it_went === null ? [] : [l.how_it_went]));
      const schedule = { rule: item.rule, timesPerWeek: item.times_per_week, startDate: item.start_date, endDate: item.end_date };
      return {
        itemId: item.id, title: item.title, status: item.status,
        planned: plannedBetween(schedule, from, to),
        done: days.filter((l) => l.outcome === 'done').length,
        partial: days.filter((l) => l.outcome === 'partial').length,
        skipped: days.filter((l) => l.outcome === 'skipped').length,
        howItWent: faces.length === 0 ? null : Math.round((faces.reduce((a, b) => a + b, 0) / faces.length) * 10) / 10,
        notes: logs.filter((l) => l.item_id === item.id && l.note !== '').map((l) => ({ date: l.practice_date, note: l.note, by: names.get(l.logged_by)?.name ?? '' })),
      };
    });
    const recent = entries.filter((e) => e.entry_date >= patternFrom);
    const incidents: Incident[] = recent.filter((e) => e.kind === 'behaviour').map((e) => ({
      date: e.entry_date,
      minuteOfDay: e.entry_time === null ? null : Number(e.entry_time.slice(0, 2)) * 60 + Number(e.entry_time.slice(3, 5)),
    }));
    const nights: Night[] = recent.filter((e) => e.kind === 'sleep').reverse().map((e) => {
      const c = e.content as { bedtime: string; wakeTime: string };
      return { date: e.entry_date, hours: hoursAsleep(c.bedtime, c.wakeTime) };
    });
    const shown = entries.filter((e) => e.entry_date >= from);
    return {
      from, to, practice,
      entries: await withEntryTranslations(deps, shown.map((e) => toEntry(e, names, actor.userId, photos)), shown, actor.locale),
      patterns: {
        weeks: PATTERN_WEEKS, incidents: incidents.length,
        timeOfDay: byTimeOfDay(incidents), weekday: byWeekday(incidents, patternFrom, to), sleep: afterShortNights(incidents, nights),
      },
    };
  });

  app.put('/api/children/:childId/journal-settings', {
    config: { child: 'profile.edit' },
    schema: { tags: ['journal'], params: ChildId, body: UpdateJournalSettingsRequest, response: { 200: UpdateJournalSettingsRequest } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const b = request.body;
    await deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('child').select('journal_visibility').where('id', '=', access.childId).forUpdate().executeTakeFirstOrThrow();
      await tx.updateTable('child').set({ journal_visibility: b.defaultVisibility }).where('id', '=', access.childId).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'journal.settings', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId,
        details: { before: before.journal_visibility, after: b.defaultVisibility },
      });
    });
    return { defaultVisibility: b.defaultVisibility };
  });
}
