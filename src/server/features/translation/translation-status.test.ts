import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createDb, createPool } from '../../db/database.ts';
import { buildClinic, buildFamily, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';
import { startTranslateStandIn, type TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { PAUSE_AFTER_FAILURE_MS } from './translation.service.ts';

/**
 * A clinic's admins see whether messages are translated, from a real check of the translation
 * server (a LibreTranslate stand-in on loopback): not set up, working, or failing and why.
 */

let t: TestContext;
let standIn: TranslateStandIn;
let keyed: TranslateStandIn;
let admin: TestClient;
let adminEmail: string;
beforeAll(async () => {
  standIn = await startTranslateStandIn();
  keyed = await startTranslateStandIn({ apiKey: 'clinic-key' });
  t = await createTestContext();
  const clinic = await buildClinic(t.db);
  adminEmail = clinic.admin.email;
  admin = await signIn(t.app, adminEmail);
});
afterAll(async () => {
  await t.close();
  await standIn.close();
  await keyed.close();
});
beforeEach(async () => {
  await standIn.setMode('up');
  t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
});

/** The server the app uses from now on, as TRANSLATE_URL and TRANSLATE_API_KEY would set it. */
const useServer = (translate: { url: string; apiKey: string | undefined } | null) => {
  t.deps.config.translate = translate && { provider: 'libretranslate', ...translate };
};
const status = async () => {
  const res = await admin.get('/api/admin/translation');
  expect(res.status).toBe(200);
  return res.body as { state: string; provider: string | null; url: string | null; languages?: string[]; checkedAt: string; error?: string; httpStatus?: number; lastError: unknown; charactersThisMonth: number };
};

describe('the translation status in the admin settings', () => {
  it('says translation is not set up when no server is configured, without calling anything', async () => {
    useServer(null);
    const before = standIn.calls.length;
    expect(await status()).toEqual({ state: 'not_configured', provider: null, url: null, checkedAt: t.clock().toISOString(), lastError: null, charactersThisMonth: 0 });
    expect(standIn.calls).toHaveLength(before);
  });

  it('is working when the server lists its languages and translates a word, with the key', async () => {
    useServer({ url: keyed.url, apiKey: 'clinic-key' });
    const before = keyed.calls.length;
    expect(await status()).toMatchObject({ state: 'working', provider: 'libretranslate', url: keyed.url, languages: ['en', 'es', 'ar', 'vi', 'zh', 'pt', 'fr'], checkedAt: t.clock().toISOString(), charactersThisMonth: 0 });
    expect(keyed.calls.slice(before)).toEqual([expect.objectContaining({ path: '/translate', q: 'Hello', source: 'en', target: 'es', apiKey: 'clinic-key' })]);
  });

  it('is failing, and says why, when the server is down, erroring, slow or refuses the key', async () => {
    useServer({ url: standIn.url, apiKey: undefined });
    await standIn.setMode('refused');
    expect(await status()).toMatchObject({ state: 'failing', url: standIn.url, error: 'unreachable' });
    await standIn.setMode('error');
    expect(await status()).toMatchObject({ state: 'failing', error: 'http_error', httpStatus: 500 });
    // A server that hangs is given up on within about two seconds.
    await standIn.setMode('slow');
    const started = Date.now();
    expect(await status()).toMatchObject({ state: 'failing', error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);

    useServer({ url: keyed.url, apiKey: 'wrong' });
    expect(await status()).toMatchObject({ state: 'failing', error: 'api_key', httpStatus: 403 });
    useServer({ url: keyed.url, apiKey: undefined });
    expect(await status()).toMatchObject({ state: 'failing', error: 'api_key', httpStatus: 403 });
    // Something that is not a translation server.
    useServer({ url: `${standIn.url}/elsewhere`, apiKey: undefined });
    await standIn.setMode('up');
    expect(await status()).toMatchObject({ state: 'failing', error: 'http_error', httpStatus: 404 });
  });

  it('checks again on each request: back up, it is working', async () => {
    useServer({ url: standIn.url, apiKey: undefined });
    await standIn.setMode('refused');
    expect((await status()).state).toBe('failing');
    await standIn.setMode('up');
    expect((await status()).state).toBe('working');
  });

  it('keeps the last failure in the database: another server on it shows the failure, and when the service worked again', async () => {
    useServer({ url: standIn.url, apiKey: undefined });
    // Another server behind the same database, with its own connection pool: it saw none of this one's translations.
    const db = createDb(createPool(t.url, 2));
    const other = await buildApp({ ...t.deps, db });
    await other.ready();
    try {
      await standIn.setMode('error');
      expect((await admin.post('/api/admin/translation/try', { text: 'Hello', target: 'es' })).body).toEqual({ ok: false, error: 'http_error', httpStatus: 500 });
      const failedAt = t.clock().toISOString();
      t.clock.advance(60_000);
      await standIn.setMode('up');
      expect((await admin.post('/api/admin/translation/try', { text: 'Hello', target: 'es' })).body).toMatchObject({ ok: true });
      const recoveredAt = t.clock().toISOString();
      const row = () => sql<{ xmin: string }>`SELECT xmin::text FROM translation_service_state WHERE provider = 'libretranslate'`.execute(t.db).then((r) => r.rows[0]?.xmin);
      const written = await row();
      // Further successes write nothing: the state did not change.
      t.clock.advance(60_000);
      expect((await admin.post('/api/admin/translation/try', { text: 'Thank you', target: 'es' })).body).toMatchObject({ ok: true });
      expect(await row()).toBe(written);

      t.clock.advance(60_000);
      const res = await (await signIn(other, adminEmail)).get('/api/admin/translation');
      expect(res.body).toMatchObject({ state: 'working', lastError: { error: 'http_error', httpStatus: 500, at: failedAt, recoveredAt } });
      expect(await row()).toBe(written);

      // A failure the other server's check finds is this one's last failure, open until a success.
      await standIn.setMode('refused');
      expect((await (await signIn(other, adminEmail)).get('/api/admin/translation')).body).toMatchObject({ state: 'failing', lastError: { error: 'unreachable', at: t.clock().toISOString(), recoveredAt: null } });
      await standIn.setMode('up');
      t.clock.advance(60_000);
      expect((await status()).lastError).toEqual({ error: 'unreachable', at: expect.any(String), recoveredAt: t.clock().toISOString() });
    } finally {
      await other.close();
      await db.destroy();
    }
  });

  it('never shows credentials written into the address', async () => {
    useServer({ url: standIn.url.replace('http://', 'http://user:secret@'), apiKey: undefined });
    const res = await status();
    expect(res.url).toBe(standIn.url);
    expect(JSON.stringify(res)).not.toContain('secret');
  });

  it('exists only for the clinic’s admins: 404 for a therapist and a guardian, 401 without a session', async () => {
    useServer({ url: standIn.url, apiKey: undefined });
    const f = await buildFamily(t.db);
    for (const email of [f.therapist.email, f.guardian.email]) {
      expect((await (await signIn(t.app, email)).get('/api/admin/translation')).status).toBe(404);
    }
    expect((await t.client().get('/api/admin/translation')).status).toBe(401);
  });
});
