import { sql, type Kysely } from 'kysely';

// Text messages: a third channel beside in-app and email.
// - A person's phone number (E.164, optional) on their account.
// - 'sms' joins the channels: the person's usual channel, the family profile's preferred channel,
//   and each notification's channel. A notification's email_state and email_due_at say where its
//   outside delivery stands whichever way it goes (quiet hours and unread escalation are one rule
//   for email and text); sms_id names the text it became.
// - Per person and kind, a channel of its own (null: the person's usual channel).
// - sms_outbox: every text, written in the transaction of the change that caused it, sent after
//   commit and kept until the provider accepted it (a dedupe key: one text per event).
// - sms_opt_out: numbers that answered STOP; no text goes to them until they answer START.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE app_user ADD COLUMN phone text CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$');

    ALTER TABLE child DROP CONSTRAINT child_contact_channel_check;
    ALTER TABLE child ADD CONSTRAINT child_contact_channel_check CHECK (contact_channel IN ('in_app', 'email', 'sms'));
    ALTER TABLE notification_setting DROP CONSTRAINT notification_setting_channel_check;
    ALTER TABLE notification_setting ADD CONSTRAINT notification_setting_channel_check CHECK (channel IN ('in_app', 'email', 'sms'));
    ALTER TABLE notification DROP CONSTRAINT notification_channel_check;
    ALTER TABLE notification ADD CONSTRAINT notification_channel_check CHECK (channel IN ('in_app', 'email', 'sms'));
    ALTER TABLE notification_preference ADD COLUMN channel text CHECK (channel IN ('in_app', 'email', 'sms'));

    CREATE TABLE sms_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid REFERENCES clinic(id),
      user_id uuid REFERENCES app_user(id),
      dedupe_key text NOT NULL UNIQUE,
      to_number text NOT NULL,
      body text NOT NULL,
      -- queued (until the provider accepts it), sent, failed (refused, or given up after retries),
      -- skipped (the number answered STOP before it went).
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      provider_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX sms_outbox_queued ON sms_outbox (created_at) WHERE status = 'queued';
    ALTER TABLE notification ADD COLUMN sms_id uuid REFERENCES sms_outbox(id);

    CREATE TABLE sms_opt_out (
      phone text PRIMARY KEY,
      stopped_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
