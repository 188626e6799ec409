import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildClinic, buildSignedInTeam, buildTeamReadingIn, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';
import { startDeepLStandIn, type DeepLStandIn } from '../../../../test/deepl-stand-in.ts';
import { loadConfig } from '../../config.ts';
import { deepl } from './deepl.client.ts';
import { PAUSE_AFTER_FAILURE_MS, runTranslationJob, translateMessageJob } from './translation.service.ts';

/**
 * DeepL's API v2 as the clinic's translation service, against a stand-in speaking that API on
 * loopback: messages read in another language, the admins' status with the clinic's characters
 * this month, and the admins' "try a sentence".
 */

const KEY = 'clinic-deepl-key:fx';
let t: TestContext;
let standIn: DeepLStandIn;
let admin: TestClient;
let clinicId: string;
beforeAll(async () => {
  standIn = await startDeepLStandIn({ apiKey: KEY });
  t = await createTestContext({ config: { translate: { provider: 'deepl', url: standIn.url, apiKey: KEY } } });
  t.deps.jobs.send = async () => {};
  const clinic = await buildClinic(t.db);
  clinicId = clinic.id;
  admin = await signIn(t.app, clinic.admin.email);
});
afterAll(async () => {
  await t.close();
  await standIn.close();
});
beforeEach(() => {
  standIn.mode = 'up';
  t.deps.config.translate = { provider: 'deepl', url: standIn.url, apiKey: KEY };
  t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
});

const translateCalls = () => standIn.calls.filter((c) => c.path === '/v2/translate');

describe('choosing DeepL', () => {
  it('reads TRANSLATE_PROVIDER, DEEPL_API_KEY and DEEPL_API_URL; a free key goes to the free API', () => {
    expect(loadConfig({ TRANSLATE_PROVIDER: 'deepl', DEEPL_API_KEY: 'abc:fx' }).translate).toEqual({ provider: 'deepl', url: 'https://api-free.deepl.com', apiKey: 'abc:fx' });
    expect(loadConfig({ TRANSLATE_PROVIDER: 'deepl', DEEPL_API_KEY: 'abc' }).translate).toEqual({ provider: 'deepl', url: 'https://api.deepl.com', apiKey: 'abc' });
    expect(loadConfig({ DEEPL_API_KEY: 'abc', DEEPL_API_URL: 'http://127.0.0.1:9000/' }).translate).toEqual({ provider: 'deepl', url: 'http://127.0.0.1:9000', apiKey: 'abc' });
    // Both set: TRANSLATE_PROVIDER decides; unset, a LibreTranslate address wins.
    expect(loadConfig({ TRANSLATE_PROVIDER: 'deepl', DEEPL_API_KEY: 'abc', TRANSLATE_URL: 'http://127.0.0.1:5000' }).translate?.provider).toBe('deepl');
    expect(loadConfig({ DEEPL_API_KEY: 'abc', TRANSLATE_URL: 'http://127.0.0.1:5000' }).translate?.provider).toBe('libretranslate');
    expect(() => loadConfig({ TRANSLATE_PROVIDER: 'deepl' })).toThrow(/DEEPL_API_KEY/);
    expect(() => loadConfig({ TRANSLATE_PROVIDER: 'google' })).toThrow(/TRANSLATE_PROVIDER/);
  });
});

