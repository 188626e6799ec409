// Quick replies and clinic templates: reusable message texts written by people in any of the
// app's languages. A clinician keeps their own (a therapist with forty children writes the same reminder
// often) and uses the clinic's templates, which only the clinic's admins change. To anyone without
// a clinic role they do not exist (404), before the body is read, as with the strategy library.
import type { FastifyRequest } from 'fastify';
import { sql, type Selectable } from 'kysely';
import { Ok } from '../../../contract/common.ts';
import { QuickReply, QuickReplyInput, QuickReplyList, QuickReplyParams, TemplateParams } from '../../../contract/quick-replies.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { QuickReplyTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/auth.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { isUuid } from '../../access/access.ts';

type Row = Selectable<QuickReplyTable>;

const MAX_PER_OWNER = 200;

function toQuickReply(r: Row, userId: string, isAdmin: boolean): QuickReply {
  const scope = r.owner_id === null ? 'clinic' : 'mine';
  return {
    id: r.id, scope, title: r.title, text: r.text,
    editable: scope === 'mine' ? r.owner_id === userId : isAdmin,
    updatedAt: r.updated_at.toISOString(),
  };
}

const columns = (b: QuickReplyInput) => ({ title: JSON.stringify(b.title), text: JSON.stringify(b.text) });

/** The signed-in person's clinic and role; not a clinician → 404. */
function clinicOf(request: FastifyRequest) {
  const actor = requireActor(request);
  const clinic = actor.clinics[0];
  if (!clinic) throw notFound();
  return { actor, clinicId: clinic.clinicId, isAdmin: actor.clinics.some((c) => c.role === 'admin' && c.clinicId === clinic.clinicId) };
}

function requireAdmin(request: FastifyRequest) {
  const actor = requireActor(request);
  const clinic = actor.clinics.find((c) => c.role === 'admin');
  if (!clinic) throw notFound();
  return { actor, clinicId: clinic.clinicId };
}

/** The quick replies and templates a clinician may use: their own and their clinic's. */
export async function usableQuickReplies(db: Executor, clinicId: string, userId: string): Promise<Row[]> {
  return db.selectFrom('quick_reply').selectAll().where('clinic_id', '=', clinicId)
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', userId)]))
    .orderBy(sql`owner_id is null`).orderBy('updated_at', 'desc').execute();
}

/** One quick reply or template this person may use, or undefined. */
export async function findUsableQuickReply(db: Executor, userId: string, quickReplyId: string): Promise<Row | undefined> {
  if (!isUuid(quickReplyId)) return undefined;
  return db.selectFrom('quick_reply as q').selectAll('q')
    .innerJoin('clinic_member as cm', (j) => j.onRef('cm.clinic_id', '=', 'q.clinic_id').on('cm.user_id', '=', userId))
    .where('q.id', '=', quickReplyId)
    .where((eb) => eb.or([eb('q.owner_id', 'is', null), eb('q.owner_id', '=', userId)]))
    .executeTakeFirst();
}

