// A stand-in for DeepL's API v2, for tests only: it speaks the same HTTP API on loopback (the
// `DeepL-Auth-Key` header, /v2/translate, /v2/languages, /v2/usage, DeepL's error statuses) but
// "translates" from the LibreTranslate stand-in's phrase table, and tags anything else with its
// target (`[ES] …`). Like DeepL's classic language list it has no Vietnamese, so tests see what a
// language the service lacks does. It records every call, and fails on demand.
import type { AddressInfo } from 'node:net';
import { jsonServer, PHRASES } from './translate-stand-in.ts';

export const DEEPL_TARGETS = ['AR', 'DE', 'EN-GB', 'EN-US', 'ES', 'FR', 'IT', 'JA', 'PT-BR', 'PT-PT', 'ZH', 'ZH-HANS'] as const;
const SOURCES = ['AR', 'DE', 'EN', 'ES', 'FR', 'IT', 'JA', 'PT', 'ZH'];

/** up: answers; quota: the account's characters are used up (456); busy: too many requests (429); error: 500s. */
export type DeepLMode = 'up' | 'quota' | 'busy' | 'error';
export type DeepLCall = { method: string; path: string; auth: string | undefined; text?: string[]; targetLang?: string; sourceLang?: string };

export type DeepLStandIn = {
  url: string;
  calls: DeepLCall[];
  mode: DeepLMode;
  /** Characters translated so far, as /v2/usage reports them. */
  characterCount: number;
  characterLimit: number;
  close: () => Promise<void>;
};

function detect(text: string): string {
  const t = text.trim().toLowerCase();
  return PHRASES.some(([, es]) => es.toLowerCase() === t) || /[áéíóúñ¿¡]/i.test(text) ? 'ES' : 'EN';
}

function translate(text: string, source: string, target: string): string {
  const to = target.split('-')[0] ?? target;
  if (source === to) return text;
  const t = text.trim().toLowerCase();
  for (const [en, es] of PHRASES) {
    const from = source === 'EN' ? en : source === 'ES' ? es : null;
    if (from?.toLowerCase() === t && (to === 'EN' || to === 'ES')) return to === 'EN' ? en : es;
  }
  return `[${target}] ${text}`;
}

/** Starts the stand-in on 127.0.0.1 (a free port); requests without `DeepL-Auth-Key <apiKey>` get 403. */
export async function startDeepLStandIn(opts: { apiKey: string }): Promise<DeepLStandIn> {
  const self: DeepLStandIn = { url: '', calls: [], mode: 'up', characterCount: 0, characterLimit: 500_000, close: async () => {} };
  const server = jsonServer((req, raw, send) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const auth = req.headers.authorization;
    const call: DeepLCall = { method: req.method ?? '', path, auth };
    self.calls.push(call);
    if (auth !== `DeepL-Auth-Key ${opts.apiKey}`) return send(403, { message: 'Wrong endpoint. Use https://api.deepl.com' });
    if (self.mode === 'error') return send(500, { message: 'Internal server error' });
    if (self.mode === 'busy') return send(429, { message: 'Too many requests' });
    if (req.method === 'GET' && path === '/v2/usage') {
      return send(200, { character_count: self.mode === 'quota' ? self.characterLimit : self.characterCount, character_limit: self.characterLimit });
    }
    if (req.method === 'GET' && path === '/v2/languages') {
      const target = new URLSearchParams(query).get('type') === 'target';
      return send(200, (target ? DEEPL_TARGETS : SOURCES).map((language) => ({ language, name: language })));
    }
    if (req.method !== 'POST' || path !== '/v2/translate') return send(404, { message: 'Not found' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return send(400, { message: 'Bad request' });
    }
    const text = Array.isArray(body.text) ? body.text.filter((x): x is string => typeof x === 'string') : [];
    const targetLang = typeof body.target_lang === 'string' ? body.target_lang : '';
    const sourceLang = typeof body.source_lang === 'string' ? body.source_lang : undefined;
    Object.assign(call, { text, targetLang, ...(sourceLang ? { sourceLang } : {}) });
    if (self.mode === 'quota') return send(456, { message: 'Quota exceeded' });
    if (text.length === 0) return send(400, { message: "Parameter 'text' not specified." });
    if (!(DEEPL_TARGETS as readonly string[]).includes(targetLang)) return send(400, { message: "Value for 'target_lang' not supported." });
    if (sourceLang && !SOURCES.includes(sourceLang)) return send(400, { message: "Value for 'source_lang' not supported." });
    self.characterCount += text.reduce((n, t) => n + [...t].length, 0);
    send(200, {
      translations: text.map((t) => {
        const from = sourceLang ?? detect(t);
        return { detected_source_language: from, text: translate(t, from, targetLang) };
      }),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  self.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return self;
}
