// Notifications: one in-app row per person and event, written in the transaction of the change,
// announced on the person's open streams at commit, and emailed or texted as the person chose: immediately
// (held while their quiet hours last), in one daily digest at their local time, or not at all.
// Urgent clinic notices ignore those choices. Every email is a mail_outbox row (every text an
// sms_outbox row) with a dedupe key, so a sweep that runs twice, or on two instances, never sends one twice.
// Digests are always emails.
import { sql } from 'kysely';
import { localeOf, type Locale } from '../../../contract/common.ts';
import { zonedTime } from '../../../contract/format.ts';
import { CHOOSABLE_KINDS, modesFor, type NotificationChannel, type NotificationKind, type NotificationMode } from '../../../contract/notification-kinds.ts';
import type { Permission, TeamRole } from '../../../contract/access.ts';
import type { Executor } from '../../db/database.ts';
import type { MailAttachment } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit, queueMail } from '../../mail/mail.service.ts';
import { digestLines, type MailTemplate } from '../../mail/templates.ts';
import { publish } from '../../realtime/hub.ts';
import { addDays, localDate } from '../children/calendar.ts';
import { conversationReaders } from '../messages/messages.service.ts';
import { zonedInstant } from '../practice/schedule.ts';
import { queueNoticeText, textsConfigured } from './sms/sms.service.ts';

const toMinutes = (time: string) => {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
};

/** The local wall-clock time "HH:MM" in a zone at an instant. */
function localTime(now: Date, timeZone: string): string {
  return zonedTime(now, timeZone);
}

export type Quiet = { start: string; end: string } | null;

export function quietOf(start: string | null, end: string | null): Quiet {
  return start && end ? { start: start.slice(0, 5), end: end.slice(0, 5) } : null;
}

/** When the person's quiet hours end, if they are in them now; null when they are not. */
export function quietUntil(now: Date, timeZone: string, quiet: Quiet): Date | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const t = toMinutes(localTime(now, timeZone));
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  const wraps = start > end; // e.g. 21:00–07:00
  const inside = wraps ? t >= start || t < end : t >= start && t < end;
  if (!inside) return null;
  const today = localDate(now, timeZone);
  return zonedInstant(wraps && t >= start ? addDays(today, 1) : today, quiet.end, timeZone);
}

/** How long a message may stay unread before it is emailed (see config: MESSAGE_EMAIL_AFTER_MINUTES). */
export const messageEmailAfterMs = (deps: Deps) => deps.config.messageEmailAfterMinutes * 60_000;

/**
 * The active members of a child's team holding a permission (and one of these roles, when given):
 * the same rule as loadChildAccess — not revoked, and a teacher only while the consent lasts.
 */
