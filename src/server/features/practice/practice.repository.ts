// The SQL of the home programme read whole: a child's practice items and every log of them (a
// copy of the record; the pages read in their own shapes).
import type { Executor } from '../../db/database.ts';

export const practiceItemsOfChild = (db: Executor, childId: string) =>
  db.selectFrom('practice_item').selectAll().where('child_id', '=', childId).orderBy('created_at').orderBy('id').execute();

export const practiceLogsOfChild = (db: Executor, childId: string) =>
  db.selectFrom('practice_log as l').innerJoin('app_user as u', 'u.id', 'l.logged_by')
    .select(['l.id', 'l.item_id', 'l.practice_date', 'l.outcome', 'l.how_it_went', 'l.minutes', 'l.note', 'l.logger_role', 'l.created_at', 'u.name as logged_by_name'])
    .where('l.child_id', '=', childId).orderBy('l.practice_date').orderBy('l.created_at').orderBy('l.id').execute();

export const practiceItemOfChild = (db: Executor, childId: string, itemId: string) =>
  db.selectFrom('practice_item').selectAll().where('id', '=', itemId).where('child_id', '=', childId).executeTakeFirst();
