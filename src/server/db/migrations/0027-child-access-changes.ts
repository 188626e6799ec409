import { sql, type Kysely } from 'kysely';

// Servers keep, with a session, what the person may do on every child they are related to and the
// clock they read its times on (a clinician's week of sessions reads it). A new child in a clinic
// (its admins are related to it) and a child's time zone changing are therefore announced too.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER child_access_change ON child`.execute(db);
  await sql`CREATE TRIGGER child_access_change AFTER INSERT OR UPDATE OF clinic_id, time_zone OR DELETE ON child
    FOR EACH ROW EXECUTE FUNCTION announce_access_change('*')`.execute(db);
}
