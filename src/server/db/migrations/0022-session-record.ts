import { sql, type Kysely } from 'kysely';
import { addNotificationKinds } from '../notification-kinds.ts';

// What happened in a session, in two parts kept apart on purpose. The session record: who
// attended, and the summary for the family (what we worked on, what went well, what to practise
// this week, with links to the child's practice items and strategies), with machine translations
// kept per language until the summary changes ({ "es": { "text": { workedOn, wentWell, toPractise },
// "source": "en" } }). The clinical note: the clinicians' private words, in a table of its own
// that no family, school or notification path reads. Each has a version history that is only
// ever added to. shared_at: when the family was first told (once, never again for corrections).
// The new permission sessions.clinical_note (therapists) is granted here to existing therapist
// members, as the role default does for new ones.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE session_record (
      session_id uuid PRIMARY KEY REFERENCES therapy_session(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      attendees uuid[] NOT NULL DEFAULT '{}',
      worked_on text NOT NULL DEFAULT '',
      went_well text NOT NULL DEFAULT '',
      to_practise text NOT NULL DEFAULT '',
      practice_item_ids uuid[] NOT NULL DEFAULT '{}',
      child_strategy_ids uuid[] NOT NULL DEFAULT '{}',
      language text NOT NULL,
      translations jsonb NOT NULL DEFAULT '{}',
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      shared_at timestamptz,
      written_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX session_record_child ON session_record (child_id, shared_at);

    CREATE TABLE session_record_version (
      session_id uuid NOT NULL REFERENCES session_record(session_id),
      child_id uuid NOT NULL REFERENCES child(id),
      version integer NOT NULL,
      content jsonb NOT NULL,
      written_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, version)
    );
    CREATE TRIGGER session_record_version_no_update BEFORE UPDATE OR DELETE ON session_record_version
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER session_record_version_no_truncate BEFORE TRUNCATE ON session_record_version
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();

    CREATE TABLE session_clinical_note (
      session_id uuid PRIMARY KEY REFERENCES therapy_session(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      text text NOT NULL,
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      written_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE session_clinical_note_version (
      session_id uuid NOT NULL REFERENCES session_clinical_note(session_id),
      child_id uuid NOT NULL REFERENCES child(id),
      version integer NOT NULL,
      text text NOT NULL,
      written_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, version)
    );
    CREATE TRIGGER session_clinical_note_version_no_update BEFORE UPDATE OR DELETE ON session_clinical_note_version
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER session_clinical_note_version_no_truncate BEFORE TRUNCATE ON session_clinical_note_version
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();
  `.execute(db);
  await addNotificationKinds(db, ['session_summary']);
  await grantClinicalNoteDefault(db);
}

/** The new role default, given to the therapists already on a team (idempotent). */
export async function grantClinicalNoteDefault(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE care_team_member SET permissions = array_append(permissions, 'sessions.clinical_note')
      WHERE role = 'therapist' AND NOT ('sessions.clinical_note' = ANY(permissions))`.execute(db);
}
