import { sql, type Kysely } from 'kysely';

// The care plan: goals (with every version kept as events), the family's agreement, measurements.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE goal (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      status text NOT NULL CHECK (status IN ('suggested', 'proposed', 'changes_requested', 'agreed', 'paused', 'met', 'discontinued')),
      area text NOT NULL,
      statement text NOT NULL,
      measure text NOT NULL CHECK (measure IN ('count', 'percent', 'rating', 'duration', 'yes_no')),
      unit text NOT NULL DEFAULT '',
      baseline double precision,
      target double precision NOT NULL,
      lower_is_better boolean NOT NULL DEFAULT false,
      target_date date,
      settings text[] NOT NULL,
      priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
      why_it_matters text NOT NULL DEFAULT '',
      status_reason text NOT NULL DEFAULT '',
      agreed_by uuid REFERENCES app_user(id),
      agreed_at timestamptz,
      agreed_version integer,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX goal_child ON goal (child_id, priority, created_at);

    -- The goal's history: who changed what, when, and every agreement. Never changed afterwards.
    CREATE TABLE goal_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      goal_id uuid NOT NULL REFERENCES goal(id),
      child_id uuid NOT NULL REFERENCES child(id),
      version integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('created', 'suggested', 'revised', 'agreed', 'change_requested', 'status_changed', 'priority_changed')),
      actor_id uuid NOT NULL REFERENCES app_user(id),
      actor_role text,
      comment text NOT NULL DEFAULT '',
      changes jsonb NOT NULL DEFAULT '{}',
      -- The goal as it stood after this event: the exact version a guardian agreed to.
      snapshot jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX goal_event_goal ON goal_event (goal_id, created_at);

    CREATE FUNCTION goal_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'goal_event is append-only';
    END $$;
    CREATE TRIGGER goal_event_no_update BEFORE UPDATE OR DELETE ON goal_event
      FOR EACH ROW EXECUTE FUNCTION goal_event_append_only();
    CREATE TRIGGER goal_event_no_truncate BEFORE TRUNCATE ON goal_event
      FOR EACH STATEMENT EXECUTE FUNCTION goal_event_append_only();

    CREATE TABLE measurement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      goal_id uuid NOT NULL REFERENCES goal(id),
      child_id uuid NOT NULL REFERENCES child(id),
      value double precision NOT NULL,
      opportunities integer,
      measured_on date NOT NULL,
      setting text NOT NULL CHECK (setting IN ('therapy', 'home', 'school')),
      note text NOT NULL DEFAULT '',
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorder_role text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX measurement_goal ON measurement (goal_id, measured_on);
  `.execute(db);
}
