// The one place that talks to a translation server. It speaks the LibreTranslate HTTP API
// (self-hostable, so a clinic can keep families' words on its own machines):
//   POST {url}/translate { q, source, target, format: 'text', api_key? } → { translatedText, detectedLanguage? }
// A failure is an answer like any other (`ok: false`): callers decide what the person sees.

export type TranslateServer = { url: string; apiKey: string | undefined };

export type TranslateResult =
  | { ok: true; text: string; detectedLanguage: string | null }
  | { ok: false; reason: 'timeout' | 'unreachable' | 'refused' | 'bad_answer' };

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
      return { ok: false, reason: 'refused' };
    }
    const answer = readAnswer(await res.json());
    return answer ? { ok: true, ...answer } : { ok: false, reason: 'bad_answer' };
  } catch {
    return { ok: false, reason: signal.aborted ? 'timeout' : 'bad_answer' };
  }
}
