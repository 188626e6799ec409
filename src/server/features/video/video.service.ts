// Video rooms: who may enter the room of a session or a family event held by video (its people,
// signed in, or an interpreter with a guest pass), the waiting room and the host's actions, and
// the relay of signalling between participants on every server instance (PostgreSQL NOTIFY
// through the realtime hub). The server keeps who joined, waited, was let in and left; what is
// said or shown never reaches it.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { formatWallClock } from '../../../contract/format.ts';
import { localeOf } from '../../../contract/locales.ts';
import { VIDEO_MAX_PARTICIPANTS, videoWindow, type VideoEvent, type VideoHostAction, type VideoParticipant } from '../../../contract/video.ts';
import { isUuid } from '../../access/access.ts';
import { auditContext, recordAudit, type AuditContext } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { mustEnrolTwoFactor } from '../../http/auth.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { hashToken, newToken } from '../../http/tokens.ts';
import { mailText } from '../../mail/templates.ts';
import { queueMail } from '../../mail/mail.service.ts';
import { publish, type RealtimeEvent } from '../../realtime/hub.ts';
import { canManage, eventOfRoom, reachOf, stillReaches, type EventRow } from '../events/events.service.ts';
import { attendedSession, findSession } from '../sessions/sessions.service.ts';
import type { SessionRow } from '../sessions/sessions.repository.ts';
import {
  endRoom, findParticipant, findRoom, guestParticipants, guestPassByToken, insertGuestPass, insertParticipant, leaveAll, leaveEarlier, lockRoom,
  openRoom, presentParticipants, revokeGuestPass, updateParticipant, wasAdmitted, type GuestPassRow, type ParticipantRow, type RoomRow,
} from './video.repository.ts';

/** Who is asking: a signed-in person who attends the session or may see the event, or an interpreter's guest pass. */
export type Principal =
  | { kind: 'user'; userId: string; name: string }
  | { kind: 'guest'; pass: GuestPassRow; name: string };

/**
 * What a room belongs to: a session (of one child) or a family event (of a clinic, no child). The
 * room's id is the session's or the event's.
 */
export type RoomOf = {
  id: string;
  kind: 'session' | 'event';
  clinicId: string;
  childId: string | null;
  startsAt: Date;
  durationMinutes: number;
  /** An event's title (named in an interpreter's mail); a session's is never named outside the team. */
  title: string | null;
};

const sessionRoom = (s: SessionRow): RoomOf | null => (s.place === 'video' && s.status === 'scheduled'
  ? { id: s.id, kind: 'session', clinicId: s.clinic_id, childId: s.child_id, startsAt: s.starts_at, durationMinutes: s.duration_minutes, title: null }
  : null);
const eventRoom = (e: EventRow): RoomOf | null => (e.place === 'video' && e.status === 'published'
  ? { id: e.id, kind: 'event', clinicId: e.clinic_id, childId: null, startsAt: e.starts_at, durationMinutes: e.duration_minutes, title: e.title }
  : null);

/** The columns naming a room on its rows (its participants, its guest passes). */
const roomColumns = (r: RoomOf) => ({
  room_id: r.id, session_id: r.kind === 'session' ? r.id : null, event_id: r.kind === 'event' ? r.id : null, clinic_id: r.clinicId, child_id: r.childId,
});

/** The audit log's subject and child for something done in a room. */
const audited = (r: RoomOf) => ({ childId: r.childId, clinicId: r.clinicId, subjectType: 'video_room', subjectId: r.id });

export type RoomAccess = {
  principal: Principal;
  room: RoomOf;
  isHost: boolean;
  opensAt: Date;
  endsAt: Date;
  /** The audit context: a guest acts without an account, named by their pass in the details. */
  audit: AuditContext;
};

const SAFE = new Set(['GET', 'HEAD']);

/** The guest pass token a request carries, if it carries one. */
export function bearerToken(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) return null;
  const token = h.slice('Bearer '.length).trim();
  return token.length > 0 && token.length <= 200 ? token : null;
}

/** The live room a guest pass is for: its session or event still held by video and not cancelled. */
async function passRoom(db: Executor, pass: GuestPassRow): Promise<RoomOf | null> {
  if (pass.session_id !== null) {
    const session = await findSession(db, pass.session_id);
    return session ? sessionRoom(session) : null;
  }
  const event = pass.event_id === null ? undefined : await eventOfRoom(db, pass.event_id, null);
  return event ? eventRoom(event) : null;
}

