// Resources for families over HTTP. The library (and the files uploaded for it) belongs to the
// clinicians of a clinic; to anyone else it does not exist. A child's resources are read by the
// child's team (plan.view), given and taken back by those who edit the plan, and opened and
// answered ("did it help?") by each reader for themselves.
import type { FastifyRequest } from 'fastify';
import { ChildId } from '../../../contract/children.ts';
import { Ok } from '../../../contract/common.ts';
import { RESOURCE_FILE_RULE } from '../../../contract/upload-rules.ts';
import {
  AssignResourceRequest, ChildResource, ChildResourceList, ChildResourceParams, CreateResourceRequest, FamilyResources, HelpfulRequest,
  Resource, ResourceFile, ResourceList, ResourceParams, ResourceQuery, UpdateResourceRequest,
} from '../../../contract/resources.ts';
import { isUuid, type ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit, recordRead } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess, requireRelatedAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { notifyResourceShared } from '../notifications/events.ts';
import { receiveBody } from '../../uploads/receive.ts';
import { sendStored } from '../../uploads/serve.ts';
import { createUploadStore, newStorageKey, type UploadStore } from '../../uploads/store.ts';
import {
  childResources, deleteChildResource, firstNames, findChildResource, findResource, freeResourceFile, insertChildResource, insertResource, insertResourceFile,
  isAssigned, libraryResources, markOpened, resourceFile, setHelpful, updateResource, type ChildResourceRow,
} from './resources.repository.ts';
import { checkedResource, presentChildResources, toResource } from './resources.service.ts';

const tags = ['resources'];
const READ_ONLY = 'CareTeam’s starter resources are read-only.';

function clinicOf(request: FastifyRequest): string {
  const clinic = requireActor(request).clinics[0];
  if (!clinic) throw notFound();
  return clinic.clinicId;
}

