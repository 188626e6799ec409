import { sql, type Kysely } from 'kysely';
import { addNotificationKinds } from '../notification-kinds.ts';

// Moving and cancelling sessions from the family's side. A household of a child's family (the
// care_team_member.household name, or one member alone when it has none) asks to move a session by
// proposing one to three instants; a newer request of the same household replaces its open one.
// Whoever manages sessions accepts one of those times (the session moves), offers another time to
// the households that asked (who may accept it), or declines with a reason. Every step is also
// written to session_change, append-only: who, when, what, and a moved session's old and new time.
// The notification kinds of these steps are added to the notification table's list of kinds,
// keeping whatever kinds the list already has.
// Frozen once landed: never edit, add a new migration instead.
const KINDS = ['session_move_requested', 'session_moved', 'session_move_offered', 'session_move_declined', 'session_cancelled_by_family'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE session_move_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      session_id uuid NOT NULL REFERENCES therapy_session(id),
      -- 'family': a household's request (household set); 'clinic': a time offered back to the households that asked.
      side text NOT NULL CHECK (side IN ('family', 'clinic')),
      household text,
      -- The households a clinic offer is addressed to.
      households text[] NOT NULL DEFAULT '{}',
      times timestamptz[] NOT NULL CHECK (cardinality(times) BETWEEN 1 AND 3),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replaced', 'accepted', 'declined', 'closed')),
      reason text,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_by uuid REFERENCES app_user(id),
      closed_at timestamptz,
      CONSTRAINT session_move_request_household CHECK ((side = 'family') = (household IS NOT NULL)),
      CONSTRAINT session_move_request_closed CHECK ((status = 'open') = (closed_at IS NULL)),
      CONSTRAINT session_move_request_declined CHECK (status <> 'declined' OR reason IS NOT NULL)
    );
    CREATE INDEX session_move_request_session ON session_move_request (session_id, created_at);
    CREATE INDEX session_move_request_child_open ON session_move_request (child_id) WHERE status = 'open';
    -- One open request per household and session.
    CREATE UNIQUE INDEX session_move_request_one_open ON session_move_request (session_id, household) WHERE status = 'open' AND side = 'family';

    CREATE TABLE session_change (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      session_id uuid NOT NULL REFERENCES therapy_session(id),
      request_id uuid REFERENCES session_move_request(id),
      action text NOT NULL CHECK (action IN ('move_requested', 'move_offered', 'moved', 'move_declined', 'cancelled_by_family')),
      actor_id uuid NOT NULL REFERENCES app_user(id),
      household text,
      times timestamptz[] NOT NULL DEFAULT '{}',
      from_starts_at timestamptz,
      to_starts_at timestamptz,
      reason text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX session_change_session ON session_change (session_id, created_at);
    CREATE TRIGGER session_change_no_update BEFORE UPDATE OR DELETE ON session_change
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER session_change_no_truncate BEFORE TRUNCATE ON session_change
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();
  `.execute(db);
  await addNotificationKinds(db, KINDS);
}
