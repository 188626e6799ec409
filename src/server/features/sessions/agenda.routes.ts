// Meetings over HTTP: the meeting page of a team meeting or plan review (sessions.view, or an
// invitation by name; each reader their own share of the agenda), its agenda points (added, edited and removed by their authors),
// and the plan review recorded from the meeting (sessions.manage and plan.edit).
import { AgendaPointParams, AgendaPointRequest, Meeting, MeetingReview, RecordMeetingReviewRequest } from '../../../contract/meetings.ts';
import { ChildSessionParams } from '../../../contract/sessions.ts';
import { requireAccess, type ChildAccess } from '../../access/access.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import type { App } from '../../http/types.ts';
import { addPoint, changePoint, presentMeeting, recordMeetingReview, removePoint, visibleMeeting } from './agenda.service.ts';

export function registerAgendaRoutes(app: App, deps: Deps): void {
  /** Runs a change to a meeting the reader may see, locked, then answers with the meeting page. */
  async function change(reader: string, access: ChildAccess, sessionId: string, write: (tx: Executor, s: Awaited<ReturnType<typeof visibleMeeting>>) => Promise<unknown>) {
    const row = await deps.db.transaction().execute(async (tx) => {
      const s = await visibleMeeting(tx, reader, access, sessionId, true);
      await write(tx, s);
      return s;
    });
    return presentMeeting(deps.db, reader, access, row, deps.clock());
  }

  // Open with child.view: which meeting a member sees is the sessions' one rule (visibilityFor), by
  // which a member without sessions.view (a teacher) sees only the meetings they are invited to by name.
  app.get('/api/children/:childId/sessions/:sessionId/meeting', {
    config: { child: 'child.view' },
    schema: { tags: ['sessions'], params: ChildSessionParams, response: { 200: Meeting } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const s = await visibleMeeting(tx, actor.userId, access, request.params.sessionId);
      await recordAudit(tx, auditContext(request), { action: 'meeting.view', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId, details: { sessionId: s.id } });
      return s;
    });
    return presentMeeting(deps.db, actor.userId, access, row, deps.clock());
  });

  app.post('/api/children/:childId/sessions/:sessionId/agenda', {
    config: { child: 'child.view' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: AgendaPointRequest, response: { 201: Meeting } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const meeting = await change(actor.userId, access, request.params.sessionId, (tx, s) => addPoint(tx, auditContext(request), access, actor.userId, s, request.body, deps.clock()));
    return reply.status(201).send(meeting);
  });

  app.put('/api/children/:childId/sessions/:sessionId/agenda/:pointId', {
    config: { child: 'child.view' },
    schema: { tags: ['sessions'], params: AgendaPointParams, body: AgendaPointRequest, response: { 200: Meeting } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    return change(actor.userId, access, request.params.sessionId, (tx, s) => changePoint(tx, auditContext(request), access, actor.userId, s, request.params.pointId, request.body, deps.clock()));
  });

  app.delete('/api/children/:childId/sessions/:sessionId/agenda/:pointId', {
    config: { child: 'child.view' },
    schema: { tags: ['sessions'], params: AgendaPointParams, response: { 200: Meeting } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    return change(actor.userId, access, request.params.sessionId, (tx, s) => removePoint(tx, auditContext(request), access, actor.userId, s, request.params.pointId, deps.clock()));
  });

  app.post('/api/children/:childId/sessions/:sessionId/review', {
    config: { child: 'sessions.manage' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: RecordMeetingReviewRequest, response: { 201: MeetingReview } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    // Recording a review is the reviews feature's permission too.
    await requireAccess(deps.db, { ...auditContext(request), actorId: actor.userId }, 'plan.edit', [access.childId], new Map([[access.childId, access]]));
    const saved = await deps.db.transaction().execute(async (tx) => {
      const s = await visibleMeeting(tx, actor.userId, access, request.params.sessionId, true);
      return recordMeetingReview(tx, auditContext(request), access, actor, s, request.body.agreed, deps.clock());
    });
    return reply.status(201).send(saved);
  });
}
