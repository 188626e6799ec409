import { sql, type Kysely } from 'kysely';

// The therapist's note for the family's weekly digest is translated like session summaries,
// through content_translation (subject_type 'digest_note', subject_id the child's id: one note per
// child; one row per wording and language, where a clinician's own translation can stand beside
// the machine's). The note's own cache goes: its machine translations are made again on the next digest.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE content_translation DROP CONSTRAINT content_translation_subject_type_check;
    ALTER TABLE content_translation ADD CONSTRAINT content_translation_subject_type_check
      CHECK (subject_type IN ('goal', 'practice_item', 'strategy', 'newsletter', 'urgent_notice', 'journal_entry', 'session_record', 'digest_note'));
    ALTER TABLE digest_note DROP COLUMN translations;
  `.execute(db);
}
