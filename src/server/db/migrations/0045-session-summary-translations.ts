import { sql, type Kysely } from 'kysely';

// Session summaries are translated like goals and practice items, through content_translation
// (subject_type 'session_record', one row per wording and language, where a clinician's own
// translation can stand beside the machine's). The summary's own cache goes: the machine
// translations it held are made again on the next read. The private clinical note was never in
// it and is never translated.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE session_record DROP COLUMN translations`.execute(db);
}
