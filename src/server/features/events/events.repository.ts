// The SQL of family events: the events, their audience's children, the answers, and who is in
// an event's audience (a guardian or caregiver on the active team of a child it reaches).
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { FamilyEventRsvpTable, FamilyEventTable } from '../../db/schema.ts';

export type EventRow = Selectable<FamilyEventTable> & { clinic: string; clinic_zone: string; organiser: string };
export type RsvpRow = Selectable<FamilyEventRsvpTable>;
export type EventInsert = Pick<EventRow, 'clinic_id' | 'kind' | 'title' | 'description' | 'starts_at' | 'duration_minutes' | 'place' | 'place_note'
  | 'audience' | 'audience_therapy_type' | 'capacity' | 'ask_interpreter'>;

/** Whether `userId` is family (guardian or caregiver, active) of a child the event `e` reaches. */
const inAudience = (userId: string) => sql<boolean>`exists (
  select 1 from care_team_member m join child c on c.id = m.child_id
  where m.user_id = ${userId} and m.revoked_at is null and m.role in ('guardian', 'caregiver') and c.clinic_id = e.clinic_id
    and (e.audience = 'all'
      or (e.audience = 'therapy_type' and e.audience_therapy_type = any(c.therapy_types))
      or (e.audience = 'children' and exists (select 1 from family_event_child x where x.event_id = e.id and x.child_id = c.id))))`;

function events(db: Executor) {
  return db.selectFrom('family_event as e')
    .innerJoin('clinic as k', 'k.id', 'e.clinic_id')
    .innerJoin('app_user as o', 'o.id', 'e.created_by')
    .selectAll('e')
    .select(['k.name as clinic', 'k.time_zone as clinic_zone', 'o.name as organiser']);
}

export type Reach = { userId: string; adminOf: readonly string[] };

/** Who may see an event: its audience's families, its author, and its clinic's admins. */
const reaches = (r: Reach) => sql<boolean>`(${inAudience(r.userId)} or e.created_by = ${r.userId} or e.clinic_id = any(${[...r.adminOf]}::uuid[]))`;

/** The events a person may see that have not ended a day ago, soonest first. */
export async function visibleEvents(db: Executor, r: Reach, since: Date): Promise<EventRow[]> {
  return events(db).where(reaches(r))
    .where(sql<boolean>`e.starts_at + make_interval(mins => e.duration_minutes) > ${since}`)
    .orderBy('e.starts_at').orderBy('e.id').limit(200).execute();
}

/** One event, if this person may see it (locked for a change when asked). */
export async function visibleEvent(db: Executor, r: Reach, id: string, lock = false): Promise<EventRow | undefined> {
  let q = events(db).where('e.id', '=', id).where(reaches(r));
  if (lock) q = q.forUpdate('e');
  return q.executeTakeFirst();
}

/** An event by its id alone, for a link that carries no reader (an interpreter's guest pass). */
export async function eventById(db: Executor, id: string): Promise<EventRow | undefined> {
  return events(db).where('e.id', '=', id).executeTakeFirst();
}

/** Whether a person may still see an event, their clinic roles read afresh (after an access change). */
export async function stillReaches(db: Executor, userId: string, id: string): Promise<boolean> {
  const adminOf = db.selectFrom('clinic_member').select('clinic_id').where('user_id', '=', userId).where('role', '=', 'admin');
  const row = await db.selectFrom('family_event as e').select('e.id').where('e.id', '=', id)
    .where((eb) => eb.or([inAudience(userId), eb('e.created_by', '=', userId), eb('e.clinic_id', 'in', adminOf)])).executeTakeFirst();
  return row !== undefined;
}

/** Whether the person is family of a child the event reaches (may answer it). */
export async function isInAudience(db: Executor, userId: string, eventId: string): Promise<boolean> {
  const row = await db.selectFrom('family_event as e').select('e.id').where('e.id', '=', eventId).where(inAudience(userId)).executeTakeFirst();
  return row !== undefined;
}

/** Which of these events the person is family of a child of (one query for a list). */
export async function eventsInAudience(db: Executor, userId: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db.selectFrom('family_event as e').select('e.id').where('e.id', 'in', [...eventIds]).where(inAudience(userId)).execute();
  return new Set(rows.map((r) => r.id));
}

export async function audienceChildren(db: Executor, eventIds: readonly string[]): Promise<{ event_id: string; child_id: string }[]> {
  if (eventIds.length === 0) return [];
  return db.selectFrom('family_event_child').selectAll().where('event_id', 'in', [...eventIds]).execute();
}

