// The plan as one reader may see it, for other features (a copy of the record).
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { GoalTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import { localesOf, type TranslatableContent } from '../translation/content-translation.service.ts';
import { goalOfChild, goalsOfChild, measurementsOfGoals } from './plan.repository.ts';

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

/** A goal's words as translation sees them: the statement and why it matters, in its author's language. */
export function goalContent(row: Pick<Selectable<GoalTable>, 'id' | 'clinic_id' | 'child_id' | 'statement' | 'why_it_matters' | 'created_by'>, locales: ReadonlyMap<string, string>): TranslatableContent {
  return {
    type: 'goal', id: row.id, clinicId: row.clinic_id, childId: row.child_id,
    fields: { statement: row.statement, whyItMatters: row.why_it_matters }, language: locales.get(row.created_by) ?? null,
  };
}

/** The goal of this child the reader may see, as translation sees it; null when there is none. */
export async function goalForTranslation(db: Executor, access: ChildAccess, goalId: string): Promise<TranslatableContent | null> {
  if (!/^[0-9a-f-]{36}$/i.test(goalId)) return null;
  const row = await goalOfChild(db, access.childId, goalId);
  if (!row || !visibleTo(access, row)) return null;
  return goalContent(row, await localesOf(db, [row.created_by]));
}
