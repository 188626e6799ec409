import { sql, type Kysely } from 'kysely';

// A new permission, record.export: taking a copy of the child's record to another service (the
// FHIR endpoint, the family's archive), limited to what the member may see anyway. Guardians and
// therapists hold it by default; anyone else only when a guardian grants it.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE care_team_member SET permissions = array_append(permissions, 'record.export')
      WHERE role IN ('guardian', 'therapist') AND NOT ('record.export' = ANY(permissions))`.execute(db);
}
