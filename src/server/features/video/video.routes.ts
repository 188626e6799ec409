// Video rooms over HTTP (a session's or a family event's room, by its id): the room, joining, the
// signalling relay (POST to send, a server-sent event stream to receive), the host's actions and
// interpreters' guest passes. The routes are public because an interpreter has no account;
// roomAccess answers 404 to anyone who is not one of the session's or the event's people or does
// not hold a live guest pass for it (see contract/video.ts).
import { createHash } from 'node:crypto';
import { Ok } from '../../../contract/common.ts';
import {
  AddVideoGuestRequest, JoinedVideo, JoinVideoRequest, VideoGuest, VideoGuestList, VideoGuestParams, VideoHostRequest, VideoLeaveRequest,
  VideoMediaRequest, VideoRoom, VideoRoomParams, VideoSignalRequest, VideoStreamQuery, type VideoEvent,
} from '../../../contract/video.ts';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { sessionDeadline } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { beginEventStream } from '../../realtime/events.routes.ts';
import { iceServersFor } from './turn.ts';
import type { GuestPassRow } from './video.repository.ts';
import { findRoom, guestPassesOf } from './video.repository.ts';
import {
  addGuest, hostAction, joinRoom, leaveRoom, ownParticipant, stillAttends, relaySignal, revokeGuest, roomAccess, roomFor, roomKey, RoomMessageParts, roomStatus, setMedia,
  type RoomAccess,
} from './video.service.ts';

const HEARTBEAT_MS = 25_000;
/**
 * Signalling is chatty (ICE candidates): per person and minute, generous for six people. A person
 * is their address and their credential (session cookie or guest link), so a clinic's people
 * behind one address do not share one allowance.
 */
const SIGNAL_RATE = {
  max: 600,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) => `${request.ip} ${createHash('sha256').update(request.headers.authorization ?? request.headers.cookie ?? '').digest('base64url')}`,
};

const guestOut = (g: GuestPassRow) => ({
  id: g.id, name: g.name, email: g.email, language: g.language, createdAt: g.created_at.toISOString(), revokedAt: g.revoked_at?.toISOString() ?? null,
});

