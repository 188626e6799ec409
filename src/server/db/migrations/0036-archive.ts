import { sql, type Kysely } from 'kysely';

// The family's archive and the clinic export. A clinic-level permission, clinic.export (taking
// the whole clinic's records away in one file), held by the clinic's admins and only them: a new
// admin gets it as they join, and the check refuses it to anyone else. Each archive asked for is a
// row: who asked, for which child (none: the whole clinic), and, once a job has built its ZIP in
// the uploads store, the hash of the one-time link that downloads it. The link works once, for a
// day; after the download or the day the file is removed and the row says so.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE clinic_member ADD COLUMN permissions text[] NOT NULL DEFAULT '{}',
      ADD CONSTRAINT clinic_member_export_admins CHECK (role = 'admin' OR NOT ('clinic.export' = ANY(permissions)));
    UPDATE clinic_member SET permissions = array_append(permissions, 'clinic.export') WHERE role = 'admin';
    CREATE FUNCTION clinic_member_default_permissions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.role = 'admin' AND NOT ('clinic.export' = ANY(NEW.permissions)) THEN
        NEW.permissions := array_append(NEW.permissions, 'clinic.export');
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER clinic_member_default_permissions BEFORE INSERT ON clinic_member
      FOR EACH ROW EXECUTE FUNCTION clinic_member_default_permissions();

    CREATE TABLE record_archive (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid REFERENCES child(id),
      scope text NOT NULL CHECK (scope IN ('child', 'clinic')),
      requested_by uuid NOT NULL REFERENCES app_user(id),
      locale text NOT NULL CHECK (length(locale) BETWEEN 2 AND 35),
      status text NOT NULL CHECK (status IN ('pending', 'ready', 'failed', 'downloaded', 'expired')),
      storage_key text,
      byte_size bigint,
      link_hash bytea UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      ready_at timestamptz,
      downloaded_at timestamptz,
      expires_at timestamptz,
      CHECK ((scope = 'child') = (child_id IS NOT NULL)),
      CHECK (status <> 'ready' OR storage_key IS NOT NULL),
      CHECK (status IN ('ready', 'downloaded') OR storage_key IS NULL),
      CHECK (status <> 'ready' OR (link_hash IS NOT NULL AND expires_at IS NOT NULL))
    );
    CREATE INDEX record_archive_requester ON record_archive (requested_by, created_at);
    CREATE INDEX record_archive_child ON record_archive (child_id) WHERE child_id IS NOT NULL;
    CREATE INDEX record_archive_expiry ON record_archive (expires_at) WHERE storage_key IS NOT NULL;
  `.execute(db);
}
