// The SQL of archives: each one asked for, its ZIP's place in the store, and its one-time link.
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { RecordArchiveTable } from '../../db/schema.ts';

export type ArchiveRow = Selectable<RecordArchiveTable>;

export const insertArchive = (db: Executor, row: Insertable<RecordArchiveTable>) =>
  db.insertInto('record_archive').values(row).returningAll().executeTakeFirstOrThrow();

export const archiveById = (db: Executor, id: string) =>
  db.selectFrom('record_archive').selectAll().where('id', '=', id).executeTakeFirst();

/** The person's own archives of one child (or, childId null, of their clinic), newest first. */
export const archivesOf = (db: Executor, userId: string, where: { childId: string } | { clinicId: string }) => {
  let q = db.selectFrom('record_archive').selectAll().where('requested_by', '=', userId);
  q = 'childId' in where ? q.where('child_id', '=', where.childId) : q.where('clinic_id', '=', where.clinicId).where('scope', '=', 'clinic');
  return q.orderBy('created_at', 'desc').limit(10).execute();
};

/** An archive of the same thing still being built for this person: asked for once is enough. */
export const pendingArchive = (db: Executor, userId: string, where: { childId: string } | { clinicId: string }) => {
  let q = db.selectFrom('record_archive').selectAll().where('requested_by', '=', userId).where('status', '=', 'pending');
  q = 'childId' in where ? q.where('child_id', '=', where.childId) : q.where('clinic_id', '=', where.clinicId).where('scope', '=', 'clinic');
  return q.executeTakeFirst();
};

/** A new archive replaces the person's earlier one of the same thing: its link stops working now (housekeeping removes the file). */
export const expireEarlier = (db: Executor, userId: string, where: { childId: string } | { clinicId: string }, now: Date) => {
  let q = db.updateTable('record_archive').set({ expires_at: now }).where('requested_by', '=', userId).where('status', '=', 'ready').where('expires_at', '>', now);
  q = 'childId' in where ? q.where('child_id', '=', where.childId) : q.where('clinic_id', '=', where.clinicId).where('scope', '=', 'clinic');
  return q.execute();
};

export const archiveByLink = (db: Executor, linkHash: Buffer) =>
  db.selectFrom('record_archive').selectAll().where('link_hash', '=', linkHash).executeTakeFirst();

export const markReady = (db: Executor, id: string, file: { storageKey: string; byteSize: number }, linkHash: Buffer, now: Date, expiresAt: Date) =>
  db.updateTable('record_archive')
    .set({ status: 'ready', storage_key: file.storageKey, byte_size: file.byteSize, link_hash: linkHash, ready_at: now, expires_at: expiresAt })
    .where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst();

export const markFailed = (db: Executor, id: string) =>
  db.updateTable('record_archive').set({ status: 'failed' }).where('id', '=', id).where('status', '=', 'pending').execute();

/**
 * Uses the link: only the person who asked, only once, only before it expires. The row is taken
 * in the same statement that checks it, so two clicks at once download it once.
 */
export const claimDownload = (db: Executor, id: string, userId: string, now: Date) =>
  db.updateTable('record_archive').set({ status: 'downloaded', downloaded_at: now })
    .where('id', '=', id).where('requested_by', '=', userId).where('status', '=', 'ready').where('expires_at', '>', now)
    .returningAll().executeTakeFirst();

/** The file is gone from the store: the row keeps only that it was. */
export const forgetFile = (db: Executor, id: string, status: 'downloaded' | 'expired') =>
  db.updateTable('record_archive').set({ storage_key: null, status }).where('id', '=', id).execute();

export const EXPIRED_BATCH = 200;

/** Archives whose file is still kept though the link expired (or was used and the removal did not finish). */
export const staleArchives = (db: Executor, now: Date) =>
  db.selectFrom('record_archive').select(['id', 'clinic_id', 'child_id', 'storage_key', 'status'])
    .where('storage_key', 'is not', null)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('status', '=', 'downloaded')]))
    .limit(EXPIRED_BATCH).execute();

/** The ZIPs still kept of a child's archives (a purge removes them with the child's uploads). */
export async function archiveKeysOf(db: Executor, childId: string): Promise<string[]> {
  const rows = await db.selectFrom('record_archive').select('storage_key').where('child_id', '=', childId).where('storage_key', 'is not', null).execute();
  return rows.flatMap((r) => (r.storage_key ? [r.storage_key] : []));
}