/**
 * The room (of a session or a family event) as the request's principal may reach it, or 404: for
 * anyone who neither attends the session nor may see the event, for one not held by video or
 * cancelled, and for a guest pass that is unknown, revoked, for another room or outside its time
 * (ten minutes before to the end). These routes are public (a guest has no account), so a
 * signed-in person's CSRF token and finished sign-in are checked here.
 */
export async function roomAccess(deps: Deps, request: FastifyRequest, roomId: string): Promise<RoomAccess> {
  if (!isUuid(roomId)) throw notFound();
  const now = deps.clock();
  const token = bearerToken(request);
  if (token !== null) {
    const pass = await guestPassByToken(deps.db, hashToken(token));
    if (!pass || pass.room_id !== roomId || pass.revoked_at) throw notFound();
    const room = await passRoom(deps.db, pass);
    if (!room) throw notFound();
    const w = videoWindow(room.startsAt, room.durationMinutes);
    if (now < w.opensAt || now > w.endsAt) throw notFound();
    const audit: AuditContext = { ...auditContext(request), actorId: null, actorRole: 'guest', clinicId: pass.clinic_id, idempotency: null };
    return { principal: { kind: 'guest', pass, name: pass.name }, room, isHost: false, ...w, audit };
  }
  const actor = request.actor;
  if (!actor || actor.mfaPending) throw notFound();
  if (mustEnrolTwoFactor(actor)) throw new AppError('mfa_required', 403, 'Your clinic requires two-factor sign-in. Set it up in your account first.');
  if (!SAFE.has(request.method) && request.headers['x-csrf-token'] !== actor.csrfToken) {
    throw new AppError('csrf_failed', 403, 'Missing or invalid CSRF token. Reload the page and try again.');
  }
  const audit = auditContext(request);
  // The host: a session's clinician; an event's organisers (its author and the clinic's admins).
  let room: RoomOf | null;
  let isHost = false;
  const found = await attendedSession(deps.db, actor.userId, roomId);
  if (found) {
    if (found.access === null) {
      await recordAudit(deps.db, { ...audit, idempotency: null }, {
        action: 'access_denied', outcome: 'denied', childId: found.row.child_id, clinicId: found.row.clinic_id, subjectType: 'video_room', subjectId: found.row.id,
      });
    }
    room = found.access ? sessionRoom(found.row) : null;
    isHost = found.row.created_by === actor.userId;
  } else {
    const event = await eventOfRoom(deps.db, roomId, actor);
    room = event ? eventRoom(event) : null;
    isHost = event !== undefined && canManage(reachOf(actor), event);
  }
  if (!room) throw notFound();
  return {
    principal: { kind: 'user', userId: actor.userId, name: actor.name }, room, isHost,
    ...videoWindow(room.startsAt, room.durationMinutes), audit: { ...audit, clinicId: room.clinicId },
  };
}

/** Whether a signed-in person still attends the session or may see the event (their access may have changed since they joined). */
export async function stillAttends(deps: Deps, userId: string, room: RoomOf): Promise<boolean> {
  if (room.kind === 'event') return stillReaches(deps.db, userId, room.id);
  const found = await attendedSession(deps.db, userId, room.id);
  return found?.access !== null && found?.access !== undefined;
}

const who = (p: Principal) => (p.kind === 'user' ? { userId: p.userId } : { guestPassId: p.pass.id });
const isMine = (p: Principal, row: ParticipantRow) => (p.kind === 'user' ? row.user_id === p.userId : row.guest_pass_id === p.pass.id);

/** The principal's own place in the room, still waiting or in it; else 404. */
export async function ownParticipant(db: Executor, a: RoomAccess, participantId: string, states: readonly ParticipantRow['state'][] = ['waiting', 'admitted']): Promise<ParticipantRow> {
  const row = await findParticipant(db, a.room.id, participantId);
  if (!row || !isMine(a.principal, row) || !states.includes(row.state)) throw notFound();
  return row;
}

export function roomStatus(a: Pick<RoomAccess, 'opensAt' | 'endsAt'>, room: RoomRow | undefined, now: Date): 'not_yet' | 'open' | 'ended' {
  if (room?.ended_at || now > a.endsAt) return 'ended';
  return now < a.opensAt ? 'not_yet' : 'open';
}

// ---- Relay ---------------------------------------------------------------------------------

/** The realtime key a room's streams listen on (the hub's addressees are plain strings). */
export const roomKey = (roomId: string): string => `video:${roomId}`;

/**
 * A NOTIFY payload holds at most 8000 bytes; a session description can be larger, so it travels
 * in parts, as base64 (which JSON never escapes, so a part's size is known).
 */
const PART_CHARS = 6_000;

/** A message for a room's streams: to everyone in it, or to one participant. */
export type RoomMessage = { to: string | '*'; event: VideoEvent | { type: 'changed' } };