export function registerResourceRoutes(app: App, deps: Deps, store: UploadStore = createUploadStore(deps.config)): void {
  /** Clinicians only, and a clinic's own resources only to that clinic: checked before the body is read. */
  const library = {
    preValidation: async (request: FastifyRequest) => {
      if (!request.actor?.clinics.length) throw notFound();
      const id = (request.params as { resourceId?: unknown }).resourceId;
      if (typeof id === 'string' && (!isUuid(id) || !(await findResource(deps.db, clinicOf(request), id)))) throw notFound();
    },
  };

  async function presentOne(request: FastifyRequest, id: string) {
    const clinicId = clinicOf(request);
    const row = await findResource(deps.db, clinicId, id);
    if (!row) throw notFound();
    return toResource(row, clinicId);
  }

  app.get('/api/resources', { ...library, schema: { tags, querystring: ResourceQuery, response: { 200: ResourceList } } }, async (request) => {
    const clinicId = clinicOf(request);
    const rows = await libraryResources(deps.db, clinicId, request.query);
    // The clinic's own first, newest first; then CareTeam's starter set in its order.
    return { resources: rows.map((r) => toResource(r, clinicId)) };
  });

  app.get('/api/resources/:resourceId', { ...library, schema: { tags, params: ResourceParams, response: { 200: Resource } } }, async (request) => {
    return presentOne(request, request.params.resourceId);
  });

  app.post('/api/resources', { ...library, schema: { tags, body: CreateResourceRequest, response: { 201: Resource } } }, async (request, reply) => {
    const actor = requireActor(request);
    const clinicId = clinicOf(request);
    const b = request.body;
    const id = await deps.db.transaction().execute(async (tx) => {
      const file = b.fileId ? await freeResourceFile(tx, clinicId, b.fileId) : null;
      if (b.fileId && !file) throw badField('fileId', 'Upload the file again.');
      const columns = checkedResource(b.kind, b, file ?? null);
      const created = await insertResource(tx, {
        clinic_id: clinicId, kind: b.kind, ...columns, file_id: file?.id ?? null, created_by: actor.userId, updated_at: deps.clock(),
      });
      await recordAudit(tx, auditContext(request), { action: 'resource.create', clinicId, subjectType: 'resource', subjectId: created, details: { kind: b.kind } });
      return created;
    });
    return reply.status(201).send(await presentOne(request, id));
  });

  app.patch('/api/resources/:resourceId', { ...library, schema: { tags, params: ResourceParams, body: UpdateResourceRequest, response: { 200: Resource } } }, async (request) => {
    const clinicId = clinicOf(request);
    const b = request.body;
    await deps.db.transaction().execute(async (tx) => {
      const current = await findResource(tx, clinicId, request.params.resourceId, true);
      if (!current) throw notFound();
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, READ_ONLY);
      const file = current.file_id ? await resourceFile(tx, current.file_id) : undefined;
      const columns = checkedResource(current.kind, {
        content: b.content ?? current.content, url: b.url !== undefined ? b.url : current.url,
        therapyTypes: b.therapyTypes ?? (current.therapy_types as never), ageMin: b.ageMin !== undefined ? b.ageMin : current.age_min,
        ageMax: b.ageMax !== undefined ? b.ageMax : current.age_max, tags: b.tags ?? current.tags,
      }, file ?? null);
      await updateResource(tx, current.id, { ...columns, updated_at: deps.clock() });
      await recordAudit(tx, auditContext(request), { action: 'resource.update', clinicId, subjectType: 'resource', subjectId: current.id, details: { fields: Object.keys(b) } });
    });
    return presentOne(request, request.params.resourceId);
  });

  // Archiving takes it out of the library; families who were given it keep it.
  app.delete('/api/resources/:resourceId', { ...library, schema: { tags, params: ResourceParams, response: { 200: Ok } } }, async (request) => {
    const clinicId = clinicOf(request);
    await deps.db.transaction().execute(async (tx) => {
      const current = await findResource(tx, clinicId, request.params.resourceId, true);
      if (!current) throw notFound();
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, READ_ONLY);
      if (current.archived_at) return;
      await updateResource(tx, current.id, { archived_at: deps.clock(), updated_at: deps.clock() });
      await recordAudit(tx, auditContext(request), { action: 'resource.archive', clinicId, subjectType: 'resource', subjectId: current.id });
    });
    return { ok: true as const };
  });

  // ---- Files for the library: the upload store and its rules, kept by the clinic -------------

  app.post('/api/resource-files', {
    ...library,
    schema: {
      tags, consumes: ['application/octet-stream'], response: { 201: ResourceFile },
      description: 'The file’s bytes are the request body (a PDF or a video; the server decides the type from the bytes).',
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const clinicId = clinicOf(request);
    const received = await receiveBody(request, RESOURCE_FILE_RULE, 'file', store.incomingDir);
    const key = newStorageKey();
    await store.put(key, received.file, received.contentType);
    try {
      const row = await deps.db.transaction().execute(async (tx) => {
        const created = await insertResourceFile(tx, {
          clinic_id: clinicId, uploaded_by: actor.userId, content_type: received.contentType, byte_size: received.byteSize, sha256: received.sha256, storage_key: key, created_at: deps.clock(),
        });
        await recordAudit(tx, auditContext(request), {
          action: 'resource.file_upload', clinicId, subjectType: 'resource_file', subjectId: created.id, details: { type: received.contentType, bytes: received.byteSize },
        });
        return created;
      });
      return reply.status(201).send({ id: row.id, contentType: row.content_type, kind: row.content_type === 'application/pdf' ? 'pdf' : 'video', byteSize: row.byte_size });
    } catch (error) {
      await store.remove(key).catch(() => undefined);
      throw error;
    }
  });

  async function sendFile(request: FastifyRequest, reply: Parameters<typeof sendStored>[1], fileId: string | null, onFirstRead: () => Promise<unknown>) {
    const file = fileId ? await resourceFile(deps.db, fileId) : undefined;
    if (!file) throw notFound();
    return sendStored(request, reply, store, { key: file.storage_key, size: file.byte_size, sha256: file.sha256, type: file.content_type }, 'careteam-resource', onFirstRead);
  }

  app.get('/api/resources/:resourceId/file', {
    ...library,
    schema: { tags, params: ResourceParams, description: 'The PDF or video’s bytes; supports a single HTTP Range.' },
  }, async (request, reply) => {
    const row = await findResource(deps.db, clinicOf(request), request.params.resourceId);
    return sendFile(request, reply, row?.file_id ?? null, async () => undefined);
  });

  // ---- A child's resources ---------------------------------------------------------------

  async function given(db: Executor, access: ChildAccess, id: string, lock = false): Promise<ChildResourceRow> {
    const row = isUuid(id) ? await findChildResource(db, access.childId, id, lock) : undefined;
    if (!row) throw notFound();
    return row;
  }

  async function answer(request: FastifyRequest, access: ChildAccess, id: string): Promise<ChildResource> {
    const row = await given(deps.db, access, id);
    const [out] = await presentChildResources(deps.db, access, requireActor(request).userId, [row]);
    if (!out) throw notFound();
    return out;
  }

  app.get('/api/children/:childId/resources', {
    config: { child: 'plan.view' },
    schema: { tags, params: ChildId, response: { 200: ChildResourceList } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'child_resource.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId },
      () => childResources(deps.db, [access.childId]));
    return { resources: await presentChildResources(deps.db, access, requireActor(request).userId, rows), canAssign: access.permissions.includes('plan.edit') };
  });

  app.post('/api/children/:childId/resources', {
    config: { child: 'plan.edit' },
    schema: { tags, params: ChildId, body: AssignResourceRequest, response: { 201: ChildResource } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const { id, mails } = await deps.db.transaction().execute(async (tx) => {
      const resource = await findResource(tx, access.clinicId, b.resourceId);
      if (!resource || resource.archived_at) throw badField('resourceId', 'Choose a resource from the clinic library.');
      if (await isAssigned(tx, access.childId, resource.id)) {
        throw new AppError('conflict', 409, 'This resource was already given to the family.', [{ path: ['resourceId'], message: 'Already given.' }]);
      }
      const created = await insertChildResource(tx, { clinicId: access.clinicId, childId: access.childId, resourceId: resource.id, note: b.note, by: actor.userId, at: deps.clock() });
      await recordAudit(tx, auditContext(request), {
        action: 'child_resource.assign', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_resource', subjectId: created, details: { resourceId: resource.id },
      });
      return { id: created, mails: await notifyResourceShared(deps, tx, { id: created, child_id: access.childId, clinic_id: access.clinicId }, actor.userId) };
    });
    await afterCommit(deps, mails);
    return reply.status(201).send(await answer(request, access, id));
  });

  app.delete('/api/children/:childId/resources/:childResourceId', {
    config: { child: 'plan.edit' },
    schema: { tags, params: ChildResourceParams, response: { 200: Ok } },
  }, async (request) => {
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const row = await given(tx, access, request.params.childResourceId, true);
      await deleteChildResource(tx, row.id);
      await recordAudit(tx, auditContext(request), {
        action: 'child_resource.unassign', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_resource', subjectId: row.id, details: { resourceId: row.resource_id },
      });
    });
    return { ok: true as const };
  });

  // Opening is a write (the therapist sees it), so it is a POST the page sends when it shows the resource.
  app.post('/api/children/:childId/resources/:childResourceId/open', {
    config: { child: 'plan.view' },
    schema: { tags, params: ChildResourceParams, response: { 200: ChildResource } },
  }, async (request) => {
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const row = await given(tx, access, request.params.childResourceId, true);
      await markOpened(tx, row.id, requireActor(request).userId, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'child_resource.open', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_resource', subjectId: row.id,
      });
    });
    return answer(request, access, request.params.childResourceId);
  });

  app.put('/api/children/:childId/resources/:childResourceId/helpful', {
    config: { child: 'plan.view' },
    schema: { tags, params: ChildResourceParams, body: HelpfulRequest, response: { 200: ChildResource } },
  }, async (request) => {
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const row = await given(tx, access, request.params.childResourceId, true);
      await setHelpful(tx, row.id, requireActor(request).userId, request.body.helpful);
      await recordAudit(tx, auditContext(request), {
        action: 'child_resource.helpful', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_resource', subjectId: row.id, details: { helpful: request.body.helpful },
      });
    });
    return answer(request, access, request.params.childResourceId);
  });

  app.get('/api/children/:childId/resources/:childResourceId/file', {
    config: { child: 'plan.view' },
    schema: { tags, params: ChildResourceParams, description: 'The PDF or video’s bytes; supports a single HTTP Range.' },
  }, async (request, reply) => {
    const access = requireChildAccess(request);
    const row = await given(deps.db, access, request.params.childResourceId);
    const resource = await findResource(deps.db, access.clinicId, row.resource_id);
    return sendFile(request, reply, resource?.file_id ?? null, () => recordAudit(deps.db, auditContext(request), {
      action: 'child_resource.file', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_resource', subjectId: row.id,
    }));
  });

  // The family's Resources page: what was given to each child whose plan they may see.
  app.get('/api/family-resources', {
    config: { relatedChildren: true },
    schema: { tags, response: { 200: FamilyResources } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = [...requireRelatedAccess(request).access.values()].filter((a) => a.permissions.includes('plan.view') && a.role !== null && a.role !== 'therapist');
    if (access.length === 0) return { children: [] };
    const [rows, names] = await Promise.all([
      childResources(deps.db, access.map((a) => a.childId)),
      firstNames(deps.db, access.map((a) => a.childId)),
    ]);
    const withAny = access.filter((a) => rows.some((r) => r.child_id === a.childId));
    await Promise.all(withAny.map((a) => recordRead(deps.db, auditContext(request), { action: 'child_resource.list', childId: a.childId, clinicId: a.clinicId, subjectType: 'child', subjectId: a.childId })));
    const children = [];
    for (const c of names) {
      const a = access.find((x) => x.childId === c.id);
      if (!a) continue;
      children.push({ id: c.id, firstName: c.first_name, resources: await presentChildResources(deps.db, a, actor.userId, rows.filter((r) => r.child_id === c.id)) });
    }
    return { children };
  });
}
