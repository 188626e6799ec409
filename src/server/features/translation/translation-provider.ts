// What CareTeam asks of a translation service, whichever one the clinic chose with
// TRANSLATE_PROVIDER: a LibreTranslate server (self-hosted, so families' words can stay with the
// clinic) or DeepL's API v2. A failure is an answer like any other (`ok: false`): callers decide
// what the person sees. Language codes in and out are CareTeam's (bare ISO 639-1: en, es, zh…).
import type { TranslateConfig } from '../../config.ts';
import { deepl } from './deepl.client.ts';
import { libreTranslate } from './libre-translate.client.ts';

export type TranslateFailure =
  /** `unsupported`: the service does not translate into (or from) that language. */
  | { ok: false; reason: 'timeout' | 'unreachable' | 'bad_answer' | 'unsupported' }
  /** The service answered with an HTTP error `status`. */
  | { ok: false; reason: 'refused'; status: number };
export type Translated = { text: string; detectedLanguage: string | null };
export type TranslateResult = ({ ok: true } & Translated) | TranslateFailure;
/** Several texts in one request: each one's translation, in order. */
export type TranslateManyResult = { ok: true; translations: Translated[] } | TranslateFailure;

/**
 * Why a check of the service failed: `api_key` when it refused the key (or wants one it was not
 * given), `quota` when the account's characters are used up, `busy` when it asks to come back later.
 */
export type ProbeFailure = 'unreachable' | 'timeout' | 'api_key' | 'quota' | 'busy' | 'http_error' | 'bad_answer' | 'no_languages';
export type ProbeResult = { ok: true; languages: string[] } | { ok: false; reason: ProbeFailure; status?: number };
export type LanguagesResult = { ok: true; languages: string[] } | { ok: false; reason: ProbeFailure; status?: number };

export type TranslateOptions = { timeoutMs?: number; signal?: AbortSignal };

export type TranslationProvider = {
  name: TranslateConfig['provider'];
  /** The service's address; also what a pause after a failure is kept under. */
  url: string;
  /** Translates `text` from `source` ('auto' lets the service detect it) into `target`. Never throws. */
  translate: (input: { text: string; source: string; target: string }, opts?: TranslateOptions) => Promise<TranslateResult>;
  /** Several texts from `source` into `target` in one request (at most MANY_TEXTS of them). Never throws. */
  translateMany: (input: { texts: readonly string[]; source: string; target: string }, opts?: TranslateOptions) => Promise<TranslateManyResult>;
  /** The languages the service translates into, as CareTeam's codes. Never throws. */
  languages: (opts?: TranslateOptions) => Promise<LanguagesResult>;
  /** What an HTTP error `status` from this service means. */
  reasonFor: (status: number) => ProbeFailure;
  /** Whether the service translates right now, within PROBE_TIMEOUT_MS. Never throws. */
  health: (opts?: { timeoutMs?: number }) => Promise<ProbeResult>;
};

/** Texts sent in one request at most (DeepL takes 50). */
export const MANY_TEXTS = 50;

/** One text's translation through the provider's many-texts request. */
export async function translateOne(many: TranslationProvider['translateMany'], input: { text: string; source: string; target: string }, opts?: TranslateOptions): Promise<TranslateResult> {
  const res = await many({ texts: [input.text], source: input.source, target: input.target }, opts);
  if (!res.ok) return res;
  const [first] = res.translations;
  return first ? { ok: true, ...first } : { ok: false, reason: 'bad_answer' };
}

/** How long one request may take before we stop waiting. */
export const DEFAULT_TIMEOUT_MS = 4_000;
/** How long a check of the service may take, all its requests together. */
export const PROBE_TIMEOUT_MS = 2_000;

/** The configured service's adapter. */
export function providerFor(config: TranslateConfig): TranslationProvider {
  switch (config.provider) {
    case 'libretranslate':
      return libreTranslate(config);
    case 'deepl':
      return deepl(config);
  }
}

/** One request's signal: its own timeout, and the caller's signal when there is one. */
export function requestSignal(opts: TranslateOptions): AbortSignal {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
}

/** A fetch that failed before an answer: given up on, or nothing answered. */
function notAnswered(signal: AbortSignal, e: unknown): 'timeout' | 'unreachable' {
  return signal.aborted || (e instanceof Error && e.name === 'TimeoutError') ? 'timeout' : 'unreachable';
}

/** An HTTP error's status, and the service's own words for it when it said why (`error` or `message` in a JSON body). */
export type Refusal = { ok: false; reason: 'refused'; status: number; message?: string };
export type JsonAnswer = { ok: true; body: unknown } | { ok: false; reason: 'timeout' | 'unreachable' | 'bad_answer' } | Refusal;

/** What an error answer says, as LibreTranslate (`{ error }`) and DeepL (`{ message }`) put it; a few hundred characters at most. */
async function refusalMessage(res: Response): Promise<string | undefined> {
  const text = (await res.text()).slice(0, 2_000);
  try {
    const body: unknown = JSON.parse(text);
    const { error, message } = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; message?: unknown };
    const said = typeof error === 'string' ? error : typeof message === 'string' ? message : undefined;
    return said?.slice(0, 300);
  } catch {
    return undefined;
  }
}

/** One request to a translation service, its JSON answer read; an HTTP error is `refused` with its status (and what it said). Never throws. */
export async function fetchJson(url: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: unknown }, signal: AbortSignal): Promise<JsonAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal,
      redirect: 'error',
    });
  } catch (e) {
    return { ok: false, reason: notAnswered(signal, e) };
  }
  try {
    if (!res.ok) {
      // Only a 400 says which language it lacks; any other error's body is not read.
      if (res.status !== 400) {
        await res.body?.cancel();
        return { ok: false, reason: 'refused', status: res.status };
      }
      const message = await refusalMessage(res);
      return { ok: false, reason: 'refused', status: res.status, ...(message === undefined ? {} : { message }) };
    }
    return { ok: true, body: await res.json() };
  } catch {
    return { ok: false, reason: signal.aborted ? 'timeout' : 'bad_answer' };
  }
}
