// The SQL of session records: the family summary with attendance, its versions, and, in tables of
// their own, the clinicians' private notes. Nothing here joins the note to anything else.
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SessionClinicalNoteTable, SessionRecordTable } from '../../db/schema.ts';

export type RecordRow = Selectable<SessionRecordTable>;
export type NoteRow = Selectable<SessionClinicalNoteTable>;

export type RecordWrite = {
  attendees: string[]; worked_on: string; went_well: string; to_practise: string;
  practice_item_ids: string[]; child_strategy_ids: string[]; language: string;
};

export async function findRecord(db: Executor, sessionId: string, opts: { lock?: boolean } = {}): Promise<RecordRow | undefined> {
  const q = db.selectFrom('session_record').selectAll().where('session_id', '=', sessionId);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

/** The records of these sessions, where there is one. */
export async function findRecords(db: Executor, sessionIds: readonly string[]): Promise<RecordRow[]> {
  if (sessionIds.length === 0) return [];
  return db.selectFrom('session_record').selectAll().where('session_id', 'in', [...sessionIds]).execute();
}

/** Writes the record's next version (the first when there is none), keeping every version. */
export async function writeRecord(
  db: Executor,
  s: { id: string; clinic_id: string; child_id: string },
  prior: RecordRow | undefined,
  w: RecordWrite,
  by: string,
  sharedAt: Date | null,
  now: Date,
): Promise<RecordRow> {
  const row = prior
    ? await db.updateTable('session_record').set({ ...w, version: prior.version + 1, shared_at: sharedAt, written_by: by, updated_at: now })
      .where('session_id', '=', s.id).returningAll().executeTakeFirstOrThrow()
    : await db.insertInto('session_record').values({ session_id: s.id, clinic_id: s.clinic_id, child_id: s.child_id, ...w, shared_at: sharedAt, written_by: by, created_at: now, updated_at: now })
      .returningAll().executeTakeFirstOrThrow();
  await db.insertInto('session_record_version').values({
    session_id: s.id, child_id: s.child_id, version: row.version, written_by: by, created_at: now,
    content: JSON.stringify({ attendees: w.attendees, workedOn: w.worked_on, wentWell: w.went_well, toPractise: w.to_practise, practiceItemIds: w.practice_item_ids, strategyIds: w.child_strategy_ids }),
  }).execute();
  return row;
}

/** What a record links to: the child's practice items and strategies among these ids. */
export type LinkWanted = { childId: string; practiceIds: readonly string[]; strategyIds: readonly string[] };

/**
 * For each want, the child's practice items and strategies among its ids, in the order given;
 * every want read together, one query for the practice items and one for the strategies.
 */
export async function linkedItemsOf(db: Executor, wants: readonly LinkWanted[]) {
  const practiceIds = [...new Set(wants.flatMap((w) => w.practiceIds))];
  const strategyIds = [...new Set(wants.flatMap((w) => w.strategyIds))];
  const childIds = [...new Set(wants.map((w) => w.childId))];
  const practice = practiceIds.length === 0 ? [] : await db.selectFrom('practice_item').select(['id', 'title', 'steps', 'watch_for', 'created_by', 'clinic_id', 'child_id'])
    .where('child_id', 'in', childIds).where('id', 'in', practiceIds).execute();
  const strategies = strategyIds.length === 0 ? [] : await db.selectFrom('child_strategy as cs').innerJoin('strategy as s', 's.id', 'cs.strategy_id')
    .select(['cs.id', 'cs.child_id', 's.id as strategy_id', 's.clinic_id', 's.content']).where('cs.child_id', 'in', childIds).where('cs.id', 'in', strategyIds).execute();
  const pick = <T extends { id: string; child_id: string }>(rows: T[], childId: string, ids: readonly string[]) =>
    ids.flatMap((id) => rows.filter((r) => r.id === id && r.child_id === childId));
  return wants.map((w) => ({ practice: pick(practice, w.childId, w.practiceIds), strategies: pick(strategies, w.childId, w.strategyIds) }));
}

/** The child's practice items and strategies among these ids, in the order given. */
export async function linkedItems(db: Executor, childId: string, practiceIds: readonly string[], strategyIds: readonly string[]) {
  const [one] = await linkedItemsOf(db, [{ childId, practiceIds, strategyIds }]);
  return one ?? { practice: [], strategies: [] };
}

/** The names of these people, by id. */
export async function userNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Summaries of a child's sessions first shared since an instant, with what decides who sees them. */
export async function summariesSharedSince(db: Executor, childId: string, since: Date): Promise<(RecordRow & { starts_at: Date; kind: string; family_invited: boolean })[]> {
  return db.selectFrom('session_record as r').innerJoin('therapy_session as s', 's.id', 'r.session_id')
    .selectAll('r').select(['s.starts_at', 's.kind', 's.family_invited'])
    .where('r.child_id', '=', childId).where('r.shared_at', '>', since).where('s.status', '=', 'scheduled')
    .orderBy('s.starts_at').limit(10).execute();
}

export async function isInvited(db: Executor, sessionId: string, userId: string): Promise<boolean> {
  return (await db.selectFrom('session_invitee').select('user_id').where('session_id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

// ---- The clinical note: read and written only by routes that require sessions.clinical_note ----

export async function findNote(db: Executor, sessionId: string, opts: { lock?: boolean } = {}): Promise<NoteRow | undefined> {
  const q = db.selectFrom('session_clinical_note').selectAll().where('session_id', '=', sessionId);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

/** The notes of these sessions, where there is one. */
export async function findNotes(db: Executor, sessionIds: readonly string[]): Promise<NoteRow[]> {
  if (sessionIds.length === 0) return [];
  return db.selectFrom('session_clinical_note').selectAll().where('session_id', 'in', [...sessionIds]).execute();
}

export async function writeNote(db: Executor, s: { id: string; clinic_id: string; child_id: string }, prior: NoteRow | undefined, text: string, by: string, now: Date): Promise<NoteRow> {
  const row = prior
    ? await db.updateTable('session_clinical_note').set({ text, version: prior.version + 1, written_by: by, updated_at: now })
      .where('session_id', '=', s.id).returningAll().executeTakeFirstOrThrow()
    : await db.insertInto('session_clinical_note').values({ session_id: s.id, clinic_id: s.clinic_id, child_id: s.child_id, text, written_by: by, created_at: now, updated_at: now })
      .returningAll().executeTakeFirstOrThrow();
  await db.insertInto('session_clinical_note_version').values({ session_id: s.id, child_id: s.child_id, version: row.version, text, written_by: by, created_at: now }).execute();
  return row;
}