/**
 * Relays a message to the room's streams on every instance, in the caller's transaction (so it
 * goes only if the change commits), cut into parts that arrive in order and are put together by
 * the receiving stream (see RoomMessageParts).
 */
export async function relay(tx: Executor, roomId: string, message: RoomMessage): Promise<void> {
  const text = Buffer.from(JSON.stringify(message)).toString('base64');
  const id = randomUUID();
  const of = Math.max(1, Math.ceil(text.length / PART_CHARS));
  for (let n = 0; n < of; n++) {
    await publish(tx, [roomKey(roomId)], { type: 'video.part', id, n, of, data: text.slice(n * PART_CHARS, (n + 1) * PART_CHARS) });
  }
}

/** Puts a room's messages back together from their parts, as they arrive. */
export class RoomMessageParts {
  private readonly pending = new Map<string, string[]>();
  /** The whole message once its last part has come; null meanwhile (or for anything else). */
  add(e: RealtimeEvent): RoomMessage | null {
    if (e.type !== 'video.part' || typeof e.id !== 'string' || typeof e.n !== 'number' || typeof e.of !== 'number' || typeof e.data !== 'string') return null;
    const decode = (b64: string) => JSON.parse(Buffer.from(b64, 'base64').toString()) as RoomMessage;
    if (e.of === 1) return decode(e.data);
    const parts = this.pending.get(e.id) ?? [];
    parts[e.n] = e.data;
    if (parts.filter((p) => p !== undefined).length < e.of) {
      this.pending.set(e.id, parts);
      // A message whose parts never all came (a dropped connection) is not kept for ever.
      const oldest = this.pending.keys().next().value;
      if (this.pending.size > 100 && oldest !== undefined) this.pending.delete(oldest);
      return null;
    }
    this.pending.delete(e.id);
    return decode(parts.join(''));
  }
}

const present = (p: ParticipantRow): VideoParticipant => ({
  id: p.id, name: p.name, role: p.role, state: p.state, audio: p.audio, video: p.video, mutedByHost: p.muted_by_host,
});

/**
 * The room as one participant sees it: who is in it and waiting; someone still waiting sees only
 * themself (the host lets them in), and a guest only names.
 */
export async function roomFor(db: Executor, roomId: string, participantId: string): Promise<Extract<VideoEvent, { type: 'room' }> | null> {
  const [room, people] = await Promise.all([findRoom(db, roomId), presentParticipants(db, roomId)]);
  const me = people.find((p) => p.id === participantId);
  if (!me) return null;
  const visible = me.state === 'admitted' ? people : [me];
  return { type: 'room', openedAt: room?.opened_at.toISOString() ?? null, endedAt: room?.ended_at?.toISOString() ?? null, participants: visible.map(present) };
}

// ---- Joining, leaving, the host's actions ---------------------------------------------------

const admittedCount = (people: readonly ParticipantRow[]) => people.filter((p) => p.state === 'admitted').length;

/**
 * A new place in the room for the principal (an earlier one of theirs, another tab or a dropped
 * connection, is left). The host opens the room; someone the host let in before comes straight
 * back; everyone else waits.
 */
export async function joinRoom(deps: Deps, a: RoomAccess, media: { audio: boolean; video: boolean }): Promise<ParticipantRow> {
  const now = deps.clock();
  if (now < a.opensAt) throw new AppError('conflict', 409, 'The call opens ten minutes before the session starts.', { reason: 'not_yet' });
  if (now > a.endsAt) throw new AppError('conflict', 409, 'This session is over.', { reason: 'ended' });
  return deps.db.transaction().execute(async (tx) => {
    let room = await lockRoom(tx, a.room.id);
    if (room?.ended_at) throw new AppError('conflict', 409, 'The host ended this call.', { reason: 'ended' });
    if (a.isHost && a.principal.kind === 'user' && !room) {
      room = await openRoom(tx, { ...roomColumns(a.room), opened_by: a.principal.userId, opened_at: now });
    }
    const replaced = await leaveEarlier(tx, a.room.id, who(a.principal), now);
    const full = admittedCount(await presentParticipants(tx, a.room.id)) >= VIDEO_MAX_PARTICIPANTS;
    const admitted = a.isHost || (room !== undefined && !full && await wasAdmitted(tx, a.room.id, who(a.principal)));
    const p = await insertParticipant(tx, {
      ...roomColumns(a.room),
      user_id: a.principal.kind === 'user' ? a.principal.userId : null, guest_pass_id: a.principal.kind === 'guest' ? a.principal.pass.id : null,
      name: a.principal.name, role: a.isHost ? 'host' : a.principal.kind === 'guest' ? 'guest' : 'member',
      state: admitted ? 'admitted' : 'waiting', audio: media.audio, video: media.video, joined_at: now, admitted_at: admitted ? now : null,
    });
    await recordAudit(tx, a.audit, {
      action: 'video.join', ...audited(a.room),
      details: { participantId: p.id, role: p.role, state: p.state, ...(a.principal.kind === 'guest' ? { guestPassId: a.principal.pass.id } : {}), replaced: replaced.length },
    });
    await relay(tx, a.room.id, { to: '*', event: { type: 'changed' } });
    return p;
  });
}

