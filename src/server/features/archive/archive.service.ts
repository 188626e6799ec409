// The family's archive and the clinic export: asked for (one at a time per person and record),
// built by a job as the person who asked with their permissions at that moment, mailed as a link
// that works once, for a day, only for them; the file is removed after the download or the day.
import type { ClinicPermission } from '../../../contract/access.ts';
import { ARCHIVE_KEEP_HOURS, type Archive, type ArchiveLink } from '../../../contract/archive.ts';
import { localeOf, type Locale } from '../../../contract/common.ts';
import { clinicWithPermission, loadChildAccess, type ChildAccess } from '../../access/access.ts';
import { recordAudit, type AuditContext } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { hashToken, newToken } from '../../http/tokens.ts';
import { afterCommit, queueMail } from '../../mail/mail.service.ts';
import { mailText } from '../../mail/templates.ts';
import type { OwnerChecks } from '../../uploads/uploads.service.ts';
import type { UploadStore } from '../../uploads/store.ts';
import { clinicById } from '../admin/admin.repository.ts';
import { findUserById } from '../auth/user.repository.ts';
import { childrenOfClinic } from '../children/children.repository.ts';
import { listClinicians } from '../team/team.repository.ts';
import { childRecord, clinicAccess, plain, type ArchiveReader } from './archive-content.ts';
import { addRecord, readme, writeZip } from './archive-zip.ts';
import {
  archiveById, archiveByLink, archiveKeysOf, claimDownload, EXPIRED_BATCH, forgetFile, insertArchive, expireEarlier, markFailed, markReady, pendingArchive, staleArchives, type ArchiveRow,
} from './archive.repository.ts';

export const ARCHIVE_QUEUE = 'archives.build';
export const CLINIC_EXPORT: ClinicPermission = 'clinic.export';

const SYSTEM = { actorId: null, actorRole: 'system', clinicId: null, ip: null, userAgent: null, requestId: null };
const asLocale = localeOf;

export function presentArchive(r: ArchiveRow): Archive {
  return {
    id: r.id, scope: r.scope, status: r.status, createdAt: r.created_at.toISOString(), readyAt: r.ready_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null, downloadedAt: r.downloaded_at?.toISOString() ?? null,
  };
}

export type ArchiveTarget = { scope: 'child'; access: ChildAccess } | { scope: 'clinic'; clinicId: string };

/**
 * Asks for an archive: a row and its audit entry together, then the job. One already being built
 * is answered instead of a second (the mail is on its way); a new one ends the earlier link.
 */
export async function requestArchive(deps: Deps, ctx: AuditContext, userId: string, locale: Locale, target: ArchiveTarget): Promise<{ row: ArchiveRow; created: boolean }> {
  const now = deps.clock();
  const where = target.scope === 'child' ? { childId: target.access.childId } : { clinicId: target.clinicId };
  const clinicId = target.scope === 'child' ? target.access.clinicId : target.clinicId;
  const childId = target.scope === 'child' ? target.access.childId : null;
  const result = await deps.db.transaction().execute(async (tx) => {
    const pending = await pendingArchive(tx, userId, where);
    if (pending) return { row: pending, created: false };
    await expireEarlier(tx, userId, where, now);
    const row = await insertArchive(tx, { clinic_id: clinicId, child_id: childId, scope: target.scope, requested_by: userId, locale, status: 'pending', created_at: now });
    await recordAudit(tx, ctx, {
      action: target.scope === 'child' ? 'archive.request' : 'archive.clinic_request', clinicId, childId, subjectType: 'record_archive', subjectId: row.id, details: { locale },
    });
    return { row, created: true };
  });
  if (result.created) await deps.jobs.send(ARCHIVE_QUEUE, { id: result.row.id });
  return result;
}

/** The link the mail carries: a page of the app, which asks the person to sign in first. */
export const archiveLinkUrl = (deps: Pick<Deps, 'config'>, token: string) => `${deps.config.publicUrl}/archive/${token}`;

