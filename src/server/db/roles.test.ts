import { stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildFamily, createTestContext, signIn, type TestContext } from '../../../test/support.ts';
import { asRole, withDatabase } from '../../../test/urls.ts';
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';
import { createDb, createPool } from './database.ts';
import { EMBEDDED_RUNTIME_ROLE } from './embedded.ts';
import { APPEND_ONLY_TABLES } from './roles.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

/** The error PostgreSQL answers when a role lacks a right (insufficient_privilege). */
async function refused(statement: string, db = t.db): Promise<string> {
  const error = await sql.raw(statement).execute(db).then(() => null, (e: unknown) => e as { code?: string; message?: string });
  expect(error, statement).not.toBeNull();
  expect(error?.code, `${statement}: ${error?.message ?? ''}`).toBe('42501');
  return error?.message ?? '';
}

/** A family with some history: audit rows among them. */
async function withHistory() {
  const f = await buildFamily(t.db);
  const c = await signIn(t.app, f.therapist.email);
  expect((await c.get(`/api/children/${f.child.id}`)).status).toBe(200);
  return f;
}

const auditRows = () => t.ownerDb.selectFrom('audit_event').select(['id', 'hash']).orderBy('id').execute();

describe('the runtime database role', () => {
  it('is the role the app runs as: not a superuser, owning no table, schema or database', async () => {
    const { rows } = await sql<{ role: string; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; rolbypassrls: boolean; rolreplication: boolean }>`
      SELECT current_user AS role, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication FROM pg_roles WHERE rolname = current_user`.execute(t.db);
    expect(rows[0]).toEqual({ role: inject('runtimeRole'), rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false, rolreplication: false });
    const owned = await sql<{ n: string }>`
      SELECT (SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
           + (SELECT count(*) FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user))
           + (SELECT count(*) FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)) AS n`.execute(t.db);
    expect(Number(owned.rows[0]?.n)).toBe(0);
  });

  it('cannot change, delete or truncate audit rows, nor switch off, drop or bypass their triggers, nor create tables', async () => {
    await withHistory();
    const before = await auditRows();
    expect(before.length).toBeGreaterThan(0);
    expect(await refused(`UPDATE audit_event SET action = 'nothing.happened'`)).toMatch(/permission denied/);
    expect(await refused('DELETE FROM audit_event')).toMatch(/permission denied/);
    expect(await refused('TRUNCATE audit_event')).toMatch(/permission denied/);
    expect(await refused('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update')).toMatch(/must be owner/);
    expect(await refused('ALTER TABLE audit_event DISABLE TRIGGER ALL')).toMatch(/must be owner/);
    expect(await refused('DROP TRIGGER audit_event_no_update ON audit_event')).toMatch(/must be owner/);
    expect(await refused('SET session_replication_role = replica')).toMatch(/permission denied/);
    expect(await refused('CREATE TABLE shadow (id int)')).toMatch(/permission denied/);
    expect(await refused('CREATE TABLE pgboss.shadow (id int)')).toMatch(/permission denied/);
    expect(await refused('CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$')).toMatch(/permission denied/);
    expect(await refused('ALTER TABLE audit_event OWNER TO CURRENT_USER')).toMatch(/must be owner/);
    expect(await refused('DROP TABLE audit_event')).toMatch(/must be owner/);
    expect(await auditRows()).toEqual(before);
  });

  it('may only read and add rows on every append-only table', async () => {
    for (const table of APPEND_ONLY_TABLES) {
      const column = (await sql<{ name: string }>`SELECT attname AS name FROM pg_attribute WHERE attrelid = ${table}::regclass AND attnum = 1`.execute(t.db)).rows[0]?.name ?? '';
      await refused(`UPDATE ${table} SET ${column} = ${column}`);
      await refused(`DELETE FROM ${table}`);
      await refused(`TRUNCATE ${table}`);
      await sql.raw(`SELECT count(*) FROM ${table}`).execute(t.db);
    }
  });

  it('lists exactly the tables whose triggers make them append-only', async () => {
    // A table whose rows a trigger refuses to change, through a function named *append_only.
    const { rows } = await sql<{ table: string }>`
      SELECT DISTINCT c.relname AS table FROM pg_trigger tg
        JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_proc p ON p.oid = tg.tgfoid
       WHERE n.nspname = 'public' AND NOT tg.tgisinternal AND (tg.tgtype & 1) = 1 AND (tg.tgtype & 16) = 16
         AND p.proname LIKE '%append\\_only'`.execute(t.ownerDb);
    expect(rows.map((r) => r.table).sort()).toEqual([...APPEND_ONLY_TABLES].sort());
  });
});

describe('a server with MIGRATION_DATABASE_URL', () => {
  it('migrates an empty database as the owner, then runs as the runtime role', async () => {
    // Named like the run's other databases, so the run's teardown drops it whatever happens here.
    const name = `careteam_test_${inject('templateDb').split('_').pop()}_roles_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const ownerUrl = withDatabase(inject('adminUrl'), name);
    const runtimeUrl = asRole(ownerUrl, inject('runtimeRole'), inject('runtimePassword'));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'careteam-roles-'));
    const server = await startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: runtimeUrl, MIGRATION_DATABASE_URL: ownerUrl }));
    try {
      const setup = await fetch(`${server.url}/api/setup`).then((r) => r.json() as Promise<{ needsSetup: boolean }>);
      expect(setup.needsSetup).toBe(true);
      const db = createDb(createPool(runtimeUrl, 1));
      try {
        await expect(sql`DELETE FROM audit_event`.execute(db)).rejects.toThrow(/permission denied/);
      } finally {
        await db.destroy();
      }
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the embedded database', () => {
  it('makes a runtime role of its own, keeps its password private in DATA_DIR, and runs as it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'careteam-roles-'));
    const server = await startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
    try {
      expect(new URL(server.databaseUrl).username).toBe(EMBEDDED_RUNTIME_ROLE);
      expect((await stat(path.join(dataDir, 'postgres-app.secret'))).mode & 0o777).toBe(0o600);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      const db = createDb(createPool(server.databaseUrl, 1));
      try {
        const me = await sql<{ rolsuper: boolean }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(db);
        expect(me.rows[0]?.rolsuper).toBe(false);
        await expect(sql`TRUNCATE audit_event`.execute(db)).rejects.toThrow(/permission denied/);
        await expect(sql`SET session_replication_role = replica`.execute(db)).rejects.toThrow(/permission denied/);
      } finally {
        await db.destroy();
      }
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
