import { sql, type Kysely } from 'kysely';

// Uploaded files (pictures, clips, later message attachments): the bytes live in the upload store
// (a folder under the data directory, or an S3-compatible bucket); this table says whose they
// are and what they belong to. A practice item's step pictures and clip, and a journal entry's
// photo, point at them. Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE upload (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      uploaded_by uuid NOT NULL REFERENCES app_user(id),
      purpose text NOT NULL CHECK (purpose IN ('practice_image', 'practice_clip', 'journal_photo', 'message_attachment')),
      content_type text NOT NULL,
      byte_size integer NOT NULL CHECK (byte_size > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      storage_key text NOT NULL UNIQUE,
      -- What the file belongs to; until then only its uploader sees it. Once attached, it stays
      -- attached: earlier versions of what it belongs to still show it.
      owner_type text CHECK (owner_type IN ('practice_item', 'journal_entry', 'message')),
      owner_id uuid,
      attached_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((owner_type IS NULL) = (owner_id IS NULL)),
      CHECK ((owner_type IS NULL) = (attached_at IS NULL))
    );
    CREATE INDEX upload_child ON upload (child_id, created_at);
    CREATE INDEX upload_owner ON upload (owner_type, owner_id);

    -- One picture per step at most (null where a step has none), and one clip per item.
    ALTER TABLE practice_item
      ADD COLUMN step_images jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN clip_id uuid REFERENCES upload(id);
    ALTER TABLE journal_entry ADD COLUMN photo_id uuid REFERENCES upload(id);
    ALTER TABLE journal_entry_version ADD COLUMN photo_id uuid REFERENCES upload(id);
  `.execute(db);
}
