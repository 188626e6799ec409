import { sql, type Kysely } from 'kysely';

// Video rooms for family events as well as sessions. A room, its guest passes and its participants
// are keyed by room_id: the id of the session or the event whose place is "video" (exactly one of
// session_id and event_id is set, and room_id is that one). An event's room belongs to no child,
// so child_id is set exactly when the room is a session's. The never-used video_room_id columns
// of sessions and events go: a room is found by its session's or event's own id.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE video_room DROP CONSTRAINT video_room_pkey`.execute(db);
  for (const table of ['video_room', 'video_guest_pass', 'video_participant']) {
    await sql`
      ALTER TABLE ${sql.table(table)}
        ALTER COLUMN session_id DROP NOT NULL,
        ALTER COLUMN child_id DROP NOT NULL,
        ADD COLUMN event_id uuid REFERENCES family_event(id),
        ADD COLUMN room_id uuid
    `.execute(db);
    await sql`UPDATE ${sql.table(table)} SET room_id = session_id`.execute(db);
    await sql`
      ALTER TABLE ${sql.table(table)}
        ALTER COLUMN room_id SET NOT NULL,
        ADD CONSTRAINT ${sql.id(`${table}_of`)} CHECK (
          num_nonnulls(session_id, event_id) = 1
          AND room_id = coalesce(session_id, event_id)
          AND (session_id IS NULL) = (child_id IS NULL))
    `.execute(db);
  }
  await sql`
    ALTER TABLE video_room ADD PRIMARY KEY (room_id);
    DROP INDEX video_guest_pass_session;
    CREATE INDEX video_guest_pass_room ON video_guest_pass (room_id, created_at);
    DROP INDEX video_participant_room;
    CREATE INDEX video_participant_room ON video_participant (room_id, state);
    ALTER TABLE therapy_session DROP COLUMN video_room_id;
    ALTER TABLE family_event DROP COLUMN video_room_id;
  `.execute(db);
}
