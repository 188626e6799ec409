import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { createDb, createPool } from '../src/server/db/database.ts';
import { buildFamily, closedPort, createTestContext, signIn, type TestContext } from './support.ts';

/**
 * GET /api/health tells the truth: 200 while the database answers, 503 with Retry-After while it
 * is down or refuses connections — with or without a session cookie — and never a 500.
 */

let t: TestContext;
const roles: string[] = [];
const databases: string[] = [];
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  for (const d of databases) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
  for (const r of roles) await admin.query(`DROP ROLE IF EXISTS ${r}`);
  await admin.end();
});

/** The same app on a database address of our choosing. */
async function appOn(url: string) {
  const db = createDb(createPool(url, 2));
  const app = await buildApp({ ...t.deps, db });
  await app.ready();
  return { app, close: async () => { await app.close(); await db.destroy(); } };
}

async function expectUnavailable(url: string, cookie: string | undefined) {
  const unavailable = await appOn(url);
  try {
    const res = await unavailable.app.inject({ method: 'GET', url: '/api/health', headers: cookie ? { cookie } : {} });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toMatchObject({ status: 'degraded', database: 'down' });
    // Any other route a signed-in person calls meanwhile: 503 too, never a 500.
    if (cookie) {
      const other = await unavailable.app.inject({ method: 'GET', url: '/api/children', headers: { cookie } });
      expect(other.statusCode, other.body).toBe(503);
      expect(other.headers['retry-after']).toBeDefined();
    }
  } finally {
    await unavailable.close();
  }
}

describe('GET /api/health', () => {
  it('answers 200 while the database answers, signed in or not', async () => {
    const f = await buildFamily(t.db);
    const c = await signIn(t.app, f.guardian.email);
    expect((await c.get('/api/health')).body).toEqual({ status: 'ok', database: 'up' });
    expect((await t.client().get('/api/health')).status).toBe(200);
  });

  it('answers 503 with Retry-After while the database is down, with or without a session cookie', async () => {
    const f = await buildFamily(t.db);
    const c = await signIn(t.app, f.guardian.email);
    const down = `postgres://careteam:x@127.0.0.1:${await closedPort()}/careteam`;
    await expectUnavailable(down, undefined);
    await expectUnavailable(down, c.cookie);
    await expectUnavailable(down, 'careteam_session=not-a-session');
  });

  it('answers 503 with Retry-After while the database refuses connections (55000, 53300)', async () => {
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    const suffix = `${process.pid}_${Date.now()}`;
    // A database not accepting connections: SQLSTATE 55000.
    const closed = `careteam_test_closed_${suffix}`;
    databases.push(closed);
    await admin.query(`CREATE DATABASE ${closed}`);
    await admin.query(`ALTER DATABASE ${closed} ALLOW_CONNECTIONS false`);
    // A role allowed no connections: SQLSTATE 53300 (too many connections).
    const role = `careteam_test_full_${suffix}`;
    roles.push(role);
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'full-role-password' CONNECTION LIMIT 0`);
    await admin.end();

    const base = new URL(inject('adminUrl'));
    const refusing = new URL(base);
    refusing.pathname = `/${closed}`;
    const full = new URL(t.url);
    full.username = role;
    full.password = 'full-role-password';
    for (const url of [refusing.toString(), full.toString()]) {
      await expectUnavailable(url, undefined);
      await expectUnavailable(url, 'careteam_session=some-session-token');
    }
  });
});
