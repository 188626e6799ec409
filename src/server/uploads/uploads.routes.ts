// Uploading a file for a child, and reading it back. Files are served only here, under the child,
// to people who may see what the file belongs to; never from a public address.
import { unlink } from 'node:fs/promises';
import { z } from 'zod';
import type { Permission } from '../../contract/access.ts';
import { ChildId } from '../../contract/children.ts';
import { mediaKind, UPLOAD_RULES, uploadUrl, type UploadPurpose } from '../../contract/upload-rules.ts';
import { ChildUploadParams, Upload, UploadQuery, UploadReadQuery } from '../../contract/uploads.ts';
import { isUuid, type ChildAccess } from '../access/access.ts';
import { auditContext, recordAudit } from '../access/audit.ts';
import type { Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { requireActor, requireChildAccess } from '../http/auth.ts';
import { AppError, notFound } from '../http/errors.ts';
import type { App } from '../http/types.ts';
import { putVariants, variantFor, type Variant } from './image.ts';
import { receiveBody } from './receive.ts';
import { sendStored } from './serve.ts';
import { createUploadStore, newStorageKey, type UploadStore } from './store.ts';
import { pictureSize, type OwnerCheck, type OwnerType } from './uploads.service.ts';

export type { OwnerCheck };

/** Who may upload for each use: those who may write what it will belong to. */
const UPLOADER: Record<UploadPurpose, Permission> = {
  practice_image: 'plan.edit',
  practice_clip: 'plan.edit',
  journal_photo: 'journal.write',
  message_attachment: 'messages.send',
};

export function registerUploadRoutes(app: App, deps: Deps, owners: Partial<Record<OwnerType, OwnerCheck>>, store: UploadStore = createUploadStore(deps.config)): void {
  app.post('/api/children/:childId/uploads', {
    config: { child: 'child.view' },
    schema: {
      tags: ['uploads'],
      description: 'The file’s bytes are the request body (any Content-Type; the server decides the type from the bytes).',
      consumes: ['application/octet-stream'],
      // Read by the handler as a stream, never parsed here: the schema only documents it.
      body: z.unknown(),
      params: ChildId, querystring: UploadQuery, response: { 201: Upload },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const purpose = request.query.purpose;
    if (!access.permissions.includes(UPLOADER[purpose])) throw new AppError('forbidden', 403, 'You cannot add files here.');
    const received = await receiveBody(request, UPLOAD_RULES[purpose], 'file', store.incomingDir);
    const key = newStorageKey();
    let variants: Variant[] = [];
    try {
      // A picture's screen-sized copies go to the same store, beside it.
      if (received.image) variants = await putVariants(store, received.file, received.image);
      await store.put(key, received.file, received.contentType);
    } catch (error) {
      await unlink(received.file).catch(() => undefined);
      await Promise.all(variants.map((v) => store.remove(v.key).catch(() => undefined)));
      throw error;
    }
    try {
      const row = await deps.db.transaction().execute(async (tx) => {
        const created = await tx.insertInto('upload').values({
          clinic_id: access.clinicId, child_id: access.childId, uploaded_by: actor.userId, purpose,
          content_type: received.contentType, byte_size: received.byteSize, sha256: received.sha256, storage_key: key, created_at: deps.clock(),
          width: received.image?.width ?? null, height: received.image?.height ?? null, variants: JSON.stringify(variants),
        }).returningAll().executeTakeFirstOrThrow();
        await recordAudit(tx, auditContext(request), {
          action: 'upload.create', childId: access.childId, clinicId: access.clinicId, subjectType: 'upload', subjectId: created.id,
          details: { purpose, type: received.contentType, bytes: received.byteSize },
        });
        return created;
      });
      return reply.status(201).send({
        id: row.id, purpose: row.purpose, contentType: row.content_type, kind: mediaKind(row.content_type), byteSize: row.byte_size, pictureSize: pictureSize(row),
        url: uploadUrl(row.child_id, row.id), createdAt: row.created_at.toISOString(),
      });
    } catch (error) {
      await store.remove(key).catch(() => undefined);
      await Promise.all(variants.map((v) => store.remove(v.key).catch(() => undefined)));
      throw error;
    }
  });

  async function denied(request: Parameters<typeof auditContext>[0], access: ChildAccess, uploadId: string): Promise<AppError> {
    await recordAudit(deps.db, auditContext(request), {
      action: 'access_denied', outcome: 'denied', childId: access.childId, clinicId: access.clinicId, subjectType: 'upload',
      ...(isUuid(uploadId) ? { subjectId: uploadId } : {}), details: { permission: 'upload.view' },
    });
    return notFound();
  }

  app.get('/api/children/:childId/uploads/:uploadId', {
    config: { child: 'child.view' },
    schema: {
      tags: ['uploads'], params: ChildUploadParams, querystring: UploadReadQuery,
      description: 'The file’s bytes; supports a single HTTP Range. For a picture, `w` asks for its WebP copy that fits a screen that wide.',
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { uploadId } = request.params;
    const row = isUuid(uploadId)
      ? await deps.db.selectFrom('upload').selectAll().where('id', '=', uploadId).where('child_id', '=', access.childId).executeTakeFirst()
      : undefined;
    let visible = false;
    if (row) {
      if (row.owner_type === null || row.owner_id === null) visible = row.uploaded_by === actor.userId;
      else visible = (await owners[row.owner_type]?.(deps.db, access, actor.userId, row.owner_id)) ?? false;
    }
    if (!row || !visible) throw await denied(request, access, uploadId);

    // The picture's copy for this width, or the file as uploaded (also for a file that has no copies).
    const variant = request.query.w ? variantFor(row.variants, Number(request.query.w)) : undefined;
    const file = variant
      ? { key: variant.key, size: variant.byteSize, sha256: variant.sha256, type: 'image/webp' }
      : { key: row.storage_key, size: row.byte_size, sha256: row.sha256, type: row.content_type };
    return sendStored(request, reply, store, file, `careteam-${row.purpose.replace('_', '-')}`, () => recordAudit(deps.db, auditContext(request), {
      action: 'upload.read', childId: access.childId, clinicId: access.clinicId, subjectType: 'upload', subjectId: row.id,
      details: { purpose: row.purpose, ...(variant ? { width: variant.width } : {}) },
    }));
  });
}
