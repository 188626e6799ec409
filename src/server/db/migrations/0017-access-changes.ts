import { sql, type Kysely } from 'kysely';

// Every change to a session, a person, or what anyone may do on a child is announced on the
// careteam_access channel when it commits, so each server instance can drop what it cached about
// those people at once. Done in the database, so no code path can forget to say so: the payload is
// the person's id, or '*' when a change may reach many people (a consent, a clinic's rules, a
// child moving clinic).
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION announce_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      who text;
    BEGIN
      IF TG_ARGV[0] = '*' THEN
        PERFORM pg_notify('careteam_access', '*');
        RETURN NULL;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        who := to_jsonb(OLD) ->> TG_ARGV[0];
        IF who IS NOT NULL THEN PERFORM pg_notify('careteam_access', who); END IF;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        who := to_jsonb(NEW) ->> TG_ARGV[0];
        IF who IS NOT NULL THEN PERFORM pg_notify('careteam_access', who); END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  const triggers: [table: string, events: string, arg: string][] = [
    ['auth_session', 'UPDATE OR DELETE', 'user_id'],
    ['app_user', 'UPDATE OR DELETE', 'id'],
    ['clinic_member', 'INSERT OR UPDATE OR DELETE', 'user_id'],
    ['care_team_member', 'INSERT OR UPDATE OR DELETE', 'user_id'],
    ['consent', 'UPDATE OR DELETE', '*'],
    ['clinic', 'UPDATE OF require_two_factor OR DELETE', '*'],
    ['child', 'UPDATE OF clinic_id OR DELETE', '*'],
  ];
  for (const [table, events, arg] of triggers) {
    await sql.raw(`CREATE TRIGGER ${table}_access_change AFTER ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION announce_access_change('${arg}')`).execute(db);
  }
}
