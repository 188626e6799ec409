import { sql, type Kysely } from 'kysely';

// Sessions seen from a person's own week: a caregiver may now see the sessions they may answer
// (sessions.view joins the caregiver defaults), granted here to the caregivers already on a team
// who can answer sessions. What each sees is still limited by who is invited.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await grantCaregiverSessionView(db);
}

/** The new caregiver default, given to caregivers already on a team who answer sessions (idempotent). */
export async function grantCaregiverSessionView(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE care_team_member SET permissions = array_append(permissions, 'sessions.view')
      WHERE role = 'caregiver' AND 'sessions.respond' = ANY(permissions) AND NOT ('sessions.view' = ANY(permissions))`.execute(db);
}
