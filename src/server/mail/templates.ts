import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type en from '../../locales/en.json';
import { isolateValues } from '../../contract/bidi.ts';
import { LOCALES, dirOf, type Locale } from '../../contract/common.ts';
import { formatDuration } from '../../contract/format.ts';

// Every language's catalogue, read once at start (a language joins by its file and one line in LOCALES).
type Catalogue = typeof en;
const whole = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(readFileSync(new URL(`../../locales/${l}.json`, import.meta.url), 'utf8')) as Catalogue])) as Record<Locale, Catalogue>;
type Messages = Catalogue['mail'];
const catalogs = Object.fromEntries(LOCALES.map((l) => [l, whole[l].mail])) as Record<Locale, Messages>;
// Notification mails keep their words in the notifications namespace, footers included.
type NotificationMessages = Catalogue['notifications']['mail'];
const notificationCatalogs = Object.fromEntries(LOCALES.map((l) => [l, whole[l].notifications.mail])) as Record<Locale, NotificationMessages>;
// Session reminders, invitations and cancellations keep theirs with the rest of the session calendar.
type SessionMessages = Catalogue['sessionCalendar']['mail'];
const sessionCatalogs = Object.fromEntries(LOCALES.map((l) => [l, whole[l].sessionCalendar.mail])) as Record<Locale, SessionMessages>;
export type SessionTemplate = keyof SessionMessages;
const isSessionTemplate = (t: string): t is SessionTemplate => t in sessionCatalogs.en;

export type NotificationTemplate = 'notification' | 'notificationDigest' | 'urgentNotice';
export type MailTemplate = 'clinicianInvite' | 'teamInvite' | 'signInLink' | 'passwordReset' | 'practiceReminder' | 'auditSealHead' | NotificationTemplate | SessionTemplate;
/** Why the person gets a mail they did not ask for this minute, and how to change it. */
export type MailFooter = 'reminder' | 'notifications' | 'urgent' | 'audit';

export type RenderedMail = { subject: string; text: string; html: string };

/** A piece of a mail's body; each renders as plain text and as HTML. */
export type MailBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; muted?: boolean }
  | { kind: 'list'; items: string[] }
  /** A note someone wrote for the reader, shown set apart, with who wrote it. */
  | { kind: 'quote'; text: string; by: string }
  /** HTML already sanitised (a newsletter's markdown), with its plain-text twin. */
  | { kind: 'html'; html: string; text: string };

/** Everything one mail says, in the reader's language already. */
export type MailContent = {
  subject: string;
  greeting: string;
  blocks: MailBlock[];
  action: { label: string; url: string };
  /** The link is also shown as text under the button (one-time links people may need to copy). */
  showUrl?: boolean;
  /** Small print under the button: why this mail came, how long a link works. */
  footer: string[];
  signature: string;
  /** Optional mail carries a working unsubscribe link. */
  unsubscribe?: { label: string; url: string };
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Each message is parsed once per language: a report or a digest says the same few hundred times.
const compiled = new Map<string, IntlMessageFormat>();
// Values someone wrote (a name, a title) are isolated in the sentence, as the web app's are (see contract/bidi.ts).
function format(locale: Locale, message: string, vars: Record<string, string | number>, isolated = true): string {
  const key = `${locale}\u0000${message}`;
  let f = compiled.get(key);
  if (!f) {
    f = new IntlMessageFormat(message, locale);
    compiled.set(key, f);
  }
  return String(f.format(isolated ? isolateValues(locale, message, vars) : vars));
}

/**
 * Any message of the locale files by its dotted path, in the reader's language: mails that say
 * more than one sentence (the digest, a newsletter) are built from these. `isolate: false` for
 * text where invisible direction marks cost more than they give (a text message's link).
 */
export function mailText(locale: Locale, o: { isolate?: boolean } = {}): (key: string, vars?: Record<string, string | number>) => string {
  const root = whole[locale] ?? whole.en;
  return (key, vars = {}) => {
    let node: unknown = root;
    for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    if (typeof node !== 'string') throw new Error(`No message ${key} in ${locale}`);
    return format(locale, node, vars, o.isolate ?? true);
  };
}

const MUTED = 'font-size:14px;color:#52606d';

function blockHtml(b: MailBlock): string {
  switch (b.kind) {
    case 'heading':
      return `<h2 style="font-size:18px;margin:28px 0 8px;color:#0b3d3a">${escapeHtml(b.text)}</h2>`;
    case 'paragraph':
      return `<p style="margin:8px 0;${b.muted ? MUTED : ''}">${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul style="margin:8px 0;padding-inline-start:22px">${b.items.map((i) => `<li style="margin:4px 0">${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'quote':
      return `<blockquote style="margin:12px 0;padding:12px 16px;background:#eef7f6;border-inline-start:4px solid #0b6e69;border-radius:6px"><p style="margin:0 0 6px">${escapeHtml(b.text)}</p><p style="margin:0;${MUTED}">${escapeHtml(b.by)}</p></blockquote>`;
    case 'html':
      return `<div style="margin:8px 0">${b.html}</div>`;
  }
}

function blockText(b: MailBlock): string {
  switch (b.kind) {
    case 'heading':
      return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 60))}`;
    case 'paragraph':
      return b.text;
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'quote':
      return `"${b.text}"\n${b.by}`;
    case 'html':
      return b.text;
  }
}

/** The one layout of every CareTeam mail: plain text and HTML from the same content. */
export function layoutMail(locale: Locale, c: MailContent): RenderedMail {
  const small = c.footer.filter(Boolean);
  const text = [
    c.greeting,
    ...c.blocks.map(blockText),
    `${c.action.label}: ${c.action.url}`,
    small.join('\n'),
    c.signature,
    c.unsubscribe ? `${c.unsubscribe.label}: ${c.unsubscribe.url}` : '',
  ].filter(Boolean).join('\n\n') + '\n';
  const dir = dirOf(locale);
  const html = `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(c.subject)}</title></head>
