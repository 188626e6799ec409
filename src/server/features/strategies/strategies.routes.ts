// Strategies, the same everywhere: the clinic library (CareTeam's starter strategies plus the
// clinic's own), the strategies attached to a child's goals, marked for home, therapy, school, and
// "did it help?": whoever used one today says so, counted in their own setting.
import { readFile, unlink } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChildId } from '../../../contract/children.ts';
import { LOCALES, Ok } from '../../../contract/common.ts';
import {
  AttachStrategyRequest, ChildStrategy, ChildStrategyList, ChildStrategyParams, CreateStrategyRequest, LogStrategyUseRequest, Strategy, StrategyImageQuery,
  StrategyList, StrategyParams, StrategyQuery, StrategyUse, TodayStrategies, UpdateChildStrategyRequest, UpdateStrategyRequest, type StrategyContent,
} from '../../../contract/strategies.ts';
import { strategyNameFor, strategyNames } from '../../../contract/strategy-name.ts';
import type { ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit, recordRead } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess, requireRelatedAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { IMAGE_TYPES } from '../../../contract/upload-rules.ts';
import { receiveBody } from '../../uploads/receive.ts';
import { smallCopy } from '../../uploads/image.ts';
import { incomingDirOf } from '../../uploads/store.ts';
import { addDays, localDate } from '../children/calendar.ts';
import {
  childGoalIds, childHasStrategy, childStrategies, childClocks, deleteChildStrategy, findChildStrategy, findStrategy, insertChildStrategy,
  insertStrategy, insertUse, searchLibrary, strategyImage, therapistNames, updateChildStrategy, updateStrategy, usesSince, type ChildStrategyRow,
} from './strategies.repository.ts';
import { presentChildStrategies, teacherSees, toStrategy, withChildStrategyTranslations, withStrategyTranslations } from './strategies.service.ts';
import { USE_DAYS_BACK, settingOfRole, windowStart } from './strategy-use.ts';

/** A strategy's picture lives in its row: PNG, JPEG or WebP, at most 2 MB. */
const STRATEGY_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

function clinicOf(request: FastifyRequest): string {
  const clinic = requireActor(request).clinics[0];
  if (!clinic) throw notFound();
  return clinic.clinicId;
}

function checkContent(content: StrategyContent): string {
  if (!LOCALES.some((l) => content[l])) {
    throw badField('content', 'Write the strategy in at least one language: English, Spanish, Chinese, Vietnamese, Arabic, Portuguese or French.');
  }
  return JSON.stringify(content);
}

/** The goal ids must all be this child's goals. */
async function checkGoals(db: Executor, childId: string, goalIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(goalIds)];
  const found = await childGoalIds(db, childId, unique);
  if (found.length !== unique.length) throw badField('goalIds', 'Choose goals from this child’s plan.');
  return unique;
}

/** Where the reader's "used it today" counts: their setting, when they may log uses at all. */
const loggerSetting = (access: ChildAccess) =>
  access.permissions.includes('plan.view') && access.permissions.includes('plan.measure') ? settingOfRole(access.role) : null;

