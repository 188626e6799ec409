// The SQL of moving sessions: households' requests and the clinic's offers, the record of every
// step, and the session itself moved to its new time.
import { type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SessionChangeTable, SessionMoveRequestTable } from '../../db/schema.ts';
import type { SessionRow } from './sessions.repository.ts';

export type MoveRow = Selectable<SessionMoveRequestTable>;
export type MoveInsert = Pick<MoveRow, 'clinic_id' | 'child_id' | 'session_id' | 'side' | 'household' | 'households' | 'times' | 'created_by'>;
export type ChangeInsert = Omit<Insertable<SessionChangeTable>, 'id' | 'created_at'>;
type Closing = 'replaced' | 'accepted' | 'declined' | 'closed';

/** The family members of a child's team (guardians and caregivers), active, with their household. */
export async function familyHouseholds(db: Executor, childId: string): Promise<{ id: string; user_id: string; household: string | null }[]> {
  return db.selectFrom('care_team_member').select(['id', 'user_id', 'household'])
    .where('child_id', '=', childId).where('revoked_at', 'is', null).where('role', 'in', ['guardian', 'caregiver'])
    .execute();
}

/** The requests and offers of these sessions that are open or were declined (the latest answer a household may still read). */
export async function movesOf(db: Executor, sessionIds: readonly string[]): Promise<MoveRow[]> {
  if (sessionIds.length === 0) return [];
  return db.selectFrom('session_move_request').selectAll()
    .where('session_id', 'in', [...sessionIds]).where('status', 'in', ['open', 'declined'])
    .orderBy('created_at').orderBy('id').execute();
}

/** The child's sessions, still to come and scheduled, that have an open request or a declined one. */
export async function sessionsWithMoves(db: Executor, childId: string, now: Date): Promise<SessionRow[]> {
  return db.selectFrom('therapy_session as s').selectAll('s')
    .where('s.child_id', '=', childId).where('s.status', '=', 'scheduled').where('s.starts_at', '>', now)
    .where((eb) => eb.exists(eb.selectFrom('session_move_request as r').select('r.id').whereRef('r.session_id', '=', 's.id').where('r.status', 'in', ['open', 'declined'])))
    .orderBy('s.starts_at').limit(500).execute();
}

export async function lockMove(db: Executor, sessionId: string, requestId: string): Promise<MoveRow | undefined> {
  return db.selectFrom('session_move_request').selectAll().where('id', '=', requestId).where('session_id', '=', sessionId).forUpdate().executeTakeFirst();
}

export async function insertMove(db: Executor, row: MoveInsert, now: Date): Promise<MoveRow> {
  return db.insertInto('session_move_request').values({ ...row, created_at: now }).returningAll().executeTakeFirstOrThrow();
}

/** Closes open requests of a session: one household's, the clinic's offer, or all of them. */
export async function closeMoves(db: Executor, sessionId: string, status: Closing, by: string, now: Date, which: { household?: string; side?: 'family' | 'clinic'; id?: string } = {}): Promise<void> {
  let q = db.updateTable('session_move_request').set({ status, closed_by: by, closed_at: now })
    .where('session_id', '=', sessionId).where('status', '=', 'open');
  if (which.household !== undefined) q = q.where('household', '=', which.household);
  if (which.side !== undefined) q = q.where('side', '=', which.side);
  if (which.id !== undefined) q = q.where('id', '=', which.id);
  await q.execute();
}

export async function declineMove(db: Executor, id: string, reason: string, by: string, now: Date): Promise<MoveRow> {
  return db.updateTable('session_move_request').set({ status: 'declined', reason, closed_by: by, closed_at: now })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function recordChange(db: Executor, row: ChangeInsert, now: Date): Promise<void> {
  await db.insertInto('session_change').values({ ...row, created_at: now }).execute();
}

/** The session at its new time, one version on. */
export async function moveSession(db: Executor, s: SessionRow, startsAt: Date, now: Date): Promise<SessionRow> {
  return db.updateTable('therapy_session').set({ starts_at: startsAt, version: s.version + 1, updated_at: now })
    .where('id', '=', s.id).returningAll().executeTakeFirstOrThrow();
}

/** Everyone's answer is asked again after a move, except the mover's, who comes. */
export async function resetAnswers(db: Executor, sessionId: string, mover: string, moverAnswers: boolean, now: Date): Promise<void> {
  await db.updateTable('session_invitee').set({ response: 'pending', responded_at: null }).where('session_id', '=', sessionId).where('user_id', '<>', mover).execute();
  if (!moverAnswers) return;
  await db.insertInto('session_invitee').values({ session_id: sessionId, user_id: mover, response: 'yes', responded_at: now })
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doUpdateSet({ response: 'yes', responded_at: now })).execute();
}
