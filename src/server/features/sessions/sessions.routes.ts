// A child's sessions over HTTP: schedule (sessions.manage), read (sessions.view, each reader their
// own share), answer (sessions.respond), cancel with a reason (sessions.manage); and a clinician's
// own sessions across their children for a bounded range.
import { ChildId } from '../../../contract/children.ts';
import {
  CancelSessionRequest, CHILD_SESSIONS_MAX_DAYS, ChildSessionParams, CreatedSessions, CreateSessionRequest, MY_SESSIONS_MAX_DAYS,
  RespondToSessionRequest, Session, SessionList, SessionRangeQuery,
} from '../../../contract/sessions.ts';
import type { ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit, recordRead } from '../../access/audit.ts';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { readerZoneOf, requireActor, requireChildAccess, requireRelatedAccess } from '../../http/auth.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { cancelSession, saveResponse, sessionsInRange, type SessionRow } from './sessions.repository.ts';
import { lockVisibleSession, presentSessions, range, scheduleSessions, visibilityFor } from './sessions.service.ts';
import { notifySessionCancelled, notifySessionsScheduled } from './session-mail.ts';
import { afterCommit } from '../../mail/mail.service.ts';

export function registerSessionRoutes(app: App, deps: Deps): void {
  /** The sessions as the route's reader sees them, on the clock read with their session. */
  function present(request: FastifyRequest, rows: readonly SessionRow[]) {
    const access = requireChildAccess(request);
    return presentSessions(deps.db, requireActor(request).userId, rows, () => visibilityFor(access), () => readerZoneOf(request));
  }

  app.post('/api/children/:childId/sessions', {
    config: { child: 'sessions.manage' },
    schema: { tags: ['sessions'], params: ChildId, body: CreateSessionRequest, response: { 201: CreatedSessions } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const { seriesId, rows, mails } = await deps.db.transaction().execute(async (tx) => {
      const clinic = await tx.selectFrom('clinic').select('time_zone').where('id', '=', access.clinicId).executeTakeFirstOrThrow();
      const scheduled = await scheduleSessions(tx, access, actor.userId, b, clinic.time_zone, deps.clock());
      const first = scheduled.rows[0];
      if (!first) throw new Error('A schedule with no session.');
      await recordAudit(tx, auditContext(request), {
        action: 'session.create', childId: access.childId, clinicId: access.clinicId,
        subjectType: scheduled.seriesId ? 'session_series' : 'session', subjectId: scheduled.seriesId ?? first.id,
        details: { kind: b.kind, place: b.place, occurrences: scheduled.rows.length, firstStartsAt: first.starts_at.toISOString(), invitees: new Set(b.invitees).size, familyInvited: b.familyInvited },
      });
      return { ...scheduled, mails: await notifySessionsScheduled(deps, tx, scheduled.rows.map((r) => r.id), actor.userId) };
    });
    await afterCommit(deps, mails);
    return reply.status(201).send({ seriesId, sessions: await present(request, rows) });
  });

  app.get('/api/children/:childId/sessions', {
    config: { child: 'sessions.view' },
    schema: { tags: ['sessions'], params: ChildId, querystring: SessionRangeQuery, response: { 200: SessionList } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { from, to } = range(request.query, CHILD_SESSIONS_MAX_DAYS);
    const zone = readerZoneOf(request);
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'session.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId },
      () => sessionsInRange(deps.db, actor.userId, [{ childId: access.childId, visibility: visibilityFor(access) }], from, to));
    return { sessions: await presentSessions(deps.db, actor.userId, rows, () => visibilityFor(access), () => zone) };
  });

  app.post('/api/children/:childId/sessions/:sessionId/response', {
    config: { child: 'sessions.respond' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: RespondToSessionRequest, response: { 200: Session } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const s = await lockVisibleSession(tx, actor.userId, access, request.params.sessionId);
      if (s.status === 'cancelled') throw new AppError('conflict', 409, 'This session was cancelled.');
      await saveResponse(tx, s.id, actor.userId, request.body.response, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'session.respond', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id,
        details: { response: request.body.response },
      });
      return s;
    });
    const [answer] = await present(request, [row]);
    if (!answer) throw notFound();
    return answer;
  });

  app.post('/api/children/:childId/sessions/:sessionId/cancel', {
    config: { child: 'sessions.manage' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: CancelSessionRequest, response: { 200: Session } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { row, mails } = await deps.db.transaction().execute(async (tx) => {
      const s = await lockVisibleSession(tx, actor.userId, access, request.params.sessionId);
      if (s.status === 'cancelled') throw new AppError('conflict', 409, 'This session is already cancelled.');
      const cancelled = await cancelSession(tx, s, actor.userId, request.body.reason, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'session.cancel', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id,
        details: { version: cancelled.version, startsAt: s.starts_at.toISOString(), seriesId: s.series_id },
      });
      return { row: cancelled, mails: await notifySessionCancelled(deps, tx, cancelled.id, actor.userId) };
    });
    await afterCommit(deps, mails);
    const [answer] = await present(request, [row]);
    if (!answer) throw notFound();
    return answer;
  });

  // The signed-in person's own sessions across their children: for a clinician the ones they run or
  // are invited to; for a family member every session of theirs they may see.
  app.get('/api/me/sessions', {
    config: { relatedChildren: true },
    schema: { tags: ['sessions'], querystring: SessionRangeQuery, response: { 200: SessionList } },
  }, async (request) => {
    const actor = requireActor(request);
    const { from, to } = range(request.query, MY_SESSIONS_MAX_DAYS);
    const related = requireRelatedAccess(request);
    const zones = related.zones;
    const access = [...related.access.values()].filter((a) => a.permissions.includes('sessions.view'));
    const byChild = new Map(access.map((a) => [a.childId, a]));
    const rows = await sessionsInRange(deps.db, actor.userId, access.map((a) => ({ childId: a.childId, visibility: visibilityFor(a) })), from, to, { onlyMine: true });
    const visibilityOf = (id: string) => {
      const a = byChild.get(id);
      return a ? visibilityFor(a) : 'invited';
    };
    // The read is audited once per clinic, naming every child whose sessions are answered (a
    // clinic's audit search by child finds it); a row per child made a week of 25 children 25
    // rows at every look. The answer waits for the rows.
    const read = Map.groupBy([...new Set(rows.map((r) => r.child_id))].map((id) => byChild.get(id)).filter((a) => a !== undefined), (a) => a.clinicId);
    const [sessions] = await Promise.all([
      presentSessions(deps.db, actor.userId, rows, visibilityOf, (id) => zones.get(id) ?? 'UTC'),
      ...[...read].map(([clinicId, children]) => recordRead(deps.db, auditContext(request), {
        action: 'session.mine', clinicId, subjectType: 'user', subjectId: actor.userId, details: { childIds: children.map((a) => a.childId) },
      })),
    ]);
    return { sessions };
  });
}
