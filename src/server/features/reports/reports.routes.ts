// Progress reports over HTTP: ask for one (written at once for up to about a year, else by a job),
// see whether it is ready, and download its PDF for a day. Only the person who asked sees it.
import { ChildId } from '../../../contract/children.ts';
import { ChildReportParams, CreateReportRequest, Report } from '../../../contract/reports.ts';
import type { ChildAccess } from '../../access/access.ts';
import { isUuid } from '../../access/access.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { createUploadStore, type UploadStore } from '../../uploads/store.ts';
import { findReport, insertReport, userOf } from './reports.repository.ts';
import { checkRequest, expiryFrom, mayReport, periodDays, presentReport, REPORT_QUEUE, writeReport, writtenNow } from './reports.service.ts';

export function registerReportRoutes(app: App, deps: Deps, store: UploadStore = createUploadStore(deps.config)): void {
  /** Anyone on the team who may not ask for reports (a caregiver, a teacher) finds nothing, and the attempt is audited. */
  async function requireReporter(request: Parameters<typeof auditContext>[0], access: ChildAccess): Promise<void> {
    if (mayReport(access)) return;
    await recordAudit(deps.db, auditContext(request), {
      action: 'access_denied', outcome: 'denied', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId,
      details: { permission: 'reports' },
    });
    throw notFound();
  }

  /** The person's own report of this child, or 404. */
  async function ownReport(request: Parameters<typeof auditContext>[0], access: ChildAccess, reportId: string) {
    await requireReporter(request, access);
    const row = isUuid(reportId) ? await findReport(deps.db, access.childId, reportId) : undefined;
    if (!row || row.requested_by !== requireActor(request).userId) throw notFound();
    return row;
  }

  app.post('/api/children/:childId/reports', {
    config: { child: 'plan.view' },
    schema: { tags: ['reports'], params: ChildId, body: CreateReportRequest, response: { 201: Report, 202: Report } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    await requireReporter(request, access);
    const b = request.body;
    const now = deps.clock();
    await checkRequest(deps.db, access, b, now);
    const goalIds = [...new Set(b.goalIds)];
    const atOnce = writtenNow(b);
    // A period up to about a year is written while the person waits; the PDF is kept for a day.
    const file = atOnce ? await writeReport(deps, store, { userId: actor.userId, name: (await userOf(deps.db, actor.userId)).name }, access, { ...b, goalIds }, now) : null;
    try {
      const row = await deps.db.transaction().execute(async (tx) => {
        const created = await insertReport(tx, {
          clinic_id: access.clinicId, child_id: access.childId, requested_by: actor.userId, locale: b.locale, period_from: b.from, period_to: b.to,
          goal_ids: goalIds, closing: file ? '' : b.closing, status: file ? 'ready' : 'pending', expires_at: expiryFrom(now),
          ...(file ? { storage_key: file.storageKey, byte_size: file.byteSize, page_count: file.pageCount, ready_at: now } : {}),
        });
        await recordAudit(tx, auditContext(request), {
          action: 'report.create', childId: access.childId, clinicId: access.clinicId, subjectType: 'progress_report', subjectId: created.id,
          details: { days: periodDays(b.from, b.to), goals: goalIds.length, locale: b.locale, closing: b.closing.trim() !== '', background: !file },
        });
        return created;
      });
      if (!file) await deps.jobs.send(REPORT_QUEUE, { id: row.id });
      return reply.status(file ? 201 : 202).send(presentReport(row));
    } catch (error) {
      if (file) await store.remove(file.storageKey).catch(() => undefined);
      throw error;
    }
  });

  app.get('/api/children/:childId/reports/:reportId', {
    config: { child: 'plan.view' },
    schema: { tags: ['reports'], params: ChildReportParams, response: { 200: Report } },
  }, async (request) => {
    const access = requireChildAccess(request);
    return presentReport(await ownReport(request, access, request.params.reportId));
  });

  app.get('/api/children/:childId/reports/:reportId/pdf', {
    config: { child: 'plan.view' },
    schema: { tags: ['reports'], params: ChildReportParams, description: 'The report as a PDF, for a day after it is ready.' },
  }, async (request, reply) => {
    const access = requireChildAccess(request);
    const row = await ownReport(request, access, request.params.reportId);
    if (row.status === 'pending') throw new AppError('conflict', 409, 'The report is still being written. Try again in a moment.');
    if (row.status !== 'ready' || !row.storage_key || row.expires_at <= deps.clock()) throw new AppError('gone', 410, 'This report is no longer kept. Ask for a new one.');
    const stream = await store.read(row.storage_key);
    if (!stream) throw new AppError('gone', 410, 'This report is no longer kept. Ask for a new one.');
    await recordAudit(deps.db, auditContext(request), {
      action: 'report.download', childId: access.childId, clinicId: access.clinicId, subjectType: 'progress_report', subjectId: row.id,
    });
    return reply.headers({
      'Content-Type': 'application/pdf',
      'Content-Length': String(row.byte_size ?? 0),
      'Content-Disposition': `attachment; filename="progress-report-${row.period_from}-${row.period_to}-${row.locale}.pdf"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    }).send(stream);
  });
}