/** The participant leaves (they said so, or their stream closed); nothing when they already had. */
export async function leaveRoom(deps: Deps, a: RoomAccess, participantId: string, how: 'left' | 'disconnected'): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await lockRoom(tx, a.room.id);
    const p = await findParticipant(tx, a.room.id, participantId);
    if (!p || !isMine(a.principal, p)) throw notFound();
    if (p.state !== 'waiting' && p.state !== 'admitted') return;
    await updateParticipant(tx, a.room.id, p.id, { state: 'left', left_at: now });
    await recordAudit(tx, a.audit, {
      action: 'video.leave', ...audited(a.room),
      details: { participantId: p.id, role: p.role, how, ...(a.principal.kind === 'guest' ? { guestPassId: a.principal.pass.id } : {}) },
    });
    await relay(tx, a.room.id, { to: '*', event: { type: 'changed' } });
  });
}

/** What a participant sends: microphone and camera on or off. Turning the microphone back on lifts the host's mute. */
export async function setMedia(deps: Deps, a: RoomAccess, participantId: string, media: { audio: boolean; video: boolean }): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await lockRoom(tx, a.room.id);
    const p = await ownParticipant(tx, a, participantId);
    await updateParticipant(tx, a.room.id, p.id, { audio: media.audio, video: media.video, ...(media.audio ? { muted_by_host: false } : {}) });
    await relay(tx, a.room.id, { to: '*', event: { type: 'changed' } });
  });
}

/** An offer, answer or ICE candidate from one admitted participant to another, passed on untouched. */
export async function relaySignal(deps: Deps, a: RoomAccess, s: { from: string; to: string; kind: 'offer' | 'answer' | 'ice'; data: string }): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await ownParticipant(tx, a, s.from, ['admitted']);
    const to = await findParticipant(tx, a.room.id, s.to);
    if (!to || to.state !== 'admitted' || to.id === s.from) throw notFound();
    await relay(tx, a.room.id, { to: to.id, event: { type: 'signal', from: s.from, kind: s.kind, data: s.data } });
  });
}

/** The host lets someone in, mutes them for everyone, removes them, or ends the call for all. */
export async function hostAction(deps: Deps, a: RoomAccess, participantId: string, action: VideoHostAction, target: string | null): Promise<void> {
  if (!a.isHost) throw notFound();
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await lockRoom(tx, a.room.id);
    await ownParticipant(tx, a, participantId, ['admitted']);
    let subject: ParticipantRow | undefined;
    if (action === 'end') {
      await endRoom(tx, a.room.id, now);
      // Everyone still there leaves with the end, each in the audit log.
      for (const p of await leaveAll(tx, a.room.id, now)) {
        await recordAudit(tx, { ...a.audit, idempotency: null }, {
          action: 'video.leave', ...audited(a.room),
          details: { participantId: p.id, role: p.role, how: 'ended', ...(p.guest_pass_id ? { guestPassId: p.guest_pass_id } : {}) },
        });
      }
      await relay(tx, a.room.id, { to: '*', event: { type: 'ended' } });
    } else {
      subject = target === null ? undefined : await findParticipant(tx, a.room.id, target);
      if (!subject || subject.id === participantId || (subject.state !== 'waiting' && subject.state !== 'admitted')) throw notFound();
      if (action === 'admit') {
        if (subject.state !== 'waiting') throw new AppError('conflict', 409, 'This person is already in the call.');
        if (admittedCount(await presentParticipants(tx, a.room.id)) >= VIDEO_MAX_PARTICIPANTS) {
          throw new AppError('conflict', 409, `A call holds at most ${VIDEO_MAX_PARTICIPANTS} people.`);
        }
        await updateParticipant(tx, a.room.id, subject.id, { state: 'admitted', admitted_at: now });
      } else if (action === 'mute') {
        await updateParticipant(tx, a.room.id, subject.id, { audio: false, muted_by_host: true });
      } else {
        await updateParticipant(tx, a.room.id, subject.id, { state: 'removed', left_at: now });
        await relay(tx, a.room.id, { to: subject.id, event: { type: 'removed' } });
      }
      await relay(tx, a.room.id, { to: '*', event: { type: 'changed' } });
    }
    await recordAudit(tx, a.audit, {
      action: `video.${action}`, ...audited(a.room),
      details: { participantId, ...(subject ? { target: subject.id, targetRole: subject.role } : {}) },
    });
  });
}

