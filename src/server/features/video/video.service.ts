// Video rooms: who may enter a session's room (its people, signed in, or an interpreter with a
// guest pass), the waiting room and the host's actions, and the relay of signalling between
// participants on every server instance (PostgreSQL NOTIFY through the realtime hub). The server
// keeps who joined, waited, was let in and left; what is said or shown never reaches it.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { formatWallClock } from '../../../contract/format.ts';
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
import { attendedSession, findSession } from '../sessions/sessions.service.ts';
import type { SessionRow } from '../sessions/sessions.repository.ts';
import {
  endRoom, findParticipant, findRoom, guestParticipants, guestPassByToken, insertGuestPass, insertParticipant, leaveAll, leaveEarlier, lockRoom,
  openRoom, presentParticipants, revokeGuestPass, updateParticipant, wasAdmitted, type GuestPassRow, type ParticipantRow, type RoomRow,
} from './video.repository.ts';

/** Who is asking: a signed-in person who attends the session, or an interpreter's guest pass. */
export type Principal =
  | { kind: 'user'; userId: string; name: string }
  | { kind: 'guest'; pass: GuestPassRow; name: string };

export type RoomAccess = {
  principal: Principal;
  session: SessionRow;
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

/**
 * The room of this session as the request's principal may reach it, or 404: for anyone who does
 * not attend the session, for a session not held by video or cancelled, and for a guest pass that
 * is unknown, revoked, for another session or outside its time (ten minutes before to the end).
 * These routes are public (a guest has no account), so a signed-in person's CSRF token and
 * finished sign-in are checked here.
 */
export async function roomAccess(deps: Deps, request: FastifyRequest, sessionId: string): Promise<RoomAccess> {
  const now = deps.clock();
  const token = bearerToken(request);
  if (token !== null) {
    const pass = await guestPassByToken(deps.db, hashToken(token));
    if (!pass || pass.session_id !== sessionId || pass.revoked_at) throw notFound();
    const session = await findSession(deps.db, sessionId);
    if (!session || session.place !== 'video' || session.status !== 'scheduled') throw notFound();
    const w = videoWindow(session.starts_at, session.duration_minutes);
    if (now < w.opensAt || now > w.endsAt) throw notFound();
    const audit: AuditContext = { ...auditContext(request), actorId: null, actorRole: 'guest', clinicId: pass.clinic_id, idempotency: null };
    return { principal: { kind: 'guest', pass, name: pass.name }, session, isHost: false, ...w, audit };
  }
  const actor = request.actor;
  if (!actor || actor.mfaPending) throw notFound();
  if (mustEnrolTwoFactor(actor)) throw new AppError('mfa_required', 403, 'Your clinic requires two-factor sign-in. Set it up in your account first.');
  if (!SAFE.has(request.method) && request.headers['x-csrf-token'] !== actor.csrfToken) {
    throw new AppError('csrf_failed', 403, 'Missing or invalid CSRF token. Reload the page and try again.');
  }
  const found = await attendedSession(deps.db, actor.userId, sessionId);
  const audit = auditContext(request);
  if (found && found.access === null) {
    await recordAudit(deps.db, { ...audit, idempotency: null }, {
      action: 'access_denied', outcome: 'denied', childId: found.row.child_id, clinicId: found.row.clinic_id, subjectType: 'video_room', subjectId: found.row.id,
    });
  }
  if (!found?.access || found.row.place !== 'video' || found.row.status !== 'scheduled') throw notFound();
  const session = found.row;
  return {
    principal: { kind: 'user', userId: actor.userId, name: actor.name }, session, isHost: session.created_by === actor.userId,
    ...videoWindow(session.starts_at, session.duration_minutes), audit: { ...audit, clinicId: session.clinic_id },
  };
}

/** Whether a signed-in person still attends the session (their access may have changed since they joined). */
export async function stillAttends(deps: Deps, userId: string, sessionId: string): Promise<boolean> {
  const found = await attendedSession(deps.db, userId, sessionId);
  return found?.access !== null && found?.access !== undefined;
}

const who = (p: Principal) => (p.kind === 'user' ? { userId: p.userId } : { guestPassId: p.pass.id });
const isMine = (p: Principal, row: ParticipantRow) => (p.kind === 'user' ? row.user_id === p.userId : row.guest_pass_id === p.pass.id);

/** The principal's own place in the room, still waiting or in it; else 404. */
export async function ownParticipant(db: Executor, a: RoomAccess, participantId: string, states: readonly ParticipantRow['state'][] = ['waiting', 'admitted']): Promise<ParticipantRow> {
  const row = await findParticipant(db, a.session.id, participantId);
  if (!row || !isMine(a.principal, row) || !states.includes(row.state)) throw notFound();
  return row;
}

export function roomStatus(a: Pick<RoomAccess, 'opensAt' | 'endsAt'>, room: RoomRow | undefined, now: Date): 'not_yet' | 'open' | 'ended' {
  if (room?.ended_at || now > a.endsAt) return 'ended';
  return now < a.opensAt ? 'not_yet' : 'open';
}

// ---- Relay ---------------------------------------------------------------------------------

/** The realtime key a room's streams listen on (the hub's addressees are plain strings). */
export const roomKey = (sessionId: string): string => `video:${sessionId}`;

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
export async function relay(tx: Executor, sessionId: string, message: RoomMessage): Promise<void> {
  const text = Buffer.from(JSON.stringify(message)).toString('base64');
  const id = randomUUID();
  const of = Math.max(1, Math.ceil(text.length / PART_CHARS));
  for (let n = 0; n < of; n++) {
    await publish(tx, [roomKey(sessionId)], { type: 'video.part', id, n, of, data: text.slice(n * PART_CHARS, (n + 1) * PART_CHARS) });
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
export async function roomFor(db: Executor, sessionId: string, participantId: string): Promise<Extract<VideoEvent, { type: 'room' }> | null> {
  const [room, people] = await Promise.all([findRoom(db, sessionId), presentParticipants(db, sessionId)]);
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
    let room = await lockRoom(tx, a.session.id);
    if (room?.ended_at) throw new AppError('conflict', 409, 'The host ended this call.', { reason: 'ended' });
    if (a.isHost && a.principal.kind === 'user' && !room) {
      room = await openRoom(tx, { session_id: a.session.id, clinic_id: a.session.clinic_id, child_id: a.session.child_id, opened_by: a.principal.userId, opened_at: now });
    }
    const replaced = await leaveEarlier(tx, a.session.id, who(a.principal), now);
    const full = admittedCount(await presentParticipants(tx, a.session.id)) >= VIDEO_MAX_PARTICIPANTS;
    const admitted = a.isHost || (room !== undefined && !full && await wasAdmitted(tx, a.session.id, who(a.principal)));
    const p = await insertParticipant(tx, {
      session_id: a.session.id, clinic_id: a.session.clinic_id, child_id: a.session.child_id,
      user_id: a.principal.kind === 'user' ? a.principal.userId : null, guest_pass_id: a.principal.kind === 'guest' ? a.principal.pass.id : null,
      name: a.principal.name, role: a.isHost ? 'host' : a.principal.kind === 'guest' ? 'guest' : 'member',
      state: admitted ? 'admitted' : 'waiting', audio: media.audio, video: media.video, joined_at: now, admitted_at: admitted ? now : null,
    });
    await recordAudit(tx, a.audit, {
      action: 'video.join', childId: a.session.child_id, clinicId: a.session.clinic_id, subjectType: 'video_room', subjectId: a.session.id,
      details: { participantId: p.id, role: p.role, state: p.state, ...(a.principal.kind === 'guest' ? { guestPassId: a.principal.pass.id } : {}), replaced: replaced.length },
    });
    await relay(tx, a.session.id, { to: '*', event: { type: 'changed' } });
    return p;
  });
}

/** The participant leaves (they said so, or their stream closed); nothing when they already had. */
export async function leaveRoom(deps: Deps, a: RoomAccess, participantId: string, how: 'left' | 'disconnected'): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await lockRoom(tx, a.session.id);
    const p = await findParticipant(tx, a.session.id, participantId);
    if (!p || !isMine(a.principal, p)) throw notFound();
    if (p.state !== 'waiting' && p.state !== 'admitted') return;
    await updateParticipant(tx, a.session.id, p.id, { state: 'left', left_at: now });
    await recordAudit(tx, a.audit, {
      action: 'video.leave', childId: a.session.child_id, clinicId: a.session.clinic_id, subjectType: 'video_room', subjectId: a.session.id,
      details: { participantId: p.id, role: p.role, how, ...(a.principal.kind === 'guest' ? { guestPassId: a.principal.pass.id } : {}) },
    });
    await relay(tx, a.session.id, { to: '*', event: { type: 'changed' } });
  });
}