export function registerVideoRoutes(app: App, deps: Deps): void {
  const ice = (a: RoomAccess, id: string) => iceServersFor(deps.config.video, deps.clock(), a.endsAt, id);
  // Who may reach the room is decided before the body is read, so an outsider gets 404 whatever they send.
  const rooms = new WeakMap<FastifyRequest, RoomAccess>();
  const preValidation = async (request: FastifyRequest) => {
    rooms.set(request, await roomAccess(deps, request, String((request.params as Record<string, unknown>).roomId ?? '')));
  };
  const access = (request: FastifyRequest): RoomAccess => {
    const a = rooms.get(request);
    if (!a) throw notFound();
    return a;
  };

  app.get('/api/video/rooms/:roomId', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, response: { 200: VideoRoom } },
  }, async (request) => {
    const a = access(request);
    const room = await findRoom(deps.db, a.room.id);
    return {
      roomId: a.room.id, kind: a.room.kind, startsAt: a.room.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), opensAt: a.opensAt.toISOString(),
      status: roomStatus(a, room, deps.clock()), openedAt: room?.opened_at.toISOString() ?? null, isHost: a.isHost,
      me: { name: a.principal.name, guest: a.principal.kind === 'guest' },
      iceServers: ice(a, a.principal.kind === 'user' ? a.principal.userId : a.principal.pass.id),
    };
  });

  app.post('/api/video/rooms/:roomId/join', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, body: JoinVideoRequest, response: { 200: JoinedVideo } },
  }, async (request) => {
    const a = access(request);
    const p = await joinRoom(deps, a, request.body);
    return { participantId: p.id, state: p.state, iceServers: ice(a, p.id) };
  });

  app.get('/api/video/rooms/:roomId/stream', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, querystring: VideoStreamQuery },
  }, async (request, reply) => {
    const a = access(request);
    const participantId = request.query.participantId;
    await ownParticipant(deps.db, a, participantId);
    const first = await roomFor(deps.db, a.room.id, participantId);
    if (!first) throw notFound();

    const res = beginEventStream(reply);
    const send = (e: VideoEvent | { type: 'ready'; participantId: string }) => res.write(`data: ${JSON.stringify(e)}\n\n`);
    let closed = false;
    let done = false;
    const parts = new RoomMessageParts();
    // Room snapshots are read one at a time, newest wins: a burst of changes sends the last state.
    let reading: Promise<void> | null = null;
    let again = false;
    const refresh = () => {
      if (reading) {
        again = true;
        return;
      }
      reading = (async () => {
        do {
          again = false;
          const room = await roomFor(deps.db, a.room.id, participantId).catch(() => undefined);
          if (closed) return;
          if (room === null) {
            // No longer in the room (left in another tab, removed, the call ended).
            finish(false);
            return;
          }
          if (room) send(room);
        } while (again && !closed);
      })().finally(() => {
        reading = null;
      });
    };
    const finish = (leave: boolean) => {
      if (closed) return;
      closed = true;
      unsubscribe();
      stopWatching();
      clearInterval(heartbeat);
      res.end();
      if (leave && !done) void leaveRoom(deps, a, participantId, 'disconnected').catch((e: unknown) => request.log.warn({ err: e }, 'video leave on disconnect failed'));
    };
    const unsubscribe = deps.realtime.subscribe(roomKey(a.room.id), (e) => {
      let m;
      try {
        m = parts.add(e);
      } catch {
        return;
      }
      if (!m || closed) return;
      if (m.to !== '*' && m.to !== participantId) return;
      if (m.event.type === 'changed') refresh();
      else if (m.event.type === 'ended' || m.event.type === 'removed') {
        send(m.event);
        done = true;
        finish(false);
      } else send(m.event);
    }, () => finish(false));
    // Someone whose access changes (taken off the team, signed out) is asked again whether they
    // still attend; no longer, they are out of the call at once.
    const principal = a.principal;
    const stopWatching = principal.kind === 'user' ? deps.realtime.onAccessChange((changed) => {
      if (closed || (changed !== '*' && changed !== principal.userId)) return;
      const authSession = request.actor?.sessionId ?? '';
      void Promise.all([stillAttends(deps, principal.userId, a.room), sessionDeadline(deps, authSession)]).then(([attends, deadline]) => {
        const yes = attends && deadline !== null && deadline.getTime() > deps.clock().getTime();
        if (yes || closed) return;
        send({ type: 'removed' });
        finish(true);
      }, () => {});
    }) : () => {};
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // The browser went away (closed the tab, lost the network): they left.
    request.raw.on('close', () => finish(true));
    res.write('retry: 3000\n\n');
    send({ type: 'ready', participantId });
    send(first);
  });

  app.post('/api/video/rooms/:roomId/signal', {
    config: { public: true, rateLimit: SIGNAL_RATE },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, body: VideoSignalRequest, response: { 200: Ok } },
  }, async (request) => {
    const a = access(request);
    await relaySignal(deps, a, request.body);
    return { ok: true as const };
  });

  app.post('/api/video/rooms/:roomId/media', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, body: VideoMediaRequest, response: { 200: Ok } },
  }, async (request) => {
    const a = access(request);
    await setMedia(deps, a, request.body.participantId, request.body);
    return { ok: true as const };
  });

  app.post('/api/video/rooms/:roomId/leave', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, body: VideoLeaveRequest, response: { 200: Ok } },
  }, async (request) => {
    const a = access(request);
    await leaveRoom(deps, a, request.body.participantId, 'left');
    return { ok: true as const };
  });

  app.post('/api/video/rooms/:roomId/host', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, body: VideoHostRequest, response: { 200: Ok } },
  }, async (request) => {
    const a = access(request);
    await hostAction(deps, a, request.body.participantId, request.body.action, request.body.target);
    return { ok: true as const };
  });

  app.get('/api/video/rooms/:roomId/guests', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, response: { 200: VideoGuestList } },
  }, async (request) => {
    const a = access(request);
    if (!a.isHost) throw notFound();
    return { guests: (await guestPassesOf(deps.db, a.room.id)).map(guestOut) };
  });

  app.post('/api/video/rooms/:roomId/guests', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoRoomParams, body: AddVideoGuestRequest, response: { 201: VideoGuest } },
  }, async (request, reply) => {
    const a = access(request);
    const { pass, mailId } = await addGuest(deps, a, request.body);
    await afterCommit(deps, [mailId]);
    return reply.status(201).send(guestOut(pass));
  });

  app.delete('/api/video/rooms/:roomId/guests/:guestId', {
    config: { public: true },
    preValidation,
    schema: { tags: ['video'], params: VideoGuestParams, response: { 200: VideoGuest } },
  }, async (request) => {
    const a = access(request);
    return guestOut(await revokeGuest(deps, a, request.params.guestId));
  });
}
