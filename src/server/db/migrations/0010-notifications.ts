import { sql, type Kysely } from 'kysely';

// Notifications: one row per person and event (the in-app record), each person's choices per kind,
// urgent clinic notices, and the journal's "flag for the therapist".
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid REFERENCES clinic(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      kind text NOT NULL CHECK (kind IN ('message', 'goal_proposed', 'goal_agreed', 'milestone', 'practice_assigned',
        'journal_flagged', 'invitation_accepted', 'practice_reminder', 'urgent_notice')),
      child_id uuid REFERENCES child(id),
      actor_id uuid REFERENCES app_user(id),
      -- Ids for the link to the thing (goal, practice item, entry, conversation, notice…), never content.
      target jsonb NOT NULL DEFAULT '{}',
      -- One event notifies a person once.
      dedupe_key text NOT NULL,
      -- Several messages of one conversation collapse into one unread notification.
      count integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      -- The person's channel when it was made, and where its email stands: none (in-app only),
      -- waiting (until email_due_at: quiet hours, or unread escalation), sent, digest (waiting for
      -- the daily digest), digested, skipped (read, or turned off, before its email was due).
      channel text NOT NULL CHECK (channel IN ('in_app', 'email')),
      email_state text NOT NULL CHECK (email_state IN ('none', 'waiting', 'sent', 'digest', 'digested', 'skipped')),
      email_due_at timestamptz,
      mail_id uuid REFERENCES mail_outbox(id),
      UNIQUE (user_id, dedupe_key)
    );
    CREATE INDEX notification_user ON notification (user_id, created_at DESC);
    CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL;
    CREATE INDEX notification_waiting ON notification (email_due_at) WHERE email_state = 'waiting';
    CREATE INDEX notification_digest ON notification (user_id, created_at) WHERE email_state = 'digest';

    -- Per person and kind: immediately, in the daily digest, or off. No row: immediately.
    CREATE TABLE notification_preference (
      user_id uuid NOT NULL REFERENCES app_user(id),
      kind text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('immediately', 'digest', 'off')),
      PRIMARY KEY (user_id, kind)
    );

    -- Per person: the extra channel beside the in-app list, and the local time of the daily digest.
    CREATE TABLE notification_setting (
      user_id uuid PRIMARY KEY REFERENCES app_user(id),
      channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('in_app', 'email')),
      digest_time time NOT NULL DEFAULT '18:00',
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- An urgent clinic notice: always in-app and by email, whatever the person chose.
    CREATE TABLE urgent_notice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      audience text NOT NULL CHECK (audience IN ('families', 'staff', 'everyone')),
      body text NOT NULL,
      recipients integer NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX urgent_notice_clinic ON urgent_notice (clinic_id, created_at DESC);

    ALTER TABLE journal_entry ADD COLUMN flagged boolean NOT NULL DEFAULT false;
  `.execute(db);
}
