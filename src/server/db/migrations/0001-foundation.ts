import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE clinic (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      time_zone text NOT NULL,
      require_two_factor boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      password_hash text,
      locale text NOT NULL DEFAULT 'en',
      totp_secret text,
      totp_enabled boolean NOT NULL DEFAULT false,
      totp_last_step bigint,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE clinic_member (
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      role text NOT NULL CHECK (role IN ('admin', 'therapist')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (clinic_id, user_id)
    );
    CREATE INDEX clinic_member_user ON clinic_member(user_id);

    CREATE TABLE auth_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash bytea NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES app_user(id),
      csrf_token text NOT NULL,
      mfa_pending boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      ip text,
      user_agent text
    );
    CREATE INDEX auth_session_user ON auth_session(user_id) WHERE ended_at IS NULL;

    CREATE TABLE one_time_token (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES app_user(id),
      purpose text NOT NULL CHECK (purpose IN ('signin_link', 'password_reset')),
      token_hash bytea NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );

    CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      window_start timestamptz NOT NULL,
      locked_until timestamptz
    );

    CREATE TABLE child (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      first_name text NOT NULL,
      last_name text NOT NULL,
      birth_date date,
      pronouns text NOT NULL DEFAULT '',
      therapy_types text[] NOT NULL DEFAULT '{}',
      languages text[] NOT NULL DEFAULT '{}',
      culture_values text NOT NULL DEFAULT '',
      routines text NOT NULL DEFAULT '',
      motivators text NOT NULL DEFAULT '',
      contact_channel text NOT NULL DEFAULT 'email' CHECK (contact_channel IN ('in_app', 'email')),
      contact_hours text NOT NULL DEFAULT '',
      time_zone text NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX child_clinic ON child(clinic_id);

    CREATE TABLE consent (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      kind text NOT NULL CHECK (kind IN ('school_access')),
      granted_by uuid NOT NULL REFERENCES app_user(id),
      subject_email text NOT NULL,
      note text NOT NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_by uuid REFERENCES app_user(id)
    );

    CREATE TABLE care_team_member (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      role text NOT NULL CHECK (role IN ('guardian', 'caregiver', 'therapist', 'teacher')),
      permissions text[] NOT NULL,
      household text,
      invited_by uuid REFERENCES app_user(id),
      consent_id uuid REFERENCES consent(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_by uuid REFERENCES app_user(id),
      CHECK (role <> 'teacher' OR consent_id IS NOT NULL)
    );
    CREATE UNIQUE INDEX care_team_member_active ON care_team_member(child_id, user_id) WHERE revoked_at IS NULL;
    CREATE INDEX care_team_member_user ON care_team_member(user_id) WHERE revoked_at IS NULL;

    CREATE TABLE invitation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      kind text NOT NULL CHECK (kind IN ('clinician', 'team')),
      email text NOT NULL,
      name text NOT NULL,
      locale text NOT NULL DEFAULT 'en',
      clinic_role text CHECK (clinic_role IN ('admin', 'therapist')),
      child_id uuid REFERENCES child(id),
      team_role text CHECK (team_role IN ('guardian', 'caregiver', 'therapist', 'teacher')),
      permissions text[],
      household text,
      consent_id uuid REFERENCES consent(id),
      token_hash bytea NOT NULL UNIQUE,
      invited_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_by uuid REFERENCES app_user(id),
      revoked_at timestamptz,
      CHECK ((kind = 'clinician' AND clinic_role IS NOT NULL) OR (kind = 'team' AND child_id IS NOT NULL AND team_role IS NOT NULL))
    );
    CREATE INDEX invitation_child ON invitation(child_id) WHERE accepted_at IS NULL AND revoked_at IS NULL;

    CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid REFERENCES clinic(id),
      dedupe_key text NOT NULL UNIQUE,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'held', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX mail_outbox_clinic ON mail_outbox(clinic_id, created_at DESC);

    CREATE TABLE idempotency_record (
      user_id uuid NOT NULL REFERENCES app_user(id),
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      status integer NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, key)
    );

    CREATE TABLE audit_event (
      id bigserial PRIMARY KEY,
      clinic_id uuid,
      actor_id uuid,
      actor_role text,
      action text NOT NULL,
      subject_type text,
      subject_id text,
      child_id uuid,
      outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
      ip text,
      user_agent text,
      request_id text,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      prev_hash bytea,
      hash bytea NOT NULL
    );
    CREATE INDEX audit_event_clinic ON audit_event(clinic_id, id DESC);
    CREATE INDEX audit_event_child ON audit_event(child_id, id DESC) WHERE child_id IS NOT NULL;
    CREATE INDEX audit_event_actor ON audit_event(actor_id, id DESC);

    -- One hash chain per clinic: each row's hash covers its content and the previous row's hash,
    -- so an edited or removed row is detectable. The advisory lock orders the chain per clinic.
    CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      chain_key uuid := coalesce(NEW.clinic_id, '00000000-0000-0000-0000-000000000000');
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || chain_key::text, 0));
      -- Ids are taken under the lock so that, per clinic, id order is chain order.
      NEW.id := nextval(pg_get_serial_sequence('audit_event', 'id'));
      SELECT hash INTO NEW.prev_hash FROM audit_event
        WHERE coalesce(clinic_id, '00000000-0000-0000-0000-000000000000') = chain_key
        ORDER BY id DESC LIMIT 1;
      NEW.hash := sha256(convert_to(concat_ws('|',
        NEW.id, NEW.clinic_id, NEW.actor_id, NEW.actor_role, NEW.action, NEW.subject_type,
        NEW.subject_id, NEW.child_id, NEW.outcome, NEW.ip, NEW.user_agent, NEW.request_id,
        NEW.details::text, to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        encode(coalesce(NEW.prev_hash, ''::bytea), 'hex')), 'UTF8'));
      RETURN NEW;
    END $$;
    CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

    CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_event is append-only';
    END $$;
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
  `.execute(db);
}
