import { sql, type Kysely } from 'kysely';

// Meetings to talk about progress: a team meeting's or plan review's shared agenda, and the plan
// review recorded from the meeting. Each agenda point keeps its author's role and household as
// they were when it was written, so a restricted second household can be shown only its own
// family's points. A meeting leads to at most one plan review, and a review comes from one meeting.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE session_agenda_point (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL REFERENCES therapy_session(id),
      child_id uuid NOT NULL REFERENCES child(id),
      author_id uuid NOT NULL REFERENCES app_user(id),
      author_role text NOT NULL CHECK (author_role IN ('guardian', 'caregiver', 'therapist', 'teacher')),
      author_household text,
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
      detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 1000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX session_agenda_point_session ON session_agenda_point (session_id, created_at);

    CREATE TABLE session_plan_review (
      session_id uuid PRIMARY KEY REFERENCES therapy_session(id),
      review_id uuid NOT NULL UNIQUE REFERENCES plan_review(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
