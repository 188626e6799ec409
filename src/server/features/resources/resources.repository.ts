// Resources' SQL: the clinic library (starter rows have no clinic), the files uploaded for it, the
// resources given to a child, and who of the family opened each one.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ResourceFileTable, ResourceTable } from '../../db/schema.ts';

export type ResourceRow = Selectable<ResourceTable> & { file_type: string | null; file_bytes: number | null };
export type ResourceFileRow = Selectable<ResourceFileTable>;
export type LibraryFilters = { q?: string | undefined; kind?: string | undefined; language?: string | undefined; therapyType?: string | undefined; tag?: string | undefined };

function resources(db: Executor) {
  return db.selectFrom('resource as r').leftJoin('resource_file as f', 'f.id', 'r.file_id')
    .selectAll('r').select(['f.content_type as file_type', 'f.byte_size as file_bytes']);
}

/** The clinic's library: CareTeam's starter resources and its own, not archived, filtered. */
export async function libraryResources(db: Executor, clinicId: string, f: LibraryFilters): Promise<ResourceRow[]> {
  let q = resources(db).where((eb) => eb.or([eb('r.clinic_id', 'is', null), eb('r.clinic_id', '=', clinicId)])).where('r.archived_at', 'is', null);
  if (f.kind) q = q.where('r.kind', '=', f.kind as ResourceTable['kind']);
  if (f.language) q = q.where(sql<boolean>`r.content ? ${f.language}`);
  // A resource for no therapy type in particular suits every one.
  if (f.therapyType) q = q.where(sql<boolean>`(cardinality(r.therapy_types) = 0 OR ${f.therapyType} = any(r.therapy_types))`);
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = any(r.tags)`);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    // Any field in any language, or a tag; not the JSON keys themselves.
    q = q.where(sql<boolean>`(exists (select 1 from jsonb_each(r.content) l, jsonb_each(l.value) v where v.value::text ilike ${pattern})
      or exists (select 1 from unnest(r.tags) t where t ilike ${pattern}))`);
  }
  return q.orderBy('r.clinic_id', 'desc').orderBy('r.created_at').execute();
}

/** A resource this clinic may read (a starter one or its own, archived too), optionally locked. */
export async function findResource(db: Executor, clinicId: string, id: string, lock = false): Promise<ResourceRow | undefined> {
  let q = resources(db).where('r.id', '=', id).where((eb) => eb.or([eb('r.clinic_id', 'is', null), eb('r.clinic_id', '=', clinicId)]));
  if (lock) q = q.forUpdate('r');
  return q.executeTakeFirst();
}

export async function resourcesByIds(db: Executor, ids: readonly string[]): Promise<ResourceRow[]> {
  if (ids.length === 0) return [];
  return resources(db).where('r.id', 'in', [...new Set(ids)]).execute();
}

export async function insertResource(db: Executor, values: Insertable<ResourceTable>): Promise<string> {
  const row = await db.insertInto('resource').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateResource(db: Executor, id: string, values: Updateable<ResourceTable>): Promise<void> {
  await db.updateTable('resource').set(values).where('id', '=', id).execute();
}

export async function insertResourceFile(db: Executor, values: Insertable<ResourceFileTable>): Promise<ResourceFileRow> {
  return db.insertInto('resource_file').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A file of this clinic that no resource uses yet, locked until the transaction ends. */
export async function freeResourceFile(db: Executor, clinicId: string, id: string): Promise<ResourceFileRow | undefined> {
  return db.selectFrom('resource_file as f').selectAll('f').where('f.id', '=', id).where('f.clinic_id', '=', clinicId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('resource').select('id').where('file_id', '=', id))))
    .forUpdate().executeTakeFirst();
}

export async function resourceFile(db: Executor, id: string): Promise<ResourceFileRow | undefined> {
  return db.selectFrom('resource_file').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---- A child's resources ------------------------------------------------------------------

export async function childResources(db: Executor, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  return db.selectFrom('child_resource as c').innerJoin('app_user as u', 'u.id', 'c.assigned_by')
    .selectAll('c').select('u.name as assigned_by_name')
    .where('c.child_id', 'in', [...childIds]).orderBy('c.assigned_at', 'desc').execute();
}
export type ChildResourceRow = Awaited<ReturnType<typeof childResources>>[number];

export async function findChildResource(db: Executor, childId: string, id: string, lock = false): Promise<ChildResourceRow | undefined> {
  let q = db.selectFrom('child_resource as c').innerJoin('app_user as u', 'u.id', 'c.assigned_by')
    .selectAll('c').select('u.name as assigned_by_name').where('c.id', '=', id).where('c.child_id', '=', childId);
  if (lock) q = q.forUpdate('c');
  return q.executeTakeFirst();
}

export async function isAssigned(db: Executor, childId: string, resourceId: string): Promise<boolean> {
  return (await db.selectFrom('child_resource').select('id').where('child_id', '=', childId).where('resource_id', '=', resourceId).executeTakeFirst()) !== undefined;
}

export async function insertChildResource(db: Executor, v: { clinicId: string; childId: string; resourceId: string; note: string; by: string; at: Date }): Promise<string> {
  const row = await db.insertInto('child_resource').values({
    clinic_id: v.clinicId, child_id: v.childId, resource_id: v.resourceId, note: v.note, assigned_by: v.by, assigned_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteChildResource(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('child_resource').where('id', '=', id).execute();
}

/** Everyone who opened or answered for these given resources, with their name and role on the child's team. */
export async function readersOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('child_resource_reader as r').innerJoin('child_resource as c', 'c.id', 'r.child_resource_id')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .leftJoin('care_team_member as m', (j) => j.onRef('m.child_id', '=', 'c.child_id').onRef('m.user_id', '=', 'r.user_id').on('m.revoked_at', 'is', null))
    .selectAll('r').select(['u.name', 'm.role'])
    .where('r.child_resource_id', 'in', [...ids]).orderBy('r.first_opened_at').execute();
}

/** Counts one opening by this person; the first one is kept. */
export async function markOpened(db: Executor, childResourceId: string, userId: string, at: Date): Promise<void> {
  await db.insertInto('child_resource_reader').values({ child_resource_id: childResourceId, user_id: userId, first_opened_at: at, last_opened_at: at, opened_count: 1 })
    .onConflict((oc) => oc.columns(['child_resource_id', 'user_id']).doUpdateSet({
      first_opened_at: sql`coalesce(child_resource_reader.first_opened_at, excluded.first_opened_at)`,
      last_opened_at: sql`excluded.last_opened_at`,
      opened_count: sql`child_resource_reader.opened_count + 1`,
    })).execute();
}

export async function setHelpful(db: Executor, childResourceId: string, userId: string, helpful: boolean | null): Promise<void> {
  await db.insertInto('child_resource_reader').values({ child_resource_id: childResourceId, user_id: userId, helpful })
    .onConflict((oc) => oc.columns(['child_resource_id', 'user_id']).doUpdateSet({ helpful })).execute();
}

/** The children's first names, in order, for the family's page. */
export async function firstNames(db: Executor, childIds: readonly string[]) {
  return db.selectFrom('child').select(['id', 'first_name']).where('id', 'in', [...childIds]).orderBy('first_name').execute();
}
