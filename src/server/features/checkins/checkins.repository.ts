// The SQL of check-ins: forms (starter and the clinic's own), assignments, answers, and the
// readings of them (a child's trend, free text, a therapist's partnership summary).
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CheckinAssignmentTable, CheckinFormTable, CheckinResponseTable } from '../../db/schema.ts';

export type FormRow = Selectable<CheckinFormTable>;
export type AssignmentRow = Selectable<CheckinAssignmentTable>;
export type ResponseRow = Selectable<CheckinResponseTable>;
export type MemberRow = { user_id: string; name: string; role: 'guardian' | 'caregiver' | 'therapist' | 'teacher'; household: string | null };

/** CareTeam's starter forms and these clinics' own, starters first. */
export async function listForms(db: Executor, clinicIds: readonly string[]): Promise<FormRow[]> {
  return db.selectFrom('checkin_form').selectAll()
    .where((eb) => eb.or([eb('clinic_id', 'is', null), ...(clinicIds.length > 0 ? [eb('clinic_id', 'in', [...clinicIds])] : [])]))
    .orderBy(sql`clinic_id nulls first`).orderBy('created_at').orderBy('starter_key').execute();
}

/** A form a clinic may use: a starter one or its own. */
export async function usableForm(db: Executor, clinicId: string, formId: string): Promise<FormRow | undefined> {
  return db.selectFrom('checkin_form').selectAll().where('id', '=', formId)
    .where((eb) => eb.or([eb('clinic_id', 'is', null), eb('clinic_id', '=', clinicId)])).executeTakeFirst();
}

export async function formsByIds(db: Executor, ids: readonly string[]): Promise<Map<string, FormRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('checkin_form').selectAll().where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertForm(db: Executor, clinicId: string, definition: unknown, by: string, now: Date): Promise<FormRow> {
  return db.insertInto('checkin_form').values({ clinic_id: clinicId, definition: JSON.stringify(definition), created_by: by, updated_at: now }).returningAll().executeTakeFirstOrThrow();
}

