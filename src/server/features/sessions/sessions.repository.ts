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
): Promise<SessionWithExtras[]> {
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
    // What the session's card shows beside its row, in the same round trip (see sessionExtras).
    .select([
      sql<Pick<InviteeRow, 'session_id' | 'user_id' | 'response'>[]>`coalesce((select json_agg(json_build_object('session_id', i.session_id, 'user_id', i.user_id, 'response', i.response) order by i.created_at, i.user_id)
        from session_invitee i where i.session_id = s.id), '[]'::json)`.as('invitees'),
      sql<string | null>`(select r.rule from session_series r where r.id = s.series_id)`.as('rule'),
    ])
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
/** A session read with what its card shows beside its row: its invitees' answers and its series' rule. */
export type SessionWithExtras = SessionRow & { invitees: Pick<InviteeRow, 'session_id' | 'user_id' | 'response'>[]; rule: string | null };

/**
 * What a session's card shows beside its own row, for many sessions in one round trip: the answers
 * of those invited (in the order they were invited) and each series' rule. (sessionsInRange reads
 * them with the rows.)
 */
export async function sessionExtras(db: Executor, sessions: readonly SessionRow[]): Promise<{ invitees: Pick<InviteeRow, 'session_id' | 'user_id' | 'response'>[]; rules: Map<string, string> }> {
  if (sessions.length === 0) return { invitees: [], rules: new Map() };
  const seriesIds = [...new Set(sessions.flatMap((s) => (s.series_id === null ? [] : [s.series_id])))];
  const { rows } = await sql<{ invitees: Pick<InviteeRow, 'session_id' | 'user_id' | 'response'>[] | null; rules: { id: string; rule: string }[] | null }>`
    select (select json_agg(json_build_object('session_id', i.session_id, 'user_id', i.user_id, 'response', i.response) order by i.created_at, i.user_id)
              from session_invitee i where i.session_id = any(${sessions.map((s) => s.id)}::uuid[])) as invitees,
           (select json_agg(json_build_object('id', r.id, 'rule', r.rule)) from session_series r where r.id = any(${seriesIds}::uuid[])) as rules`.execute(db);
  const row = rows[0];
  return { invitees: row?.invitees ?? [], rules: new Map((row?.rules ?? []).map((r) => [r.id, r.rule])) };
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
