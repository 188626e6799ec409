import { sql, type Kysely } from 'kysely';

// Clinical content in each reader's language: a goal's, a practice item's (and later other
// written content's) text fields translated per language, cached per content version. The version
// is source_hash, the sha256 of the source fields as JSON: an edit changes it, so the next read
// translates again. A machine row and a human row (a clinician's own wording) may stand side by
// side; the human one wins while its source_hash is the current one. child_id is null for
// clinic-wide content (clinic strategies, newsletters); a child's rows go with the child's purge.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE content_translation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid REFERENCES child(id),
      subject_type text NOT NULL CHECK (subject_type IN ('goal', 'practice_item', 'strategy', 'newsletter', 'urgent_notice', 'journal_entry', 'session_record')),
      subject_id uuid NOT NULL,
      language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
      source_hash text NOT NULL CHECK (source_hash ~ '^[0-9a-f]{64}$'),
      fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
      source_language text,
      provider text NOT NULL CHECK (provider IN ('machine', 'human')),
      translated_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (subject_type, subject_id, language, provider),
      CHECK ((provider = 'human') = (translated_by IS NOT NULL))
    );
    CREATE INDEX content_translation_child ON content_translation (child_id) WHERE child_id IS NOT NULL;
  `.execute(db);
}
