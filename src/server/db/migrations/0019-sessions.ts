import { sql, type Kysely } from 'kysely';

// Sessions, meetings and family events (first slice): a child's therapy sessions, one-off or
// recurring, who is invited and what they answered. A recurring session's rule is kept as a
// series; its occurrences are rows of their own, materialised ahead for a bounded horizon, so each
// can be moved, cancelled or answered alone. Times are instants (UTC); a series keeps its local
// start time and the zone it is read in, so it stays at the same wall-clock time across DST.
// Where a session happens is a place ('clinic', 'home', 'school', 'video') with a short note;
// video_room_id stays empty until video rooms exist (the next issue), with no change of meaning.
// New permissions: sessions.respond (guardian, caregiver) and sessions.manage (therapist), granted
// here to existing members of those roles as the new role defaults do for new members.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE session_series (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      rule text NOT NULL,
      start_date date NOT NULL,
      local_time time NOT NULL,
      time_zone text NOT NULL,
      duration_minutes smallint NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
      until_date date CHECK (until_date IS NULL OR until_date >= start_date),
      count smallint CHECK (count IS NULL OR count BETWEEN 1 AND 200),
      materialised_until date NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX session_series_child ON session_series (child_id);

    CREATE TABLE therapy_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      series_id uuid REFERENCES session_series(id),
      kind text NOT NULL CHECK (kind IN ('therapy', 'parent_coaching', 'team_meeting', 'plan_review', 'school_meeting')),
      place text NOT NULL CHECK (place IN ('clinic', 'home', 'school', 'video')),
      place_note text NOT NULL DEFAULT '',
      video_room_id uuid,
      starts_at timestamptz NOT NULL,
      duration_minutes smallint NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
      family_invited boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
      cancel_reason text,
      cancelled_by uuid REFERENCES app_user(id),
      cancelled_at timestamptz,
      created_by uuid NOT NULL REFERENCES app_user(id),
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT therapy_session_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))
    );
    CREATE INDEX therapy_session_child ON therapy_session (child_id, starts_at);
    CREATE INDEX therapy_session_creator ON therapy_session (created_by, starts_at) WHERE status = 'scheduled';
    CREATE INDEX therapy_session_series ON therapy_session (series_id, starts_at);

    CREATE TABLE session_invitee (
      session_id uuid NOT NULL REFERENCES therapy_session(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      response text NOT NULL DEFAULT 'pending' CHECK (response IN ('pending', 'yes', 'no')),
      responded_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, user_id)
    );
    CREATE INDEX session_invitee_user ON session_invitee (user_id);
  `.execute(db);
  await grantSessionDefaults(db);
}

/** The new role defaults, given to the members already on a team (idempotent). */
export async function grantSessionDefaults(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE care_team_member SET permissions = array_append(permissions, 'sessions.respond')
      WHERE role IN ('guardian', 'caregiver') AND NOT ('sessions.respond' = ANY(permissions))`.execute(db);
  await sql`
    UPDATE care_team_member SET permissions = array_append(permissions, 'sessions.manage')
      WHERE role = 'therapist' AND NOT ('sessions.manage' = ANY(permissions))`.execute(db);
}