/** A clinic's own form (never a starter one), optionally locked for an edit. */
export async function ownForm(db: Executor, clinicIds: readonly string[], formId: string, lock = false): Promise<FormRow | undefined> {
  if (clinicIds.length === 0) return undefined;
  let q = db.selectFrom('checkin_form').selectAll().where('id', '=', formId).where('clinic_id', 'in', [...clinicIds]);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateForm(db: Executor, id: string, definition: unknown, now: Date): Promise<FormRow> {
  return db.updateTable('checkin_form').set({ definition: JSON.stringify(definition), updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * What the answers given to a form hold (drafts too): the questions answered, and for the choice
 * questions among `choiceKeys`, the option keys chosen. Free text is never read here.
 */
export async function answeredParts(db: Executor, formId: string, choiceKeys: readonly string[]): Promise<{ keys: string[]; choices: { key: string; choice: string }[] }> {
  const keys = await sql<{ key: string }>`
    select distinct e.key from checkin_response r cross join lateral jsonb_each(r.answers) e
    where r.form_id = ${formId} and jsonb_typeof(e.value) <> 'null' order by e.key`.execute(db);
  if (choiceKeys.length === 0) return { keys: keys.rows.map((r) => r.key), choices: [] };
  const choices = await sql<{ key: string; choice: string }>`
    select distinct e.key, c.value as choice
    from checkin_response r
    cross join lateral jsonb_each(r.answers) e
    cross join lateral jsonb_array_elements_text(case jsonb_typeof(e.value) when 'array' then e.value when 'string' then jsonb_build_array(e.value) else '[]'::jsonb end) c
    where r.form_id = ${formId} and e.key in (${sql.join([...choiceKeys])})
    order by e.key, c.value`.execute(db);
  return { keys: keys.rows.map((r) => r.key), choices: choices.rows };
}

export async function activeAssignmentCount(db: Executor, formId: string): Promise<number> {
  const row = await db.selectFrom('checkin_assignment').select(sql<number>`count(*)::int`.as('n')).where('form_id', '=', formId).where('ended_at', 'is', null).executeTakeFirst();
  return row?.n ?? 0;
}

/** The child's active team (a teacher only while the consent that let them in stands). */
export async function teamMembers(db: Executor, childId: string): Promise<MemberRow[]> {
  return db.selectFrom('care_team_member as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .leftJoin('consent as k', 'k.id', 'm.consent_id')
    .select(['m.user_id', 'u.name', 'm.role', 'm.household'])
    .where('m.child_id', '=', childId).where('m.revoked_at', 'is', null).where('u.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('m.consent_id', 'is', null), eb('k.revoked_at', 'is', null)]))
    .orderBy('u.name').orderBy('m.user_id').execute();
}

export async function insertAssignment(db: Executor, a: Pick<AssignmentRow, 'clinic_id' | 'child_id' | 'form_id' | 'starts_on' | 'created_by'> & { cadence: unknown; respondents: unknown }, now: Date): Promise<AssignmentRow> {
  return db.insertInto('checkin_assignment').values({
    clinic_id: a.clinic_id, child_id: a.child_id, form_id: a.form_id, cadence: JSON.stringify(a.cadence), respondents: JSON.stringify(a.respondents),
    starts_on: a.starts_on, created_by: a.created_by, next_check_at: now, updated_at: now,
  }).returningAll().executeTakeFirstOrThrow();
}

/** The child's assignments that have not been stopped. */
export async function activeAssignments(db: Executor, childIds: readonly string[]): Promise<AssignmentRow[]> {
  if (childIds.length === 0) return [];
  return db.selectFrom('checkin_assignment').selectAll().where('child_id', 'in', [...childIds]).where('ended_at', 'is', null)
    .orderBy('created_at').orderBy('id').execute();
}

export async function assignmentOf(db: Executor, childId: string, assignmentId: string, lock = false): Promise<AssignmentRow | undefined> {
  let q = db.selectFrom('checkin_assignment').selectAll().where('id', '=', assignmentId).where('child_id', '=', childId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function endAssignment(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('checkin_assignment').set({ ended_at: now, next_check_at: null, updated_at: now }).where('id', '=', id).execute();
}

/** The children's scheduled sessions starting in this window (before-session check-ins follow them). */
export async function sessionsOf(db: Executor, childIds: readonly string[], from: Date, to: Date): Promise<{ id: string; child_id: string; starts_at: Date; status: string }[]> {
  if (childIds.length === 0) return [];
  return db.selectFrom('therapy_session').select(['id', 'child_id', 'starts_at', 'status'])
    .where('child_id', 'in', [...childIds]).where('status', '=', 'scheduled').where('starts_at', '>=', from).where('starts_at', '<', to)
    .orderBy('starts_at').execute();
}

export async function responsesFor(db: Executor, assignmentIds: readonly string[], occurrences: readonly string[]): Promise<ResponseRow[]> {
  if (assignmentIds.length === 0 || occurrences.length === 0) return [];
  return db.selectFrom('checkin_response').selectAll().where('assignment_id', 'in', [...assignmentIds]).where('occurrence', 'in', [...new Set(occurrences)]).execute();
}

export async function responseFor(db: Executor, assignmentId: string, occurrence: string, slot: string, lock = false): Promise<ResponseRow | undefined> {
  let q = db.selectFrom('checkin_response').selectAll().where('assignment_id', '=', assignmentId).where('occurrence', '=', occurrence).where('slot', '=', slot);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type ResponseWrite = Pick<ResponseRow, 'clinic_id' | 'child_id' | 'assignment_id' | 'form_id' | 'privacy' | 'therapist_id' | 'occurrence' | 'due_date' | 'slot' | 'respondent_id' | 'setting' | 'score' | 'status' | 'submitted_at'>
  & { answers: unknown; subscores: unknown };

/** Saves the answer (one row per assignment, occurrence and slot; the latest writer is its respondent). */
export async function saveResponse(db: Executor, r: ResponseWrite, now: Date): Promise<ResponseRow> {
  const values = { ...r, answers: JSON.stringify(r.answers), subscores: JSON.stringify(r.subscores), updated_at: now };
  return db.insertInto('checkin_response').values(values)
    .onConflict((oc) => oc.columns(['assignment_id', 'occurrence', 'slot']).doUpdateSet({
      answers: values.answers, subscores: values.subscores, score: r.score, status: r.status, submitted_at: r.submitted_at, respondent_id: r.respondent_id, updated_at: now,
    }))
    .returningAll().executeTakeFirstOrThrow();
}

/**
 * What a reader may see of a child's submitted answers: team forms by the child's therapists and
 * guardians (anyone: their own); well-being forms by the child's therapists only; partnership never.
 */
export function readable(reader: { userId: string; therapist: boolean; guardian: boolean }) {
  const team = reader.therapist || reader.guardian ? sql<boolean>`true` : sql<boolean>`r.respondent_id = ${reader.userId}`;
  return sql<boolean>`((r.privacy = 'team' and ${team}) or (r.privacy = 'clinicians' and ${reader.therapist}))`;
}

export type ScoredRow = Pick<ResponseRow, 'id' | 'form_id' | 'slot' | 'setting' | 'due_date' | 'score' | 'subscores' | 'respondent_id'> & { name: string };

/** Submitted, scored answers of a child since a date, oldest first (at most 2,000). */
export async function scoredResponses(db: Executor, childId: string, reader: Parameters<typeof readable>[0], since: string): Promise<ScoredRow[]> {
  return db.selectFrom('checkin_response as r').innerJoin('app_user as u', 'u.id', 'r.respondent_id')
    .select(['r.id', 'r.form_id', 'r.slot', 'r.setting', 'r.due_date', 'r.score', 'r.subscores', 'r.respondent_id', 'u.name'])
    .where('r.child_id', '=', childId).where('r.status', '=', 'submitted').where('r.score', 'is not', null).where('r.due_date', '>=', since)
    .where(readable(reader))
    .orderBy('r.due_date').orderBy('r.submitted_at').limit(2000).execute();
}

/** Submitted answers of a child between two dates, newest first (for their free text). */
export async function answeredBetween(db: Executor, childId: string, reader: Parameters<typeof readable>[0], from: string, to: string) {
  return db.selectFrom('checkin_response as r').innerJoin('app_user as u', 'u.id', 'r.respondent_id')
    .select(['r.id', 'r.form_id', 'r.due_date', 'r.answers', 'r.privacy', 'u.name'])
    .where('r.child_id', '=', childId).where('r.status', '=', 'submitted').where('r.due_date', '>=', from).where('r.due_date', '<=', to)
    .where(readable(reader))
    .orderBy('r.due_date', 'desc').orderBy('r.submitted_at', 'desc').limit(300).execute();
}

/** Every submitted answer of a child the reader may see, oldest first (a copy of the record: FHIR, the archive). */
export async function submittedFor(db: Executor, childId: string, reader: Parameters<typeof readable>[0]) {
  return db.selectFrom('checkin_response as r').innerJoin('app_user as u', 'u.id', 'r.respondent_id')
    .select(['r.id', 'r.form_id', 'r.assignment_id', 'r.respondent_id', 'r.setting', 'r.due_date', 'r.submitted_at', 'r.score', 'r.subscores', 'r.answers', 'r.privacy', 'u.name'])
    .where('r.child_id', '=', childId).where('r.status', '=', 'submitted')
    .where(readable(reader))
    .orderBy('r.due_date').orderBy('r.submitted_at').orderBy('r.id').execute();
}

/** Per therapist of a clinic: how many partnership answers, and each item's mean (the caller hides groups under the minimum). */
export async function partnershipTotals(db: Executor, clinicId: string, therapistIds: readonly string[] | null) {
  let q = db.selectFrom('checkin_response as r').innerJoin('app_user as u', 'u.id', 'r.therapist_id')
    .select(['r.therapist_id', 'u.name', 'r.form_id', sql<number>`count(*)::int`.as('answers'),
      // Families who answered any partnership form for this therapist: five answers of one family are not five families.
      // A family is counted by children and by the people answering, whichever is fewer (two parents of one child,
      // or one parent of two siblings, are one family).
      sql<number>`(select least(count(distinct x.child_id), count(distinct x.respondent_id))::int from checkin_response x
        where x.therapist_id = r.therapist_id and x.privacy = 'aggregate' and x.status = 'submitted' and x.clinic_id = ${clinicId})`.as('families'),
      sql<Record<string, number>>`(select coalesce(jsonb_object_agg(k, m), '{}') from (
        select e.key as k, avg((e.value)::text::numeric)::float8 as m
        from checkin_response x, jsonb_each(x.answers) e
        where x.therapist_id = r.therapist_id and x.form_id = r.form_id and x.privacy = 'aggregate' and x.status = 'submitted' and x.clinic_id = ${clinicId}
          and jsonb_typeof(e.value) = 'number'
        group by e.key) s)`.as('means')])
    .where('r.clinic_id', '=', clinicId).where('r.privacy', '=', 'aggregate').where('r.status', '=', 'submitted');
  if (therapistIds) q = q.where('r.therapist_id', 'in', therapistIds.length > 0 ? [...therapistIds] : ['00000000-0000-0000-0000-000000000000']);
  return q.groupBy(['r.therapist_id', 'u.name', 'r.form_id']).orderBy('u.name').execute();
}

/** Assignments whose next look is due, locked and skipped by other instances. */
export async function dueAssignments(db: Executor, now: Date, limit: number) {
  return db.selectFrom('checkin_assignment as a').innerJoin('child as c', 'c.id', 'a.child_id')
    .selectAll('a').select(['c.time_zone as zone'])
    .where('a.ended_at', 'is', null).where('a.next_check_at', '<=', now).where('c.discharged_at', 'is', null)
    .orderBy('a.next_check_at').limit(limit).forUpdate('a').skipLocked().execute();
}

export async function setNextCheck(db: Executor, id: string, at: Date | null): Promise<void> {
  await db.updateTable('checkin_assignment').set({ next_check_at: at }).where('id', '=', id).execute();
}

/** Each child's time zone and first name. */
export async function childrenInfo(db: Executor, childIds: readonly string[]): Promise<{ id: string; time_zone: string; first_name: string }[]> {
  if (childIds.length === 0) return [];
  return db.selectFrom('child').select(['id', 'time_zone', 'first_name']).where('id', 'in', [...childIds]).execute();
}

export async function userNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Every answer of the child the reader may read: submitted answers by the rule above, and the
 * reader's own answers of any form (they wrote them), drafts included. Oldest first.
 */
export async function answersSeenBy(db: Executor, childId: string, reader: Parameters<typeof readable>[0]) {
  return db.selectFrom('checkin_response as r').innerJoin('app_user as u', 'u.id', 'r.respondent_id').innerJoin('checkin_form as f', 'f.id', 'r.form_id')
    .select(['r.id', 'r.form_id', 'r.occurrence', 'r.due_date', 'r.slot', 'r.setting', 'r.privacy', 'r.answers', 'r.score', 'r.subscores', 'r.status', 'r.submitted_at',
      'r.respondent_id', 'u.name as respondent_name', 'f.definition'])
    .where('r.child_id', '=', childId)
    .where((eb) => eb.or([eb.and([eb('r.status', '=', 'submitted'), readable(reader)]), eb('r.respondent_id', '=', reader.userId)]))
    .orderBy('r.due_date').orderBy('r.created_at').orderBy('r.id').execute();
}
