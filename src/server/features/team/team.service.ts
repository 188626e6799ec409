import type { Executor } from '../../db/database.ts';
import { addTherapists } from './team.repository.ts';

/** Clinicians put straight on a child's team as therapists (no invitation: they already work at the clinic). */
export function putTherapistsOnTeam(db: Executor, t: { clinicId: string; childId: string; userIds: readonly string[]; invitedBy: string }) {
  return addTherapists(db, t);
}