export async function teamAudience(db: Executor, childId: string, permission: Permission, roles?: readonly TeamRole[]): Promise<string[]> {
  let q = db.selectFrom('care_team_member as m')
    .leftJoin('consent as k', 'k.id', 'm.consent_id')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.child_id', '=', childId)
    .where('m.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('m.consent_id', 'is', null), eb('k.revoked_at', 'is', null)]))
    .where(sql<boolean>`${permission} = any(m.permissions)`);
  if (roles) q = q.where('m.role', 'in', [...roles]);
  return (await q.execute()).map((r) => r.user_id);
}

export type NotifyMail = {
  template: MailTemplate;
  vars: Record<string, string | number>;
  /** A path in the app, e.g. "/today". */
  path: string;
  dedupeKey: (userId: string) => string;
  footer?: 'reminder' | 'notifications';
  /** Files the mail carries (a session's .ics). */
  attachments?: readonly MailAttachment[];
};

export type NotifyInput = {
  userIds: readonly string[];
  kind: NotificationKind;
  childId: string | null;
  clinicId: string;
  /** Who did it: never notified about their own action. */
  actorId: string | null;
  /** Ids for the link to the thing; never content. */
  target?: Record<string, string>;
  /** Names the event: the same key for the same person is one notification, whatever retries. */
  dedupeKey: string;
  /** A mail of its own instead of the general "something new" one (practice reminders). */
  mail?: NotifyMail;
  /** An urgent notice's words in a language, for its email in each person's. */
  notice?: (locale: string) => Promise<string>;
  /** Sent now even in the person's quiet hours: a reminder of a session that starts inside them. */
  ignoreQuiet?: boolean;
};

type Person = {
  id: string; email: string; name: string; locale: string; time_zone: string | null; quiet_start: string | null; quiet_end: string | null;
  channel: NotificationChannel | null; kind_channel: NotificationChannel | null; mode: NotificationMode | null; digest_time: string | null;
  phone: string | null; stopped: boolean;
};

/**
 * Where a notice goes besides the in-app list: the channel the person chose for its kind, else
 * their usual one (email when they never chose). Text falls back to email while texts cannot reach
 * them: no number, the number answered STOP, or no provider set up.
 */
export function channelOf(deps: Pick<Deps, 'config'>, p: { channel: NotificationChannel | null; kind_channel: NotificationChannel | null; phone: string | null; stopped: boolean }): NotificationChannel {
  const chosen = p.kind_channel ?? p.channel ?? 'email';
  if (chosen === 'sms' && !(p.phone && !p.stopped && textsConfigured(deps))) return 'email';
  return chosen;
}


/** What the person chose for a kind; nothing chosen is "immediately". Urgent notices have no choice. */
function modeOf(kind: NotificationKind, chosen: NotificationMode | null): NotificationMode {
  if (kind === 'urgent_notice') return 'immediately';
  const k = CHOOSABLE_KINDS.find((c) => c === kind);
  if (!k || !chosen) return 'immediately';
  return modesFor(k).includes(chosen) ? chosen : 'immediately';
}

type Clinic = { name: string; time_zone: string };

/**
 * Sends the notice out of the app by the person's channel: a text (what kind of thing, and a link),
 * or a mail. Returns what afterCommit wakes, and the row's mail or text.
 */
async function queueNotice(deps: Deps, db: Executor, channel: NotificationChannel, p: Pick<Person, 'id' | 'email' | 'name' | 'locale' | 'phone'>, clinic: Clinic & { id: string }, n: {
  id: string; kind: NotificationKind; mail?: NotifyMail | undefined; notice?: ((locale: string) => Promise<string>) | undefined;
}): Promise<{ wake: string | null; set: { mail_id: string | null } | { sms_id: string | null } }> {
  if (channel === 'sms' && p.phone) {
    const text = await queueNoticeText(deps, db, { id: p.id, phone: p.phone, locale: p.locale }, {
      clinicId: clinic.id, clinicName: clinic.name, kind: n.kind, path: n.mail?.path ?? '/notifications', dedupeKey: `notification:${n.id}`,
    });
    return { wake: text?.wake ?? null, set: { sms_id: text?.id ?? null } };
  }
  const mailId = await queueNotificationMail(deps, db, p, clinic, n);
  return { wake: mailId, set: { mail_id: mailId } };
}

async function queueNotificationMail(deps: Deps, db: Executor, p: Pick<Person, 'id' | 'email' | 'name' | 'locale'>, clinic: Clinic & { id: string }, n: {
  id: string; kind: NotificationKind; mail?: NotifyMail | undefined; notice?: ((locale: string) => Promise<string>) | undefined;
}): Promise<string | null> {
  const base = deps.config.publicUrl;
  if (n.mail) {
    return queueMail(deps, db, {
      clinicId: clinic.id, to: p.email, locale: localeOf(p.locale), template: n.mail.template,
      vars: { name: p.name, clinic: clinic.name, ...n.mail.vars }, link: { url: `${base}${n.mail.path}`, hours: null },
      dedupeKey: n.mail.dedupeKey(p.id), footer: n.mail.footer ?? 'notifications',
      ...(n.mail.attachments ? { attachments: n.mail.attachments } : {}),
    });
  }
  if (n.kind === 'urgent_notice') {
    return queueMail(deps, db, {
      clinicId: clinic.id, to: p.email, locale: localeOf(p.locale), template: 'urgentNotice',
      vars: { name: p.name, clinic: clinic.name, notice: (await n.notice?.(localeOf(p.locale))) ?? '' }, link: { url: `${base}/notifications`, hours: null },
      dedupeKey: `notification:${n.id}`, footer: 'urgent',
    });
  }
  // No child's name, no content: what kind of thing, and a link to sign in and see it.
  return queueMail(deps, db, {
    clinicId: clinic.id, to: p.email, locale: localeOf(p.locale), template: 'notification',
    vars: { name: p.name, clinic: clinic.name, kind: n.kind }, link: { url: `${base}/notifications`, hours: null },
    dedupeKey: `notification:${n.id}`, footer: 'notifications',
  });
}

/**
 * Notifies these people of one event, inside the transaction of the change. The caller decides
 * who may see the thing; the actor is left out. Returns the mails queued, for afterCommit.
 */
export async function notify(deps: Deps, tx: Executor, input: NotifyInput): Promise<string[]> {
  const ids = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
  if (ids.length === 0) return [];
  const now = deps.clock();
  const clinic = await tx.selectFrom('clinic').select(['id', 'name', 'time_zone']).where('id', '=', input.clinicId).executeTakeFirstOrThrow();
  const child = input.childId ? await tx.selectFrom('child').select('time_zone').where('id', '=', input.childId).executeTakeFirst() : undefined;
  const fallbackZone = child?.time_zone ?? clinic.time_zone;
  const people: Person[] = await tx.selectFrom('app_user as u')
    .leftJoin('notification_setting as s', 's.user_id', 'u.id')
    .leftJoin('notification_preference as p', (j) => j.onRef('p.user_id', '=', 'u.id').on('p.kind', '=', input.kind))
    .leftJoin('sms_opt_out as o', 'o.phone', 'u.phone')
    .select(['u.id', 'u.email', 'u.name', 'u.locale', 'u.time_zone', 'u.quiet_start', 'u.quiet_end', 's.channel', 'p.channel as kind_channel', 'p.mode', 's.digest_time', 'u.phone'])
    .select(sql<boolean>`o.phone is not null`.as('stopped'))
    .where('u.id', 'in', ids).where('u.disabled_at', 'is', null)
    .execute();
  const urgent = input.kind === 'urgent_notice';
  const mails: string[] = [];
  const told: string[] = [];
  for (const p of people) {
    const mode = modeOf(input.kind, p.mode);
    if (mode === 'off') continue;
    const channel = channelOf(deps, p);
    const zone = p.time_zone ?? fallbackZone;

    // Messages of one conversation collapse into the person's unread notification for it.
    if (input.kind === 'message' && input.target?.conversationId) {
      const open = await tx.updateTable('notification')
        .set((eb) => ({ count: eb('count', '+', 1), updated_at: now, actor_id: input.actorId, target: JSON.stringify(input.target ?? {}) }))
        .where('user_id', '=', p.id).where('kind', '=', 'message').where('read_at', 'is', null)
        .where(sql<boolean>`target->>'conversationId' = ${input.target.conversationId}`)
        .returning('id').executeTakeFirst();
      if (open) {
        told.push(p.id);
        continue;
      }
    }

    let emailState: 'none' | 'waiting' | 'sent' | 'digest' = 'none';
    let dueAt: Date | null = null;
    if (urgent) emailState = 'sent';
    else if (mode === 'digest') emailState = 'digest';
    else if (channel !== 'in_app') {
      if (input.kind === 'message') {
        // A message is emailed (or texted) only when it stays unread (the escalation sweep).
        emailState = 'waiting';
        dueAt = new Date(now.getTime() + messageEmailAfterMs(deps));
      } else {
        dueAt = input.ignoreQuiet ? null : quietUntil(now, zone, quietOf(p.quiet_start, p.quiet_end));
        emailState = dueAt ? 'waiting' : 'sent';
      }
    }
    const row = await tx.insertInto('notification').values({
      clinic_id: input.clinicId, user_id: p.id, kind: input.kind, child_id: input.childId, actor_id: input.actorId,
      target: JSON.stringify(input.target ?? {}), dedupe_key: input.dedupeKey, created_at: now, updated_at: now,
      channel, email_state: emailState === 'sent' ? 'none' : emailState, email_due_at: dueAt,
    }).onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing()).returning('id').executeTakeFirst();
    if (!row) continue; // told before: one event notifies a person once
    told.push(p.id);
    if (emailState === 'sent') {
      const sent = await queueNotice(deps, tx, channel, p, clinic, { id: row.id, kind: input.kind, mail: input.mail, notice: input.notice });
      await tx.updateTable('notification').set({ email_state: 'sent', ...sent.set }).where('id', '=', row.id).execute();
      if (sent.wake) mails.push(sent.wake);
    }
  }
  if (told.length > 0) await publish(tx, told, { type: 'notification.created', kind: input.kind, ...(input.childId ? { childId: input.childId } : {}) });
  return mails;
}

