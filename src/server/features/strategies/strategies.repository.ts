// The SQL of strategies: the clinic library (CareTeam's starter strategies, read by every clinic,
// and each clinic's own), a child's strategies with the goals they help, and the "did it help?"
// logs of their use.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Setting } from '../../../contract/plan.ts';
import { isUuid } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { ChildStrategyTable, StrategyTable, StrategyUseTable } from '../../db/schema.ts';
import { subjectsTranslatedMatching } from '../translation/content-translation.service.ts';

export type ChildStrategyRow = Selectable<ChildStrategyTable>;
export type StrategyUseRow = Selectable<StrategyUseTable>;

const STRATEGY_COLUMNS = [
  'id', 'clinic_id', 'starter_key', 'copied_from', 'settings', 'content', 'created_by', 'created_at', 'updated_at',
  sql<boolean>`image is not null`.as('has_image'),
  // A copy of a starter strategy keeps its drawing.
  sql<string | null>`coalesce(strategy.starter_key, (select o.starter_key from strategy o where o.id = strategy.copied_from))`.as('illustration'),
] as const;

export type StrategyRow = Omit<Selectable<StrategyTable>, 'image' | 'image_type' | 'image_small'> & { has_image: boolean; illustration: string | null };

const readable = (clinicId: string) => sql<boolean>`(strategy.clinic_id is null or strategy.clinic_id = ${clinicId})`;

/** A strategy this clinic may read: a starter one or its own. */
export async function findStrategy(db: Executor, clinicId: string, strategyId: string, lock = false): Promise<StrategyRow | undefined> {
  if (!isUuid(strategyId)) return undefined;
  let q = db.selectFrom('strategy').select(STRATEGY_COLUMNS).where('id', '=', strategyId).where(readable(clinicId));
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * The library a clinic reads, filtered by a setting and by text in any field of any language it is
 * written in, or of its translation (by a clinician or the machine) into the reader's language.
 */
export async function searchLibrary(db: Executor, clinicId: string, f: { q?: string | undefined; setting?: Setting | undefined; reader: string }): Promise<StrategyRow[]> {
  let query = db.selectFrom('strategy').select(STRATEGY_COLUMNS).where(readable(clinicId));
  if (f.setting) query = query.where(sql<boolean>`${f.setting} = any(settings)`);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    // Any field in any language, but not the JSON keys themselves.
    query = query.where(sql<boolean>`(
      exists (select 1 from jsonb_each(strategy.content) l, jsonb_each(l.value) f where f.value::text ilike ${pattern})
      or strategy.id in (${subjectsTranslatedMatching(db, 'strategy', f.reader, pattern)}))`);
  }
  return query.execute();
}

export async function strategiesByIds(db: Executor, ids: readonly string[]): Promise<StrategyRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('strategy').select(STRATEGY_COLUMNS).where('id', 'in', [...ids]).execute();
}

export async function insertStrategy(db: Executor, values: Omit<Insertable<StrategyTable>, 'image' | 'image_type' | 'image_small'>): Promise<StrategyRow> {
  return db.insertInto('strategy').values(values).returning(STRATEGY_COLUMNS).executeTakeFirstOrThrow();
}

export async function updateStrategy(db: Executor, id: string, set: Updateable<StrategyTable>): Promise<StrategyRow> {
  return db.updateTable('strategy').set(set).where('id', '=', id).returning(STRATEGY_COLUMNS).executeTakeFirstOrThrow();
}

export async function strategyImage(db: Executor, id: string) {
  return db.selectFrom('strategy').select(['image', 'image_type', 'image_small']).where('id', '=', id).executeTakeFirst();
}

// ---- A child's strategies ---------------------------------------------------------------------

export async function childStrategies(db: Executor, childIds: readonly string[]): Promise<ChildStrategyRow[]> {
  if (childIds.length === 0) return [];
  return db.selectFrom('child_strategy').selectAll().where('child_id', 'in', [...childIds]).orderBy('created_at').orderBy('id').execute();
}

