import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { startTranslateStandIn, type TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { libreTranslate, type TranslateServer } from './libre-translate.client.ts';

const translateText = (server: TranslateServer, input: { text: string; source: string; target: string }, opts?: { timeoutMs?: number }) =>
  libreTranslate(server).translate(input, opts);

let standIn: TranslateStandIn;
beforeAll(async () => {
  standIn = await startTranslateStandIn({ apiKey: 'clinic-key' });
});
afterAll(async () => standIn.close());

describe('the LibreTranslate client', () => {
  it('reads TRANSLATE_URL and TRANSLATE_API_KEY from the environment, and none means no translation', () => {
    const libre = { provider: 'libretranslate' };
    expect(loadConfig({ TRANSLATE_URL: 'https://translate.example.org/', TRANSLATE_API_KEY: 'k' }).translate).toEqual({ ...libre, url: 'https://translate.example.org', apiKey: 'k' });
    expect(loadConfig({ TRANSLATE_URL: 'http://127.0.0.1:5000' }).translate).toEqual({ ...libre, url: 'http://127.0.0.1:5000', apiKey: undefined });
    expect(loadConfig({ TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: 'http://127.0.0.1:5000' }).translate).toEqual({ ...libre, url: 'http://127.0.0.1:5000', apiKey: undefined });
    expect(() => loadConfig({ TRANSLATE_PROVIDER: 'libretranslate' })).toThrow(/TRANSLATE_URL/);
    expect(loadConfig({}).translate).toBeNull();
    expect(loadConfig({ TRANSLATE_URL: '' }).translate).toBeNull();
    expect(() => loadConfig({ TRANSLATE_URL: 'not a url' })).toThrow(/TRANSLATE_URL/);
  });

  it('translates with the key, and reports the language it found', async () => {
    const server = { url: standIn.url, apiKey: 'clinic-key' };
    const res = await translateText(server, { text: 'Durmió bien anoche.', source: 'auto', target: 'en' });
    expect(res).toEqual({ ok: true, text: 'He slept well last night.', detectedLanguage: 'es' });
    expect(standIn.calls.at(-1)).toMatchObject({ path: '/translate', q: 'Durmió bien anoche.', source: 'auto', target: 'en', apiKey: 'clinic-key' });
    const known = await translateText(server, { text: 'Thank you', source: 'en', target: 'es' });
    expect(known).toEqual({ ok: true, text: 'Gracias', detectedLanguage: null });
  });

  it('translates several texts in one request, each with the language it found', async () => {
    const server = { url: standIn.url, apiKey: 'clinic-key' };
    const before = standIn.calls.length;
    const res = await libreTranslate(server).translateMany({ texts: ['Durmió bien anoche.', 'Gracias'], source: 'auto', target: 'en' });
    expect(res).toEqual({ ok: true, translations: [{ text: 'He slept well last night.', detectedLanguage: 'es' }, { text: 'Thank you', detectedLanguage: 'es' }] });
    expect(new Set(standIn.calls.slice(before).map((c) => c.request)).size).toBe(1);
  });

  it('answers a failure instead of throwing: wrong key, server error, nothing listening, too slow', async () => {
    const input = { text: 'Gracias', source: 'es', target: 'en' };
    expect(await translateText({ url: standIn.url, apiKey: 'wrong' }, input)).toEqual({ ok: false, reason: 'refused', status: 403 });
    const server = { url: standIn.url, apiKey: 'clinic-key' };
    await standIn.setMode('error');
    expect(await translateText(server, input)).toEqual({ ok: false, reason: 'refused', status: 500 });
    await standIn.setMode('refused');
    expect(await translateText(server, input)).toEqual({ ok: false, reason: 'unreachable' });
    await standIn.setMode('slow');
    expect(await translateText(server, input, { timeoutMs: 200 })).toEqual({ ok: false, reason: 'timeout' });
    await standIn.setMode('up');
    expect(await translateText(server, input)).toEqual({ ok: true, text: 'Thank you', detectedLanguage: null });
  });
});
