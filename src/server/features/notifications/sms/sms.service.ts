// Text messages: written into sms_outbox in the transaction of the change that caused them (so a
// text exists exactly when its notice does), sent after commit by the sms.deliver job, retried
// while the provider is down, and never sent twice (a dedupe key per event; the sender locks the
// row, and a text the provider accepted is never queued again). Texts say only what kind of thing
// is waiting and link to the app: no child's name, no goal, no message.
import { localeOf } from '../../../../contract/common.ts';
import type { NotificationKind } from '../../../../contract/notification-kinds.ts';
import type { Executor } from '../../../db/database.ts';
import type { Deps } from '../../../deps.ts';
import { mailText } from '../../../mail/templates.ts';
import { insertText, lockQueuedText, markText, startNumber, stopNumber, stuckTexts } from './sms.repository.ts';
import { sendText } from './twilio.client.ts';

/** afterCommit wakes the text sender for ids with this prefix, the mail sender for the rest. */
export const TEXT_WAKE = 'text:';

/** How many tries before a text is given up (the job retries with back-off in between). */
const MAX_ATTEMPTS = 8;

/** Whether texts can go out at all: a provider is configured. */
export const textsConfigured = (deps: Pick<Deps, 'config'>): boolean => deps.config.sms !== null;

/** The words of a notice's text, in the person's language. */
export function noticeText(locale: string, vars: { kind: NotificationKind; clinic: string; link: string }): string {
  try {
    return mailText(localeOf(locale), { isolate: false })('sms.text', vars);
  } catch {
    // A language whose catalogue has no texts yet: English rather than no text at all.
    return mailText('en', { isolate: false })('sms.text', vars);
  }
}

/** Queues one notice's text; returns what afterCommit wakes (null: already queued for this key). */
export async function queueNoticeText(deps: Pick<Deps, 'config'>, db: Executor, p: { id: string; phone: string; locale: string }, n: {
  clinicId: string; clinicName: string; kind: NotificationKind; path: string; dedupeKey: string;
}): Promise<{ id: string; wake: string } | null> {
  const body = noticeText(p.locale, { kind: n.kind, clinic: n.clinicName, link: `${deps.config.publicUrl}${n.path}` });
  const id = await insertText(db, { clinicId: n.clinicId, userId: p.id, to: p.phone, body, dedupeKey: n.dedupeKey });
  return id ? { id, wake: `${TEXT_WAKE}${id}` } : null;
}

/**
 * Sends one queued text; safe to run twice or on two instances at once (a sent text is skipped, a
 * text being sent is locked). A number that answered STOP meanwhile gets nothing. Throws on a
 * failure worth retrying, so the job tries again with back-off.
 */
export async function deliverText(deps: Deps, id: string): Promise<void> {
  const sms = deps.config.sms;
  if (!sms) return;
  const retry = await deps.db.transaction().execute(async (tx) => {
    const text = await lockQueuedText(tx, id);
    if (!text) return null;
    if (text.stopped) {
      await markText(tx, id, { status: 'skipped' });
      return null;
    }
    const sent = await sendText(sms, text.to_number, text.body);
    const attempts = text.attempts + 1;
    if (sent.ok) {
      await markText(tx, id, { status: 'sent', attempts, providerId: sent.providerId, sentAt: deps.clock() });
      return null;
    }
    const again = sent.retry && attempts < MAX_ATTEMPTS;
    await markText(tx, id, { status: again ? 'queued' : 'failed', attempts, lastError: sent.error.slice(0, 500) });
    return again ? sent.error : null;
  });
  // Thrown after the commit, so the attempt and its error are kept.
  if (retry) throw new Error(`text ${id} not sent yet: ${retry}`);
}

/** Texts whose wake-up was lost (a crash between commit and job) are picked up here. */
export async function requeueStuckTexts(deps: Deps): Promise<number> {
  if (!deps.config.sms) return 0;
  const ids = await stuckTexts(deps.db, new Date(deps.clock().getTime() - 60_000));
  for (const id of ids) await deps.jobs.send('sms.deliver', { id });
  return ids.length;
}

/** The replies carriers and Twilio treat as opting out, and back in. */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START_WORDS = new Set(['START', 'UNSTOP']);

export type InboundReply = 'stop' | 'start' | 'other';

export function replyKind(body: string): InboundReply {
  const word = body.trim().toUpperCase();
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return 'other';
}

/** Records a STOP or START from a number; returns whether anything changed. */
export async function applyReply(deps: Pick<Deps, 'clock'>, tx: Executor, phone: string, reply: InboundReply): Promise<boolean> {
  if (reply === 'stop') return stopNumber(tx, phone, deps.clock());
  if (reply === 'start') return startNumber(tx, phone);
  return false;
}