export async function insertEvent(db: Executor, e: EventInsert, childIds: readonly string[], by: string, now: Date): Promise<string> {
  const row = await db.insertInto('family_event').values({ ...e, created_by: by, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  await setAudienceChildren(db, row.id, childIds);
  return row.id;
}

export async function updateEvent(db: Executor, id: string, e: Omit<EventInsert, 'clinic_id'>, childIds: readonly string[], sequence: number, now: Date): Promise<void> {
  await db.updateTable('family_event').set({ ...e, sequence, updated_at: now }).where('id', '=', id).execute();
  await db.deleteFrom('family_event_child').where('event_id', '=', id).execute();
  await setAudienceChildren(db, id, childIds);
}

async function setAudienceChildren(db: Executor, eventId: string, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  await db.insertInto('family_event_child').values([...new Set(childIds)].map((child_id) => ({ event_id: eventId, child_id }))).execute();
}

export async function cancelEvent(db: Executor, e: EventRow, by: string, reason: string, now: Date): Promise<void> {
  await db.updateTable('family_event')
    .set({ status: 'cancelled', cancel_reason: reason, cancelled_by: by, cancelled_at: now, sequence: e.sequence + 1, updated_at: now })
    .where('id', '=', e.id).execute();
}

export async function rsvpsOf(db: Executor, eventIds: readonly string[]): Promise<RsvpRow[]> {
  if (eventIds.length === 0) return [];
  return db.selectFrom('family_event_rsvp').selectAll().where('event_id', 'in', [...eventIds]).orderBy('updated_at').execute();
}

/** Seats (adults and children) answered yes by everyone but `exceptUser`. */
export async function seatsTaken(db: Executor, eventId: string, exceptUser: string | null): Promise<number> {
  let q = db.selectFrom('family_event_rsvp').select(sql<number>`coalesce(sum(adults + children), 0)::int`.as('seats'))
    .where('event_id', '=', eventId).where('answer', '=', 'yes');
  if (exceptUser) q = q.where('user_id', '!=', exceptUser);
  return (await q.executeTakeFirstOrThrow()).seats;
}

export async function saveRsvp(db: Executor, eventId: string, userId: string, r: Pick<RsvpRow, 'answer' | 'adults' | 'children' | 'interpreter_language'>, now: Date): Promise<void> {
  await db.insertInto('family_event_rsvp').values({ event_id: eventId, user_id: userId, ...r, updated_at: now })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet({ ...r, updated_at: now })).execute();
}

/** Everyone who answered, with their name and the audience's children they are family of. */
export async function rsvpList(db: Executor, e: Pick<EventRow, 'id' | 'clinic_id' | 'audience' | 'audience_therapy_type'>) {
  return sql<RsvpRow & { name: string; children_names: string[] }>`
    select r.*, u.name, coalesce(array(
      select c.first_name from care_team_member m join child c on c.id = m.child_id
      where m.user_id = r.user_id and m.revoked_at is null and m.role in ('guardian', 'caregiver') and c.clinic_id = ${e.clinic_id}
        and (${e.audience} = 'all'
          or (${e.audience} = 'therapy_type' and ${e.audience_therapy_type} = any(c.therapy_types))
          or exists (select 1 from family_event_child x where x.event_id = r.event_id and x.child_id = c.id))
      order by c.first_name), '{}') as children_names
    from family_event_rsvp r join app_user u on u.id = r.user_id
    where r.event_id = ${e.id}
    order by u.name, r.user_id`.execute(db).then((r) => r.rows);
}

/** The people who answered an event (to tell them of a change or a cancellation). */
export async function answeredBy(db: Executor, eventId: string): Promise<string[]> {
  return (await db.selectFrom('family_event_rsvp').select('user_id').where('event_id', '=', eventId).execute()).map((r) => r.user_id);
}

/** Children of a clinic among these ids; and those among them a therapist has on their caseload. */
export async function clinicChildren(db: Executor, clinicId: string, childIds: readonly string[]): Promise<string[]> {
  if (childIds.length === 0) return [];
  return (await db.selectFrom('child').select('id').where('clinic_id', '=', clinicId).where('id', 'in', [...childIds]).execute()).map((r) => r.id);
}

export async function caseloadChildren(db: Executor, clinicId: string, therapistId: string, childIds: readonly string[]): Promise<string[]> {
  if (childIds.length === 0) return [];
  return (await db.selectFrom('care_team_member').select('child_id')
    .where('user_id', '=', therapistId).where('role', '=', 'therapist').where('revoked_at', 'is', null)
    .where('clinic_id', '=', clinicId).where('child_id', 'in', [...childIds]).execute()).map((r) => r.child_id);
}

export async function userZone(db: Executor, userId: string): Promise<string | null> {
  return (await db.selectFrom('app_user').select('time_zone').where('id', '=', userId).executeTakeFirst())?.time_zone ?? null;
}