<body style="margin:0;padding:24px 12px;background:#f4f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933;line-height:1.5">
<div role="main" dir="${dir}">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:12px;padding:28px 24px">
<h1 style="font-size:20px;font-weight:700;color:#0b6e69;margin:0 0 24px">CareTeam</h1>
<p>${escapeHtml(c.greeting)}</p>
${c.blocks.map(blockHtml).join('\n')}
<p style="margin:28px 0"><a href="${escapeHtml(c.action.url)}" style="display:inline-block;background:#0b6e69;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(c.action.label)}</a></p>
${small.length > 0 ? `<p style="${MUTED}">${escapeHtml(small.join(' '))}</p>` : ''}
${c.showUrl ? `<p style="${MUTED};word-break:break-all">${escapeHtml(c.action.url)}</p>` : ''}
<p>${escapeHtml(c.signature)}</p>
</div>
${c.unsubscribe ? `<p style="max-width:560px;margin:16px auto 0;text-align:center;${MUTED}"><a href="${escapeHtml(c.unsubscribe.url)}" style="color:#52606d">${escapeHtml(c.unsubscribe.label)}</a></p>` : ''}
</div>
</body></html>`;
  return { subject: c.subject, text, html };
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
  opts: { lines?: readonly string[]; footer?: MailFooter } = {},
): RenderedMail {
  const m = catalogs[locale] ?? catalogs.en;
  const n = notificationCatalogs[locale] ?? notificationCatalogs.en;
  const t = template === 'notification' || template === 'notificationDigest' || template === 'urgentNotice' ? n[template]
    : isSessionTemplate(template) ? (sessionCatalogs[locale] ?? sessionCatalogs.en)[template] : m[template];
  // A one-time link says when it expires ("7 days", "15 minutes"); a mail someone did not ask for this minute says why it came.
  const expires = link.hours === null ? '' : format(locale, m.expires, { duration: formatDuration(locale, link.hours) });
  const footer = opts.footer ?? 'reminder';
  const ignore = link.hours !== null ? format(locale, m.ignore, vars)
    : footer === 'reminder' ? format(locale, m.reminderFooter, vars)
    : footer === 'audit' ? format(locale, m.auditFooter, vars)
    : format(locale, footer === 'urgent' ? n.urgentFooter : n.footer, vars);
  const lines = opts.lines ?? [];
  return layoutMail(locale, {
    subject: format(locale, t.subject, vars),
    greeting: format(locale, m.greeting, vars),
    blocks: [{ kind: 'paragraph', text: format(locale, t.body, vars) }, ...(lines.length > 0 ? [{ kind: 'list' as const, items: [...lines] }] : [])],
    action: { label: format(locale, t.action, vars), url: link.url },
    showUrl: true,
    footer: [expires, ignore],
    signature: format(locale, m.signature, vars),
  });
}

/** A digest's lines: how many of each kind, in the reader's language, never what they say. */
export function digestLines(locale: Locale, counts: ReadonlyMap<string, number>): string[] {
  const n = notificationCatalogs[locale] ?? notificationCatalogs.en;
  return [...counts].map(([kind, count]) => format(locale, n.digestLine, { kind, count }));
}
