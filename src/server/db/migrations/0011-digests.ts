import { sql, type Kysely } from 'kysely';

// The weekly digest, newsletters, and optional mail done properly (unsubscribe, mail headers).
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Each person's optional mail: the weekly digest (day and hour in their own time zone) and
    -- newsletters. A row is made for every family member and clinician by the digest sweep, with
    -- the defaults (families Sunday 17:00, clinicians Monday 08:00). next_at is when the sweep
    -- sends the next digest; it is written in the same transaction that sends, so a restart
    -- neither loses nor repeats one.
    CREATE TABLE mail_preference (
      user_id uuid PRIMARY KEY REFERENCES app_user(id),
      digest_enabled boolean NOT NULL DEFAULT true,
      -- 1 = Monday … 7 = Sunday (ISO).
      digest_weekday smallint NOT NULL CHECK (digest_weekday BETWEEN 1 AND 7),
      digest_time time NOT NULL,
      digest_next_at timestamptz,
      newsletters boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX mail_preference_due ON mail_preference (digest_next_at) WHERE digest_enabled;

    -- One unsubscribe link per optional mail. Only the token's hash is stored; it names the person
    -- and what the link stops (the digest or newsletters), never anything else.
    CREATE TABLE mail_unsubscribe (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      kind text NOT NULL CHECK (kind IN ('digest', 'newsletter')),
      clinic_id uuid REFERENCES clinic(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz
    );

    -- Headers a mail is sent with (List-Unsubscribe and List-Unsubscribe-Post for optional mail).
    ALTER TABLE mail_outbox ADD COLUMN headers jsonb NOT NULL DEFAULT '{}';

    -- A therapist's short word for the family's next weekly digest, one per child.
    CREATE TABLE digest_note (
      child_id uuid PRIMARY KEY REFERENCES child(id),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      text text NOT NULL CHECK (length(text) <= 600),
      written_by uuid NOT NULL REFERENCES app_user(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- A clinic's newsletter to families: markdown with an optional picture (bytes checked by
    -- content, stored in the row, served only through access-checked routes), an audience, and
    -- when it goes out. The job that sends it writes one newsletter_recipient per person.
    CREATE TABLE newsletter (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      title text NOT NULL CHECK (title <> '' AND length(title) <= 200),
      body text NOT NULL CHECK (length(body) <= 20000),
      image bytea CHECK (octet_length(image) <= 2097152),
      image_type text CHECK (image_type IN ('image/png', 'image/jpeg', 'image/webp')),
      audience text NOT NULL CHECK (audience IN ('all', 'therapist', 'therapy_type')),
      audience_therapist uuid REFERENCES app_user(id),
      audience_therapy_type text,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'sent')),
      send_at timestamptz,
      sent_at timestamptz,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((image IS NULL) = (image_type IS NULL)),
      CHECK ((audience = 'therapist') = (audience_therapist IS NOT NULL)),
      CHECK ((audience = 'therapy_type') = (audience_therapy_type IS NOT NULL)),
      CHECK (status = 'draft' OR send_at IS NOT NULL)
    );
    CREATE INDEX newsletter_clinic ON newsletter (clinic_id, created_at DESC);
    CREATE INDEX newsletter_due ON newsletter (send_at) WHERE status = 'scheduled';

    CREATE TABLE newsletter_recipient (
      newsletter_id uuid NOT NULL REFERENCES newsletter(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      -- The mail, when one was sent (not for someone who opted out of newsletter mail).
      mail_id uuid REFERENCES mail_outbox(id),
      opened_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (newsletter_id, user_id)
    );
    CREATE INDEX newsletter_recipient_user ON newsletter_recipient (user_id, created_at DESC);
  `.execute(db);
}
