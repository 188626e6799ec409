import { sql, type Kysely } from 'kysely';

// Did it help? Anyone on a child's team who used one of the child's strategies logs it for a day:
// did it help (yes / a bit / no) and an optional note. The setting (home, therapy, school) is the
// logger's, from their role when they logged. A log names the child and the library strategy, not
// the child's attachment of it, so detaching a strategy keeps its history and attaching it again
// brings the history back. Logs are written once; a second log by the same person for the same day
// is their newer word on that day (counted once).
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE strategy_use (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      strategy_id uuid NOT NULL REFERENCES strategy(id),
      used_on date NOT NULL,
      setting text NOT NULL CHECK (setting IN ('therapy', 'home', 'school')),
      helped text NOT NULL CHECK (helped IN ('yes', 'a_bit', 'no')),
      note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
      logged_by uuid NOT NULL REFERENCES app_user(id),
      logger_role text NOT NULL CHECK (logger_role IN ('guardian', 'caregiver', 'therapist', 'teacher')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX strategy_use_child ON strategy_use (child_id, used_on);
  `.execute(db);
}
