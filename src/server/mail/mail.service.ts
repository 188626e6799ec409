import nodemailer, { type Transporter } from 'nodemailer';
import type { Locale } from '../../contract/common.ts';
import type { Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { renderMail, type MailTemplate } from './templates.ts';

export type QueuedMail = {
  clinicId: string | null;
  to: string;
  locale: Locale;
  template: MailTemplate;
  vars: Record<string, string | number>;
  /** hours: how long a one-time link works; null for a plain link into the app. */
  link: { url: string; hours: number | null };
  /** One mail per event: a second queueing with the same key is ignored. */
  dedupeKey: string;
};

/**
 * Puts a mail in the outbox inside the caller's transaction, so a mail exists exactly when the
 * change that caused it does. Without SMTP it is held there for admins to read; with SMTP the
 * mail job sends it after commit (see afterCommit).
 */
export async function queueMail(deps: Deps, db: Executor, mail: QueuedMail): Promise<string | null> {
  const rendered = renderMail(mail.template, mail.locale, mail.vars, mail.link);
  const row = await db
    .insertInto('mail_outbox')
    .values({
      clinic_id: mail.clinicId,
      dedupe_key: mail.dedupeKey,
      to_address: mail.to,
      subject: rendered.subject,
      text_body: rendered.text,
      html_body: rendered.html,
      status: deps.config.smtpUrl ? 'queued' : 'held',
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Wakes the mail worker for mails queued in a transaction that has now committed. */
export async function afterCommit(deps: Deps, ids: readonly (string | null)[]): Promise<void> {
  if (!deps.config.smtpUrl) return;
  for (const id of ids) if (id) await deps.jobs.send('mail.deliver', { id });
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
        headers: { 'X-CareTeam-Mail-Id': mail.id },
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
