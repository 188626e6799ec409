// The plan as one reader may see it, for other features (a copy of the record).
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { GoalTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import { goalsOfChild, measurementsOfGoals } from './plan.repository.ts';

/** A teacher sees the goals worked on at school; everyone else on the plan sees them all. */
export function visibleTo(access: ChildAccess, row: Pick<Selectable<GoalTable>, 'settings'>): boolean {
  return access.role !== 'teacher' || row.settings.includes('school');
}

/** Every goal the reader sees on the plan and every measurement of those goals; nothing without plan.view. */
export async function planSeenBy(db: Executor, access: ChildAccess) {
  if (!access.permissions.includes('plan.view')) return { goals: [], measurements: [] };
  const goals = (await goalsOfChild(db, access.childId)).filter((g) => visibleTo(access, g));
  return { goals, measurements: await measurementsOfGoals(db, goals.map((g) => g.id)) };
}