/** Builds the ZIP as the person who asked, with what they may see now; a person who lost the right gets nothing. */
export async function runArchiveJob(deps: Deps, store: UploadStore, owners: OwnerChecks, data: Record<string, unknown>): Promise<void> {
  const row = await archiveById(deps.db, String(data.id));
  if (!row || row.status !== 'pending') return;
  const user = await findUserById(deps.db, row.requested_by);
  const locale = asLocale(row.locale);
  const reader: ArchiveReader = { userId: row.requested_by, name: user?.name ?? '', locale };
  let access: ChildAccess | undefined;
  if (row.scope === 'child' && row.child_id) {
    access = (await loadChildAccess(deps.db, row.requested_by, [row.child_id])).get(row.child_id);
    if (!access?.permissions.includes('record.export')) access = undefined;
  }
  const allowed = user && !user.disabled_at && (row.scope === 'child' ? access !== undefined : (await clinicWithPermission(deps.db, row.requested_by, CLINIC_EXPORT)) === row.clinic_id);
  if (!allowed) {
    await markFailed(deps.db, row.id);
    await recordAudit(deps.db, SYSTEM, { action: 'archive.build', outcome: 'denied', clinicId: row.clinic_id, childId: row.child_id, subjectType: 'record_archive', subjectId: row.id });
    return;
  }
  const now = deps.clock();
  let file: { storageKey: string; byteSize: number };
  let children = 0;
  try {
    if (access) {
      const record = await childRecord(deps, reader, access, owners, now);
      children = 1;
      file = await writeZip(store, async (add) => {
        await add.text('README.txt', readme({ locale, madeAt: now, requester: reader.name, scope: 'child', about: record.name, kinds: record.parts.map((p) => p.name) }));
        await addRecord(add, record);
      }, now);
    } else {
      const [clinic, clinicians, kids] = await Promise.all([clinicById(deps.db, row.clinic_id), listClinicians(deps.db, row.clinic_id), childrenOfClinic(deps.db, row.clinic_id)]);
      const folders = kids.map((k) => ({ id: k.id, firstName: k.first_name, lastName: k.last_name, folder: `children/${folderName(k)}/` }));
      children = kids.length;
      file = await writeZip(store, async (add) => {
        let kinds: string[] = [];
        for (const [i, k] of kids.entries()) {
          const record = await childRecord(deps, reader, clinicAccess({ id: k.id, clinicId: row.clinic_id }), owners, now, true);
          if (i === 0) kinds = record.parts.map((p) => p.name);
          await addRecord(add, record, folders[i]?.folder ?? '');
        }
        await add.text('README.txt', readme({ locale, madeAt: now, requester: reader.name, scope: 'clinic', about: clinic.name, kinds }));
        await add.text('clinic.json', `${JSON.stringify(plain(clinic), null, 2)}\n`);
        await add.text('clinicians.json', `${JSON.stringify(clinicians, null, 2)}\n`);
        await add.text('children.json', `${JSON.stringify(folders, null, 2)}\n`);
      }, now);
    }
  } catch (error) {
    // The person is told it failed (the page says so) rather than waiting for a mail that never comes.
    await markFailed(deps.db, row.id);
    await recordAudit(deps.db, SYSTEM, { action: 'archive.build', outcome: 'failed', clinicId: row.clinic_id, childId: row.child_id, subjectType: 'record_archive', subjectId: row.id });
    throw error;
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ARCHIVE_KEEP_HOURS * 3600_000);
  const mailId = await deps.db.transaction().execute(async (tx) => {
    const saved = await markReady(tx, row.id, file, hashToken(token), now, expiresAt);
    if (!saved || !user) return undefined;
    await recordAudit(tx, SYSTEM, {
      action: 'archive.build', clinicId: row.clinic_id, childId: row.child_id, subjectType: 'record_archive', subjectId: row.id,
      details: { bytes: file.byteSize, children, requestedBy: row.requested_by },
    });
    const clinic = await clinicById(tx, row.clinic_id);
    const t = mailText(locale);
    const vars = { name: user.name, clinic: clinic.name, hours: ARCHIVE_KEEP_HOURS };
    const which = row.scope === 'child' ? 'child' : 'clinic';
    // No child's name: only that the archive asked for is ready, and the link.
    return (await queueMail(deps, tx, {
      clinicId: row.clinic_id, to: user.email, locale, dedupeKey: `archive:${row.id}`,
      content: {
        subject: t(`archive.mail.${which}.subject`, vars),
        greeting: t('mail.greeting', vars),
        blocks: [{ kind: 'paragraph', text: t(`archive.mail.${which}.body`, vars) }, { kind: 'paragraph', text: t('archive.mail.signedIn', vars), muted: true }],
        action: { label: t('archive.mail.action', vars), url: archiveLinkUrl(deps, token) },
        showUrl: true,
        footer: [t('archive.mail.expires', vars), t('mail.ignore', vars)],
        signature: t('mail.signature', vars),
      },
    })) ?? undefined;
  });
  if (mailId === undefined) {
    await store.remove(file.storageKey);
    return;
  }
  await afterCommit(deps, [mailId]);
}

