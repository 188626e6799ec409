// Progress reports: what goes into one (read with the reader's own permissions on the child, so a
// report never says more than the app shows them), the PDF made of it, and where it is kept for a
// day. A therapist on the team or a guardian asks; anyone else finds nothing.
import { inLanguage, type Locale, localeOf } from '../../../contract/common.ts';
import type { MeasureKind, Setting } from '../../../contract/plan.ts';
import { REPORT_KEEP_HOURS, REPORT_SYNC_MAX_DAYS } from '../../../contract/report-values.ts';
import type { CreateReportRequest, Report } from '../../../contract/reports.ts';
import { SUMMARY_FIELDS } from '../../../contract/session-record.ts';
import { trendSentence } from '../../../contract/trend-sentence.ts';
import { loadChildAccess, type ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { StrategyText } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { badField } from '../../http/errors.ts';
import { mailText } from '../../mail/templates.ts';
import { putBytes, type UploadStore } from '../../uploads/store.ts';
import { addDays, localDate, weekStart } from '../children/calendar.ts';
import { plannedByWeek, zonedInstant } from '../practice/schedule.ts';
import { trendOf } from '../plan/trend.ts';
import { teamTrendsBetween } from '../checkins/checkins.service.ts';
import { summariesBetween, summaryWords } from '../sessions/record.service.ts';
import { strategyNamesFor, useCountsBetween } from '../strategies/strategies.service.ts';
import { contentTranslations } from '../translation/content-translation.service.ts';
import { renderReportPdf, type ReportContent } from './report-pdf.ts';
import {
  findChildForReport, goalsOf, markFailed, markReady, measurementsOf, milestonesOf, practiceItemsOf, practiceLogsOf, reportById, strategiesOf, teamOf, userOf, expiredReports, forgetFile, EXPIRED_BATCH,
  reportKeysOf, type ReportRow,
} from './reports.repository.ts';

export const REPORT_QUEUE = 'reports.generate';
const DAY = 86_400_000;

/** Who may ask for a child's report: a therapist on the team, or a guardian. */
export const mayReport = (access: ChildAccess): boolean =>
  access.permissions.includes('plan.view') && (access.role === 'therapist' || access.role === 'guardian');

export const periodDays = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
export const writtenNow = (b: Pick<CreateReportRequest, 'from' | 'to'>) => periodDays(b.from, b.to) <= REPORT_SYNC_MAX_DAYS;
export const expiryFrom = (now: Date) => new Date(now.getTime() + REPORT_KEEP_HOURS * 3600_000);

/** The request checked against the child: the goals are theirs, the period is not in the future, the closing is a therapist's. */
export async function checkRequest(db: Executor, access: ChildAccess, b: CreateReportRequest, now: Date): Promise<void> {
  const child = await findChildForReport(db, access.childId);
  if (b.from > localDate(now, child.time_zone)) throw badField('from', 'The period starts in the future.');
  const goals = await goalsOf(db, access.childId, [...new Set(b.goalIds)]);
  if (goals.length !== new Set(b.goalIds).size) throw badField('goalIds', 'Choose goals of this child’s plan.');
  if (b.closing.trim() !== '' && access.role !== 'therapist') throw badField('closing', 'The closing section is written by the child’s therapist.');
}

const ageOn = (birth: string | null, on: string): number | null => {
  if (!birth) return null;
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  if (!by || !bm || !bd || !y || !m || !d) return null;
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age >= 0 ? age : null;
};

/** Practice days planned and done in each week of the period (the latest word on an item's day counts once). */
async function practiceWeeks(db: Executor, childId: string, from: string, to: string) {
  const items = await practiceItemsOf(db, childId, from, to);
  const logs = items.length === 0 ? [] : await practiceLogsOf(db, childId, from, to);
  const latest = new Map<string, { date: string; outcome: string }>();
  for (const l of logs) latest.set(`${l.item_id}:${l.practice_date}`, { date: l.practice_date, outcome: l.outcome });
  const doneByWeek = new Map<string, number>();
  for (const l of latest.values()) if (l.outcome !== 'skipped') doneByWeek.set(weekStart(l.date), (doneByWeek.get(weekStart(l.date)) ?? 0) + 1);
  const plannedWeeks = new Map<string, number>();
  for (const i of items) {
    if (i.status === 'paused') continue;
    const byWeek = plannedByWeek({ rule: i.rule, timesPerWeek: i.times_per_week, startDate: i.start_date, endDate: i.end_date }, from, to);
    for (const [week, n] of byWeek) plannedWeeks.set(week, (plannedWeeks.get(week) ?? 0) + n);
  }
  const weeks: { week: string; planned: number; done: number }[] = [];
  for (let week = weekStart(from); week <= to; week = addDays(week, 7)) {
    weeks.push({ week, planned: plannedWeeks.get(week) ?? 0, done: doneByWeek.get(week) ?? 0 });
  }
  // The weeks before any practice was planned or done say nothing.
  const firstBusy = weeks.findIndex((w) => w.planned > 0 || w.done > 0);
  return { weeks: firstBusy < 0 ? [] : weeks.slice(firstBusy), items: items.filter((i) => i.status === 'active').map((i) => i.title) };
}

/** Everything the report says, in its language, as this reader may see it. */
export async function reportContent(
  deps: Pick<Deps, 'config' | 'clock'> & { db: Executor },
  reader: { userId: string; name: string },
  access: ChildAccess,
  b: { from: string; to: string; goalIds: readonly string[]; locale: Locale; closing: string },
  now: Date,
): Promise<ReportContent> {
  const { db } = deps;
  const t = mailText(b.locale);
  const can = (p: ChildAccess['permissions'][number]) => access.permissions.includes(p);
  const child = await findChildForReport(db, access.childId);
  const today = localDate(now, child.time_zone);
  const asOf = b.to < today ? b.to : today;
  const team = can('team.view') ? await teamOf(db, access.childId) : [];
  const rows = await goalsOf(db, access.childId, b.goalIds);
  const order = new Map(b.goalIds.map((id, i) => [id, i]));
  rows.sort((x, y) => (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0));
  const measurements = rows.length === 0 ? [] : await measurementsOf(db, rows.map((r) => r.id), b.from, b.to);
  const byGoal = new Map<string, typeof measurements>();
  for (const m of measurements) {
    const list = byGoal.get(m.goal_id);
    if (list) list.push(m);
    else byGoal.set(m.goal_id, [m]);
  }
  const goals = rows.map((g) => {
    const ms = byGoal.get(g.id) ?? [];
    const trend = trendOf({ status: g.status, measure: g.measure, baseline: g.baseline, target: g.target, lowerIsBetter: g.lower_is_better, targetDate: g.target_date },
      ms.map((m) => ({ date: m.measured_on, value: m.value })), asOf);
    return {
      statement: g.statement, status: t(`plan.status.${g.status.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}`), whyItMatters: g.why_it_matters, measure: g.measure as MeasureKind, baseline: g.baseline, target: g.target, targetDate: g.target_date,
      trendSentence: trendSentence({ trend, lowerIsBetter: g.lower_is_better }, t),
      points: ms.map((m) => ({ date: m.measured_on, value: m.value, opportunities: m.opportunities, setting: m.setting, by: m.recorded_by_name })),
    };
  });
  const uses = can('plan.view') ? await useCountsBetween(db, access, b.from, b.to) : new Map<string, never[]>();
  const strategyRows = can('plan.view') ? await strategiesOf(db, access.childId) : null;
  // Named as the reader reads them: the clinic's own translated when not written in the report's language.
  const names = strategyRows
    ? await strategyNamesFor(deps, access.clinicId, strategyRows.map((s) => ({ id: s.strategy_id, starter: s.clinic_id === null, content: s.content })), b.locale)
    : new Map<string, string>();
  const strategies = strategyRows?.map((s) => ({ name: names.get(s.strategy_id) ?? '', settings: s.settings as Setting[], uses: uses.get(s.strategy_id) ?? [] })) ?? null;
  // Check-in scores of the period (the family's and the school's forms; a caregiver's well-being stays out).
  const checkins = can('plan.view')
    ? (await teamTrendsBetween(db, access, reader.userId, b.from, b.to, asOf)).map((f) => ({
      title: inLanguage(f.title, b.locale) ?? '',
      range: f.scoreRange,
      higherIsBetter: f.direction === 'higher_better',
      series: f.series.map((x) => ({
        who: x.who, setting: x.setting, sentence: trendSentence({ trend: x.trend, lowerIsBetter: f.direction === 'higher_worse' }, t),
        points: x.points.map((p) => ({ date: p.date, value: p.value })),
      })),
    }))
    : null;
  const milestones = (await milestonesOf(db, access.childId, b.from, b.to)).map((m) => ({ date: m.happened_on, title: m.title, goalMet: m.kind === 'goal_met' }));
  const sessions = can('sessions.view')
    ? (await summariesBetween(db, { userId: reader.userId, locale: b.locale }, access, zonedInstant(b.from, '00:00', child.time_zone), zonedInstant(addDays(b.to, 1), '00:00', child.time_zone),
      (items) => contentTranslations(deps, items, b.locale))).map(({ startsAt, summary }) => {
      const text = summaryWords(summary);
      return {
        date: localDate(startsAt, child.time_zone), writtenBy: summary.writtenBy,
        parts: SUMMARY_FIELDS.filter((f) => text[f].trim() !== '').map((f) => ({ label: t(`sessionRecord.${f}`), text: text[f] })),
      };
    })
    : null;
  return {
    locale: b.locale,
    clinic: { name: child.clinic_name, letterhead: child.letterhead },
    child: { name: `${child.first_name} ${child.last_name}`.trim(), age: ageOn(child.birth_date, today) },
    from: b.from,
    to: b.to,
    generatedOn: today,
    team: team.map((m) => ({ name: m.name, role: t(`roles.${m.role}`) })),
    goals,
    practice: can('practice.view') ? await practiceWeeks(db, access.childId, b.from, b.to) : null,
    strategies,
    checkins,
    milestones,
    sessions,
    closing: b.closing.trim() !== '' && access.role === 'therapist' ? { text: b.closing.trim(), by: reader.name } : null,
  };
}

/** Writes the report's PDF and keeps it in the store under a new key. */
export async function writeReport(deps: Pick<Deps, 'config' | 'clock'> & { db: Executor }, store: UploadStore, reader: { userId: string; name: string }, access: ChildAccess, b: Parameters<typeof reportContent>[3], now: Date) {
  const content = await reportContent(deps, reader, access, b, now);
  const { bytes, pages } = await renderReportPdf(content, mailText(b.locale));
  const storageKey = await putBytes(store, bytes, 'application/pdf');
  return { storageKey, byteSize: bytes.length, pageCount: pages };
}

export function presentReport(r: ReportRow): Report {
  return {
    id: r.id, status: r.status, from: r.period_from, to: r.period_to, locale: localeOf(r.locale), pageCount: r.page_count,
    createdAt: r.created_at.toISOString(), expiresAt: r.expires_at.toISOString(),
    url: r.status === 'ready' ? `/api/children/${r.child_id}/reports/${r.id}/pdf` : null,
  };
}

/** The job for a long period: writes the PDF as the person who asked, with their permissions now. */
export async function runReportJob(deps: Deps, store: UploadStore, data: Record<string, unknown>): Promise<void> {
  const row = await reportById(deps.db, String(data.id));
  if (!row || row.status !== 'pending') return;
  const access = (await loadChildAccess(deps.db, row.requested_by, [row.child_id])).get(row.child_id);
  if (!access || !mayReport(access)) {
    await markFailed(deps.db, row.id);
    return;
  }
  const reader = await userOf(deps.db, row.requested_by);
  let file: Awaited<ReturnType<typeof writeReport>>;
  try {
    file = await writeReport(deps, store, { userId: reader.id, name: reader.name }, access, {
      from: row.period_from, to: row.period_to, goalIds: row.goal_ids, locale: localeOf(row.locale), closing: row.closing,
    }, deps.clock());
  } catch (error) {
    // The person is told it failed (and asks again) rather than waiting on a report that never comes.
    await markFailed(deps.db, row.id);
    throw error;
  }
  const saved = await markReady(deps.db, row.id, file, deps.clock());
  if (!saved) await store.remove(file.storageKey);
}

/** The PDFs of a child's reports still kept, for the purge to remove with the child's uploads. */
export const reportFilesOf = (db: Executor, childId: string) => reportKeysOf(db, childId);

/** Past its day, a report's PDF is removed: the row says so first, then the file goes. */
export async function forgetExpiredReports(deps: Pick<Deps, 'db' | 'clock'>, store: UploadStore): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await expiredReports(deps.db, deps.clock());
    for (const r of rows) {
      await forgetFile(deps.db, r.id);
      if (r.storage_key) await store.remove(r.storage_key);
    }
    total += rows.length;
    if (rows.length < EXPIRED_BATCH) return total;
  }
}