export function registerQuickReplyRoutes(app: App, deps: Deps): void {
  const clinicians = {
    preValidation: async (request: FastifyRequest) => {
      if (!request.actor?.clinics.length) throw notFound();
    },
  };

  async function lockOwn(tx: Executor, clinicId: string, userId: string, id: string): Promise<Row> {
    if (!isUuid(id)) throw notFound();
    const row = await tx.selectFrom('quick_reply').selectAll().where('id', '=', id).where('clinic_id', '=', clinicId)
      .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', userId)])).forUpdate().executeTakeFirst();
    if (!row) throw notFound();
    if (row.owner_id === null) throw new AppError('forbidden', 403, 'Clinic templates are kept by the clinic’s admins.');
    return row;
  }

  async function lockTemplate(tx: Executor, clinicId: string, id: string): Promise<Row> {
    if (!isUuid(id)) throw notFound();
    const row = await tx.selectFrom('quick_reply').selectAll().where('id', '=', id).where('clinic_id', '=', clinicId)
      .where('owner_id', 'is', null).forUpdate().executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  // ---- A clinician's own quick replies, and the clinic's templates to use ------------------

  app.get('/api/quick-replies', {
    ...clinicians,
    schema: { tags: ['quick replies'], response: { 200: QuickReplyList } },
  }, async (request) => {
    const { actor, clinicId, isAdmin } = clinicOf(request);
    const rows = await usableQuickReplies(deps.db, clinicId, actor.userId);
    return { quickReplies: rows.map((r) => toQuickReply(r, actor.userId, isAdmin)) };
  });

  app.post('/api/quick-replies', {
    ...clinicians,
    schema: { tags: ['quick replies'], body: QuickReplyInput, response: { 201: QuickReply } },
  }, async (request, reply) => {
    const { actor, clinicId, isAdmin } = clinicOf(request);
    const values = columns(request.body);
    const row = await deps.db.transaction().execute(async (tx) => {
      const count = await tx.selectFrom('quick_reply').select((eb) => eb.fn.countAll<string>().as('n')).where('owner_id', '=', actor.userId).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_PER_OWNER) throw new AppError('conflict', 409, `Keep at most ${MAX_PER_OWNER} quick replies; delete one you no longer use.`);
      const created = await tx.insertInto('quick_reply').values({ clinic_id: clinicId, owner_id: actor.userId, created_by: actor.userId, updated_at: deps.clock(), ...values })
        .returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'quick_reply.create', clinicId, subjectType: 'quick_reply', subjectId: created.id });
      return created;
    });
    return reply.status(201).send(toQuickReply(row, actor.userId, isAdmin));
  });

  app.put('/api/quick-replies/:quickReplyId', {
    ...clinicians,
    schema: { tags: ['quick replies'], params: QuickReplyParams, body: QuickReplyInput, response: { 200: QuickReply } },
  }, async (request) => {
    const { actor, clinicId, isAdmin } = clinicOf(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockOwn(tx, clinicId, actor.userId, request.params.quickReplyId);
      const values = columns(request.body);
      const updated = await tx.updateTable('quick_reply').set({ ...values, updated_at: deps.clock() }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'quick_reply.update', clinicId, subjectType: 'quick_reply', subjectId: current.id });
      return updated;
    });
    return toQuickReply(row, actor.userId, isAdmin);
  });

  app.delete('/api/quick-replies/:quickReplyId', {
    ...clinicians,
    schema: { tags: ['quick replies'], params: QuickReplyParams, response: { 200: Ok } },
  }, async (request) => {
    const { actor, clinicId } = clinicOf(request);
    await deps.db.transaction().execute(async (tx) => {
      const current = await lockOwn(tx, clinicId, actor.userId, request.params.quickReplyId);
      await tx.deleteFrom('quick_reply').where('id', '=', current.id).execute();
      await recordAudit(tx, auditContext(request), { action: 'quick_reply.delete', clinicId, subjectType: 'quick_reply', subjectId: current.id });
    });
    return { ok: true as const };
  });

  // ---- The clinic's templates, kept by its admins -------------------------------------------

  const admin = { config: { clinicAdmin: true } };

  app.get('/api/admin/templates', { ...admin, schema: { tags: ['admin'], response: { 200: QuickReplyList } } }, async (request) => {
    const { actor, clinicId } = requireAdmin(request);
    const rows = await deps.db.selectFrom('quick_reply').selectAll().where('clinic_id', '=', clinicId).where('owner_id', 'is', null)
      .orderBy('updated_at', 'desc').execute();
    return { quickReplies: rows.map((r) => toQuickReply(r, actor.userId, true)) };
  });

  app.post('/api/admin/templates', {
    ...admin,
    schema: { tags: ['admin'], body: QuickReplyInput, response: { 201: QuickReply } },
  }, async (request, reply) => {
    const { actor, clinicId } = requireAdmin(request);
    const values = columns(request.body);
    const row = await deps.db.transaction().execute(async (tx) => {
      const created = await tx.insertInto('quick_reply').values({ clinic_id: clinicId, owner_id: null, created_by: actor.userId, updated_at: deps.clock(), ...values })
        .returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'template.create', clinicId, subjectType: 'quick_reply', subjectId: created.id });
      return created;
    });
    return reply.status(201).send(toQuickReply(row, actor.userId, true));
  });

  app.put('/api/admin/templates/:templateId', {
    ...admin,
    schema: { tags: ['admin'], params: TemplateParams, body: QuickReplyInput, response: { 200: QuickReply } },
  }, async (request) => {
    const { actor, clinicId } = requireAdmin(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockTemplate(tx, clinicId, request.params.templateId);
      const values = columns(request.body);
      const updated = await tx.updateTable('quick_reply').set({ ...values, updated_at: deps.clock() }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'template.update', clinicId, subjectType: 'quick_reply', subjectId: current.id });
      return updated;
    });
    return toQuickReply(row, actor.userId, true);
  });

  app.delete('/api/admin/templates/:templateId', {
    ...admin,
    schema: { tags: ['admin'], params: TemplateParams, response: { 200: Ok } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    await deps.db.transaction().execute(async (tx) => {
      const current = await lockTemplate(tx, clinicId, request.params.templateId);
      await tx.deleteFrom('quick_reply').where('id', '=', current.id).execute();
      await recordAudit(tx, auditContext(request), { action: 'template.delete', clinicId, subjectType: 'quick_reply', subjectId: current.id });
    });
    return { ok: true as const };
  });
}
