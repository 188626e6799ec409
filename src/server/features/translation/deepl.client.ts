// The DeepL API v2 adapter (a commercial service: families' words leave the clinic for DeepL):
//   POST {url}/v2/translate { text: [..], target_lang, source_lang? } → { translations: [{ detected_source_language, text }] }
//   GET {url}/v2/languages?type=target → [{ language, name }]
//   GET {url}/v2/usage → { character_count, character_limit }
// every request with `Authorization: DeepL-Auth-Key <key>`. DeepL answers 403 to a wrong key,
// 456 when the account's characters are used up, and 429 or 5xx when it wants us back later.
import {
  fetchJson, PROBE_TIMEOUT_MS, requestSignal, translateOne,
  type JsonAnswer, type LanguagesResult, type ProbeFailure, type ProbeResult, type Translated, type TranslateManyResult, type TranslateOptions, type TranslateResult,
  type TranslationProvider,
} from './translation-provider.ts';

export type DeepLAccount = { url: string; apiKey: string | undefined };

/** DeepL names a target by its variant where it has several; CareTeam's Portuguese is Brazil's. */
const TARGETS: Record<string, string> = { en: 'EN-US', pt: 'PT-BR', zh: 'ZH-HANS' };

/** CareTeam's language as DeepL's target code: 'pt' → 'PT-BR', 'fr' → 'FR'. */
export function deeplTarget(language: string): string {
  const base = language.split('-')[0]?.toLowerCase() ?? language;
  return TARGETS[base] ?? base.toUpperCase();
}

/** CareTeam's language as DeepL's source code, which is always bare: 'pt' → 'PT'. */
export function deeplSource(language: string): string {
  return (language.split('-')[0] ?? language).toUpperCase();
}

/** DeepL's code back as CareTeam's: 'EN-US' → 'en', 'ZH-HANS' → 'zh'. */
const fromDeepl = (code: string) => (code.split('-')[0] ?? code).toLowerCase();

/** How long the list of DeepL's target languages is trusted before it is asked again. */
const LANGUAGES_TTL_MS = 60 * 60 * 1000;
const knownTargets = new Map<string, { at: number; languages: string[] }>();

function failure(status: number): { ok: false; reason: ProbeFailure; status: number } {
  if (status === 401 || status === 403) return { ok: false, reason: 'api_key', status };
  if (status === 456) return { ok: false, reason: 'quota', status };
  if (status === 429 || status >= 500) return { ok: false, reason: 'busy', status };
  return { ok: false, reason: 'http_error', status };
}

function request(account: DeepLAccount, path: string, signal: AbortSignal, body?: unknown): Promise<JsonAnswer> {
  const headers = { authorization: `DeepL-Auth-Key ${account.apiKey ?? ''}` };
  return fetchJson(`${account.url}${path}`, body === undefined ? { headers } : { method: 'POST', headers, body }, signal);
}

async function targetLanguages(account: DeepLAccount, opts: TranslateOptions): Promise<LanguagesResult> {
  const res = await request(account, '/v2/languages?type=target', requestSignal(opts));
  if (!res.ok) return res.reason === 'refused' ? failure(res.status) : { ok: false, reason: res.reason };
  if (!Array.isArray(res.body)) return { ok: false, reason: 'bad_answer' };
  const codes = res.body.map((l: unknown) => (typeof l === 'object' && l !== null ? (l as { language?: unknown }).language : undefined));
  if (!codes.every((c): c is string => typeof c === 'string' && c !== '')) return { ok: false, reason: 'bad_answer' };
  const languages = [...new Set(codes.map(fromDeepl))];
  knownTargets.set(account.url, { at: Date.now(), languages });
  return { ok: true, languages };
}

/** Whether DeepL translates into `target`: from its list, asked at most once an hour; unknown (the list failed) counts as yes. */
async function offers(account: DeepLAccount, target: string, opts: TranslateOptions): Promise<boolean> {
  const known = knownTargets.get(account.url);
  const fresh = known && Date.now() - known.at < LANGUAGES_TTL_MS ? known : null;
  const languages = fresh ? fresh.languages : await targetLanguages(account, opts).then((r) => (r.ok ? r.languages : null));
  return languages === null || languages.includes(fromDeepl(target));
}

async function translateTexts(account: DeepLAccount, input: { texts: readonly string[]; source: string; target: string }, opts: TranslateOptions = {}): Promise<TranslateManyResult> {
  if (input.texts.length === 0) return { ok: true, translations: [] };
  if (!(await offers(account, input.target, opts))) return { ok: false, reason: 'unsupported' };
  const res = await request(account, '/v2/translate', requestSignal(opts), {
    text: input.texts,
    target_lang: deeplTarget(input.target),
    ...(input.source === 'auto' ? {} : { source_lang: deeplSource(input.source) }),
  });
  // DeepL answers 400 "Value for 'target_lang' not supported." to a language its list (still trusted) lacks.
  if (!res.ok) return res.reason === 'refused' && res.status === 400 && /target_lang/i.test(res.message ?? '') && /not supported/i.test(res.message ?? '') ? { ok: false, reason: 'unsupported' } : res;
  const listed: unknown = typeof res.body === 'object' && res.body !== null ? (res.body as { translations?: unknown }).translations : undefined;
  if (!Array.isArray(listed) || listed.length !== input.texts.length) return { ok: false, reason: 'bad_answer' };
  const translations: Translated[] = [];
  for (const one of listed) {
    const { text, detected_source_language: detected } = (typeof one === 'object' && one !== null ? one : {}) as { text?: unknown; detected_source_language?: unknown };
    if (typeof text !== 'string') return { ok: false, reason: 'bad_answer' };
    translations.push({ text, detectedLanguage: typeof detected === 'string' && detected ? fromDeepl(detected) : null });
  }
  return { ok: true, translations };
}

const translateText = (account: DeepLAccount, input: { text: string; source: string; target: string }, opts?: TranslateOptions): Promise<TranslateResult> =>
  translateOne((many, o) => translateTexts(account, many, o), input, opts);

/** Working: the key is accepted, characters are left this period, and DeepL lists its languages. Translates nothing (it would cost characters). */
async function health(account: DeepLAccount, opts: { timeoutMs?: number } = {}): Promise<ProbeResult> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? PROBE_TIMEOUT_MS);
  const usage = await request(account, '/v2/usage', signal);
  if (!usage.ok) return usage.reason === 'refused' ? failure(usage.status) : { ok: false, reason: usage.reason };
  const { character_count: count, character_limit: limit } = (typeof usage.body === 'object' && usage.body !== null ? usage.body : {}) as { character_count?: unknown; character_limit?: unknown };
  if (typeof count !== 'number' || typeof limit !== 'number') return { ok: false, reason: 'bad_answer' };
  if (limit > 0 && count >= limit) return { ok: false, reason: 'quota', status: 456 };
  const languages = await targetLanguages(account, { signal, timeoutMs: opts.timeoutMs ?? PROBE_TIMEOUT_MS });
  if (!languages.ok) return languages;
  return languages.languages.length > 0 ? languages : { ok: false, reason: 'no_languages' };
}

export function deepl(account: DeepLAccount): TranslationProvider {
  return {
    name: 'deepl',
    url: account.url,
    translate: (input, opts) => translateText(account, input, opts),
    translateMany: (input, opts) => translateTexts(account, input, opts),
    languages: (opts = {}) => targetLanguages(account, opts),
    reasonFor: (status) => failure(status).reason,
    health: (opts) => health(account, opts),
  };
}