describe('the DeepL adapter', () => {
  const account = () => ({ url: standIn.url, apiKey: KEY });

  it('sends the key in the header and DeepL’s codes, and answers in CareTeam’s', async () => {
    const before = standIn.calls.length;
    expect(await deepl(account()).translate({ text: 'Durmió bien anoche.', source: 'auto', target: 'en' })).toEqual({ ok: true, text: 'He slept well last night.', detectedLanguage: 'es' });
    expect(await deepl(account()).translate({ text: 'Thank you', source: 'en', target: 'pt' })).toEqual({ ok: true, text: '[PT-BR] Thank you', detectedLanguage: 'en' });
    expect(await deepl(account()).translate({ text: 'Thank you', source: 'en', target: 'zh' })).toMatchObject({ ok: true, text: '[ZH-HANS] Thank you' });
    const sent = standIn.calls.slice(before).filter((c) => c.path === '/v2/translate');
    expect(sent.map((c) => [c.targetLang, c.sourceLang])).toEqual([['EN-US', undefined], ['PT-BR', 'EN'], ['ZH-HANS', 'EN']]);
    expect(sent.every((c) => c.auth === `DeepL-Auth-Key ${KEY}`)).toBe(true);
  });

  it('reports a language DeepL does not list as unsupported, without sending the text', async () => {
    const before = translateCalls().length;
    expect(await deepl(account()).translate({ text: 'Thank you', source: 'en', target: 'vi' })).toEqual({ ok: false, reason: 'unsupported' });
    expect(translateCalls()).toHaveLength(before);
  });

  it('answers failures: a wrong key, the quota used up, too many requests, a server error', async () => {
    const input = { text: 'Thank you', source: 'en', target: 'es' };
    expect(await deepl({ url: standIn.url, apiKey: 'wrong' }).translate(input)).toEqual({ ok: false, reason: 'refused', status: 403 });
    standIn.mode = 'quota';
    expect(await deepl(account()).translate(input)).toEqual({ ok: false, reason: 'refused', status: 456 });
    expect(await deepl(account()).health()).toEqual({ ok: false, reason: 'quota', status: 456 });
    standIn.mode = 'busy';
    expect(await deepl(account()).health()).toEqual({ ok: false, reason: 'busy', status: 429 });
    standIn.mode = 'error';
    expect(await deepl(account()).health()).toEqual({ ok: false, reason: 'busy', status: 500 });
    standIn.mode = 'up';
    expect(await deepl({ url: standIn.url, apiKey: 'wrong' }).health()).toEqual({ ok: false, reason: 'api_key', status: 403 });
    expect(await deepl({ url: 'http://127.0.0.1:1', apiKey: KEY }).health()).toEqual({ ok: false, reason: 'unreachable' });
    expect(await deepl(account()).health()).toEqual({ ok: true, languages: ['ar', 'de', 'en', 'es', 'fr', 'it', 'ja', 'pt', 'zh'] });
  });
});

const team = (locale: string) => buildTeamReadingIn(t, locale);
type Msg = { id: string; body: string | null; language: string; translated: { language: string; text: string; by: string } | null; translationUnavailable: boolean };
const find = (page: { messages: Msg[] }, id: string) => page.messages.find((m) => m.id === id);

describe('messages translated through DeepL', () => {
  it('reach the English therapist translated, cached once, and counted for the clinic this month', async () => {
    const f = await team('es');
    const usage = () => t.db.selectFrom('translation_usage').select(['characters', 'requests', 'provider']).where('clinic_id', '=', f.child.clinicId).execute();
    const before = translateCalls().length;
    const sent = await f.gc.post(f.msgs, { body: 'Durmió bien anoche.' });
    expect(sent.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const read = await f.tc.get(f.msgs);
      expect(find(read.body, sent.body.id)).toMatchObject({ body: 'Durmió bien anoche.', language: 'es', translated: { language: 'en', text: 'He slept well last night.', by: 'machine' }, translationUnavailable: false });
    }
    expect(translateCalls().slice(before).map((c) => [c.text, c.targetLang])).toEqual([[['Durmió bien anoche.'], 'EN-US']]);
    expect(await usage()).toEqual([{ characters: String('Durmió bien anoche.'.length), requests: 1, provider: 'deepl' }]);
  });

  it('are shown as written, with the note, to a reader whose language DeepL lacks; the job gives up without retrying', async () => {
    const f = await team('vi');
    const sent = await f.tc.post(f.msgs, { body: 'Great job this week! Keep it up.' });
    const before = translateCalls().length;
    const read = await f.gc.get(f.msgs);
    expect(find(read.body, sent.body.id)).toMatchObject({ body: 'Great job this week! Keep it up.', translated: null, translationUnavailable: true });
    // Not a failure of the service: nothing thrown for the queue to retry, and other readers are not paused.
    await expect(runTranslationJob(t.deps, { messageId: sent.body.id, languages: ['vi'] })).resolves.toBeUndefined();
    expect(await translateMessageJob(t.deps, { message: { id: sent.body.id, clinicId: f.child.clinicId, text: 'Great job this week! Keep it up.', language: 'en', retracted: false }, languages: ['vi', 'es'] })).toBe(1);
    expect(translateCalls().slice(before).map((c) => c.targetLang)).toEqual(['ES']);
  });

  it('are shown as written while the quota is used up, and the status says so with the time', async () => {
    const f = await team('es');
    standIn.mode = 'quota';
    const sent = await f.tc.post(f.msgs, { body: 'Yes, 3 pm works. See you then.' });
    const read = await f.gc.get(f.msgs);
    expect(find(read.body, sent.body.id)).toMatchObject({ translated: null, translationUnavailable: true });
    const failedAt = t.clock().toISOString();
    t.clock.advance(60_000);
    const res = await admin.get('/api/admin/translation');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'failing', provider: 'deepl', url: standIn.url, error: 'quota', httpStatus: 456 });
    // The check itself found the quota used up too: the last failure is that check's.
    expect(res.body.lastError).toEqual({ error: 'quota', httpStatus: 456, at: t.clock().toISOString(), recoveredAt: null });
    expect(failedAt < res.body.lastError.at).toBe(true);
  });
});

