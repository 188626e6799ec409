import nodemailer, { type Transporter } from 'nodemailer';
import type { Locale } from '../../contract/common.ts';
import type { Executor } from '../db/database.ts';
import type { MailAttachment } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { TEXT_WAKE } from '../features/notifications/sms/sms.service.ts';
import { hashToken, newToken } from '../http/tokens.ts';
import { layoutMail, mailText, renderMail, type MailContent, type MailFooter, type MailTemplate, type RenderedMail } from './templates.ts';

/** How mail reaches people: by email, or only kept in the clinic's outbox (no mail server set up). */
export const mailDelivery = (deps: Pick<Deps, 'config'>): 'email' | 'outbox' => (deps.config.smtpUrl ? 'email' : 'outbox');

/** Mail a person may turn off: the weekly digest and newsletters (never security or urgent mail). */
export type OptionalMailKind = 'digest' | 'newsletter';

export type QueuedMail = {
  clinicId: string | null;
  to: string;
  locale: Locale;
  /** One mail per event: a second queueing with the same key is ignored. */
  dedupeKey: string;
} & (
  | {
      template: MailTemplate;
      vars: Record<string, string | number>;
      /** hours: how long a one-time link works (0.25 is a quarter of an hour); null for a plain link into the app. */
      link: { url: string; hours: number | null };
      /** A short list under the body (a digest's counts). */
      lines?: readonly string[];
      footer?: MailFooter;
      /** Files it carries: a session invitation's .ics. */
      attachments?: readonly MailAttachment[];
    }
  | {
      /** A mail with more to say (the digest, a newsletter), in the shared layout. */
      content: Omit<MailContent, 'unsubscribe'>;
      /** Optional mail: an unsubscribe link in the mail and the List-Unsubscribe headers. Left out, a mail to someone without an account (a guest's link). */
      optional?: { userId: string; kind: OptionalMailKind };
    }
);

/**
 * A fresh unsubscribe token for one optional mail (only its hash is kept), and what the mail
 * carries: the link in its footer (a page that asks before it changes anything) and the
 * RFC 8058 one-click headers, which mail programs POST to directly.
 */
async function unsubscribeFor(deps: Pick<Deps, 'config'>, db: Executor, clinicId: string | null, optional: { userId: string; kind: OptionalMailKind }, locale: Locale) {
  const token = newToken();
  await db.insertInto('mail_unsubscribe').values({ token_hash: hashToken(token), user_id: optional.userId, kind: optional.kind, clinic_id: clinicId }).execute();
  const t = mailText(locale);
  return {
    link: { label: t(optional.kind === 'digest' ? 'mail.unsubscribe.digest' : 'mail.unsubscribe.newsletter'), url: `${deps.config.publicUrl}/unsubscribe/${token}` },
    headers: {
      'List-Unsubscribe': `<${deps.config.publicUrl}/api/unsubscribe/${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * Puts a mail in the outbox inside the caller's transaction, so a mail exists exactly when the
 * change that caused it does. Without SMTP it is held there for admins to read; with SMTP the
 * mail job sends it after commit (see afterCommit).
 */
export async function queueMail(deps: Pick<Deps, 'config'>, db: Executor, mail: QueuedMail): Promise<string | null> {
  let rendered: RenderedMail;
  let headers: Record<string, string> = {};
  let attachments: readonly MailAttachment[] = [];
  if ('template' in mail) {
    attachments = mail.attachments ?? [];
    rendered = renderMail(mail.template, mail.locale, mail.vars, mail.link, { ...(mail.lines ? { lines: mail.lines } : {}), ...(mail.footer ? { footer: mail.footer } : {}) });
  } else {
    const queued = await db.selectFrom('mail_outbox').select('id').where('dedupe_key', '=', mail.dedupeKey).executeTakeFirst();
    if (queued) return null;
    if (mail.optional) {
      const unsubscribe = await unsubscribeFor(deps, db, mail.clinicId, mail.optional, mail.locale);
      rendered = layoutMail(mail.locale, { ...mail.content, unsubscribe: unsubscribe.link });
      headers = unsubscribe.headers;
    } else {
      rendered = layoutMail(mail.locale, mail.content);
    }
  }
  const row = await db
    .insertInto('mail_outbox')
    .values({
      clinic_id: mail.clinicId,
      dedupe_key: mail.dedupeKey,
      to_address: mail.to,
      subject: rendered.subject,
      text_body: rendered.text,
      html_body: rendered.html,
      headers: JSON.stringify(headers),
      attachments: JSON.stringify(attachments),
      status: deps.config.smtpUrl ? 'queued' : 'held',
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Wakes the senders for what a transaction that has now committed queued: mails, and the texts
 * among them (ids marked with TEXT_WAKE, as notify returns them).
 */
export async function afterCommit(deps: Deps, ids: readonly (string | null)[]): Promise<void> {
  for (const id of ids) {
    if (!id) continue;
    if (id.startsWith(TEXT_WAKE)) {
      if (deps.config.sms) await deps.jobs.send('sms.deliver', { id: id.slice(TEXT_WAKE.length) });
    } else if (deps.config.smtpUrl) await deps.jobs.send('mail.deliver', { id });
  }
}

/**
 * An iCalendar invitation goes both as the mail's calendar part (so mail programs show it as an
 * invitation with its method) and as an .ics file; other files as attachments.
 */
function mailFiles(files: readonly MailAttachment[]) {
  const invite = files.find((f) => f.method);
  return {
    ...(invite?.method ? { icalEvent: { method: invite.method, filename: invite.filename, content: invite.content } } : {}),
    attachments: files.map((f) => ({ filename: f.filename, content: f.content, contentType: f.method ? `${f.contentType}; method=${f.method}` : f.contentType })),
  };
}

let transport: { url: string; t: Transporter } | undefined;
function transporter(url: string): Transporter {
  if (transport?.url !== url) transport = { url, t: nodemailer.createTransport(url) };
  return transport.t;
}

/** Sends one queued mail; safe to run twice (a sent mail is skipped). */
export async function deliverMail(deps: Deps, id: string): Promise<void> {
  const url = deps.config.smtpUrl;
  if (!url) return;
  await deps.db.transaction().execute(async (tx) => {
    const mail = await tx
      .selectFrom('mail_outbox')
      .selectAll()
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!mail) return;
    try {
      await transporter(url).sendMail({
        from: deps.config.mailFrom,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body,
        headers: { ...mail.headers, 'X-CareTeam-Mail-Id': mail.id },
        ...mailFiles(mail.attachments),
      });
      await tx.updateTable('mail_outbox').set({ status: 'sent', sent_at: deps.clock(), attempts: mail.attempts + 1 }).where('id', '=', id).execute();
    } catch (e) {
      const attempts = mail.attempts + 1;
      await tx
        .updateTable('mail_outbox')
        .set({ attempts, last_error: String(e).slice(0, 500), status: attempts >= 8 ? 'failed' : 'queued' })
        .where('id', '=', id)
        .execute();
      if (attempts < 8) throw e; // let the job retry with back-off
    }
  });
}

/** Mails whose wake-up was lost (a crash between commit and job) are picked up here. */
export async function requeueStuckMail(deps: Deps): Promise<number> {
  if (!deps.config.smtpUrl) return 0;
  const stuck = await deps.db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'queued')
    .where('created_at', '<', new Date(deps.clock().getTime() - 60_000))
    .limit(500)
    .execute();
  await afterCommit(deps, stuck.map((r) => r.id));
  return stuck.length;
}
