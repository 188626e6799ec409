// The SQL of progress reports: what a report reads about a child over its period, and the rows
// that keep each report asked for (and where its PDF is) until it expires.
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ProgressReportTable } from '../../db/schema.ts';

export type ReportRow = Selectable<ProgressReportTable>;

export const findChildForReport = (db: Executor, childId: string) =>
  db.selectFrom('child as c').innerJoin('clinic as k', 'k.id', 'c.clinic_id')
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.birth_date', 'c.time_zone', 'c.languages', 'k.name as clinic_name', 'k.letterhead'])
    .where('c.id', '=', childId).executeTakeFirstOrThrow();

/** The child's active team, clinicians first, then by name. */
export const teamOf = (db: Executor, childId: string) =>
  db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.locale', 'm.role'])
    .where('m.child_id', '=', childId).where('m.revoked_at', 'is', null)
    .orderBy('m.role', 'desc').orderBy('u.name').execute();

export const goalsOf = (db: Executor, childId: string, goalIds: readonly string[]) =>
  db.selectFrom('goal').selectAll().where('child_id', '=', childId).where('id', 'in', [...goalIds]).execute();

/** Every measurement of the goals taken up to the period's end: the period's for the chart, the rest for the trend's look back. */
export const measurementsOf = (db: Executor, goalIds: readonly string[], from: string, to: string) =>
  db.selectFrom('measurement as m').innerJoin('app_user as u', 'u.id', 'm.recorded_by')
    .select(['m.goal_id', 'm.value', 'm.opportunities', 'm.measured_on', 'm.setting', 'm.recorder_role', 'u.name as recorded_by_name'])
    .where('m.goal_id', 'in', [...goalIds]).where('m.measured_on', '>=', from).where('m.measured_on', '<=', to)
    .orderBy('m.measured_on').orderBy('m.created_at').execute();

export const practiceItemsOf = (db: Executor, childId: string, from: string, to: string) =>
  db.selectFrom('practice_item').select(['id', 'title', 'status', 'rule', 'times_per_week', 'start_date', 'end_date', 'minutes'])
    .where('child_id', '=', childId).where('start_date', '<=', to)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', from)]))
    .orderBy('created_at').execute();

export const practiceLogsOf = (db: Executor, childId: string, from: string, to: string) =>
  db.selectFrom('practice_log').select(['item_id', 'practice_date', 'outcome'])
    .where('child_id', '=', childId).where('practice_date', '>=', from).where('practice_date', '<=', to)
    .orderBy('created_at').execute();

export const strategiesOf = (db: Executor, childId: string) =>
  db.selectFrom('child_strategy as cs').innerJoin('strategy as s', 's.id', 'cs.strategy_id')
    .select(['cs.id', 'cs.strategy_id', 'cs.settings', 'cs.note', 's.content', 's.clinic_id'])
    .where('cs.child_id', '=', childId).orderBy('cs.created_at').execute();

export const milestonesOf = (db: Executor, childId: string, from: string, to: string) =>
  db.selectFrom('milestone').select(['kind', 'title', 'note', 'happened_on'])
    .where('child_id', '=', childId).where('happened_on', '>=', from).where('happened_on', '<=', to)
    .orderBy('happened_on').orderBy('created_at').execute();

export const insertReport = (db: Executor, row: Insertable<ProgressReportTable>) =>
  db.insertInto('progress_report').values(row).returningAll().executeTakeFirstOrThrow();

export const findReport = (db: Executor, childId: string, reportId: string) =>
  db.selectFrom('progress_report').selectAll().where('id', '=', reportId).where('child_id', '=', childId).executeTakeFirst();

export const reportById = (db: Executor, reportId: string) =>
  db.selectFrom('progress_report').selectAll().where('id', '=', reportId).executeTakeFirst();

export const markReady = (db: Executor, reportId: string, file: { storageKey: string; byteSize: number; pageCount: number }, now: Date) =>
  db.updateTable('progress_report')
    .set({ status: 'ready', storage_key: file.storageKey, byte_size: file.byteSize, page_count: file.pageCount, ready_at: now, closing: '' })
    .where('id', '=', reportId).where('status', '=', 'pending').returningAll().executeTakeFirst();

export const markFailed = (db: Executor, reportId: string) =>
  db.updateTable('progress_report').set({ status: 'failed', closing: '' }).where('id', '=', reportId).where('status', '=', 'pending').execute();

export const EXPIRED_BATCH = 500;

/** Reports whose day is over and whose file is still kept. */
export const expiredReports = (db: Executor, now: Date) =>
  db.selectFrom('progress_report').select(['id', 'storage_key']).where('storage_key', 'is not', null).where('expires_at', '<=', now).limit(EXPIRED_BATCH).execute();

/** The PDFs of a child's reports still kept (a purge removes them with the child's uploads). */
export const reportKeysOf = async (db: Executor, childId: string): Promise<string[]> =>
  (await db.selectFrom('progress_report').select('storage_key').where('child_id', '=', childId).where('storage_key', 'is not', null).execute())
    .flatMap((r) => (r.storage_key === null ? [] : [r.storage_key]));

export const forgetFile = (db: Executor, reportId: string) =>
  db.updateTable('progress_report').set({ storage_key: null, status: 'expired' }).where('id', '=', reportId).execute();

export const userOf = (db: Executor, userId: string) =>
  db.selectFrom('app_user').select(['id', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