export async function findChildStrategy(db: Executor, childId: string, id: string, lock = false): Promise<ChildStrategyRow | undefined> {
  if (!isUuid(id)) return undefined;
  let q = db.selectFrom('child_strategy').selectAll().where('id', '=', id).where('child_id', '=', childId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function childHasStrategy(db: Executor, childId: string, strategyId: string): Promise<boolean> {
  const row = await db.selectFrom('child_strategy').select('id').where('child_id', '=', childId).where('strategy_id', '=', strategyId).executeTakeFirst();
  return row !== undefined;
}

export async function insertChildStrategy(db: Executor, values: Insertable<ChildStrategyTable>, goalIds: readonly string[]): Promise<ChildStrategyRow> {
  const created = await db.insertInto('child_strategy').values(values).returningAll().executeTakeFirstOrThrow();
  await db.insertInto('child_strategy_goal').values(goalIds.map((goal_id) => ({ child_strategy_id: created.id, goal_id }))).execute();
  return created;
}

export async function updateChildStrategy(db: Executor, id: string, set: Updateable<ChildStrategyTable>, goalIds: readonly string[] | null): Promise<ChildStrategyRow> {
  const updated = await db.updateTable('child_strategy').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  if (goalIds) {
    await db.deleteFrom('child_strategy_goal').where('child_strategy_id', '=', id).execute();
    await db.insertInto('child_strategy_goal').values(goalIds.map((goal_id) => ({ child_strategy_id: id, goal_id }))).execute();
  }
  return updated;
}

export async function deleteChildStrategy(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('child_strategy').where('id', '=', id).execute();
}

/** The goals each of these child strategies helps, the family's priorities first. */
export async function goalLinks(db: Executor, childStrategyIds: readonly string[]) {
  if (childStrategyIds.length === 0) return [];
  return db.selectFrom('child_strategy_goal as l').innerJoin('goal as g', 'g.id', 'l.goal_id')
    .select(['l.child_strategy_id', 'g.id', 'g.statement', 'g.settings', 'g.priority', 'g.created_at'])
    .where('l.child_strategy_id', 'in', [...childStrategyIds])
    .orderBy('g.priority').orderBy('g.created_at')
    .execute();
}

/** Which of these goal ids are the child's. */
export async function childGoalIds(db: Executor, childId: string, goalIds: readonly string[]): Promise<string[]> {
  if (goalIds.length === 0) return [];
  const rows = await db.selectFrom('goal').select('id').where('child_id', '=', childId).where('id', 'in', [...goalIds]).execute();
  return rows.map((r) => r.id);
}

/** The names of the therapists on the child's team, longest on it first (for the printed page). */
export async function therapistNames(db: Executor, childId: string): Promise<string[]> {
  const rows = await db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select('u.name').where('m.child_id', '=', childId).where('m.role', '=', 'therapist').where('m.revoked_at', 'is', null)
    .orderBy('m.created_at').execute();
  return rows.map((r) => r.name);
}

/** Each child's first name and the time zone their calendar dates are in. */
export async function childClocks(db: Executor, childIds: readonly string[]): Promise<Map<string, { firstName: string; timeZone: string }>> {
  if (childIds.length === 0) return new Map();
  const rows = await db.selectFrom('child').select(['id', 'first_name', 'time_zone']).where('id', 'in', [...childIds]).execute();
  return new Map(rows.map((r) => [r.id, { firstName: r.first_name, timeZone: r.time_zone }]));
}

// ---- Did it help? -----------------------------------------------------------------------------

export async function insertUse(db: Executor, values: Insertable<StrategyUseTable>): Promise<StrategyUseRow> {
  return db.insertInto('strategy_use').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The uses of one child's strategies between two days (both counted). */
export async function usesBetween(db: Executor, childId: string, from: string, to: string): Promise<StrategyUseRow[]> {
  return db.selectFrom('strategy_use').selectAll().where('child_id', '=', childId).where('used_on', '>=', from).where('used_on', '<=', to)
    .orderBy('created_at').orderBy('id').execute();
}

/** The uses of these children's strategies on or after a date (the window's first day). */
export async function usesSince(db: Executor, childIds: readonly string[], since: string): Promise<StrategyUseRow[]> {
  if (childIds.length === 0) return [];
  return db.selectFrom('strategy_use').selectAll().where('child_id', 'in', [...childIds]).where('used_on', '>=', since)
    .orderBy('created_at').orderBy('id').execute();
}
