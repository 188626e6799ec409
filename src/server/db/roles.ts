// The server runs as a database role that owns nothing: migrations (and pg-boss's schema) are
// installed by the owner, and the runtime role gets only what the app needs. On append-only
// tables that is reading and adding rows, so the history cannot be rewritten from the app's
// connection: no UPDATE, DELETE or TRUNCATE, and, not being the owner, no disabling or dropping
// of the triggers that guard them.
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';

/**
 * Tables whose rows are written once and never changed (each also guarded by a trigger). The one
 * place that decides which tables the runtime role may only SELECT from and INSERT into.
 */
export const APPEND_ONLY_TABLES = [
  'audit_event',
  'audit_seal',
  'goal_event',
  'milestone',
  'plan_review',
  'plan_review_participant',
  'plan_review_change',
  'practice_event',
  'journal_entry_version',
  'session_change',
  'session_record_version',
  'session_clinical_note_version',
] as const;

/** Bookkeeping of the migrator: the runtime role may read which migrations ran, nothing more. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

/** pg-boss's schema (its default name). */
export const JOB_SCHEMA = 'pgboss';

/**
 * Gives `role` exactly the runtime rights, resetting whatever it had on the app's tables. Run by
 * the owner after every migration, so tables added by a migration are covered at once.
 */
export async function grantRuntimeRole(db: Kysely<unknown>, role: string): Promise<void> {
  const r = sql.id(role);
  const list = (names: readonly string[]) => sql.join(names.map((n) => sql.id(n)));
  await db.transaction().execute(async (tx) => {
    // Two instances starting together would otherwise race on the same catalogue rows.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('careteam:grants', 0))`.execute(tx);
    await sql`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`.execute(tx);
    await sql`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${r}`.execute(tx);
    await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(tx);
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`.execute(tx);
    await sql`REVOKE UPDATE, DELETE ON ${list(APPEND_ONLY_TABLES)} FROM ${r}`.execute(tx);
    await sql`REVOKE INSERT, UPDATE, DELETE ON ${list(MIGRATION_TABLES)} FROM ${r}`.execute(tx);
    await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`.execute(tx);
    const jobs = await sql<{ ok: boolean }>`SELECT to_regnamespace(${JOB_SCHEMA}) IS NOT NULL AS ok`.execute(tx);
    if (jobs.rows[0]?.ok) {
      const s = sql.id(JOB_SCHEMA);
      await sql`GRANT USAGE ON SCHEMA ${s} TO ${r}`.execute(tx);
      await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`.execute(tx);
      await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`.execute(tx);
      await sql`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r}`.execute(tx);
    }
  });
}

/** Creates (or brings back in line) a login role with no power beyond what is granted to it. */
export async function ensureRuntimeRole(db: pg.ClientBase, role: string, password: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`Invalid role name: ${role}`);
  const literal = `'${password.replaceAll("'", "''")}'`;
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal}`;
  const exists = await db.query(`SELECT 1 FROM pg_roles WHERE rolname = '${role}'`);
  await db.query(exists.rowCount ? `ALTER ROLE ${role} WITH ${attributes}` : `CREATE ROLE ${role} WITH ${attributes}`);
}
