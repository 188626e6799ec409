// The family's archive and the clinic export over HTTP: ask for one, see how it is going, and
// use the emailed link (signed in as the person who asked) once, within its day.
import type { FastifyRequest } from 'fastify';
import { Archive, ArchiveLink, ArchiveLinkParams, ArchiveList, CreateArchiveRequest } from '../../../contract/archive.ts';
import type { Locale } from '../../../contract/common.ts';
import { ChildId } from '../../../contract/children.ts';
import { clinicWithPermission } from '../../access/access.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { createUploadStore, type UploadStore } from '../../uploads/store.ts';
import { archivesOf } from './archive.repository.ts';
import { claimArchive, CLINIC_EXPORT, forgetDownloaded, linkedArchive, presentArchive, presentLink, requestArchive } from './archive.service.ts';

const tags = ['archive'];
const readerLocale = (request: FastifyRequest, asked: Locale | undefined): Locale => asked ?? requireActor(request).locale;

export function registerArchiveRoutes(app: App, deps: Deps, store: UploadStore = createUploadStore(deps.config)): void {
  /** The admin's clinic, when they may export it; anyone else finds nothing (and the attempt is audited). */
  async function requireExporter(request: FastifyRequest): Promise<string> {
    const actor = requireActor(request);
    const clinicId = await clinicWithPermission(deps.db, actor.userId, CLINIC_EXPORT);
    if (clinicId) return clinicId;
    await recordAudit(deps.db, auditContext(request), { action: 'access_denied', outcome: 'denied', details: { permission: CLINIC_EXPORT } });
    throw notFound();
  }

  app.post('/api/children/:childId/archives', {
    config: { child: 'record.export' },
    schema: { tags, params: ChildId, body: CreateArchiveRequest, response: { 202: Archive } },
  }, async (request, reply) => {
    const { row } = await requestArchive(deps, auditContext(request), requireActor(request).userId, readerLocale(request, request.body.locale), { scope: 'child', access: requireChildAccess(request) });
    return reply.status(202).send(presentArchive(row));
  });

  app.get('/api/children/:childId/archives', {
    config: { child: 'record.export' },
    schema: { tags, params: ChildId, response: { 200: ArchiveList } },
  }, async (request) => {
    const rows = await archivesOf(deps.db, requireActor(request).userId, { childId: requireChildAccess(request).childId });
    return { archives: rows.map(presentArchive) };
  });

  app.post('/api/admin/archives', {
    config: { clinicAdmin: true },
    schema: { tags, body: CreateArchiveRequest, response: { 202: Archive } },
  }, async (request, reply) => {
    const clinicId = await requireExporter(request);
    const { row } = await requestArchive(deps, auditContext(request), requireActor(request).userId, readerLocale(request, request.body.locale), { scope: 'clinic', clinicId });
    return reply.status(202).send(presentArchive(row));
  });

  app.get('/api/admin/archives', {
    config: { clinicAdmin: true },
    schema: { tags, response: { 200: ArchiveList } },
  }, async (request) => {
    const clinicId = await requireExporter(request);
    return { archives: (await archivesOf(deps.db, requireActor(request).userId, { clinicId })).map(presentArchive) };
  });

  app.get('/api/archive-links/:token', {
    schema: { tags, params: ArchiveLinkParams, response: { 200: ArchiveLink } },
  }, async (request) => presentLink(await linkedArchive(deps, auditContext(request), request.params.token, requireActor(request).userId), deps.clock()));

  app.post('/api/archive-links/:token/download', {
    schema: {
      tags, params: ArchiveLinkParams,
      description: 'The archive as a ZIP, once: the link is used by this request. A used or expired link answers 410; another person’s, 404.',
    },
  }, async (request, reply) => {
    const userId = requireActor(request).userId;
    const row = await claimArchive(deps, await linkedArchive(deps, auditContext(request), request.params.token, userId), userId);
    const stream = row.storage_key ? await store.read(row.storage_key) : null;
    await recordAudit(deps.db, auditContext(request), {
      action: 'archive.download', outcome: stream ? 'ok' : 'failed', clinicId: row.clinic_id, childId: row.child_id, subjectType: 'record_archive', subjectId: row.id,
      details: { scope: row.scope },
    });
    if (!stream) {
      await forgetDownloaded(deps, store, row);
      throw notFound();
    }
    // The file goes once it has been sent (or the connection dropped): the link worked once.
    const forget = () => void forgetDownloaded(deps, store, row).catch((e: unknown) => request.log.warn({ message: (e as Error).message }, 'archive removal after download failed; housekeeping retries'));
    stream.once('close', forget);
    const day = (row.ready_at ?? row.created_at).toISOString().slice(0, 10);
    return reply.headers({
      'Content-Type': 'application/zip',
      'Content-Length': String(row.byte_size ?? 0),
      'Content-Disposition': `attachment; filename="careteam-${row.scope === 'clinic' ? 'clinic-export' : 'archive'}-${day}.zip"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    }).send(stream);
  });
}
