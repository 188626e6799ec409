// The SQL of the session calendar: who a session is for, each person's reminder lead times and
// the reminders already sent, and the private calendar feeds.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SessionRow } from './sessions.repository.ts';

export type CalendarSessionRow = SessionRow & { first_name: string; child_tz: string; clinic_name: string };

/** Scheduled sessions starting in (from, to], with what a reminder or a file names. */
export async function scheduledStartingIn(db: Executor, from: Date, to: Date): Promise<CalendarSessionRow[]> {
  return db.selectFrom('therapy_session as s')
    .innerJoin('child as c', 'c.id', 's.child_id')
    .innerJoin('clinic as k', 'k.id', 's.clinic_id')
    .selectAll('s').select(['c.first_name', 'c.time_zone as child_tz', 'k.name as clinic_name'])
    .where('s.status', '=', 'scheduled').where('s.starts_at', '>', from).where('s.starts_at', '<=', to)
    .orderBy('s.starts_at').execute();
}

/** These sessions with their child's first name, zone and clinic name. */
export async function calendarSessions(db: Executor, ids: readonly string[]): Promise<CalendarSessionRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('therapy_session as s')
    .innerJoin('child as c', 'c.id', 's.child_id')
    .innerJoin('clinic as k', 'k.id', 's.clinic_id')
    .selectAll('s').select(['c.first_name', 'c.time_zone as child_tz', 'k.name as clinic_name'])
    .where('s.id', 'in', [...ids]).orderBy('s.starts_at').execute();
}

/** The active parents and caregivers of these children (whether each may see a session is checked after). */
export async function familyMembersOf(db: Executor, childIds: readonly string[]): Promise<{ child_id: string; user_id: string }[]> {
  if (childIds.length === 0) return [];
  return db.selectFrom('care_team_member').select(['child_id', 'user_id'])
    .where('child_id', 'in', [...new Set(childIds)]).where('role', 'in', ['guardian', 'caregiver']).where('revoked_at', 'is', null).execute();
}

export type CalendarPerson = {
  id: string; email: string; name: string; locale: string; time_zone: string | null;
  quiet_start: string | null; quiet_end: string | null; leads: number[] | null;
};

/** The people, enabled, with their zone, quiet hours and session reminder lead times (null: never chosen). */
export async function calendarPeople(db: Executor, userIds: readonly string[]): Promise<CalendarPerson[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('app_user as u').leftJoin('session_reminder_setting as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name', 'u.locale', 'u.time_zone', 'u.quiet_start', 'u.quiet_end', 'r.leads'])
    .where('u.id', 'in', [...new Set(userIds)]).where('u.disabled_at', 'is', null).execute();
}

/** The reminders already sent for these sessions. */
export async function sentReminders(db: Executor, sessionIds: readonly string[]): Promise<{ session_id: string; user_id: string; starts_at: Date; lead_minutes: number }[]> {
  if (sessionIds.length === 0) return [];
  return db.selectFrom('session_reminder_sent').select(['session_id', 'user_id', 'starts_at', 'lead_minutes'])
    .where('session_id', 'in', [...sessionIds]).execute();
}

/** Claims one reminder; false when it was claimed before (by this sweep's twin, or before a restart). */
export async function claimReminder(db: Executor, r: { session_id: string; user_id: string; starts_at: Date; lead_minutes: number }, now: Date): Promise<boolean> {
  const row = await db.insertInto('session_reminder_sent').values({ ...r, sent_at: now })
    .onConflict((oc) => oc.columns(['session_id', 'user_id', 'starts_at', 'lead_minutes']).doNothing()).returning('session_id').executeTakeFirst();
  return row !== undefined;
}

/** Forgets the claims of reminders for starts before this instant: those are never owed again. */
export async function forgetClaimsBefore(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('session_reminder_sent').where('starts_at', '<', before).execute();
}

/** Only one sweep at a time; another instance's sweep finds the lock taken and leaves. */
export async function trySweepLock(db: Executor): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtextextended('careteam:session-reminders', 0)) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

export async function reminderLeadsOf(db: Executor, userId: string): Promise<number[] | null> {
  const r = await db.selectFrom('session_reminder_setting').select('leads').where('user_id', '=', userId).executeTakeFirst();
  return r?.leads ?? null;
}

export async function saveReminderLeads(db: Executor, userId: string, leads: readonly number[], now: Date): Promise<void> {
  await db.insertInto('session_reminder_setting').values({ user_id: userId, leads: [...leads], updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ leads: [...leads], updated_at: now })).execute();
}

export async function feedOf(db: Executor, userId: string): Promise<{ nonce: Buffer; created_at: Date } | undefined> {
  return db.selectFrom('calendar_feed').select(['nonce', 'created_at']).where('user_id', '=', userId).executeTakeFirst();
}

/** Makes or replaces a person's feed: the old token's hash is gone, so its address answers 404. */
export async function replaceFeed(db: Executor, userId: string, nonce: Buffer, tokenHash: Buffer, now: Date): Promise<void> {
  await db.insertInto('calendar_feed').values({ user_id: userId, nonce, token_hash: tokenHash, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ nonce, token_hash: tokenHash, created_at: now })).execute();
}

export async function feedOwner(db: Executor, tokenHash: Buffer): Promise<{ user_id: string; locale: string; time_zone: string | null } | undefined> {
  return db.selectFrom('calendar_feed as f').innerJoin('app_user as u', 'u.id', 'f.user_id')
    .select(['f.user_id', 'u.locale', 'u.time_zone'])
    .where('f.token_hash', '=', tokenHash).where('u.disabled_at', 'is', null).executeTakeFirst();
}

/** A person's clinic roles, as the session carries them. */
export async function clinicRolesOf(db: Executor, userId: string): Promise<{ clinicId: string; role: string }[]> {
  return db.selectFrom('clinic_member').select(['clinic_id as clinicId', 'role']).where('user_id', '=', userId).execute();
}

/** Which of these sessions the person is personally invited to. */
export async function invitedAmong(db: Executor, userId: string, sessionIds: readonly string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db.selectFrom('session_invitee').select('session_id').where('user_id', '=', userId).where('session_id', 'in', [...sessionIds]).execute();
  return new Set(rows.map((r) => r.session_id));
}
