// The LibreTranslate adapter (self-hostable, so a clinic can keep families' words on its own machines):
//   POST {url}/translate { q, source, target, format: 'text', api_key? } → { translatedText, detectedLanguage? }
//   (several texts at once: q, translatedText and detectedLanguage are arrays)
//   GET {url}/languages → [{ code, name, targets? }]
import {
  fetchJson, PROBE_TIMEOUT_MS, requestSignal, translateOne,
  type LanguagesResult, type ProbeResult, type Refusal, type Translated, type TranslateManyResult, type TranslateOptions, type TranslateResult, type TranslationProvider,
} from './translation-provider.ts';

export type TranslateServer = { url: string; apiKey: string | undefined };

// Recent servers report what `source: 'auto'` found as { language, confidence }.
function detectedOf(value: unknown): string | null {
  const detected = typeof value === 'object' && value !== null ? (value as { language?: unknown }).language : undefined;
  return typeof detected === 'string' && detected ? detected : null;
}

function readAnswer(body: unknown, count: number): Translated[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const { translatedText, detectedLanguage } = body as { translatedText?: unknown; detectedLanguage?: unknown };
  if (count === 1 && typeof translatedText === 'string') return [{ text: translatedText, detectedLanguage: detectedOf(detectedLanguage) }];
  if (!Array.isArray(translatedText) || translatedText.length !== count || !translatedText.every((x): x is string => typeof x === 'string')) return null;
  const detected: unknown[] = Array.isArray(detectedLanguage) ? detectedLanguage : [];
  return translatedText.map((text, i) => ({ text, detectedLanguage: detectedOf(detected[i]) }));
}

/**
 * Whether a refusal says the server has no model for `target`: a 400 whose error names it,
 * "vi is not supported" or "Vietnamese (vi) is not available as a target language from English (en)".
 * A missing key, a text over the limit or a bad request stay refusals.
 */
function lacksTarget(res: Refusal, target: string): boolean {
  if (res.status !== 400 || !res.message || !/not supported|not available/i.test(res.message)) return false;
  const named = new RegExp(`(^|[\\s(])${target.replace(/[^A-Za-z-]/g, '')}([\\s)]|$)`, 'i');
  return named.test(res.message);
}

/** One text goes as a string (as every server version takes it), several as an array in one request. */
async function translateTexts(server: TranslateServer, input: { texts: readonly string[]; source: string; target: string }, opts: TranslateOptions = {}): Promise<TranslateManyResult> {
  if (input.texts.length === 0) return { ok: true, translations: [] };
  const res = await fetchJson(`${server.url}/translate`, {
    method: 'POST',
    // LibreTranslate words its errors in the request's language: English, so a refusal can be read.
    headers: { 'accept-language': 'en' },
    body: { q: input.texts.length === 1 ? input.texts[0] : input.texts, source: input.source, target: input.target, format: 'text', ...(server.apiKey ? { api_key: server.apiKey } : {}) },
  }, requestSignal(opts));
  if (!res.ok) return res.reason === 'refused' && lacksTarget(res, input.target) ? { ok: false, reason: 'unsupported' } : res;
  const translations = readAnswer(res.body, input.texts.length);
  return translations ? { ok: true, translations } : { ok: false, reason: 'bad_answer' };
}

const translateText = (server: TranslateServer, input: { text: string; source: string; target: string }, opts?: TranslateOptions): Promise<TranslateResult> =>
  translateOne((many, o) => translateTexts(server, many, o), input, opts);

function refusal(server: TranslateServer, status: number): ProbeResult & { ok: false } {
  // LibreTranslate answers 403 to a wrong key, and 400 to a well-formed request without one it needs.
  const apiKey = status === 401 || status === 403 || (status === 400 && !server.apiKey);
  return { ok: false, reason: apiKey ? 'api_key' : 'http_error', status };
}

function readLanguages(body: unknown): { code: string; targets: string[] | null }[] | null {
  if (!Array.isArray(body)) return null;
  const languages = body.map((l: unknown) => {
    const { code, targets } = (typeof l === 'object' && l !== null ? l : {}) as { code?: unknown; targets?: unknown };
    return typeof code === 'string' && code ? { code, targets: Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : null } : null;
  });
  return languages.every((l) => l !== null) ? languages : null;
}

/** Every language the server lists, as a source or as a target of one. */
const offeredOf = (languages: readonly { code: string; targets: string[] | null }[]) => [...new Set(languages.flatMap((l) => [l.code, ...(l.targets ?? [])]))];

async function listLanguages(server: TranslateServer, signal: AbortSignal): Promise<{ ok: true; languages: { code: string; targets: string[] | null }[] } | (ProbeResult & { ok: false })> {
  const res = await fetchJson(`${server.url}/languages`, {}, signal);
  if (!res.ok) return res.reason === 'refused' ? refusal(server, res.status) : { ok: false, reason: res.reason };
  const languages = readLanguages(res.body);
  return languages ? { ok: true, languages } : { ok: false, reason: 'bad_answer' };
}

/**
 * Whether the server translates right now: its languages, then one word translated between two
 * of them (with the key, so a wrong key shows), within PROBE_TIMEOUT_MS.
 */
async function probeServer(server: TranslateServer, opts: { timeoutMs?: number } = {}): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const listed = await listLanguages(server, signal);
  if (!listed.ok) return listed;
  const codes = listed.languages.map((l) => l.code);
  // English to another language when it can; older servers list no targets: any other language.
  const pairs = listed.languages.flatMap((l) => (l.targets ?? codes).filter((t) => t !== l.code).map((target) => ({ source: l.code, target })));
  const pair = pairs.find((p) => p.source === 'en') ?? pairs[0];
  if (!pair) return { ok: false, reason: 'no_languages' };
  const translated = await translateText(server, { text: 'Hello', ...pair }, { signal, timeoutMs });
  if (translated.ok) return { ok: true, languages: offeredOf(listed.languages) };
  if (translated.reason === 'refused') return refusal(server, translated.status);
  return { ok: false, reason: translated.reason === 'unsupported' ? 'no_languages' : translated.reason };
}

export function libreTranslate(server: TranslateServer): TranslationProvider {
  return {
    name: 'libretranslate',
    url: server.url,
    translate: (input, opts) => translateText(server, input, opts),
    translateMany: (input, opts) => translateTexts(server, input, opts),
    languages: async (opts = {}): Promise<LanguagesResult> => {
      const listed = await listLanguages(server, requestSignal(opts));
      return listed.ok ? { ok: true, languages: offeredOf(listed.languages) } : listed;
    },
    reasonFor: (status) => refusal(server, status).reason,
    health: (opts) => probeServer(server, opts),
  };
}
