import { sql, type Kysely } from 'kysely';

// The home journal: entries with a visibility, corrected only by their author, every wording kept.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE child ADD COLUMN journal_visibility text NOT NULL DEFAULT 'team'
      CHECK (journal_visibility IN ('team', 'therapists', 'guardians'));

    CREATE TABLE journal_entry (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      kind text NOT NULL CHECK (kind IN ('behaviour', 'sleep', 'eating', 'mood', 'win', 'note')),
      content jsonb NOT NULL,
      entry_date date NOT NULL,
      entry_time time,
      visibility text NOT NULL CHECK (visibility IN ('team', 'therapists', 'guardians')),
      version integer NOT NULL DEFAULT 1,
      author_id uuid NOT NULL REFERENCES app_user(id),
      author_role text,
      created_at timestamptz NOT NULL DEFAULT now(),
      corrected_at timestamptz
    );
    CREATE INDEX journal_entry_child ON journal_entry (child_id, entry_date DESC, created_at DESC);

    -- Every wording of every entry, the first included: a correction never loses what was said.
    CREATE TABLE journal_entry_version (
      entry_id uuid NOT NULL REFERENCES journal_entry(id),
      child_id uuid NOT NULL REFERENCES child(id),
      version integer NOT NULL,
      content jsonb NOT NULL,
      entry_date date NOT NULL,
      entry_time time,
      visibility text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (entry_id, version)
    );
    CREATE TRIGGER journal_entry_version_no_update BEFORE UPDATE OR DELETE ON journal_entry_version
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER journal_entry_version_no_truncate BEFORE TRUNCATE ON journal_entry_version
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();
  `.execute(db);
}
