// Leaving and retention: a therapist on the team or a clinic admin discharges a child (the record
// becomes read-only for everyone: see READ_PERMISSIONS) or takes the discharge back; once the
// clinic's retention period has passed, the hourly housekeeping purges the child's data. The
// audit log keeps its rows and records the purge: when, on whose decision, how many rows of each
// kind, never their content.
import { archiveFilesOf } from '../archive/archive.service.ts';
import { reportFilesOf } from '../reports/reports.service.ts';
import { recordAudit, SYSTEM_AUDIT, type AuditContext } from '../../access/audit.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { UploadStore } from '../../uploads/store.ts';
import { clearDischarge, dueForPurge, markDischarged, purgeChild, uploadKeysOf } from './children.repository.ts';

/** Who may discharge a child, or take it back: a therapist on the team, an admin of the clinic. */
export const mayDischarge = (access: ChildAccess): boolean => access.role === 'therapist' || access.isClinicAdmin;

export async function discharge(deps: Deps, audit: AuditContext, access: ChildAccess, by: string, reason: string): Promise<void> {
  if (!mayDischarge(access)) throw notFound();
  await deps.db.transaction().execute(async (tx) => {
    if (!await markDischarged(tx, access.childId, by, reason, deps.clock())) throw new AppError('conflict', 409, 'This child is already discharged.');
    await recordAudit(tx, audit, { action: 'child.discharge', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId });
  });
}

export async function readmit(deps: Deps, audit: AuditContext, access: ChildAccess): Promise<void> {
  if (!mayDischarge(access)) throw notFound();
  await deps.db.transaction().execute(async (tx) => {
    if (!await clearDischarge(tx, access.childId, deps.clock())) throw new AppError('conflict', 409, 'This child is not discharged.');
    await recordAudit(tx, audit, { action: 'child.readmit', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId });
  });
}


/** Purges every child whose retention has run out; the files go once each purge has committed. */
export async function purgeDischarged(deps: Deps, store: UploadStore): Promise<number> {
  let purged = 0;
  for (;;) {
    const now = deps.clock();
    const due = await dueForPurge(deps.db, now, 10);
    for (const c of due) {
      const keys = await deps.db.transaction().execute(async (tx) => {
        // The child's uploads, any archive of the record still waiting to be downloaded, and the
        // PDFs of reports still within their day.
        const files = [...await uploadKeysOf(tx, c.id), ...await archiveFilesOf(tx, c.id), ...await reportFilesOf(tx, c.id)];
        const counts = await purgeChild(tx, c.id, now);
        await recordAudit(tx, { ...SYSTEM_AUDIT, clinicId: c.clinic_id }, {
          action: 'child.purge', childId: c.id, clinicId: c.clinic_id, subjectType: 'child', subjectId: c.id,
          details: { dischargedAt: c.discharged_at?.toISOString(), dischargedBy: c.discharged_by, purgeAfter: c.purge_after?.toISOString(), rows: counts, files: files.length },
        });
        return files;
      });
      // A crash here leaves a file no row points to, never a row without its file.
      for (const key of keys) await store.remove(key);
      purged += 1;
    }
    if (due.length < 10) return purged;
  }
}
