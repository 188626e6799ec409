import { sql, type Kysely } from 'kysely';

// Milestones (a goal met, a win) with who has seen each celebration, and plan reviews with the
// goal history they cover. Milestones and reviews are never changed or deleted once written.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE milestone (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      kind text NOT NULL CHECK (kind IN ('goal_met', 'win')),
      goal_id uuid REFERENCES goal(id),
      title text NOT NULL CHECK (title <> ''),
      note text NOT NULL DEFAULT '',
      happened_on date NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      creator_role text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind = 'win' OR goal_id IS NOT NULL)
    );
    CREATE INDEX milestone_child ON milestone (child_id, happened_on DESC, created_at DESC);
    CREATE INDEX milestone_recent ON milestone (created_at);
    -- A goal is met once: it is closed afterwards.
    CREATE UNIQUE INDEX milestone_goal_met ON milestone (goal_id) WHERE kind = 'goal_met';

    CREATE FUNCTION careteam_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END $$;
    CREATE TRIGGER milestone_no_update BEFORE UPDATE OR DELETE ON milestone
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER milestone_no_truncate BEFORE TRUNCATE ON milestone
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();

    -- Each person's "I have seen it": the celebration shows until they have.
    CREATE TABLE milestone_seen (
      milestone_id uuid NOT NULL REFERENCES milestone(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (milestone_id, user_id)
    );
    CREATE INDEX milestone_seen_user ON milestone_seen (user_id);

    CREATE TABLE plan_review (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      held_on date NOT NULL,
      agreed text NOT NULL,
      -- The goal history up to this instant is covered; the next review starts from here.
      covered_until timestamptz NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorder_role text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX plan_review_child ON plan_review (child_id, covered_until);

    CREATE TABLE plan_review_participant (
      review_id uuid NOT NULL REFERENCES plan_review(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      -- As they were on the day: the name and role they had in the team.
      name text NOT NULL,
      role text,
      PRIMARY KEY (review_id, user_id)
    );

    -- The goal history events the review covered, with the goal version each left behind.
    CREATE TABLE plan_review_change (
      review_id uuid NOT NULL REFERENCES plan_review(id),
      goal_event_id uuid NOT NULL REFERENCES goal_event(id),
      goal_id uuid NOT NULL REFERENCES goal(id),
      goal_version integer NOT NULL,
      PRIMARY KEY (review_id, goal_event_id)
    );

    CREATE TRIGGER plan_review_no_update BEFORE UPDATE OR DELETE ON plan_review
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER plan_review_no_truncate BEFORE TRUNCATE ON plan_review
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER plan_review_participant_no_update BEFORE UPDATE OR DELETE ON plan_review_participant
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER plan_review_participant_no_truncate BEFORE TRUNCATE ON plan_review_participant
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER plan_review_change_no_update BEFORE UPDATE OR DELETE ON plan_review_change
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER plan_review_change_no_truncate BEFORE TRUNCATE ON plan_review_change
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();
  `.execute(db);
}
