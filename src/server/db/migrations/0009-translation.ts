import { sql, type Kysely } from 'kysely';

// Translation: each message's text in its readers' languages, cached once per message and
// language, and the quick replies and clinic templates that carry human-written translations.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_translation (
      message_id uuid NOT NULL REFERENCES message(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      language text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$'),
      text text NOT NULL,
      provider text NOT NULL CHECK (provider IN ('machine', 'human')),
      -- The language the original was written in, as the translation server found it (machine)
      -- or as the quick reply's author wrote it (human).
      source_language text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (message_id, language)
    );

    -- A therapist's own quick replies (owner_id set) and the clinic's templates (owner_id null,
    -- kept by the clinic's admins). Either language may be empty, not both.
    CREATE TABLE quick_reply (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      owner_id uuid REFERENCES app_user(id),
      title_en text NOT NULL DEFAULT '',
      title_es text NOT NULL DEFAULT '',
      text_en text NOT NULL DEFAULT '',
      text_es text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (text_en <> '' OR text_es <> '')
    );
    CREATE INDEX quick_reply_clinic ON quick_reply (clinic_id, owner_id);
  `.execute(db);
}
