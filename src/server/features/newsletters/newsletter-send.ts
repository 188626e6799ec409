// Sending a newsletter: a job takes each newsletter whose time has come (locked, skipped by other
// instances), writes the in-app copy for every family member of its audience and one mail per
// person who still wants newsletter mail (dedupe key per newsletter and person), and marks it
// sent, all in one transaction, opened once its words are translated. A restart or a second
// instance never sends it twice.
import { sql } from 'kysely';
import { type Locale, localeOf } from '../../../contract/common.ts';
import type { Executor } from '../../db/database.ts';
import type { NewsletterTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit, queueMail, type QueuedMail } from '../../mail/mail.service.ts';
import { mailText } from '../../mail/templates.ts';
import { renderMarkdown } from './markdown.ts';
import { newsletterTranslation } from './newsletters.service.ts';

/** A newsletter's audience, or a family event's (whose audience may be chosen children). */
type Audience = Pick<NewsletterTable, 'audience_therapy_type'> & {
  clinic_id: string;
  audience: NewsletterTable['audience'] | 'children';
  audience_therapist?: string | null;
  audience_children?: readonly string[];
};
export type Recipient = { id: string; email: string; name: string; locale: string; wants_mail: boolean };

/**
 * The family members a newsletter (or a family event) reaches: guardians and caregivers on the
 * active team of a child of the clinic (all children, a therapist's, a therapy type's, or chosen
 * children). Teachers and staff are not families; nobody is reached through another clinic's child.
 */
export async function audienceOf(db: Executor, a: Audience): Promise<Recipient[]> {
  const filter = a.audience === 'therapist'
    ? sql`and exists (select 1 from care_team_member t where t.child_id = c.id and t.user_id = ${a.audience_therapist ?? null} and t.role = 'therapist' and t.revoked_at is null)`
    : a.audience === 'therapy_type' ? sql`and ${a.audience_therapy_type} = any(c.therapy_types)`
      : a.audience === 'children' ? sql`and c.id = any(${[...(a.audience_children ?? [])]}::uuid[])` : sql``;
  const rows = await sql<Recipient>`
    select distinct u.id, u.email, u.name, u.locale, coalesce(p.newsletters, true) as wants_mail
    from care_team_member m
    join child c on c.id = m.child_id
    join app_user u on u.id = m.user_id
    left join mail_preference p on p.user_id = u.id
    where c.clinic_id = ${a.clinic_id} and m.revoked_at is null and m.role in ('guardian', 'caregiver') and u.disabled_at is null
    ${filter}
    order by u.id`.execute(db);
  return rows.rows;
}

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

type Due = Sendable & Pick<NewsletterTable, 'title' | 'body' | 'created_by' | 'audience' | 'audience_therapist' | 'audience_therapy_type'>;

function dueNewsletters(db: Executor, now: Date) {
  return db.selectFrom('newsletter as n').innerJoin('clinic as k', 'k.id', 'n.clinic_id')
    .select(['n.id', 'n.clinic_id', 'n.title', 'n.body', 'n.created_by', 'n.image_type', 'n.audience', 'n.audience_therapist', 'n.audience_therapy_type', 'k.name as clinic'])
    .where('n.status', '=', 'scheduled').where('n.send_at', '<=', now);
}

/** The newsletters this server is translating for sending now, by id. */
const translating = new Map<string, Promise<Map<string, Words>>>();

/**
 * A newsletter's words in each language its audience reads: translated (or, while the service
 * cannot, as written). Made before the sending transaction opens: no transaction waits on the
 * translation service.
 */
async function wordsByLanguage(deps: Deps, n: Due): Promise<Map<string, Words>> {
  // The scheduled sweep and a "send now" may reach the same newsletter together: one translation.
  const running = translating.get(n.id);
  if (running) return running;
  const made = translateWords(deps, n).finally(() => translating.delete(n.id));
  translating.set(n.id, made);
  return made;
}

async function translateWords(deps: Deps, n: Due): Promise<Map<string, Words>> {
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
  const n = await dueNewsletters(tx, now).where('n.id', '=', id).forUpdate('n').skipLocked().executeTakeFirst();
  if (!n) return { found: false, queued: [] };
  const people = await audienceOf(tx, n);
  // Someone who joined the audience since the words were made, in another language, reads it as written.
  const original: Words = { title: n.title, body: n.body, html: renderMarkdown(n.body) };
  const queued: (string | null)[] = [];
  for (const p of people) {
    await tx.insertInto('newsletter_recipient').values({ newsletter_id: n.id, user_id: p.id }).onConflict((oc) => oc.columns(['newsletter_id', 'user_id']).doNothing()).execute();
    if (!p.wants_mail) continue;
    const mailId = await queueMail(deps, tx, newsletterMail(deps, n, words.get(localeOf(p.locale)) ?? original, p));
    if (mailId) {
      await tx.updateTable('newsletter_recipient').set({ mail_id: mailId }).where('newsletter_id', '=', n.id).where('user_id', '=', p.id).execute();
      queued.push(mailId);
    }
  }
  await tx.updateTable('newsletter').set({ status: 'sent', sent_at: now, updated_at: now }).where('id', '=', n.id).execute();
  return { found: true, queued };
}

/**
 * Sends every newsletter whose time has come, oldest first: its words translated first, then sent
 * in one transaction. One another instance is sending is left to it. Returns how many mails were queued.
 */
export async function sendDueNewsletters(deps: Deps): Promise<number> {
  let total = 0;
  const leftToOthers: string[] = [];
  for (;;) {
    let next = dueNewsletters(deps.db, deps.clock()).orderBy('n.send_at').limit(1);
    if (leftToOthers.length > 0) next = next.where('n.id', 'not in', leftToOthers);
    const n = await next.executeTakeFirst();
    if (!n) return total;
    const words = await wordsByLanguage(deps, n);
    const { found, queued } = await deps.db.transaction().execute((tx) => sendOne(deps, tx, n.id, words, deps.clock()));
    if (!found) leftToOthers.push(n.id);
    await afterCommit(deps, queued);
    total += queued.length;
  }
}