type WaitingRow = {
  id: string; user_id: string; kind: NotificationKind; clinic_id: string | null; read_at: Date | null; target: Record<string, string>;
  email: string; name: string; locale: string; zone: string; quiet_start: string | null; quiet_end: string | null;
  mode: NotificationMode | null; channel: NotificationChannel | null; kind_channel: NotificationChannel | null; phone: string | null; stopped: boolean;
  disabled: boolean; clinic_name: string | null; clinic_tz: string | null;
};

export type StillUnread = (db: Executor, row: { user_id: string; target: Record<string, string> }) => Promise<boolean>;

/**
 * Is a message notification still worth an email: the person may still read the conversation, and
 * their read position is before the latest message it stands for (the conversation's own read state).
 */
export const messageStillUnread: StillUnread = async (db, row) => {
  const { conversationId, messageId } = row.target;
  if (!conversationId || !messageId) return false;
  const conversation = await db.selectFrom('conversation').select(['id', 'child_id', 'kind']).where('id', '=', conversationId).executeTakeFirst();
  const message = await db.selectFrom('message').select(['seq', 'retracted_at']).where('id', '=', messageId).executeTakeFirst();
  if (!conversation || !message || message.retracted_at) return false;
  if (!(await conversationReaders(db, conversation)).includes(row.user_id)) return false;
  const read = await db.selectFrom('conversation_read').select('last_read_seq').where('conversation_id', '=', conversationId).where('user_id', '=', row.user_id).executeTakeFirst();
  return !read || BigInt(read.last_read_seq) < BigInt(message.seq);
};

