// A one-year progress report for the fullest child of the large clinic: six agreed goals measured
// every day at home, on school days at school and weekly at therapy for two years; three daily
// home practices logged most days; the starter strategies in use; a win most weeks; a shared
// summary for every past session. The report is asked for over HTTP, one at a time, as a
// therapist does, and each PDF is written while they wait. Baseline in the same run: the bare
// Fastify "hello", one request at a time.
import { sql } from 'kysely';
import type { Db } from '../src/server/db/database.ts';

/** Seeds the child's two years; returns the ids of its six goals. */
export async function seedFullestChild(db: Db, childId: string): Promise<string[]> {
  const child = await db.selectFrom('child').select(['clinic_id', 'created_by']).where('id', '=', childId).executeTakeFirstOrThrow();
  const goals = await sql<{ id: string }>`
    INSERT INTO goal (clinic_id, child_id, status, area, statement, measure, baseline, target, settings, why_it_matters, created_by, agreed_at)
    SELECT ${child.clinic_id}, ${childId}, 'agreed', 'communication', 'Goal ' || g || ': asks for help with words in new places', 'count', 1, 8,
           '{therapy,home,school}', 'So mornings are calmer and school feels safe.', ${child.created_by}, now() - interval '2 years'
    FROM generate_series(1, 6) g RETURNING id`.execute(db);
  const goalIds = goals.rows.map((g) => g.id);
  await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL statement_timeout = 0`.execute(tx);
    // Home every day, school on weekdays, therapy once a week: slowly rising, with some noise.
    await sql`
      INSERT INTO measurement (goal_id, child_id, value, measured_on, setting, recorded_by)
      SELECT g, ${childId}, least(8, 1 + floor((730 - d) / 110.0) + (d % 3)), current_date - d, s, ${child.created_by}
      FROM unnest(${goalIds}::uuid[]) g CROSS JOIN generate_series(0, 729) d
      CROSS JOIN LATERAL (VALUES ('home'), ('school'), ('therapy')) v(s)
      WHERE s = 'home' OR (s = 'school' AND extract(isodow FROM current_date - d) < 6) OR (s = 'therapy' AND extract(isodow FROM current_date - d) = 2)`.execute(tx);
    await sql`
      INSERT INTO practice_item (clinic_id, child_id, title, steps, rule, start_date, created_by)
      SELECT ${child.clinic_id}, ${childId}, t, '["Get ready","Do it together","Say well done"]', 'FREQ=DAILY', current_date - 730, ${child.created_by}
      FROM unnest(ARRAY['Balloon breathing', 'Two-word requests at snack time', 'Shoes on, step by step']) t`.execute(tx);
    await sql`
      INSERT INTO practice_log (item_id, child_id, practice_date, outcome, how_it_went, logged_by, logger_role)
      SELECT i.id, i.child_id, current_date - d, CASE WHEN d % 5 = 0 THEN 'skipped' ELSE 'done' END, 4, m.user_id, 'guardian'
      FROM practice_item i JOIN care_team_member m ON m.child_id = i.child_id AND m.role = 'guardian'
      CROSS JOIN generate_series(0, 729) d WHERE i.child_id = ${childId}`.execute(tx);
    await sql`
      INSERT INTO child_strategy (clinic_id, child_id, strategy_id, settings, created_by, updated_at)
      SELECT ${child.clinic_id}, ${childId}, s.id, '{home,school}', ${child.created_by}, now()
      FROM strategy s WHERE s.clinic_id IS NULL ORDER BY s.starter_key LIMIT 8`.execute(tx);
    await sql`
      INSERT INTO milestone (clinic_id, child_id, kind, title, happened_on, created_by, creator_role)
      SELECT ${child.clinic_id}, ${childId}, 'win', 'Said a new two-word request, week ' || w, current_date - 7 * w, ${child.created_by}, 'therapist'
      FROM generate_series(0, 100) w`.execute(tx);
    await sql`
      INSERT INTO session_record (session_id, clinic_id, child_id, worked_on, went_well, to_practise, language, shared_at, written_by, updated_at)
      SELECT s.id, s.clinic_id, s.child_id, 'Two-word requests in play, and waiting for a turn.', 'He asked for the train with two words three times.',
             'Ask for more at snack time, every day.', 'en', s.starts_at + interval '1 hour', s.created_by, s.starts_at + interval '1 hour'
      FROM therapy_session s WHERE s.child_id = ${childId} AND s.starts_at < now()`.execute(tx);
  });
  await sql`ANALYZE`.execute(db);
  return goalIds;
}

export type ReportBench = { runs: number; p50: number; p99: number; max: number; pages: number; kilobytes: number; baselineP50: number };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Asks for the child's one-year report again and again for `seconds` (at least three times), one at a time. */
export async function benchReport(base: string, bareUrl: string, headers: Record<string, string>, childId: string, goalIds: string[], seconds: number): Promise<ReportBench> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const body = JSON.stringify({ from, to: today, goalIds, locale: 'en', closing: 'A year of steady work at home, at school and in therapy.' });
  const timed = async (run: () => Promise<void>) => {
    const start = performance.now();
    await run();
    return performance.now() - start;
  };
  const times: number[] = [];
  let last = { pages: 0, kilobytes: 0 };
  const until = performance.now() + seconds * 1000;
  while (times.length < 3 || performance.now() < until) {
    times.push(await timed(async () => {
      const res = await fetch(`${base}/api/children/${childId}/reports`, { method: 'POST', headers, body });
      if (res.status !== 201) throw new Error(`report: ${res.status} ${await res.text()}`);
      const report = (await res.json()) as { url: string; pageCount: number };
      last = { pages: report.pageCount, kilobytes: 0 };
      const pdf = await fetch(`${base}${report.url}`, { headers: { cookie: headers.cookie ?? '' } });
      last.kilobytes = (await pdf.arrayBuffer()).byteLength / 1000;
    }));
  }
  const baseline: number[] = [];
  for (let i = 0; i < Math.max(times.length, 20); i++) baseline.push(await timed(async () => void (await (await fetch(bareUrl)).text())));
  const sorted = [...times].sort((a, b) => a - b);
  return {
    runs: times.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, ...last,
    baselineP50: percentile([...baseline].sort((a, b) => a - b), 50),
  };
}