/** What a participant sends: microphone and camera on or off. Turning the microphone back on lifts the host's mute. */
export async function setMedia(deps: Deps, a: RoomAccess, participantId: string, media: { audio: boolean; video: boolean }): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await lockRoom(tx, a.session.id);
    const p = await ownParticipant(tx, a, participantId);
    await updateParticipant(tx, a.session.id, p.id, { audio: media.audio, video: media.video, ...(media.audio ? { muted_by_host: false } : {}) });
    await relay(tx, a.session.id, { to: '*', event: { type: 'changed' } });
  });
}

/** An offer, answer or ICE candidate from one admitted participant to another, passed on untouched. */
export async function relaySignal(deps: Deps, a: RoomAccess, s: { from: string; to: string; kind: 'offer' | 'answer' | 'ice'; data: string }): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await ownParticipant(tx, a, s.from, ['admitted']);
    const to = await findParticipant(tx, a.session.id, s.to);
    if (!to || to.state !== 'admitted' || to.id === s.from) throw notFound();
    await relay(tx, a.session.id, { to: to.id, event: { type: 'signal', from: s.from, kind: s.kind, data: s.data } });
  });
}

/** The host lets someone in, mutes them for everyone, removes them, or ends the call for all. */
export async function hostAction(deps: Deps, a: RoomAccess, participantId: string, action: VideoHostAction, target: string | null): Promise<void> {
  if (!a.isHost) throw notFound();
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await lockRoom(tx, a.session.id);
    await ownParticipant(tx, a, participantId, ['admitted']);
    let subject: ParticipantRow | undefined;
    if (action === 'end') {
      await endRoom(tx, a.session.id, now);
      // Everyone still there leaves with the end, each in the audit log.
      for (const p of await leaveAll(tx, a.session.id, now)) {
        await recordAudit(tx, { ...a.audit, idempotency: null }, {
          action: 'video.leave', childId: a.session.child_id, clinicId: a.session.clinic_id, subjectType: 'video_room', subjectId: a.session.id,
          details: { participantId: p.id, role: p.role, how: 'ended', ...(p.guest_pass_id ? { guestPassId: p.guest_pass_id } : {}) },
        });
      }
      await relay(tx, a.session.id, { to: '*', event: { type: 'ended' } });
    } else {
      subject = target === null ? undefined : await findParticipant(tx, a.session.id, target);
      if (!subject || subject.id === participantId || (subject.state !== 'waiting' && subject.state !== 'admitted')) throw notFound();
      if (action === 'admit') {
        if (subject.state !== 'waiting') throw new AppError('conflict', 409, 'This person is already in the call.');
        if (admittedCount(await presentParticipants(tx, a.session.id)) >= VIDEO_MAX_PARTICIPANTS) {
          throw new AppError('conflict', 409, `A call holds at most ${VIDEO_MAX_PARTICIPANTS} people.`);
        }
        await updateParticipant(tx, a.session.id, subject.id, { state: 'admitted', admitted_at: now });
      } else if (action === 'mute') {
        await updateParticipant(tx, a.session.id, subject.id, { audio: false, muted_by_host: true });
      } else {
        await updateParticipant(tx, a.session.id, subject.id, { state: 'removed', left_at: now });
        await relay(tx, a.session.id, { to: subject.id, event: { type: 'removed' } });
      }
      await relay(tx, a.session.id, { to: '*', event: { type: 'changed' } });
    }
    await recordAudit(tx, a.audit, {
      action: `video.${action}`, childId: a.session.child_id, clinicId: a.session.clinic_id, subjectType: 'video_room', subjectId: a.session.id,
      details: { participantId, ...(subject ? { target: subject.id, targetRole: subject.role } : {}) },
    });
  });
}

