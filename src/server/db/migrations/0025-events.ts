import { sql, type Kysely } from 'kysely';
import { addNotificationKinds } from '../notification-kinds.ts';

// Family events: a clinic's workshops, parent groups, open days, a child's performance. An event
// is published by a clinic admin or a therapist for an audience (all the clinic's families, a
// therapy type's, or the families of chosen children, listed in family_event_child); each family
// member answers once (yes / no / maybe, their party, an interpreter's language when asked) and
// may change the answer. `sequence` grows with every change the families see, for the calendar
// file (one UID per event, a growing SEQUENCE). Where it happens is an address or a video call;
// video_room_id stays empty until video rooms exist, with no change of meaning.
// Notifications gain the kinds event_published, event_changed and event_cancelled.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE family_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      kind text NOT NULL CHECK (kind IN ('workshop', 'parent_group', 'open_day', 'performance', 'other')),
      title text NOT NULL,
      description text NOT NULL,
      starts_at timestamptz NOT NULL,
      duration_minutes smallint NOT NULL CHECK (duration_minutes BETWEEN 15 AND 720),
      place text NOT NULL CHECK (place IN ('address', 'video')),
      place_note text NOT NULL DEFAULT '',
      video_room_id uuid,
      audience text NOT NULL CHECK (audience IN ('all', 'therapy_type', 'children')),
      audience_therapy_type text,
      capacity integer CHECK (capacity IS NULL OR capacity >= 1),
      ask_interpreter boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled')),
      cancel_reason text,
      cancelled_by uuid REFERENCES app_user(id),
      cancelled_at timestamptz,
      sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT family_event_therapy_type CHECK ((audience = 'therapy_type') = (audience_therapy_type IS NOT NULL)),
      CONSTRAINT family_event_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))
    );
    CREATE INDEX family_event_clinic ON family_event (clinic_id, starts_at);

    CREATE TABLE family_event_child (
      event_id uuid NOT NULL REFERENCES family_event(id),
      child_id uuid NOT NULL REFERENCES child(id),
      PRIMARY KEY (event_id, child_id)
    );
    CREATE INDEX family_event_child_child ON family_event_child (child_id);

    CREATE TABLE family_event_rsvp (
      event_id uuid NOT NULL REFERENCES family_event(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      answer text NOT NULL CHECK (answer IN ('yes', 'no', 'maybe')),
      adults smallint NOT NULL CHECK (adults BETWEEN 0 AND 12),
      children smallint NOT NULL CHECK (children BETWEEN 0 AND 12),
      interpreter_language text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, user_id)
    );
    CREATE INDEX family_event_rsvp_user ON family_event_rsvp (user_id);
  `.execute(db);
  await addNotificationKinds(db, ['event_published', 'event_changed', 'event_cancelled']);
}
