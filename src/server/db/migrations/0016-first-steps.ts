import { sql, type Kysely } from 'kysely';

// When the clinic owner put away the first-steps checklist on their home page (null: still shown).
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE clinic ADD COLUMN first_steps_dismissed_at timestamptz`.execute(db);
}
