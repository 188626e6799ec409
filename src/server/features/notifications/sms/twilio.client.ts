// The one place that talks to the text-message provider. It speaks Twilio's Messages API:
//   POST {apiUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, From (or
//   MessagingServiceSid) and Body, HTTP basic auth with the account SID and auth token
//   → 201 { sid, status } | 4xx/5xx { code, message }
// and checks the signature Twilio puts on the webhooks it calls (X-Twilio-Signature).
// A failure is an answer like any other: `retry` says whether trying again may help.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SmsConfig } from '../../../config.ts';

export type SendResult =
  | { ok: true; providerId: string }
  | { ok: false; retry: boolean; error: string };

/** How long one request may take before we stop waiting (and try again later). */
export const SEND_TIMEOUT_MS = 10_000;

function errorOf(body: unknown, status: number): string {
  const { code, message } = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown };
  return `HTTP ${status}${typeof code === 'number' || typeof code === 'string' ? ` (${code})` : ''}${typeof message === 'string' ? `: ${message}` : ''}`;
}

/** Sends one text. Never throws. */
export async function sendText(sms: SmsConfig, to: string, body: string, opts: { timeoutMs?: number } = {}): Promise<SendResult> {
  const form = new URLSearchParams({ To: to, Body: body });
  // A messaging service's SID picks the sender from its pool; otherwise the sender is a number.
  if (/^MG[0-9a-f]{32}$/i.test(sms.from)) form.set('MessagingServiceSid', sms.from);
  else form.set('From', sms.from);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? SEND_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`${sms.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(sms.accountSid)}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sms.accountSid}:${sms.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      signal,
      redirect: 'error',
    });
  } catch (e) {
    return { ok: false, retry: true, error: signal.aborted ? 'timeout' : `unreachable: ${e instanceof Error ? e.message : String(e)}` };
  }
  let answer: unknown;
  try {
    answer = await res.json();
  } catch {
    answer = null;
  }
  if (res.ok) {
    const sid = (answer as { sid?: unknown } | null)?.sid;
    // Accepted, whatever the answer looks like: sending again could send it twice.
    return { ok: true, providerId: typeof sid === 'string' ? sid : '' };
  }
  // 429 and 5xx may pass; other refusals (a bad number, a number that answered STOP) will not.
  return { ok: false, retry: res.status === 429 || res.status >= 500, error: errorOf(answer, res.status) };
}

/** Twilio's webhook signature: HMAC-SHA1 with the auth token over the full URL and the POST parameters sorted by name, base64. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params).sort().reduce((acc, k) => acc + k + (params[k] ?? ''), url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether a webhook came from the provider: its signature matches, compared in constant time. */
export function validSignature(authToken: string, url: string, params: Record<string, string>, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