const READ_ONLY = 'Starter strategies are read-only. Copy it to adapt it for your clinic.';

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
    const locale = requireActor(request).locale;
    const rows = await searchLibrary(deps.db, clinicId, { q, setting, reader: locale });
    const strategies = await withStrategyTranslations(deps, clinicId, rows.map((r) => toStrategy(r, clinicId)), locale);
    // The clinic's own first; when searching, names that match (as written or as the reader reads them) before steps that mention it.
    const needle = q?.toLocaleLowerCase(locale) ?? '';
    const names = new Map(strategies.map((s) => [s.id, strategyNames(s).map((n) => n.toLocaleLowerCase(locale))]));
    const named = (s: Strategy) => (needle && names.get(s.id)?.some((n) => n.includes(needle)) ? 0 : 1);
    const nameOf = (s: Strategy) => strategyNameFor(s, locale);
    return {
      strategies: strategies.sort((a, b) => Number(a.starter) - Number(b.starter) || named(a) - named(b) || nameOf(a).localeCompare(nameOf(b), locale, { ignorePunctuation: true })),
    };
  });

  app.get('/api/strategies/:strategyId', {
    ...library,
    schema: { tags: ['strategies'], params: StrategyParams, response: { 200: Strategy } },
  }, async (request) => {
    const clinicId = clinicOf(request);
    const row = await findStrategy(deps.db, clinicId, request.params.strategyId);
    if (!row) throw notFound();
    const [strategy] = await withStrategyTranslations(deps, clinicId, [toStrategy(row, clinicId)], requireActor(request).locale);
    return strategy;
  });

  app.post('/api/strategies', {
    ...library,
    schema: { tags: ['strategies'], body: CreateStrategyRequest, response: { 201: Strategy } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const clinicId = clinicOf(request);
    const content = checkContent(request.body.content);
    const row = await deps.db.transaction().execute(async (tx) => {
      const created = await insertStrategy(tx, {
        clinic_id: clinicId, settings: [...new Set(request.body.settings)], content, created_by: actor.userId, updated_at: deps.clock(),
      });
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
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, READ_ONLY);
      const updated = await updateStrategy(tx, current.id, {
        ...(b.settings ? { settings: [...new Set(b.settings)] } : {}),
        ...(b.content ? { content: checkContent(b.content) } : {}),
        updated_at: deps.clock(),
      });
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
      const created = await insertStrategy(tx, {
        clinic_id: clinicId, copied_from: source.id, settings: source.settings, content: JSON.stringify(source.content),
        created_by: actor.userId, updated_at: deps.clock(),
      });
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
    const row = await strategyImage(deps.db, strategyId);
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
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, READ_ONLY);
      const updated = await updateStrategy(tx, current.id, { image, image_type: type, image_small: small, updated_at: deps.clock() });
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
      if (current.clinic_id !== clinicId) throw new AppError('forbidden', 403, READ_ONLY);
      const updated = await updateStrategy(tx, current.id, { image: null, image_type: null, image_small: null, updated_at: deps.clock() });
      await recordAudit(tx, auditContext(request), { action: 'strategy.image_remove', clinicId, subjectType: 'strategy', subjectId: current.id });
      return updated;
    });
    return toStrategy(row, clinicId);
  });

  // ---- A child's strategies ---------------------------------------------------------------

  async function lockChildStrategy(tx: Executor, access: ChildAccess, id: string, lock = true): Promise<ChildStrategyRow> {
    const row = await findChildStrategy(tx, access.childId, id, lock);
    if (!row || !teacherSees(access, row.settings)) throw notFound();
    return row;
  }

  /** The child's calendar date now. */
  async function todayOf(db: Executor, childId: string): Promise<string> {
    return localDate(deps.clock(), (await childClocks(db, [childId])).get(childId)?.timeZone ?? 'UTC');
  }

  async function answer(request: FastifyRequest, access: ChildAccess, row: ChildStrategyRow): Promise<ChildStrategy> {
    const actor = requireActor(request);
    const presented = await presentChildStrategies(deps.db, access, actor.userId, [row], await todayOf(deps.db, access.childId));
    const [out] = await withChildStrategyTranslations(deps, access.clinicId, presented, actor.locale);
    if (!out) throw notFound();
    return out;
  }

  app.get('/api/children/:childId/strategies', {
    config: { child: 'plan.view' },
    schema: { tags: ['strategies'], params: ChildId, response: { 200: ChildStrategyList } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'child_strategy.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return childStrategies(deps.db, [access.childId]);
    });
    const [therapists, today] = await Promise.all([therapistNames(deps.db, access.childId), todayOf(deps.db, access.childId)]);
    return {
      strategies: await withChildStrategyTranslations(deps, access.clinicId, await presentChildStrategies(deps.db, access, actor.userId, rows, today), actor.locale),
      therapists,
      today,
      mySetting: loggerSetting(access),
    };
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
      if (await childHasStrategy(tx, access.childId, strategy.id)) throw new AppError('conflict', 409, 'This strategy is already on the child’s list; change it there instead.', [{ path: ['strategyId'], message: 'Already attached.' }]);
      const created = await insertChildStrategy(tx, {
        clinic_id: access.clinicId, child_id: access.childId, strategy_id: strategy.id, settings: [...new Set(b.settings)], note: b.note,
        created_by: actor.userId, updated_at: deps.clock(),
      }, goalIds);
      await recordAudit(tx, auditContext(request), {
        action: 'child_strategy.attach', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_strategy', subjectId: created.id,
        details: { strategyId: strategy.id, goalIds, settings: created.settings },
      });
      return created;
    });
    return reply.status(201).send(await answer(request, access, row));
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
      const updated = await updateChildStrategy(tx, current.id, {
        ...(b.settings ? { settings: [...new Set(b.settings)] } : {}),
        ...(b.note !== undefined ? { note: b.note } : {}),
        updated_at: deps.clock(),
      }, goalIds);
      await recordAudit(tx, auditContext(request), {
        action: 'child_strategy.update', childId: access.childId, clinicId: access.clinicId, subjectType: 'child_strategy', subjectId: current.id,
        details: { fields: Object.keys(b), settings: updated.settings, ...(goalIds ? { goalIds } : {}) },
      });
      return updated;
    });
    return answer(request, access, row);
  });

  app.delete('/api/children/:childId/strategies/:childStrategyId', {
    config: { child: 'plan.edit' },
    schema: { tags: ['strategies'], params: ChildStrategyParams, response: { 200: Ok } },
  }, async (request) => {
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const current = await lockChildStrategy(tx, access, request.params.childStrategyId);
      await deleteChildStrategy(tx, current.id);
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

  // ---- Did it help? -------------------------------------------------------------------------

  app.post('/api/children/:childId/strategies/:childStrategyId/uses', {
    config: { child: 'plan.measure' },
    schema: { tags: ['strategies'], params: ChildStrategyParams, body: LogStrategyUseRequest, response: { 201: StrategyUse } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const setting = loggerSetting(access);
    const role = access.role;
    // Someone who cannot read the child's strategies cannot say one helped.
    if (!setting || !role) throw notFound();
    const b = request.body;
    const { row, childStrategyId } = await deps.db.transaction().execute(async (tx) => {
      const current = await lockChildStrategy(tx, access, request.params.childStrategyId, false);
      const today = await todayOf(tx, access.childId);
      if (b.date > today) throw badField('date', 'The date cannot be in the future.');
      if (b.date < addDays(today, -USE_DAYS_BACK)) throw badField('date', `A use can be logged up to ${USE_DAYS_BACK} days back.`);
      const use = await insertUse(tx, {
        clinic_id: access.clinicId, child_id: access.childId, strategy_id: current.strategy_id, used_on: b.date, setting, helped: b.helped, note: b.note,
        logged_by: actor.userId, logger_role: role,
      });
      await recordAudit(tx, auditContext(request), {
        action: 'strategy_use.log', childId: access.childId, clinicId: access.clinicId, subjectType: 'strategy_use', subjectId: use.id,
        details: { childStrategyId: current.id, strategyId: current.strategy_id, setting, helped: b.helped },
      });
      return { row: use, childStrategyId: current.id };
    });
    return reply.status(201).send({
      id: row.id, childStrategyId, date: row.used_on, setting: row.setting, helped: row.helped, note: row.note, at: row.created_at.toISOString(),
    });
  });

  // Today: for each child the reader looks after at home, the strategies used at home, to log in two taps.
  app.get('/api/today/strategies', {
    config: { relatedChildren: true },
    schema: { tags: ['strategies'], response: { 200: TodayStrategies } },
  }, async (request) => {
    const actor = requireActor(request);
    const related = requireRelatedAccess(request);
    const family = [...related.access.values()].filter((a) => (a.role === 'guardian' || a.role === 'caregiver') && loggerSetting(a) === 'home');
    if (family.length === 0) return { children: [] };
    const ids = family.map((a) => a.childId);
    const [children, rows] = await Promise.all([childClocks(deps.db, ids), childStrategies(deps.db, ids)]);
    const home = rows.filter((r) => r.settings.includes('home'));
    const todays = new Map(ids.map((id) => [id, localDate(deps.clock(), children.get(id)?.timeZone ?? 'UTC')]));
    const earliest = [...todays.values()].sort()[0] ?? localDate(deps.clock(), 'UTC');
    const withHome = family.filter((a) => home.some((r) => r.child_id === a.childId));
    const [uses] = await Promise.all([
      usesSince(deps.db, withHome.map((a) => a.childId), windowStart(earliest)),
      ...[...Map.groupBy(withHome, (a) => a.clinicId)].map(([clinicId, list]) => recordRead(deps.db, auditContext(request), {
        action: 'child_strategy.today', clinicId, subjectType: 'user', subjectId: actor.userId, details: { childIds: list.map((a) => a.childId) },
      })),
    ]);
    return {
      children: await Promise.all(withHome.map(async (a) => {
        const today = todays.get(a.childId) ?? earliest;
        const presented = await presentChildStrategies(deps.db, a, actor.userId, home.filter((r) => r.child_id === a.childId), today, uses);
        const strategies = await withChildStrategyTranslations(deps, a.clinicId, presented, actor.locale);
        return { childId: a.childId, firstName: children.get(a.childId)?.firstName ?? '', today, strategies };
      })),
    };
  });
}
