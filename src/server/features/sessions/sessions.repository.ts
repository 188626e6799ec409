// The SQL of sessions: series, occurrences, invitees, and who is busy when.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SessionInviteeTable, SessionSeriesTable, TherapySessionTable } from '../../db/schema.ts';

export type SessionRow = Selectable<TherapySessionTable>;
export type InviteeRow = Selectable<SessionInviteeTable>;
export type SeriesInsert = Omit<Selectable<SessionSeriesTable>, 'id' | 'created_at' | 'updated_at'>;
export type SessionInsert = Pick<SessionRow, 'clinic_id' | 'child_id' | 'series_id' | 'kind' | 'place' | 'place_note' | 'starts_at' | 'duration_minutes' | 'family_invited' | 'created_by'>;

export async function insertSeries(db: Executor, s: SeriesInsert, now: Date): Promise<string> {
  const row = await db.insertInto('session_series').values({ ...s, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertSessions(db: Executor, rows: readonly SessionInsert[], inviteeIds: readonly string[], now: Date): Promise<SessionRow[]> {
  if (rows.length === 0) return [];
  const saved = await db.insertInto('therapy_session').values(rows.map((r) => ({ ...r, updated_at: now }))).returningAll().execute();
  if (inviteeIds.length > 0) {
    await db.insertInto('session_invitee').values(saved.flatMap((s) => inviteeIds.map((u) => ({ session_id: s.id, user_id: u })))).execute();
  }
  return saved.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
}

/** The active members of a child's team among these people, with their roles. */
export async function teamMembersAmong(db: Executor, childId: string, userIds: readonly string[]): Promise<{ user_id: string; role: string }[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('care_team_member as m')
    .leftJoin('consent as k', 'k.id', 'm.consent_id')
    .select(['m.user_id', 'm.role'])
    .where('m.child_id', '=', childId).where('m.user_id', 'in', [...userIds]).where('m.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('m.consent_id', 'is', null), eb('k.revoked_at', 'is', null)]))
    .execute();
}

/**
 * Serialises the scheduling of these clinicians until the transaction ends, so two requests
 * cannot both find a time free and both take it.
 */
export async function lockCalendars(db: Executor, userIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(userIds)].sort()) {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`careteam:calendar:${id}`}, 0))`.execute(db);
  }
}

/** Scheduled sessions (of any child) these people run or are invited to that overlap a range. */
export async function busySessions(db: Executor, userIds: readonly string[], from: Date, to: Date): Promise<SessionRow[]> {
  if (userIds.length === 0) return [];
  const ids = [...userIds];
  return db.selectFrom('therapy_session as s').selectAll('s')
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '<', to)
    .where(sql<boolean>`s.starts_at + make_interval(mins => s.duration_minutes) > ${from}`)
    .where((eb) => eb.or([
      eb('s.created_by', 'in', ids),
      eb.exists(eb.selectFrom('session_invitee as i').select('i.user_id').whereRef('i.session_id', '=', 's.id').where('i.user_id', 'in', ids)),
    ]))
    .orderBy('s.starts_at')
    .execute();
}

/** Visibility of a child's sessions for one reader. */
export type Visibility = 'all' | 'family' | 'invited';

/** The sessions of some children a reader may see, starting in [from, to). */
export async function sessionsInRange(
  db: Executor,
  reader: string,
  children: readonly { childId: string; visibility: Visibility }[],
  from: Date,
  to: Date,
  opts: { sessionId?: string; onlyMine?: boolean } = {},
): Promise<SessionRow[]> {
  if (children.length === 0) return [];
  const invited = sql<boolean>`exists (select 1 from session_invitee i where i.session_id = s.id and i.user_id = ${reader})`;
  let q = db.selectFrom('therapy_session as s').selectAll('s')
    .where((eb) => eb.or(children.map((c) => eb.and([
      eb('s.child_id', '=', c.childId),
      c.visibility === 'all' ? sql<boolean>`true` : c.visibility === 'family' ? eb.or([eb('s.family_invited', '=', true), invited]) : invited,
    ]))));
  if (opts.sessionId !== undefined) q = q.where('s.id', '=', opts.sessionId);
  else q = q.where('s.starts_at', '>=', from).where('s.starts_at', '<', to);
  if (opts.onlyMine) q = q.where((eb) => eb.or([eb('s.created_by', '=', reader), invited]));
  return q.orderBy('s.starts_at').orderBy('s.id').limit(1000).execute();
}

export async function inviteesOf(db: Executor, sessionIds: readonly string[]): Promise<InviteeRow[]> {
  if (sessionIds.length === 0) return [];
  return db.selectFrom('session_invitee').selectAll().where('session_id', 'in', [...sessionIds]).orderBy('created_at').orderBy('user_id').execute();
}

export async function lockSession(db: Executor, childId: string, sessionId: string): Promise<SessionRow | undefined> {
  return db.selectFrom('therapy_session').selectAll().where('id', '=', sessionId).where('child_id', '=', childId).forUpdate().executeTakeFirst();
}

export async function saveResponse(db: Executor, sessionId: string, userId: string, response: 'yes' | 'no', now: Date): Promise<void> {
  await db.insertInto('session_invitee').values({ session_id: sessionId, user_id: userId, response, responded_at: now })
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doUpdateSet({ response, responded_at: now })).execute();
}

export async function cancelSession(db: Executor, s: SessionRow, by: string, reason: string, now: Date): Promise<SessionRow> {
  return db.updateTable('therapy_session')
    .set({ status: 'cancelled', cancel_reason: reason, cancelled_by: by, cancelled_at: now, version: s.version + 1, updated_at: now })
    .where('id', '=', s.id).returningAll().executeTakeFirstOrThrow();
}

/** Each person's own zone, else the given fallback. */
export async function zonesOf(db: Executor, userId: string): Promise<string | null> {
  const u = await db.selectFrom('app_user').select('time_zone').where('id', '=', userId).executeTakeFirst();
  return u?.time_zone ?? null;
}

/** The child's own zone. */
export async function childZone(db: Executor, childId: string): Promise<string> {
  return (await db.selectFrom('child').select('time_zone').where('id', '=', childId).executeTakeFirstOrThrow()).time_zone;
}
