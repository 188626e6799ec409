// What features do with uploads: attach them to what they belong to (a practice item, a journal
// entry, later a message) and read their types back for the pages that show them.
import type { PictureSize, UploadPurpose } from '../../contract/upload-rules.ts';
import type { Executor } from '../db/database.ts';
import type { UploadTable } from '../db/schema.ts';
import { badField } from '../http/errors.ts';
import { isUuid, type ChildAccess } from '../access/access.ts';

export type OwnerType = NonNullable<UploadTable['owner_type']>;
export type WantedUpload = { id: string; purpose: UploadPurpose; field: string };
/** Whether this person may see what the upload belongs to (a practice item, a journal entry…). */
export type OwnerCheck = (db: Executor, access: ChildAccess, userId: string, ownerId: string) => Promise<boolean>;
export type OwnerChecks = Partial<Record<OwnerType, OwnerCheck>>;

/**
 * Attaches these uploads to their owner, in the caller's transaction. Each must be of this child
 * and of the right use, and either the caller's own not-yet-attached upload or already this
 * owner's (a new version keeps its earlier files); otherwise 400 naming the field.
 */
export async function attachUploads(
  tx: Executor,
  o: { childId: string; userId: string; owner: { type: OwnerType; id: string }; now: Date; uploads: readonly WantedUpload[] },
): Promise<void> {
  const fresh = await checkUploads(tx, o);
  if (fresh.length > 0) {
    await tx.updateTable('upload').set({ owner_type: o.owner.type, owner_id: o.owner.id, attached_at: o.now })
      .where('id', 'in', fresh).execute();
  }
}

/**
 * The checks of attachUploads without attaching, for a write that must know the files are usable
 * before it stores their ids (an owner not created yet has id null: only fresh uploads will do).
 * Returns the ids not attached yet, locked until the transaction ends.
 */
export async function checkUploads(
  tx: Executor,
  o: { childId: string; userId: string; owner: { type: OwnerType; id: string | null }; uploads: readonly WantedUpload[] },
): Promise<string[]> {
  if (o.uploads.length === 0) return [];
  for (const w of o.uploads) if (!isUuid(w.id)) throw badField(w.field, 'Upload the file again.');
  const ids = [...new Set(o.uploads.map((w) => w.id))];
  const rows = await tx.selectFrom('upload').select(['id', 'child_id', 'uploaded_by', 'purpose', 'owner_type', 'owner_id'])
    .where('id', 'in', ids).forUpdate().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const fresh = new Set<string>();
  for (const w of o.uploads) {
    const r = byId.get(w.id);
    const ours = r && r.child_id === o.childId && r.purpose === w.purpose
      && (r.owner_type === null ? r.uploaded_by === o.userId : r.owner_type === o.owner.type && r.owner_id === o.owner.id);
    if (!r || !ours) throw badField(w.field, 'Upload the file again.');
    if (r.owner_type === null) fresh.add(r.id);
  }
  return [...fresh];
}

/** A picture's size from its row, or null (not a picture, or uploaded before sizes were kept). */
export const pictureSize = (r: { width: number | null; height: number | null }): PictureSize | null =>
  r.width !== null && r.height !== null ? { width: r.width, height: r.height } : null;

/** The size in pixels of each of these uploads that is a picture of known size. */
export async function pictureSizes(db: Executor, ids: readonly (string | null)[]): Promise<Map<string, PictureSize>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('upload').select(['id', 'width', 'height']).where('id', 'in', wanted).execute();
  return new Map(rows.flatMap((r) => {
    const size = pictureSize(r);
    return size ? [[r.id, size] as const] : [];
  }));
}

/** The content type of each of these uploads. */
export async function uploadTypes(db: Executor, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('upload').select(['id', 'content_type']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.content_type]));
}

/**
 * Every file of the child this reader may open in the app: an attached upload whose owner (a
 * practice item, a journal entry, a message) they may see, by that owner's own rule. Oldest first.
 */
export async function uploadsSeenBy(db: Executor, access: ChildAccess, userId: string, owners: OwnerChecks) {
  const rows = await db.selectFrom('upload').select(['id', 'purpose', 'content_type', 'byte_size', 'sha256', 'storage_key', 'owner_type', 'owner_id', 'created_at'])
    .where('child_id', '=', access.childId).where('owner_type', 'is not', null).orderBy('created_at').orderBy('id').execute();
  const seen = new Map<string, boolean>();
  const out: typeof rows = [];
  for (const r of rows) {
    if (r.owner_type === null || r.owner_id === null) continue;
    const key = `${r.owner_type}:${r.owner_id}`;
    let visible = seen.get(key);
    if (visible === undefined) {
      visible = (await owners[r.owner_type]?.(db, access, userId, r.owner_id)) ?? false;
      seen.set(key, visible);
    }
    if (visible) out.push(r);
  }
  return out;
}
