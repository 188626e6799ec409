// Moving and cancelling sessions over HTTP: a household proposes times (sessions.respond); whoever
// manages sessions accepts one, offers another or declines with a reason (sessions.manage); the
// household takes an offered time (sessions.respond); a guardian cancels with a reason.
import { z } from 'zod';
import { ChildId } from '../../../contract/children.ts';
import {
  AcceptMoveRequest, DeclineMoveRequest, FamilyCancelRequest, MoveRequestParams, OfferMoveRequest, ProposeMoveRequest, SessionMoves, SessionMovesList,
} from '../../../contract/session-moves.ts';
import { ChildSessionParams, Session } from '../../../contract/sessions.ts';
import { isUuid, type ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { readerZoneOf, requireActor, requireChildAccess } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import type { FastifyRequest } from 'fastify';
import { movesOf, sessionsWithMoves } from './moves.repository.ts';
import { invitedAmong } from './session-calendar.repository.ts';
import {
  acceptOffer, acceptProposedTime, cancelByFamily, declineRequest, offerTime, presentMoves, proposeMove, readerHousehold, type MoveContext,
} from './moves.service.ts';
import { canSee, lockVisibleSession, presentSessions, visibilityFor } from './sessions.service.ts';
import type { SessionRow } from './sessions.repository.ts';

export function registerSessionMoveRoutes(app: App, deps: Deps): void {
  const reader = (access: ChildAccess, zone: string) => ({
    manages: access.permissions.includes('sessions.manage'), household: readerHousehold(access), canRespond: access.permissions.includes('sessions.respond'), zone,
  });

  /** Runs one step on a session the actor may see, in one transaction; the mails go after commit. */
  async function step<T>(request: FastifyRequest, sessionId: string, run: (c: MoveContext, s: SessionRow) => Promise<{ result: T; mails: string[] }>): Promise<T> {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const zone = readerZoneOf(request);
    const { result, mails } = await deps.db.transaction().execute(async (tx) => {
      const s = await lockVisibleSession(tx, actor.userId, access, sessionId);
      return run({ deps, tx, access, actor: actor.userId, now: deps.clock(), audit: auditContext(request), zone }, s);
    });
    await afterCommit(deps, mails);
    return result;
  }

  /** One session's requests as this reader sees them now. */
  async function movesFor(db: Executor, request: FastifyRequest, s: SessionRow): Promise<z.infer<typeof SessionMoves>> {
    const access = requireChildAccess(request);
    const zone = readerZoneOf(request);
    return presentMoves([s], await movesOf(db, [s.id]), reader(access, zone))[0] ?? { sessionId: s.id, requests: [], offer: null, households: 0 };
  }

  async function sessionAnswer(request: FastifyRequest, row: SessionRow) {
    const access = requireChildAccess(request);
    const zone = readerZoneOf(request);
    const [answer] = await presentSessions(deps.db, requireActor(request).userId, [row], () => visibilityFor(access), () => zone);
    if (!answer) throw notFound();
    return answer;
  }

  app.get('/api/children/:childId/session-moves', {
    config: { child: 'sessions.view' },
    schema: { tags: ['sessions'], params: ChildId, response: { 200: SessionMovesList } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const v = visibilityFor(access);
    const sessions = await auditedRead(deps.db, auditContext(request), { action: 'session.moves', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId },
      async () => {
        const all = await sessionsWithMoves(deps.db, access.childId, deps.clock());
        const invited = await invitedAmong(deps.db, actor.userId, all.map((s) => s.id));
        return all.filter((s) => canSee(v, s, invited.has(s.id)));
      });
    const zone = readerZoneOf(request);
    return { moves: presentMoves(sessions, await movesOf(deps.db, sessions.map((s) => s.id)), reader(access, zone)) };
  });

  app.post('/api/children/:childId/sessions/:sessionId/moves', {
    config: { child: 'sessions.respond' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: ProposeMoveRequest, response: { 201: SessionMoves } },
  }, async (request, reply) => {
    const s = await step(request, request.params.sessionId, async (c, s) => ({ result: s, mails: await proposeMove(c, s, request.body) }));
    return reply.status(201).send(await movesFor(deps.db, request, s));
  });

  app.post('/api/children/:childId/sessions/:sessionId/moves/offer', {
    config: { child: 'sessions.manage' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: OfferMoveRequest, response: { 201: SessionMoves } },
  }, async (request, reply) => {
    const s = await step(request, request.params.sessionId, async (c, s) => ({ result: s, mails: await offerTime(c, s, request.body, await movesOf(c.tx, [s.id])) }));
    return reply.status(201).send(await movesFor(deps.db, request, s));
  });

  app.post('/api/children/:childId/sessions/:sessionId/moves/:requestId/accept', {
    config: { child: 'sessions.manage' },
    schema: { tags: ['sessions'], params: MoveRequestParams, body: AcceptMoveRequest, response: { 200: Session } },
  }, async (request) => {
    if (!isUuid(request.params.requestId)) throw notFound();
    const row = await step(request, request.params.sessionId, async (c, s) => {
      const moved = await acceptProposedTime(c, s, request.params.requestId, request.body.startsAt);
      return { result: moved.row, mails: moved.mails };
    });
    return sessionAnswer(request, row);
  });

  app.post('/api/children/:childId/sessions/:sessionId/moves/:requestId/decline', {
    config: { child: 'sessions.manage' },
    schema: { tags: ['sessions'], params: MoveRequestParams, body: DeclineMoveRequest, response: { 200: SessionMoves } },
  }, async (request) => {
    if (!isUuid(request.params.requestId)) throw notFound();
    const s = await step(request, request.params.sessionId, async (c, s) => ({ result: s, mails: await declineRequest(c, s, request.params.requestId, request.body.reason) }));
    return movesFor(deps.db, request, s);
  });

  app.post('/api/children/:childId/sessions/:sessionId/moves/:requestId/accept-offer', {
    config: { child: 'sessions.respond' },
    schema: { tags: ['sessions'], params: MoveRequestParams, body: z.strictObject({}), response: { 200: Session } },
  }, async (request) => {
    if (!isUuid(request.params.requestId)) throw notFound();
    const row = await step(request, request.params.sessionId, async (c, s) => {
      const moved = await acceptOffer(c, s, request.params.requestId);
      return { result: moved.row, mails: moved.mails };
    });
    return sessionAnswer(request, row);
  });

  app.post('/api/children/:childId/sessions/:sessionId/family-cancel', {
    config: { child: 'sessions.respond' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: FamilyCancelRequest, response: { 200: Session } },
  }, async (request) => {
    const row = await step(request, request.params.sessionId, async (c, s) => {
      const cancelled = await cancelByFamily(c, s, request.body.reason);
      return { result: cancelled.row, mails: cancelled.mails };
    });
    return sessionAnswer(request, row);
  });
}
