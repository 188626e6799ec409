// The SQL of the plan read whole: a child's goals and every measurement of them (a copy of the
// record; the pages read in their own shapes).
import type { Executor } from '../../db/database.ts';

export const goalsOfChild = (db: Executor, childId: string) =>
  db.selectFrom('goal').selectAll().where('child_id', '=', childId).orderBy('priority').orderBy('created_at').orderBy('id').execute();

export const measurementsOfGoals = (db: Executor, goalIds: readonly string[]) =>
  goalIds.length === 0 ? Promise.resolve([])
    : db.selectFrom('measurement as m').innerJoin('app_user as u', 'u.id', 'm.recorded_by')
      .select(['m.id', 'm.goal_id', 'm.value', 'm.opportunities', 'm.measured_on', 'm.setting', 'm.note', 'm.recorder_role', 'm.created_at', 'u.name as recorded_by_name'])
      .where('m.goal_id', 'in', [...goalIds]).orderBy('m.measured_on').orderBy('m.created_at').orderBy('m.id').execute();

export const goalOfChild = (db: Executor, childId: string, goalId: string) =>
  db.selectFrom('goal').selectAll().where('id', '=', goalId).where('child_id', '=', childId).executeTakeFirst();
