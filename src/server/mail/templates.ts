import { IntlMessageFormat } from 'intl-messageformat';
import en from '../../locales/en.json' with { type: 'json' };
import es from '../../locales/es.json' with { type: 'json' };
import type { Locale } from '../../contract/common.ts';

type Messages = typeof en.mail;
const catalogs: Record<Locale, Messages> = { en: en.mail, es: es.mail };

export type MailTemplate = 'clinicianInvite' | 'teamInvite' | 'signInLink' | 'passwordReset' | 'practiceReminder';

export type RenderedMail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function format(locale: Locale, message: string, vars: Record<string, string | number>): string {
  return String(new IntlMessageFormat(message, locale).format(vars));
}

/**
 * Renders a transactional mail in the reader's language, as plain text and HTML. Values are
 * escaped in the HTML part; no clinical details belong in any mail.
 */
export function renderMail(
  template: MailTemplate,
  locale: Locale,
  vars: Record<string, string | number>,
  link: { url: string; hours: number | null },
): RenderedMail {
  const m = catalogs[locale] ?? catalogs.en;
  const t = m[template];
  const all = { ...vars, hours: link.hours ?? 0 };
  const subject = format(locale, t.subject, all);
  const greeting = format(locale, m.greeting, all);
  const body = format(locale, t.body, all);
  const action = format(locale, t.action, all);
  // A one-time link says when it expires; a mail someone asked for says how to stop it.
  const expires = link.hours === null ? '' : format(locale, m.expires, all);
  const ignore = link.hours === null ? format(locale, m.reminderFooter, all) : format(locale, m.ignore, all);
  const signature = format(locale, m.signature, all);
  const text = `${greeting}\n\n${body}\n\n${action}: ${link.url}\n\n${[expires, ignore].filter(Boolean).join('\n')}\n\n${signature}\n`;
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<p style="font-size:20px;font-weight:700;color:#0b6e69;margin:0 0 24px">CareTeam</p>
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
<p style="margin:28px 0"><a href="${escapeHtml(link.url)}" style="background:#0b6e69;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(action)}</a></p>
<p style="font-size:14px;color:#52606d">${escapeHtml([expires, ignore].filter(Boolean).join(' '))}</p>
<p style="font-size:14px;color:#52606d;word-break:break-all">${escapeHtml(link.url)}</p>
<p>${escapeHtml(signature)}</p>
</div></body></html>`;
  return { subject, text, html };
}
