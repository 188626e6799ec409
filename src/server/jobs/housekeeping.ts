// What nobody asked to keep, cleared every hour: files uploaded but never attached to anything
// (a journal entry abandoned before saving, a message never sent), half-received files a stopped
// server left behind, Idempotency-Key records long past any retry, progress reports past their day,
// and archives downloaded or past their day.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { recordAudit, SYSTEM_AUDIT } from '../access/audit.ts';
import { purgeDischarged } from '../features/children/discharge.service.ts';
import type { Deps } from '../deps.ts';
import type { UploadVariant } from '../db/schema.ts';
import type { UploadStore } from '../uploads/store.ts';
import { forgetExpiredReports } from '../features/reports/reports.service.ts';
import { forgetStaleArchives } from '../features/archive/archive.service.ts';

/** An upload not attached within this long was abandoned: its owner was never saved. */
export const UNATTACHED_UPLOAD_MS = 2 * 86_400_000;
/** A phone may keep a write offline for weeks; its retry must still be answered once. */
export const IDEMPOTENCY_RECORD_MS = 30 * 86_400_000;
/** A body still arriving after this long belongs to a request that died. */
const INCOMING_MS = 86_400_000;
const BATCH = 200;


/** Removes abandoned uploads: the row first (audited), then the bytes once that has committed. */
async function discardUnattachedUploads(deps: Deps, store: UploadStore): Promise<number> {
  let total = 0;
  for (;;) {
    const before = new Date(deps.clock().getTime() - UNATTACHED_UPLOAD_MS);
    const gone = await deps.db.transaction().execute(async (tx) => {
      // Skips rows being attached this moment (attachUploads locks them), and deletes only what is
      // still unattached.
      const rows = await sql<{ id: string; clinic_id: string; child_id: string; purpose: string; byte_size: number; storage_key: string; variants: UploadVariant[] }>`
        delete from upload where id in (
          select id from upload where owner_type is null and created_at < ${before}
          order by created_at limit ${BATCH} for update skip locked)
        returning id, clinic_id, child_id, purpose, byte_size, storage_key, variants`.execute(tx);
      for (const r of rows.rows) {
        await recordAudit(tx, SYSTEM_AUDIT, {
          action: 'upload.discard', clinicId: r.clinic_id, childId: r.child_id, subjectType: 'upload', subjectId: r.id,
          details: { purpose: r.purpose, byteSize: r.byte_size, reason: 'never attached' },
        });
      }
      return rows.rows;
    });
    // A crash here leaves a file no row points to, never a row without its file.
    for (const r of gone) {
      for (const v of r.variants) await store.remove(v.key);
      await store.remove(r.storage_key);
    }
    total += gone.length;
    if (gone.length < BATCH) return total;
  }
}

/** Removes files left half-received in the store's incoming folder by a request that died. */
async function clearIncoming(deps: Deps, store: UploadStore): Promise<number> {
  const names = await readdir(store.incomingDir).catch(() => [] as string[]);
  const before = deps.clock().getTime() - INCOMING_MS;
  let removed = 0;
  for (const name of names) {
    const file = path.join(store.incomingDir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && info.mtimeMs < before) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

export async function sweepHousekeeping(deps: Deps, store: UploadStore): Promise<{ uploads: number; incoming: number; idempotencyRecords: number; reports: number; archives: number; purgedChildren: number }> {
  const purgedChildren = await purgeDischarged(deps, store);
  const uploads = await discardUnattachedUploads(deps, store);
  const reports = await forgetExpiredReports(deps, store);
  const archives = await forgetStaleArchives(deps, store);
  const incoming = await clearIncoming(deps, store);
  const records = await deps.db.deleteFrom('idempotency_record')
    .where('created_at', '<', new Date(deps.clock().getTime() - IDEMPOTENCY_RECORD_MS)).executeTakeFirst();
  return { uploads, incoming, idempotencyRecords: Number(records.numDeletedRows), reports, archives, purgedChildren };
}