/** The person read a conversation to its end: its message notification is read (the next message starts a new one). */
export async function readMessageNotifications(deps: Deps, tx: Executor, userId: string, conversationId: string): Promise<void> {
  const latest = await tx.selectFrom('message').select('seq').where('conversation_id', '=', conversationId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const read = await tx.selectFrom('conversation_read').select('last_read_seq').where('conversation_id', '=', conversationId).where('user_id', '=', userId).executeTakeFirst();
  if (!latest || !read || BigInt(read.last_read_seq) < BigInt(latest.seq)) return;
  const done = await tx.updateTable('notification').set({ read_at: deps.clock() })
    .where('user_id', '=', userId).where('kind', '=', 'message').where('read_at', 'is', null)
    .where(sql<boolean>`target->>'conversationId' = ${conversationId}`).returning('id').execute();
  if (done.length > 0) await publish(tx, [userId], { type: 'notification.read' });
}

/**
 * Sends the emails whose time has come: held by quiet hours, or a message still unread after the
 * escalation delay. A notification read meanwhile, or whose kind was turned off, sends nothing.
 */
export async function sweepWaiting(deps: Deps, stillUnread: StillUnread = messageStillUnread, limit = 200): Promise<number> {
  const now = deps.clock();
  const mails = await deps.db.transaction().execute(async (tx) => {
    const rows = await sql<WaitingRow>`
      select n.id, n.user_id, n.kind, n.clinic_id, n.read_at, n.target,
        u.email, u.name, u.locale, coalesce(u.time_zone, c.time_zone, k.time_zone, 'UTC') as zone, u.quiet_start, u.quiet_end,
        p.mode, s.channel, p.channel as kind_channel, u.phone, o.phone is not null as stopped,
        u.disabled_at is not null as disabled, k.name as clinic_name, k.time_zone as clinic_tz
      from notification n
      join app_user u on u.id = n.user_id
      left join child c on c.id = n.child_id
      left join clinic k on k.id = n.clinic_id
      left join notification_preference p on p.user_id = n.user_id and p.kind = n.kind
      left join notification_setting s on s.user_id = n.user_id
      left join sms_opt_out o on o.phone = u.phone
      where n.email_state = 'waiting' and n.email_due_at <= ${now}
      order by n.email_due_at
      limit ${limit}
      for update of n skip locked`.execute(tx);
    const ids: string[] = [];
    for (const r of rows.rows) {
      const mode = modeOf(r.kind, r.mode);
      const channel = channelOf(deps, r);
      const skip = r.disabled || r.read_at !== null || mode === 'off' || channel === 'in_app' || !r.clinic_id || !r.clinic_name
        || (r.kind === 'message' && !(await stillUnread(tx, r)));
      if (skip) {
        await tx.updateTable('notification').set({ email_state: 'skipped', email_due_at: null }).where('id', '=', r.id).execute();
        continue;
      }
      if (mode === 'digest') {
        await tx.updateTable('notification').set({ email_state: 'digest', email_due_at: null }).where('id', '=', r.id).execute();
        continue;
      }
      const until = quietUntil(now, r.zone, quietOf(r.quiet_start, r.quiet_end));
      if (until) {
        await tx.updateTable('notification').set({ email_due_at: until }).where('id', '=', r.id).execute();
        continue;
      }
      const sent = await queueNotice(deps, tx, channel, { id: r.user_id, email: r.email, name: r.name, locale: r.locale, phone: r.phone },
        { id: r.clinic_id ?? '', name: r.clinic_name ?? '', time_zone: r.clinic_tz ?? 'UTC' }, { id: r.id, kind: r.kind });
      await tx.updateTable('notification').set({ email_state: 'sent', email_due_at: null, ...sent.set }).where('id', '=', r.id).execute();
      if (sent.wake) ids.push(sent.wake);
    }
    return ids;
  });
  await afterCommit(deps, mails);
  return mails.length;
}

type DigestPerson = {
  user_id: string; email: string; name: string; locale: string; zone: string; digest_time: string | null; clinic_id: string; clinic_name: string;
};

/**
 * One digest email per person and local day, at their digest time: what was put aside for the
 * digest before that time, counted by kind. The mail's key names the person and the date, so a
 * second sweep, another instance or a restart never sends it twice.
 */
export async function sweepDigests(deps: Deps, limit = 500): Promise<number> {
  const now = deps.clock();
  const people = await sql<DigestPerson>`
    select distinct on (n.user_id) n.user_id, u.email, u.name, u.locale,
      coalesce(u.time_zone, c.time_zone, k.time_zone, 'UTC') as zone, s.digest_time::text as digest_time, k.id as clinic_id, k.name as clinic_name
    from notification n
    join app_user u on u.id = n.user_id and u.disabled_at is null
    join clinic k on k.id = n.clinic_id
    left join child c on c.id = n.child_id
    left join notification_setting s on s.user_id = n.user_id
    where n.email_state = 'digest' and n.created_at <= ${now}
    order by n.user_id, n.created_at
    limit ${limit}`.execute(deps.db);
  let sent = 0;
  for (const p of people.rows) {
    const today = localDate(now, p.zone);
    const at = zonedInstant(today, (p.digest_time ?? '18:00').slice(0, 5), p.zone);
    if (now < at) continue;
    const mailId = await deps.db.transaction().execute(async (tx) => {
      // Only what came before today's digest time: what comes later waits for tomorrow's.
      const rows = await tx.selectFrom('notification').select(['id', 'kind']).where('user_id', '=', p.user_id)
        .where('email_state', '=', 'digest').where('created_at', '<', at).forUpdate().skipLocked().execute();
      if (rows.length === 0) return null;
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
      const locale = localeOf(p.locale);
      const id = await queueMail(deps, tx, {
        clinicId: p.clinic_id, to: p.email, locale, template: 'notificationDigest',
        vars: { name: p.name, clinic: p.clinic_name, count: rows.length }, link: { url: `${deps.config.publicUrl}/notifications`, hours: null },
        dedupeKey: `notification-digest:${p.user_id}:${today}`, lines: digestLines(locale, counts), footer: 'notifications',
      });
      // Already sent today (a race with a late commit): these wait for tomorrow's digest.
      if (!id) return null;
      await tx.updateTable('notification').set({ email_state: 'digested', mail_id: id }).where('id', 'in', rows.map((r) => r.id)).execute();
      return id;
    });
    if (mailId) {
      await afterCommit(deps, [mailId]);
      sent++;
    }
  }
  return sent;
}

/** The per-minute job: held emails, unread messages, and the digests whose time has come. */
export async function sweepNotifications(deps: Deps, stillUnread?: StillUnread): Promise<number> {
  return (await sweepWaiting(deps, stillUnread)) + (await sweepDigests(deps));
}
