// A session's record over HTTP: the family summary with attendance (read by whoever sees the
// session, written by whoever manages sessions) and the clinical note (read and written only with
// sessions.clinical_note, on routes of its own so no other answer can carry it).
import { ClinicalNote, SaveClinicalNoteRequest, SaveSessionRecordRequest, SessionRecord } from '../../../contract/session-record.ts';
import { ChildSessionParams } from '../../../contract/sessions.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { translateOnce } from '../translation/translation.service.ts';
import { findNote, findRecord, userName, writeNote } from './record.repository.ts';
import { notifySummaryShared, presentRecord, requireStarted, requireVersion, saveRecord, visibleSession, type Translate } from './record.service.ts';

export function registerSessionRecordRoutes(app: App, deps: Deps): void {
  const translate: Translate = (text, target) => translateOnce(deps, text, target);

  app.get('/api/children/:childId/sessions/:sessionId/record', {
    config: { child: 'sessions.view' },
    schema: { tags: ['sessions'], params: ChildSessionParams, response: { 200: SessionRecord } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const s = await visibleSession(deps.db, actor.userId, access, request.params.sessionId);
    const row = await auditedRead(deps.db, auditContext(request), { action: 'session.record_read', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id },
      () => findRecord(deps.db, s.id));
    return presentRecord(deps.db, actor, access, s.id, row, translate);
  });

  app.put('/api/children/:childId/sessions/:sessionId/record', {
    config: { child: 'sessions.manage' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: SaveSessionRecordRequest, response: { 200: SessionRecord } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { row, mails } = await deps.db.transaction().execute(async (tx) => {
      const s = await visibleSession(tx, actor.userId, access, request.params.sessionId);
      requireStarted(s, deps.clock());
      const saved = await saveRecord(tx, s, request.body, actor, deps.clock());
      // Counts and flags only: the audit trail carries no words of the summary.
      await recordAudit(tx, auditContext(request), {
        action: 'session.record', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id,
        details: { version: saved.row.version, attendees: saved.row.attendees.length, shared: saved.row.shared_at !== null, firstShared: saved.firstShared, practiceItems: saved.row.practice_item_ids.length, strategies: saved.row.child_strategy_ids.length },
      });
      return { row: saved.row, mails: saved.firstShared ? await notifySummaryShared(deps, tx, s, actor.userId) : [] };
    });
    await afterCommit(deps, mails);
    return presentRecord(deps.db, actor, access, row.session_id, row, translate);
  });

  app.get('/api/children/:childId/sessions/:sessionId/clinical-note', {
    config: { child: 'sessions.clinical_note' },
    schema: { tags: ['sessions'], params: ChildSessionParams, response: { 200: ClinicalNote } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const s = await visibleSession(deps.db, actor.userId, access, request.params.sessionId);
    const note = await auditedRead(deps.db, auditContext(request), { action: 'session.clinical_note_read', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id },
      () => findNote(deps.db, s.id));
    return { sessionId: s.id, note: note ? { text: note.text, version: note.version, writtenBy: await userName(deps.db, note.written_by), updatedAt: note.updated_at.toISOString() } : null };
  });

  app.put('/api/children/:childId/sessions/:sessionId/clinical-note', {
    config: { child: 'sessions.clinical_note' },
    schema: { tags: ['sessions'], params: ChildSessionParams, body: SaveClinicalNoteRequest, response: { 200: ClinicalNote } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const note = await deps.db.transaction().execute(async (tx) => {
      const s = await visibleSession(tx, actor.userId, access, request.params.sessionId);
      requireStarted(s, deps.clock());
      const prior = await findNote(tx, s.id, { lock: true });
      requireVersion(prior, request.body.expectedVersion);
      const saved = await writeNote(tx, s, prior, request.body.text, actor.userId, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'session.clinical_note', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id,
        details: { version: saved.version },
      });
      return saved;
    });
    return { sessionId: note.session_id, note: { text: note.text, version: note.version, writtenBy: await userName(deps.db, note.written_by), updatedAt: note.updated_at.toISOString() } };
  });
}