describe('the DeepL status and "try a sentence" for admins', () => {
  it('is working with the stand-in, lists its languages and counts the clinic’s characters this month', async () => {
    const before = (await admin.get('/api/admin/translation')).body.charactersThisMonth as number;
    const tried = await admin.post('/api/admin/translation/try', { text: 'Good morning', target: 'es' });
    expect(tried.status).toBe(200);
    expect(tried.body).toEqual({ ok: true, text: 'Buenos días', detectedLanguage: 'en', characters: 12 });
    const res = await admin.get('/api/admin/translation');
    expect(res.body).toMatchObject({ state: 'working', provider: 'deepl', languages: ['ar', 'de', 'en', 'es', 'fr', 'it', 'ja', 'pt', 'zh'], charactersThisMonth: before + 12 });
    // Audited, without the sentence itself.
    const audit = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'translation.try').where('clinic_id', '=', clinicId).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('Good morning');
    expect(audit[0]).toMatchObject({ outcome: 'ok' });
  });

  it('says a language DeepL lacks is unsupported, and a quota used up', async () => {
    expect((await admin.post('/api/admin/translation/try', { text: 'Good morning', target: 'vi' })).body).toEqual({ ok: false, error: 'unsupported' });
    standIn.mode = 'quota';
    expect((await admin.post('/api/admin/translation/try', { text: 'Good morning', target: 'fr' })).body).toEqual({ ok: false, error: 'quota', httpStatus: 456 });
    t.deps.config.translate = null;
    expect((await admin.post('/api/admin/translation/try', { text: 'Good morning', target: 'fr' })).body).toEqual({ ok: false, error: 'not_configured' });
  });

  it('refuses bad input with 400 naming the field, and calls nothing', async () => {
    const before = standIn.calls.length;
    const empty = await admin.post('/api/admin/translation/try', { text: '   ', target: 'es' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.error.details)).toContain('text');
    const language = await admin.post('/api/admin/translation/try', { text: 'Hello', target: 'klingon' });
    expect(language.status).toBe(400);
    expect(JSON.stringify(language.body.error.details)).toContain('target');
    expect((await admin.post('/api/admin/translation/try', { text: 'x'.repeat(501), target: 'es' })).status).toBe(400);
    expect(standIn.calls).toHaveLength(before);
  });

  it('exists only for a clinic’s admins (404 for staff and families, 401 without a session), and another clinic’s count stays its own', async () => {
    const f = await buildSignedInTeam(t);
    const usageBefore = await t.db.selectFrom('translation_usage').selectAll().execute();
    for (const client of [f.tc, f.gc]) {
      expect((await client.post('/api/admin/translation/try', { text: 'Good morning', target: 'es' })).status).toBe(404);
      expect((await client.get('/api/admin/translation')).status).toBe(404);
    }
    expect((await t.client().post('/api/admin/translation/try', { text: 'Good morning', target: 'es' })).status).toBe(401);
    expect(await t.db.selectFrom('translation_usage').selectAll().execute()).toEqual(usageBefore);

    const other = await buildClinic(t.db, 'Another Clinic');
    const otherAdmin = await signIn(t.app, other.admin.email);
    expect((await otherAdmin.get('/api/admin/translation')).body.charactersThisMonth).toBe(0);
  });
});
