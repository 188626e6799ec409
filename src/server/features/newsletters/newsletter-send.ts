// Sending a newsletter: a job takes each newsletter whose time has come (claimed while its words
// are translated, then locked; either way skipped by other instances), writes the in-app copy for
// every family member of its audience and one mail per person who still wants newsletter mail
// (dedupe key per newsletter and person), and marks it sent, all in one transaction, opened once
// its words are translated. A restart or a second instance never sends it twice, nor translates
// it twice at the same moment.
import { type Locale, localeOf } from '../../../contract/common.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit, queueMail, type QueuedMail } from '../../mail/mail.service.ts';
import { mailText } from '../../mail/templates.ts';
import { renderMarkdown } from './markdown.ts';
import {
  addRecipient, audienceOf, claimTranslation, lockDueNewsletter, markSent, nextDueNewsletter, releaseTranslation, setRecipientMail, type DueNewsletter, type Recipient,
} from './newsletters.repository.ts';
import { newsletterTranslation } from './newsletters.service.ts';

// Other features reach families as newsletters do (a family event's audience).
export { audienceOf } from './newsletters.repository.ts';

type Sendable = { id: string; clinic_id: string; clinic: string; image_type: string | null };
/** A newsletter's words in one language: the title, the markdown body and the body as HTML. */
type Words = { title: string; body: string; html: string };

/** One family member's mail for a newsletter: the shared layout, their language's frame, an unsubscribe link. */
export function newsletterMail(deps: Pick<Deps, 'config'>, n: Sendable, words: Words, p: Recipient): QueuedMail {
  const locale: Locale = localeOf(p.locale);
  const t = mailText(locale);
  return {
    clinicId: n.clinic_id, to: p.email, locale, dedupeKey: `newsletter:${n.id}:${p.id}`,
    optional: { userId: p.id, kind: 'newsletter' },
    content: {
      subject: t('mail.newsletter.subject', { clinic: n.clinic, title: words.title }),
      greeting: t('mail.greeting', { name: p.name }),
      blocks: [
        { kind: 'heading', text: words.title },
        { kind: 'html', html: words.html, text: words.body },
        ...(n.image_type ? [{ kind: 'paragraph' as const, text: t('mail.newsletter.picture'), muted: true }] : []),
      ],
      action: { label: t('mail.newsletter.action'), url: `${deps.config.publicUrl}/newsletters/${n.id}` },
      footer: [t('mail.newsletter.footer', { clinic: n.clinic })],
      signature: t('mail.signature', { clinic: n.clinic }),
    },
  };
}

/** How long a claim to translate a newsletter for sending holds: far longer than translating takes. */
const TRANSLATION_CLAIM_MS = 2 * 60_000;

/**
 * A newsletter's words in each language its audience reads: translated (or, while the service
 * cannot, as written). Made before the sending transaction opens: no transaction waits on the
 * translation service.
 */
async function translateWords(deps: Deps, n: DueNewsletter): Promise<Map<string, Words>> {
  const original: Words = { title: n.title, body: n.body, html: renderMarkdown(n.body) };
  const locales = new Set((await audienceOf(deps.db, n)).filter((p) => p.wants_mail).map((p) => localeOf(p.locale)));
  const byLanguage = new Map<string, Words>();
  for (const locale of locales) {
    const f = (await newsletterTranslation(deps, n, locale))?.translated?.fields;
    byLanguage.set(locale, f ? { title: f.title ?? original.title, body: f.body ?? original.body, html: f.html ?? original.html } : original);
  }
  return byLanguage;
}

/** Sends this newsletter when it is still due and no other instance is sending it; `found`: it was sent here. */
async function sendOne(deps: Deps, tx: Executor, id: string, words: ReadonlyMap<string, Words>, now: Date): Promise<{ found: boolean; queued: (string | null)[] }> {
  const n = await lockDueNewsletter(tx, id, now);
  if (!n) return { found: false, queued: [] };
  const people = await audienceOf(tx, n);
  // Someone who joined the audience since the words were made, in another language, reads it as written.
  const original: Words = { title: n.title, body: n.body, html: renderMarkdown(n.body) };
  const queued: (string | null)[] = [];
  for (const p of people) {
    await addRecipient(tx, n.id, p.id);
    if (!p.wants_mail) continue;
    const mailId = await queueMail(deps, tx, newsletterMail(deps, n, words.get(localeOf(p.locale)) ?? original, p));
    if (mailId) {
      await setRecipientMail(tx, n.id, p.id, mailId);
      queued.push(mailId);
    }
  }
  await markSent(tx, n.id, now);
  return { found: true, queued };
}

/**
 * Sends every newsletter whose time has come, oldest first: its words translated first, then sent
 * in one transaction. One another instance (or another sweep of this one) is translating or sending
 * is left to it: the instance that claims it translates it, once. Returns how many mails were queued.
 */
export async function sendDueNewsletters(deps: Deps): Promise<number> {
  let total = 0;
  const leftToOthers: string[] = [];
  for (;;) {
    const n = await nextDueNewsletter(deps.db, deps.clock(), leftToOthers);
    if (!n) return total;
    const now = deps.clock();
    if (!(await claimTranslation(deps.db, n.id, now, new Date(now.getTime() + TRANSLATION_CLAIM_MS)))) {
      leftToOthers.push(n.id);
      continue;
    }
    let sent: { found: boolean; queued: (string | null)[] } = { found: false, queued: [] };
    try {
      const words = await translateWords(deps, n);
      sent = await deps.db.transaction().execute((tx) => sendOne(deps, tx, n.id, words, deps.clock()));
    } finally {
      // Not sent here (it failed, or went otherwise meanwhile): the next sweep, anywhere, may take it.
      if (!sent.found) await releaseTranslation(deps.db, n.id);
    }
    if (!sent.found) leftToOthers.push(n.id);
    await afterCommit(deps, sent.queued);
    total += sent.queued.length;
  }
}
