import { sql, type Kysely } from 'kysely';
import { addNotificationKinds } from '../notification-kinds.ts';

// Sessions in the calendars people already use, and reminders before them.
// - session_reminder_setting: a person's lead times before each session, in minutes (no row: the
//   day before and one hour before; an empty list: no session reminders).
// - session_reminder_sent: one row per person, session, start and lead time once that reminder
//   went out, written in the transaction that notifies them: a sweep that runs twice, on two
//   instances or after a restart, never sends one twice. A moved session has a new start, so its
//   reminders come again at the new time; a cancelled one is never swept. Kept a week after the
//   start they were for.
// - calendar_feed: a person's private feed address. Only the token's hash is kept (to find the
//   feed); the token itself is derived from the server's key and the random nonce, so the owner
//   can see it again while a copy of the database alone cannot. Resetting replaces the nonce.
// - mail_outbox.attachments: files a mail carries (an invitation's .ics), [{ filename,
//   contentType, content, method? }].
// - notification kinds for session reminders, invitations and cancellations.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE session_reminder_setting (
      user_id uuid PRIMARY KEY REFERENCES app_user(id),
      leads integer[] NOT NULL CHECK (cardinality(leads) <= 3),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE session_reminder_sent (
      session_id uuid NOT NULL REFERENCES therapy_session(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      starts_at timestamptz NOT NULL,
      lead_minutes integer NOT NULL,
      sent_at timestamptz NOT NULL,
      PRIMARY KEY (session_id, user_id, starts_at, lead_minutes)
    );
    -- Claims for sessions long started are forgotten by the sweep.
    CREATE INDEX session_reminder_sent_starts ON session_reminder_sent (starts_at);

    CREATE TABLE calendar_feed (
      user_id uuid PRIMARY KEY REFERENCES app_user(id),
      nonce bytea NOT NULL,
      token_hash bytea NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE mail_outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
  `.execute(db);
  await addNotificationKinds(db, ['session_reminder', 'session_scheduled', 'session_cancelled']);
}
