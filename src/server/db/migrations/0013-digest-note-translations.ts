import { sql, type Kysely } from 'kysely';

// The therapist's note for a family's digest, in each family's language: machine translations,
// made when the first digest in that language is written and kept with the note
// ({ "es": { "text": …, "source": "en" } }). A changed note starts again without them.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE digest_note ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'`.execute(db);
}
