// The one place that talks to a translation server. It speaks the LibreTranslate HTTP API
// (self-hostable, so a clinic can keep families' words on its own machines):
//   POST {url}/translate { q, source, target, format: 'text', api_key? } → { translatedText, detectedLanguage? }
//   GET {url}/languages → [{ code, name, targets? }]
// A failure is an answer like any other (`ok: false`): callers decide what the person sees.

export type TranslateServer = { url: string; apiKey: string | undefined };

export type TranslateResult =
  | { ok: true; text: string; detectedLanguage: string | null }
  | { ok: false; reason: 'timeout' | 'unreachable' | 'bad_answer' }
  /** The server answered with an HTTP error `status`. */
  | { ok: false; reason: 'refused'; status: number };

/** How long one request may take before we stop waiting. */
export const DEFAULT_TIMEOUT_MS = 4_000;

function readAnswer(body: unknown): { text: string; detectedLanguage: string | null } | null {
  if (typeof body !== 'object' || body === null) return null;
  const { translatedText, detectedLanguage } = body as { translatedText?: unknown; detectedLanguage?: unknown };
  if (typeof translatedText !== 'string') return null;
  // Recent servers report what `source: 'auto'` found as { language, confidence }.
  const detected = typeof detectedLanguage === 'object' && detectedLanguage !== null ? (detectedLanguage as { language?: unknown }).language : undefined;
  return { text: translatedText, detectedLanguage: typeof detected === 'string' && detected ? detected : null };
}

/** Translates `text` from `source` ('auto' lets the server detect it) into `target`. Never throws. */
export async function translateText(
  server: TranslateServer,
  input: { text: string; source: string; target: string },
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<TranslateResult> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  let res: Response;
  try {
    res = await fetch(`${server.url}/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ q: input.text, source: input.source, target: input.target, format: 'text', ...(server.apiKey ? { api_key: server.apiKey } : {}) }),
      signal,
      redirect: 'error',
    });
  } catch (e) {
    return { ok: false, reason: signal.aborted ? 'timeout' : (e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'unreachable') };
  }
  try {
    if (!res.ok) {
      await res.body?.cancel();
      return { ok: false, reason: 'refused', status: res.status };
    }
    const answer = readAnswer(await res.json());
    return answer ? { ok: true, ...answer } : { ok: false, reason: 'bad_answer' };
  } catch {
    return { ok: false, reason: signal.aborted ? 'timeout' : 'bad_answer' };
  }
}

/** How long a check of the server may take, all its requests together. */
export const PROBE_TIMEOUT_MS = 2_000;

/** Why a check of the server failed: `api_key` when it refused the key (or wants one it was not given). */
export type ProbeFailure = 'unreachable' | 'timeout' | 'api_key' | 'http_error' | 'bad_answer' | 'no_languages';
export type ProbeResult = { ok: true; languages: string[] } | { ok: false; reason: ProbeFailure; status?: number };

function refusal(server: TranslateServer, status: number): ProbeResult {
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

/**
 * Whether the server translates right now: its languages, then one word translated between two
 * of them (with the key, so a wrong key shows), within PROBE_TIMEOUT_MS. Never throws.
 */
export async function probeServer(server: TranslateServer, opts: { timeoutMs?: number } = {}): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(`${server.url}/languages`, { headers: { accept: 'application/json' }, signal, redirect: 'error' });
  } catch {
    return { ok: false, reason: signal.aborted ? 'timeout' : 'unreachable' };
  }
  let languages: ReturnType<typeof readLanguages>;
  try {
    if (!res.ok) {
      await res.body?.cancel();
      return refusal(server, res.status);
    }
    languages = readLanguages(await res.json());
  } catch {
    return { ok: false, reason: signal.aborted ? 'timeout' : 'bad_answer' };
  }
  if (!languages) return { ok: false, reason: 'bad_answer' };
  const codes = languages.map((l) => l.code);
  // English to another language when it can; older servers list no targets: any other language.
  const pairs = languages.flatMap((l) => (l.targets ?? codes).filter((t) => t !== l.code).map((target) => ({ source: l.code, target })));
  const pair = pairs.find((p) => p.source === 'en') ?? pairs[0];
  if (!pair) return { ok: false, reason: 'no_languages' };
  const translated = await translateText(server, { text: 'Hello', ...pair }, { signal, timeoutMs });
  if (translated.ok) return { ok: true, languages: codes };
  return translated.reason === 'refused' ? refusal(server, translated.status) : { ok: false, reason: translated.reason };
}