// ---- Interpreters' guest passes -------------------------------------------------------------

/** The link a guest pass is mailed as: the token in the fragment, which browsers never send to a server. */
export const guestLink = (deps: Deps, sessionId: string, token: string): string => `${deps.config.publicUrl}/video/${sessionId}/guest#${token}`;

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
      clinic_id: a.session.clinic_id, child_id: a.session.child_id, session_id: a.session.id, name: g.name, email: g.email, language: g.language,
      token_hash: hashToken(token), created_by: hostId,
    });
    await recordAudit(tx, a.audit, {
      action: 'video.guest_add', childId: a.session.child_id, clinicId: a.session.clinic_id, subjectType: 'video_guest_pass', subjectId: pass.id,
      details: { sessionId: a.session.id, language: g.language },
    });
    const clinic = await clinicOf(tx, a.session.clinic_id);
    const locale = g.language.toLowerCase().startsWith('es') ? 'es' : 'en';
    const t = mailText(locale);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: clinic.time_zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(a.session.starts_at).replace(' ', 'T');
    const { day, time } = formatWallClock(locale, local);
    const vars = { name: g.name, clinic: clinic.name, day, time, zone: clinic.time_zone, minutes: a.session.duration_minutes };
    const mailId = await queueMail(deps, tx, {
      clinicId: a.session.clinic_id, to: g.email, locale, dedupeKey: `video-guest:${pass.id}`,
      content: {
        subject: t('video.mail.subject', vars),
        greeting: t('mail.greeting', vars),
        blocks: [{ kind: 'paragraph', text: t('video.mail.body', vars) }, { kind: 'paragraph', text: t('video.mail.window', vars), muted: true }],
        action: { label: t('video.mail.action', vars), url: guestLink(deps, a.session.id, token) },
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
    await lockRoom(tx, a.session.id);
    const pass = await revokeGuestPass(tx, a.session.id, guestId, now);
    if (!pass) throw notFound();
    // A guest in the call leaves it at once.
    for (const p of await guestParticipants(tx, pass.id)) {
      await updateParticipant(tx, a.session.id, p.id, { state: 'removed', left_at: now });
      await relay(tx, a.session.id, { to: p.id, event: { type: 'removed' } });
    }
    await relay(tx, a.session.id, { to: '*', event: { type: 'changed' } });
    await recordAudit(tx, a.audit, {
      action: 'video.guest_revoke', childId: a.session.child_id, clinicId: a.session.clinic_id, subjectType: 'video_guest_pass', subjectId: pass.id,
      details: { sessionId: a.session.id },
    });
    return pass;
  });
}
