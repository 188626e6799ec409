// The SQL of meetings: agenda points, and the plan review recorded from a meeting.
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SessionAgendaPointTable } from '../../db/schema.ts';

export type AgendaPointRow = Selectable<SessionAgendaPointTable> & { author_name: string };
export type AgendaPointInsert = Pick<AgendaPointRow, 'session_id' | 'child_id' | 'author_id' | 'author_role' | 'author_household' | 'text' | 'detail'>;

/** A meeting's points with their authors' names, oldest first. */
export async function agendaPoints(db: Executor, sessionId: string): Promise<AgendaPointRow[]> {
  return db.selectFrom('session_agenda_point as p').innerJoin('app_user as u', 'u.id', 'p.author_id')
    .selectAll('p').select('u.name as author_name')
    .where('p.session_id', '=', sessionId)
    .orderBy('p.created_at').orderBy('p.id')
    .execute();
}

/** Stamped by the database's clock, which orders the points as they were written. */
export async function insertPoint(db: Executor, p: AgendaPointInsert): Promise<string> {
  const row = await db.insertInto('session_agenda_point').values({ ...p, updated_at: sql<Date>`now()` }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A point of this meeting, locked for a change. */
export async function lockPoint(db: Executor, sessionId: string, pointId: string) {
  return db.selectFrom('session_agenda_point').selectAll().where('id', '=', pointId).where('session_id', '=', sessionId).forUpdate().executeTakeFirst();
}

export async function updatePoint(db: Executor, pointId: string, text: string, detail: string, now: Date): Promise<void> {
  await db.updateTable('session_agenda_point').set({ text, detail, updated_at: now }).where('id', '=', pointId).execute();
}

export async function deletePoint(db: Executor, pointId: string): Promise<void> {
  await db.deleteFrom('session_agenda_point').where('id', '=', pointId).execute();
}

/** Invitees with their names and roles on the child's team (null when no longer on it). */
export async function inviteesWithNames(db: Executor, childId: string, sessionId: string) {
  return db.selectFrom('session_invitee as i').innerJoin('app_user as u', 'u.id', 'i.user_id')
    .leftJoin('care_team_member as m', (j) => j.onRef('m.user_id', '=', 'i.user_id').on('m.child_id', '=', childId).on('m.revoked_at', 'is', null))
    .select(['i.user_id', 'i.response', 'u.name', 'm.role', 'm.household'])
    .where('i.session_id', '=', sessionId)
    .orderBy('i.created_at').orderBy('u.name')
    .execute();
}

/** The person who scheduled a session, with their name and role on the child's team (null when no longer on it). */
export async function organiserWithName(db: Executor, childId: string, userId: string) {
  return db.selectFrom('app_user as u')
    .leftJoin('care_team_member as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.child_id', '=', childId).on('m.revoked_at', 'is', null))
    .select(['u.id as user_id', 'u.name', 'm.role'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function meetingReview(db: Executor, sessionId: string) {
  return db.selectFrom('session_plan_review as l').innerJoin('plan_review as r', 'r.id', 'l.review_id')
    .select(['r.id', 'r.held_on']).where('l.session_id', '=', sessionId).executeTakeFirst();
}

export async function linkReview(db: Executor, sessionId: string, reviewId: string, now: Date): Promise<void> {
  await db.insertInto('session_plan_review').values({ session_id: sessionId, review_id: reviewId, created_at: now }).execute();
}