// ---- Interpreters' guest passes -------------------------------------------------------------

/** The link a guest pass is mailed as: the token in the fragment, which browsers never send to a server. */
export const guestLink = (deps: Deps, roomId: string, token: string): string => `${deps.config.publicUrl}/video/${roomId}/guest#${token}`;

/** The clock a session is named on in a guest's mail: the clinic's, said by name. */
async function clinicOf(db: Executor, clinicId: string): Promise<{ name: string; time_zone: string }> {
  const { rows } = await sql<{ name: string; time_zone: string }>`select name, time_zone from clinic where id = ${clinicId}`.execute(db);
  const c = rows[0];
  if (!c) throw new Error('A session without its clinic.');
  return c;
}

/**
 * The host gives an interpreter a seat: a guest pass (only its token's hash is kept) and a mail
 * with the link. The mail names the clinic and the time, never the child.
 */
export async function addGuest(deps: Deps, a: RoomAccess, g: { name: string; email: string; language: string }): Promise<{ pass: GuestPassRow; mailId: string | null; token: string }> {
  if (!a.isHost || a.principal.kind !== 'user') throw notFound();
  const hostId = a.principal.userId;
  const now = deps.clock();
  if (now > a.endsAt) throw new AppError('conflict', 409, 'This session is over.');
  const token = newToken();
  return deps.db.transaction().execute(async (tx) => {
    const pass = await insertGuestPass(tx, {
      ...roomColumns(a.room), name: g.name, email: g.email, language: g.language,
      token_hash: hashToken(token), created_by: hostId,
    });
    await recordAudit(tx, a.audit, {
      action: 'video.guest_add', childId: a.room.childId, clinicId: a.room.clinicId, subjectType: 'video_guest_pass', subjectId: pass.id,
      details: { [a.room.kind === 'session' ? 'sessionId' : 'eventId']: a.room.id, language: g.language },
    });
    const clinic = await clinicOf(tx, a.room.clinicId);
    const locale = localeOf(g.language);
    const t = mailText(locale);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: clinic.time_zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(a.room.startsAt).replace(' ', 'T');
    const { day, time } = formatWallClock(locale, local);
    const vars = { name: g.name, clinic: clinic.name, day, time, zone: clinic.time_zone, minutes: a.room.durationMinutes, title: a.room.title ?? '' };
    const of = a.room.kind === 'event' ? 'event' : 'session';
    const mailId = await queueMail(deps, tx, {
      clinicId: a.room.clinicId, to: g.email, locale, dedupeKey: `video-guest:${pass.id}`,
      content: {
        subject: t(`video.mail.${of}.subject`, vars),
        greeting: t('mail.greeting', vars),
        blocks: [{ kind: 'paragraph', text: t(`video.mail.${of}.body`, vars) }, { kind: 'paragraph', text: t(`video.mail.${of}.window`, vars), muted: true }],
        action: { label: t(`video.mail.${of}.action`, vars), url: guestLink(deps, a.room.id, token) },
        showUrl: true,
        footer: [t('video.mail.footer', vars)],
        signature: t('mail.signature', vars),
      },
    });
    return { pass, mailId, token };
  });
}

export async function revokeGuest(deps: Deps, a: RoomAccess, guestId: string): Promise<GuestPassRow> {
  if (!a.isHost || !isUuid(guestId)) throw notFound();
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    await lockRoom(tx, a.room.id);
    const pass = await revokeGuestPass(tx, a.room.id, guestId, now);
    if (!pass) throw notFound();
    // A guest in the call leaves it at once.
    for (const p of await guestParticipants(tx, pass.id)) {
      await updateParticipant(tx, a.room.id, p.id, { state: 'removed', left_at: now });
      await relay(tx, a.room.id, { to: p.id, event: { type: 'removed' } });
    }
    await relay(tx, a.room.id, { to: '*', event: { type: 'changed' } });
    await recordAudit(tx, a.audit, {
      action: 'video.guest_revoke', childId: a.room.childId, clinicId: a.room.clinicId, subjectType: 'video_guest_pass', subjectId: pass.id,
      details: { [a.room.kind === 'session' ? 'sessionId' : 'eventId']: a.room.id },
    });
    return pass;
  });
}
