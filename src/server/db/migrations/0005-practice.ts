import { sql, type Kysely } from 'kysely';

// Home practice: items a therapist assigns (every version kept as events) and the family's logs.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE practice_item (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
      title text NOT NULL,
      goal_ids uuid[] NOT NULL DEFAULT '{}',
      steps jsonb NOT NULL,
      rule text NOT NULL,
      times_per_week smallint CHECK (times_per_week BETWEEN 1 AND 7),
      minutes smallint,
      start_date date NOT NULL,
      end_date date CHECK (end_date IS NULL OR end_date >= start_date),
      watch_for text NOT NULL DEFAULT '',
      status_reason text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX practice_item_child ON practice_item (child_id, status);

    CREATE TABLE practice_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      item_id uuid NOT NULL REFERENCES practice_item(id),
      child_id uuid NOT NULL REFERENCES child(id),
      version integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('created', 'revised', 'status_changed')),
      actor_id uuid NOT NULL REFERENCES app_user(id),
      actor_role text,
      comment text NOT NULL DEFAULT '',
      changes jsonb NOT NULL DEFAULT '{}',
      snapshot jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX practice_event_item ON practice_event (item_id, created_at);

    -- careteam_append_only() (0004) guards every history table: rows are written once, never changed.
    CREATE TRIGGER practice_event_no_update BEFORE UPDATE OR DELETE ON practice_event
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER practice_event_no_truncate BEFORE TRUNCATE ON practice_event
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();

    CREATE TABLE practice_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      item_id uuid NOT NULL REFERENCES practice_item(id),
      child_id uuid NOT NULL REFERENCES child(id),
      practice_date date NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('done', 'partial', 'skipped')),
      how_it_went smallint CHECK (how_it_went BETWEEN 1 AND 5),
      minutes smallint CHECK (minutes BETWEEN 0 AND 600),
      note text NOT NULL DEFAULT '',
      logged_by uuid NOT NULL REFERENCES app_user(id),
      logger_role text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX practice_log_item ON practice_log (item_id, practice_date);
    CREATE INDEX practice_log_child ON practice_log (child_id, practice_date);

    -- A person's own clock: their time zone (else the child's) and quiet hours for reminders and notifications.
    ALTER TABLE app_user ADD COLUMN time_zone text, ADD COLUMN quiet_start time, ADD COLUMN quiet_end time,
      ADD CONSTRAINT app_user_quiet_both CHECK ((quiet_start IS NULL) = (quiet_end IS NULL));

    -- One practice reminder per person and child. next_at is when the sweep sends it; it is
    -- written in the same transaction that sends, so a restart neither loses nor repeats one.
    CREATE TABLE practice_reminder (
      user_id uuid NOT NULL REFERENCES app_user(id),
      child_id uuid NOT NULL REFERENCES child(id),
      remind_at time NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      next_at timestamptz,
      next_date date,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, child_id)
    );
    CREATE INDEX practice_reminder_due ON practice_reminder (next_at) WHERE enabled;
  `.execute(db);
}
