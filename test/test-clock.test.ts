import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { offsetClock } from '../src/server/http/test-clock.ts';
import { buildFamily, clientFrom, createTestContext, signIn, TestClient, type TestContext } from './support.ts';

/**
 * The clock browser tests move (TEST_CLOCK=1) is for tests only: without it its route does not
 * exist, and a production server refuses to start with it.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe('the test clock', () => {
  it('has no route without TEST_CLOCK', async () => {
    // Signed out, any unknown API address is 401; signed in, it is plainly not there.
    expect((await new TestClient(t.app).post('/api/test/clock', { now: '2030-01-01T00:00:00Z' })).status).toBe(401);
    const family = await buildFamily(t.db);
    const admin = await signIn(t.app, family.clinic.admin.email);
    expect((await admin.post('/api/test/clock', { now: '2030-01-01T00:00:00Z' })).status).toBe(404);
    expect(loadConfig({ NODE_ENV: 'development' }, false).testClock).toBe(false);
  });

  it('refuses to start a production server with TEST_CLOCK set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEST_CLOCK: '1' }, false)).toThrow(/TEST_CLOCK/);
    const root = path.resolve(import.meta.dirname, '..');
    const r = spawnSync(process.execPath, [path.join(root, 'src/server/main.ts')], {
      cwd: root, encoding: 'utf8', timeout: 30_000,
      env: { ...process.env, NODE_ENV: 'production', TEST_CLOCK: '1', DATABASE_URL: '', DATA_DIR: path.join(root, '.tmp', 'never-started'), PORT: '0' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TEST_CLOCK');
  });

  it('with TEST_CLOCK, moves the clock and runs the minute jobs, for loopback callers only', async () => {
    const clock = offsetClock();
    let runs = 0;
    const app = await buildApp({ ...t.deps, clock: clock.clock }, { testClock: { clock, runMinuteJobs: async () => void runs++ } });
    try {
      const far = clientFrom(app, '10.1.2.3');
      expect((await far.post('/api/test/clock', { now: '2030-01-01T00:00:00Z' })).status).toBe(404);
      expect(runs).toBe(0);
      const local = clientFrom(app, '127.0.0.1');
      expect((await local.post('/api/test/clock', { now: 'soon' })).status).toBe(400);
      const res = await local.post('/api/test/clock', { now: '2030-01-01T00:00:00Z' });
      expect(res.status).toBe(200);
      expect(runs).toBe(1);
      expect(Math.abs(clock.clock().getTime() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(60_000);
      // Not part of the API: the document does not show it.
      const doc = await local.get('/api/openapi.json');
      expect(Object.keys(doc.body.paths)).not.toContain('/api/test/clock');
    } finally {
      await app.close();
    }
  });
});
