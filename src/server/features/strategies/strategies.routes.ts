// Strategies, the same everywhere: the clinic library (CareTeam's starter strategies plus the
// clinic's own) and the strategies attached to a child's goals, marked for home, therapy, school.
import { readFile, unlink } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Selectable } from 'kysely';
import { ChildId } from '../../../contract/children.ts';
import { Ok } from '../../../contract/common.ts';
import type { Setting } from '../../../contract/plan.ts';
import {
  AttachStrategyRequest, ChildStrategy, ChildStrategyList, ChildStrategyParams, CreateStrategyRequest, Strategy, StrategyList,
  StrategyImageQuery, StrategyParams, StrategyQuery, UpdateChildStrategyRequest, UpdateStrategyRequest, type StrategyContent,
} from '../../../contract/strategies.ts';
import { isUuid, type ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { ChildStrategyTable, StrategyTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { IMAGE_TYPES } from '../../../contract/upload-rules.ts';
import { receiveBody } from '../../uploads/receive.ts';
import { smallCopy } from '../../uploads/image.ts';
import { incomingDirOf } from '../../uploads/store.ts';

type StrategyRow = Selectable<StrategyTable>;
type ChildStrategyRow = Selectable<ChildStrategyTable>;

/** A strategy's picture lives in its row: PNG, JPEG or WebP, at most 2 MB. */
const STRATEGY_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
const STRATEGY_COLUMNS = [
  'id', 'clinic_id', 'starter_key', 'copied_from', 'settings', 'content', 'created_by', 'created_at', 'updated_at',
  sql<boolean>`image is not null`.as('has_image'),
] as const;

function clinicOf(request: FastifyRequest): string {
  const clinic = requireActor(request).clinics[0];
  if (!clinic) throw notFound();
  return clinic.clinicId;
}

function toStrategy(row: Omit<StrategyRow, 'image' | 'image_type' | 'image_small'> & { has_image: boolean }, clinicId: string | null): Strategy {
  return {
    id: row.id,
    starter: row.clinic_id === null,
    copiedFrom: row.copied_from,
    settings: row.settings as Setting[],
    content: row.content,
    editable: clinicId !== null && row.clinic_id === clinicId,
    hasImage: row.has_image,
    updatedAt: row.updated_at.toISOString(),
  };
}

function checkContent(content: StrategyContent): string {
  if (!content.en && !content.es) throw badField('content', 'Write the strategy in English, Spanish or both.');
  return JSON.stringify(content);
}

const nameOf = (s: Strategy, locale: string) => (locale === 'es' ? s.content.es ?? s.content.en : s.content.en ?? s.content.es)?.name ?? '';

/** A strategy this clinic may read: a starter one or its own. */
async function findStrategy(db: Executor, clinicId: string, strategyId: string, lock = false) {
  if (!isUuid(strategyId)) return undefined;
  let q = db.selectFrom('strategy').select(STRATEGY_COLUMNS).where('id', '=', strategyId)
    .where((eb) => eb.or([eb('clinic_id', 'is', null), eb('clinic_id', '=', clinicId)]));
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A teacher sees only what is used at school, and only the goals shared with school. */
const teacherSees = (access: ChildAccess, settings: readonly string[]) => access.role !== 'teacher' || settings.includes('school');

async function presentChildStrategies(db: Executor, access: ChildAccess, rows: ChildStrategyRow[]): Promise<ChildStrategy[]> {
  const visible = rows.filter((r) => teacherSees(access, r.settings));
  if (visible.length === 0) return [];
  const strategies = await db.selectFrom('strategy').select(STRATEGY_COLUMNS).where('id', 'in', visible.map((r) => r.strategy_id)).execute();
  const byId = new Map(strategies.map((s) => [s.id, s]));
  const links = await db.selectFrom('child_strategy_goal as l').innerJoin('goal as g', 'g.id', 'l.goal_id')
    .select(['l.child_strategy_id', 'g.id', 'g.statement', 'g.settings', 'g.priority', 'g.created_at'])
    .where('l.child_strategy_id', 'in', visible.map((r) => r.id))
    .orderBy('g.priority').orderBy('g.created_at')
    .execute();
  return visible.flatMap((r) => {
    const s = byId.get(r.strategy_id);
    if (!s) return [];
    return [{
      id: r.id,
      childId: r.child_id,
      strategy: toStrategy(s, null),
      settings: r.settings as Setting[],
      goals: links.filter((l) => l.child_strategy_id === r.id && teacherSees(access, l.settings)).map((l) => ({ id: l.id, statement: l.statement })),
      note: r.note,
      updatedAt: r.updated_at.toISOString(),
    }];
  });
}

/** The goal ids must all be this child's goals. */
async function checkGoals(db: Executor, childId: string, goalIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(goalIds)];
  const found = await db.selectFrom('goal').select('id').where('child_id', '=', childId).where('id', 'in', unique).execute();
  if (found.length !== unique.length) throw badField('goalIds', 'Choose goals from this child’s plan.');
  return unique;
}

export function registerStrategyRoutes(app: App, deps: Deps): void {
  /**
   * The library belongs to clinicians (therapists and admins of a clinic), and a clinic's own
   * strategies to that clinic. To anyone else they do not exist, before the body is even read,
   * as with the admin pages and a child's record.
   */
  const library = {
    preValidation: async (request: FastifyRequest) => {
      if (!request.actor?.clinics.length) throw notFound();
      const strategyId = (request.params as { strategyId?: unknown }).strategyId;
      if (typeof strategyId === 'string' && !(await findStrategy(deps.db, clinicOf(request), strategyId))) throw notFound();
    },
  };

  app.get('/api/strategies', {
    ...library,
    schema: { tags: ['strategies'], querystring: StrategyQuery, response: { 200: StrategyList } },
  }, async (request) => {
    const clinicId = clinicOf(request);
    const { q, setting } = request.query;
    let query = deps.db.selectFrom('strategy').select(STRATEGY_COLUMNS)
      .where((eb) => eb.or([eb('clinic_id', 'is', null), eb('clinic_id', '=', clinicId)]));
    if (setting) query = query.where(sql<boolean>`${setting} = any(settings)`);
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
      // Any field in any language, but not the JSON keys themselves.
      query = query.where(sql<boolean>`exists (select 1 from jsonb_each(strategy.content) l, jsonb_each(l.value) f where f.value::text ilike ${pattern})`);
    }
    const rows = await query.execute();
    const locale = requireActor(request).locale;
    // The clinic's own first; when searching, names that match before steps that mention it.
    const needle = q?.toLocaleLowerCase(locale) ?? '';
    const named = (s: Strategy) => (needle && [s.content.en, s.content.es].some((c) => c?.name.toLocaleLowerCase(locale).includes(needle)) ? 0 : 1);
    const strategies = rows.map((r) => toStrategy(r, clinicId))
      .sort((a, b) => Number(a.starter) - Number(b.starter) || named(a) - named(b) || nameOf(a, locale).localeCompare(nameOf(b, locale), locale, { ignorePunctuation: true }));
    return { strategies };
  });

  app.get('/api/strategies/:strategyId', {
    ...library,
    schema: { tags: ['strategies'], params: StrategyParams, response: { 200: Strategy } },
  }, async (request) => {
    const clinicId = clinicOf(request);
    const row = await findStrategy(deps.db, clinicId, request.params.strategyId);
    if (!row) throw notFound();
    return toStrategy(row, clinicId);
  });

  app.post('/api/strategies', {
    ...library,
    schema: { tags: ['strategies'], body: CreateStrategyRequest, response: { 201: Strategy } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const clinicId = clinicOf(request);
    const content = checkContent(request.body.content);
    const row = await deps.db.transaction().execute(async (tx) => {
      const created = await tx.insertInto('strategy').values({
        clinic_id: clinicId, settings: [...new Set(request.body.settings)], content, created_by: actor.userId, updated_at: deps.clock(),
      }).returning(STRATEGY_COLUMNS).executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'strategy.create', clinicId, subjectType: 'strategy', subjectId: created.id });
      return created;
    });
    return reply.status(201).send(toStrategy(row, clinicId));
  });

  app.patch('/api/strategies/:strategyId', {
    ...library,
    schema: { tags: ['strategies'], params: StrategyParams, body: UpdateStrategyRequest, response: { 200: Strategy } },
  }, async (request) => {
    const clinicId = clinicOf(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await findStrategy(tx, clinicId, request.params.strategyId, true);
      if (!current) throw notFound();
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, 'Starter strategies are read-only. Copy it to adapt it for your clinic.');
      const updated = await tx.updateTable('strategy').set({
        ...(b.settings ? { settings: [...new Set(b.settings)] } : {}),
        ...(b.content ? { content: checkContent(b.content) } : {}),
        updated_at: deps.clock(),
      }).where('id', '=', current.id).returning(STRATEGY_COLUMNS).executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'strategy.update', clinicId, subjectType: 'strategy', subjectId: current.id, details: { fields: Object.keys(b) },
      });
      return updated;
    });
    return toStrategy(row, clinicId);
  });

  app.post('/api/strategies/:strategyId/copy', {
    ...library,
    schema: { tags: ['strategies'], params: StrategyParams, response: { 201: Strategy } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const clinicId = clinicOf(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const source = await findStrategy(tx, clinicId, request.params.strategyId);
      if (!source) throw notFound();
      const created = await tx.insertInto('strategy').values({
        clinic_id: clinicId, copied_from: source.id, settings: source.settings, content: JSON.stringify(source.content),
        created_by: actor.userId, updated_at: deps.clock(),
      }).returning(STRATEGY_COLUMNS).executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'strategy.copy', clinicId, subjectType: 'strategy', subjectId: created.id, details: { from: source.id },
      });
      return created;
    });
    return reply.status(201).send(toStrategy(row, clinicId));
  });

  // ---- The picture: stored in the row, served only through these access-checked routes ------

  /** The picture, or with w its small copy (a picture from before copies were made is its own). */
  async function sendImage(reply: FastifyReply, strategyId: string, w: string | undefined) {
    const row = await deps.db.selectFrom('strategy').select(['image', 'image_type', 'image_small']).where('id', '=', strategyId).executeTakeFirst();
    if (!row?.image || !row.image_type) throw notFound();
    const small = w && row.image_small ? row.image_small : null;
    return reply.type(small ? 'image/webp' : row.image_type).header('Content-Disposition', 'attachment; filename="strategy-picture"').send(small ?? row.image);
  }

  app.get('/api/strategies/:strategyId/image', {
    ...library,
    schema: { tags: ['strategies'], params: StrategyParams, querystring: StrategyImageQuery },
  }, async (request, reply) => sendImage(reply, request.params.strategyId, request.query.w));

  app.put('/api/strategies/:strategyId/image', {
    ...library,
    schema: { tags: ['strategies'], params: StrategyParams, response: { 200: Strategy } },
  }, async (request) => {
    const clinicId = clinicOf(request);
    // The picture is kept in the strategy's row, so it stays small.
    const received = await receiveBody(request, { types: IMAGE_TYPES, maxBytes: STRATEGY_IMAGE_MAX_BYTES }, 'image', incomingDirOf(deps.config));
    const [image, small] = await Promise.all([readFile(received.file), smallCopy(received.file)]).finally(() => unlink(received.file));
    const type = received.contentType;
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await findStrategy(tx, clinicId, request.params.strategyId, true);
      if (!current) throw notFound();
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, 'Starter strategies are read-only. Copy it to adapt it for your clinic.');
      const updated = await tx.updateTable('strategy').set({ image, image_type: type, image_small: small, updated_at: deps.clock() })
        .where('id', '=', current.id).returning(STRATEGY_COLUMNS).executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'strategy.image', clinicId, subjectType: 'strategy', subjectId: current.id, details: { type, bytes: image.length },
      });
      return updated;
    });
    return toStrategy(row, clinicId);
  });

  app.delete('/api/strategies/:strategyId/image', {
    ...library,
    schema: { tags: ['strategies'], params: StrategyParams, response: { 200: Strategy } },
  }, async (request) => {
    const clinicId = clinicOf(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await findStrategy(tx, clinicId, request.params.strategyId, true);
      if (!current) throw notFound();
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, 'Starter strategies are read-only. Copy it to adapt it for your clinic.');
      const updated = await tx.updateTable('strategy').set({ image: null, image_type: null, image_small: null, updated_at: deps.clock() })
        .where('id', '=', current.id).returning(STRATEGY_COLUMNS).executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'strategy.image_remove', clinicId, subjectType: 'strategy', subjectId: current.id });
      return updated;
    });
    return toStrategy(row, clinicId);
  });

  // ---- A child's strategies ---------------------------------------------------------------

  async function lockChildStrategy(tx: Executor, access: ChildAccess, id: string, lock = true): Promise<ChildStrategyRow> {
    if (!isUuid(id)) throw notFound();
    let q = tx.selectFrom('child_strategy').selectAll().where('id', '=', id).where('child_id', '=', access.childId);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row || !teacherSees(access, row.settings)) throw notFound();
    return row;
  }

  async function answer(access: ChildAccess, row: ChildStrategyRow): Promise<ChildStrategy> {
    const [out] = await presentChildStrategies(deps.db, access, [row]);
    if (!out) throw notFound();
    return out;
  }

  app.get('/api/children/:childId/strategies', {
    config: { child: 'plan.view' },
    schema: { tags: ['strategies'], params: ChildId, response: { 200: ChildStrategyList } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'child_strategy.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return deps.db.selectFrom('child_strategy').selectAll().where('child_id', '=', access.childId).orderBy('created_at').execute();
    });
    const therapists = await deps.db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select('u.name').where('m.child_id', '=', access.childId).where('m.role', '=', 'therapist').where('m.revoked_at', 'is', null)
      .orderBy('m.created_at').execute();
    return { strategies: await presentChildStrategies(deps.db, access, rows), therapists: therapists.map((t) => t.name) };
  });

  app.post('/api/children/:childId/strategies', {
    config: { child: 'plan.edit' },
    schema: { tags: ['strategies'], params: ChildId, body: AttachStrategyRequest, response: { 201: ChildStrategy } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      const strategy = await findStrategy(tx, access.clinicId, b.strategyId);
      if (!strategy) throw badField('strategyId', 'Choose a strategy from the clinic library.');
      const goalIds = await checkGoals(tx, access.childId, b.goalIds);
      const taken = await tx.selectFrom('child_strategy').select('id').where('child_id', '=', access.childId).where('strategy_id', '=', strategy.id).executeTakeFirst();
      if (taken) throw new AppError('conflict', 409, 'This strategy is already on the child’s list; change it there instead.', [{ path: ['strategyId'], message: 'Already attached.' }]);
      const created = await tx.insertInto('child_strategy').values({
        clinic_id: access.clinicId, child_id: access.childId, strategy_id: strategy.id, settings: [...new Set(b.settings)], note: b.note,
        created_by: actor.userId, updated_at: deps.clock(),
      }).returningAll().executeTakeFirstOrThrow();
      await tx.insertInto('child_strategy_goal').values(goalIds.map((goal_id) => ({ child_strategy_id: created.id, goal_id }))).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'child_strategy.attach', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_strategy', subjectId: created.id,
        details: { strategyId: strategy.id, goalIds, settings: created.settings },
      });
      return created;
    });
    return reply.status(201).send(await answer(access, row));
  });

  app.patch('/api/children/:childId/strategies/:childStrategyId', {
    config: { child: 'plan.edit' },
    schema: { tags: ['strategies'], params: ChildStrategyParams, body: UpdateChildStrategyRequest, response: { 200: ChildStrategy } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      const current = await lockChildStrategy(tx, access, request.params.childStrategyId);
      const goalIds = b.goalIds ? await checkGoals(tx, access.childId, b.goalIds) : null;
      const updated = await tx.updateTable('child_strategy').set({
        ...(b.settings ? { settings: [...new Set(b.settings)] } : {}),
        ...(b.note !== undefined ? { note: b.note } : {}),
        updated_at: deps.clock(),
      }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      if (goalIds) {
        await tx.deleteFrom('child_strategy_goal').where('child_strategy_id', '=', current.id).execute();
        await tx.insertInto('child_strategy_goal').values(goalIds.map((goal_id) => ({ child_strategy_id: current.id, goal_id }))).execute();
      }
      await recordAudit(tx, auditContext(request), {
        action: 'child_strategy.update', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_strategy', subjectId: current.id,
        details: { fields: Object.keys(b), settings: updated.settings, ...(goalIds ? { goalIds } : {}) },
      });
      return updated;
    });
    return answer(access, row);
  });

  app.delete('/api/children/:childId/strategies/:childStrategyId', {
    config: { child: 'plan.edit' },
    schema: { tags: ['strategies'], params: ChildStrategyParams, response: { 200: Ok } },
  }, async (request) => {
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const current = await lockChildStrategy(tx, access, request.params.childStrategyId);
      await tx.deleteFrom('child_strategy').where('id', '=', current.id).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'child_strategy.detach', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_strategy', subjectId: current.id,
        details: { strategyId: current.strategy_id, settings: current.settings },
      });
    });
    return { ok: true as const };
  });

  app.get('/api/children/:childId/strategies/:childStrategyId/image', {
    config: { child: 'plan.view' },
    schema: { tags: ['strategies'], params: ChildStrategyParams, querystring: StrategyImageQuery },
  }, async (request, reply) => {
    const access = requireChildAccess(request);
    const row = await lockChildStrategy(deps.db, access, request.params.childStrategyId, false);
    return sendImage(reply, row.strategy_id, request.query.w);
  });
}