const folderName = (k: { id: string; first_name: string; last_name: string }) =>
  `${`${k.last_name}-${k.first_name}`.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'child'}-${k.id.slice(0, 8)}`;

/** The link's archive, for the person who asked only: anyone else (or an unknown link) finds nothing, and someone else's try is audited. */
export async function linkedArchive(deps: Pick<Deps, 'db'>, ctx: AuditContext, token: string, userId: string): Promise<ArchiveRow> {
  const row = await archiveByLink(deps.db, hashToken(token));
  if (row && row.requested_by !== userId) {
    await recordAudit(deps.db, ctx, {
      action: 'access_denied', outcome: 'denied', clinicId: row.clinic_id, childId: row.child_id, subjectType: 'record_archive', subjectId: row.id, details: { permission: 'archive.link' },
    });
  }
  if (!row || row.requested_by !== userId) throw notFound();
  return row;
}

export function presentLink(row: ArchiveRow, now: Date): ArchiveLink {
  const status = row.status === 'downloaded' ? 'downloaded' : row.status === 'ready' && row.expires_at && row.expires_at > now ? 'ready' : 'expired';
  return { scope: row.scope, status, expiresAt: (row.expires_at ?? now).toISOString(), byteSize: status === 'ready' && row.byte_size !== null ? Number(row.byte_size) : null };
}

/** Uses the link: the row says it is used before a byte leaves, so a second click (or a second tab) gets 410. */
export async function claimArchive(deps: Pick<Deps, 'db' | 'clock'>, row: ArchiveRow, userId: string): Promise<ArchiveRow> {
  const claimed = await claimDownload(deps.db, row.id, userId, deps.clock());
  if (!claimed?.storage_key) {
    throw new AppError('gone', 410, row.status === 'downloaded' ? 'This link has been used. Ask for a new archive.' : 'This link has expired. Ask for a new archive.');
  }
  return claimed;
}

/** After the download: the file goes, the row says it went. */
export async function forgetDownloaded(deps: Pick<Deps, 'db'>, store: UploadStore, row: ArchiveRow): Promise<void> {
  if (!row.storage_key) return;
  await forgetFile(deps.db, row.id, 'downloaded');
  await store.remove(row.storage_key);
}

/** Files past their day, or downloaded but not yet removed: the row first (audited), then the file. */
export async function forgetStaleArchives(deps: Pick<Deps, 'db' | 'clock'>, store: UploadStore): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await staleArchives(deps.db, deps.clock());
    for (const r of rows) {
      if (!r.storage_key) continue;
      const status = r.status === 'downloaded' ? 'downloaded' : 'expired';
      await deps.db.transaction().execute(async (tx) => {
        await forgetFile(tx, r.id, status);
        await recordAudit(tx, SYSTEM, { action: 'archive.expire', clinicId: r.clinic_id, childId: r.child_id, subjectType: 'record_archive', subjectId: r.id, details: { reason: status } });
      });
      await store.remove(r.storage_key);
    }
    total += rows.length;
    if (rows.length < EXPIRED_BATCH) return total;
  }
}


/** The files of a child's archives still kept, for the purge to remove with the child's uploads. */
export const archiveFilesOf = (db: Executor, childId: string) => archiveKeysOf(db, childId);
