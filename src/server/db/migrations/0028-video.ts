import { sql, type Kysely } from 'kysely';

// Video visits: a room per video session (opened by its host, ended for everyone), who joined,
// waited, was let in and left — never what was said or shown — and interpreters' guest passes:
// one-time links to one session's room, kept only as the token's hash, revocable by the host.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE video_room (
      session_id uuid PRIMARY KEY REFERENCES therapy_session(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      opened_by uuid NOT NULL REFERENCES app_user(id),
      opened_at timestamptz NOT NULL,
      ended_at timestamptz
    );

    CREATE TABLE video_guest_pass (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      session_id uuid NOT NULL REFERENCES therapy_session(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      language text NOT NULL CHECK (length(language) BETWEEN 2 AND 35),
      token_hash bytea NOT NULL UNIQUE,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );
    CREATE INDEX video_guest_pass_session ON video_guest_pass (session_id, created_at);

    CREATE TABLE video_participant (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      session_id uuid NOT NULL REFERENCES therapy_session(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      user_id uuid REFERENCES app_user(id),
      guest_pass_id uuid REFERENCES video_guest_pass(id),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('host', 'member', 'guest')),
      state text NOT NULL CHECK (state IN ('waiting', 'admitted', 'left', 'removed')),
      audio boolean NOT NULL DEFAULT true,
      video boolean NOT NULL DEFAULT true,
      muted_by_host boolean NOT NULL DEFAULT false,
      joined_at timestamptz NOT NULL,
      admitted_at timestamptz,
      left_at timestamptz,
      CHECK ((user_id IS NULL) <> (guest_pass_id IS NULL))
    );
    CREATE INDEX video_participant_room ON video_participant (session_id, state);
  `.execute(db);
}
