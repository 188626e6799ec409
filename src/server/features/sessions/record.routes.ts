// A session's record over HTTP: the family summary with attendance (read by whoever sees the
// session, written by whoever manages sessions) and the clinical note (read and written only with
// sessions.clinical_note, on routes of its own so no other answer can carry it).
import { ChildId } from '../../../contract/children.ts';
import { ClinicalNote, ClinicalNoteList, SaveClinicalNoteRequest, SaveSessionRecordRequest, SessionRecord, SessionRecordList } from '../../../contract/session-record.ts';
import { CHILD_SESSIONS_MAX_DAYS, ChildSessionParams, SessionRangeQuery } from '../../../contract/sessions.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import type { FastifyRequest } from 'fastify';
import { requireActor, requireChildAccess, type Actor } from '../../http/auth.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { contentTranslations } from '../translation/content-translation.service.ts';
import { findNote, findNotes, findRecord, findRecords, userNames, writeNote, type NoteRow } from './record.repository.ts';
import { notifySummaryShared, presentRecord, presentRecords, requireStarted, requireVersion, saveRecord, type TranslateContent } from './record.service.ts';
import { sessionsInRange } from './sessions.repository.ts';
import { range, visibilityFor, visibleSession } from './sessions.service.ts';

/** The notes as their readers see them, their writers named in one read. */
async function presentNotes(db: Executor, notes: readonly { sessionId: string; row: NoteRow | undefined }[]): Promise<ClinicalNote[]> {
  const writers = await userNames(db, notes.flatMap(({ row }) => (row ? [row.written_by] : [])));
  return notes.map(({ sessionId, row: note }) => ({
    sessionId,
    note: note ? { text: note.text, version: note.version, writtenBy: writers.get(note.written_by) ?? '', updatedAt: note.updated_at.toISOString() } : null,
  }));
}

const presentNote = async (db: Executor, sessionId: string, note: NoteRow | undefined): Promise<ClinicalNote> => {
  const [one] = await presentNotes(db, [{ sessionId, row: note }]);
  if (!one) throw new Error('presentNotes returned nothing');
  return one;
};

export function registerSessionRecordRoutes(app: App, deps: Deps): void {
  const translate = (actor: Actor): TranslateContent => (items) => contentTranslations(deps, items, actor.locale);

  /**
   * For each session of the range the reader sees that has started and was not cancelled (those
   * that may have a record), what `find` holds of it, read in one audited read for all of them.
   */
  async function readStarted<R extends { session_id: string }, T>(
    request: FastifyRequest,
    q: { from: string; to: string },
    action: string,
    find: (sessionIds: string[]) => Promise<R[]>,
    present: (actor: Actor, access: ChildAccess, records: { sessionId: string; row: R | undefined }[]) => Promise<T[]>,
  ): Promise<T[]> {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { from, to } = range(q, CHILD_SESSIONS_MAX_DAYS);
    const now = deps.clock();
    const sessions = (await sessionsInRange(deps.db, actor.userId, [{ childId: access.childId, visibility: visibilityFor(access) }], from, to))
      .filter((s) => s.status === 'scheduled' && s.starts_at <= now);
    const rows = await auditedRead(deps.db, auditContext(request), { action, childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId },
      () => find(sessions.map((s) => s.id)));
    const bySession = new Map(rows.map((r) => [r.session_id, r]));
    return present(actor, access, sessions.map((s) => ({ sessionId: s.id, row: bySession.get(s.id) })));
  }

  // The Sessions tab reads every past session's record (and a clinician their notes) at once.
  app.get('/api/children/:childId/session-records', {
    config: { child: 'sessions.view' },
    schema: { tags: ['sessions'], params: ChildId, querystring: SessionRangeQuery, response: { 200: SessionRecordList } },
  }, async (request) => ({
    records: await readStarted(request, request.query, 'session.records_read', (ids) => findRecords(deps.db, ids), (actor, access, records) => presentRecords(deps.db, actor, access, records, translate(actor))),
  }));

  app.get('/api/children/:childId/session-clinical-notes', {
    config: { child: 'sessions.clinical_note' },
    schema: { tags: ['sessions'], params: ChildId, querystring: SessionRangeQuery, response: { 200: ClinicalNoteList } },
  }, async (request) => ({
    notes: await readStarted(request, request.query, 'session.clinical_notes_read', (ids) => findNotes(deps.db, ids), (_actor, _access, records) => presentNotes(deps.db, records)),
  }));

  app.get('/api/children/:childId/sessions/:sessionId/record', {
    config: { child: 'sessions.view' },
    schema: { tags: ['sessions'], params: ChildSessionParams, response: { 200: SessionRecord } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const s = await visibleSession(deps.db, actor.userId, access, request.params.sessionId);
    const row = await auditedRead(deps.db, auditContext(request), { action: 'session.record_read', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id },
      () => findRecord(deps.db, s.id));
    return presentRecord(deps.db, actor, access, s.id, row, translate(actor));
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
    return presentRecord(deps.db, actor, access, row.session_id, row, translate(actor));
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
    return presentNote(deps.db, s.id, note);
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
    return presentNote(deps.db, note.session_id, note);
  });
}
