import { describe, expect, it } from 'vitest';
import { buildTeamReadingIn, signIn, type TestContext, withTranslator } from '../../../../test/support.ts';
import type { TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { RECHECK_LANGUAGE_AFTER_MS } from './translation.service.ts';

/**
 * A translation server without a model for one language (the LibreTranslate stand-in answers 400
 * "vi is not supported") is not a server that is down: Vietnamese readers get the original with
 * the note at once, everyone else keeps getting translations, and the admins' status names the
 * language it does not offer.
 */

let t: TestContext;
let standIn: TranslateStandIn;
withTranslator((made) => ({ t, standIn } = made), { targets: ['en', 'es', 'ar', 'zh', 'pt', 'fr'] });

type Msg = { id: string; body: string | null; translated: { language: string; text: string } | null; translationUnavailable: boolean };
const read = async (client: { get: (url: string) => Promise<{ status: number; body: { messages: Msg[] } }> }, path: string, id: string) => {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  return res.body.messages.find((m) => m.id === id);
};
const asked = (target: string) => standIn.calls.filter((c) => c.path === '/translate' && c.target === target).length;

describe('a language the translation server does not offer', () => {
  it('shows its readers the original at once, keeps translating for others, and is asked again after an hour', async () => {
    const vi = await buildTeamReadingIn(t, 'vi');
    const es = await buildTeamReadingIn(t, 'es');
    const toVi = await vi.tc.post(vi.msgs, { body: 'Thank you' });
    const toEs = await es.tc.post(es.msgs, { body: 'Thank you' });

    const started = Date.now();
    expect(await read(vi.gc, vi.msgs, toVi.body.id)).toMatchObject({ body: 'Thank you', translated: null, translationUnavailable: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(asked('vi')).toBe(1);

    // Right after, with the clock not moved: a Spanish reader is not held back by the refusal.
    expect(await read(es.gc, es.msgs, toEs.body.id)).toMatchObject({ translated: { language: 'es', text: 'Gracias' }, translationUnavailable: false });

    // The refusal is remembered: the next Vietnamese read does not ask.
    expect(await read(vi.gc, vi.msgs, toVi.body.id)).toMatchObject({ translated: null, translationUnavailable: true });
    expect(asked('vi')).toBe(1);

    // The admins see the language named, and nothing failing.
    const admin = await signIn(t.app, vi.clinic.admin.email);
    const status = await admin.get('/api/admin/translation');
    expect(status.body).toMatchObject({ state: 'working', unsupportedLanguages: ['vi'], lastError: null });
    expect(status.body.languages).not.toContain('vi');

    // An hour later the server is asked again (its model may have been installed).
    t.clock.advance(RECHECK_LANGUAGE_AFTER_MS + 1);
    await read(await signIn(t.app, vi.guardian.email), vi.msgs, toVi.body.id);
    expect(asked('vi')).toBe(2);
  });

  it('answers an admin’s try in it as not offered, and pauses nothing', async () => {
    const vi = await buildTeamReadingIn(t, 'vi');
    const admin = await signIn(t.app, vi.clinic.admin.email);
    const tried = await admin.post('/api/admin/translation/try', { text: 'Good morning', target: 'vi' });
    expect(tried.body).toEqual({ ok: false, error: 'unsupported' });
    // Still working, not paused: Spanish at once.
    expect((await admin.post('/api/admin/translation/try', { text: 'Good morning', target: 'es' })).body).toMatchObject({ ok: true, text: 'Buenos días' });
    expect((await admin.get('/api/admin/translation')).body).toMatchObject({ state: 'working', unsupportedLanguages: ['vi'] });
  });
});
