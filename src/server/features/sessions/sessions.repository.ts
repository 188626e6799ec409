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
  // Children are passed as three arrays, one per visibility, so the statement's text is the same
  // for any number of children and its prepared (generic) plan still reads the child index.
  const withVisibility = (v: Visibility) => children.filter((c) => c.visibility === v).map((c) => c.childId);
  const childIn = (ids: string[]) => sql<boolean>`s.child_id = any(${ids}::uuid[])`;
  // onlyMine narrows only the children whose sessions the reader sees all of (a clinician's
  // caseload): there "mine" is what they run or are invited to. A family member's own share
  // (family-invited sessions included) is already theirs.
  let q = db.selectFrom('therapy_session as s').selectAll('s')
    .where((eb) => eb.or([
      eb.and([childIn(withVisibility('all')), opts.onlyMine ? eb.or([eb('s.created_by', '=', reader), invited]) : sql<boolean>`true`]),
      eb.and([childIn(withVisibility('family')), eb.or([eb('s.family_invited', '=', true), invited])]),
      eb.and([childIn(withVisibility('invited')), invited]),
    ]));
  if (opts.sessionId !== undefined) q = q.where('s.id', '=', opts.sessionId);
  else q = q.where('s.starts_at', '>=', from).where('s.starts_at', '<', to);
  return q.orderBy('s.starts_at').orderBy('s.id').limit(1000).execute();
}

export async function inviteesOf(db: Executor, sessionIds: readonly string[]): Promise<InviteeRow[]> {
  if (sessionIds.length === 0) return [];
  return db.selectFrom('session_invitee').selectAll().where('session_id', 'in', [...sessionIds]).orderBy('created_at').orderBy('user_id').execute();
}

/** The rules of these series, by id. */
export async function seriesRules(db: Executor, seriesIds: readonly string[]): Promise<Map<string, string>> {
  if (seriesIds.length === 0) return new Map();
  const rows = await db.selectFrom('session_series').select(['id', 'rule']).where('id', 'in', [...new Set(seriesIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.rule]));
}

export async function sessionById(db: Executor, sessionId: string): Promise<SessionRow | undefined> {
  return db.selectFrom('therapy_session').selectAll().where('id', '=', sessionId).executeTakeFirst();
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

/**
 * The children whose sessions a person might see (those on whose team they are, and every child of
 * a clinic they run), each with the clock the person reads times on: their own zone, else the
 * child's. Access itself is decided afterwards (loadChildAccess); this only names the candidates.
 */
export async function readerChildren(db: Executor, userId: string): Promise<{ id: string; zone: string }[]> {
  const { rows } = await sql<{ id: string; zone: string }>`
    with ids as (
      select m.child_id from care_team_member m where m.user_id = ${userId} and m.revoked_at is null
      union
      select c.id from child c join clinic_member cm on cm.clinic_id = c.clinic_id where cm.user_id = ${userId} and cm.role = 'admin'
    )
    select c.id, coalesce(u.time_zone, c.time_zone) as zone
    from ids join child c on c.id = ids.child_id left join app_user u on u.id = ${userId}`.execute(db);
  return rows;
}

/** The clock a person reads a child's times on: their own zone, else the child's. */
export async function readerZone(db: Executor, userId: string, childId: string): Promise<string> {
  const { rows } = await sql<{ zone: string }>`
    select coalesce(u.time_zone, c.time_zone) as zone from child c left join app_user u on u.id = ${userId} where c.id = ${childId}`.execute(db);
  const zone = rows[0]?.zone;
  if (!zone) throw new Error('A child without a time zone.');
  return zone;
}
