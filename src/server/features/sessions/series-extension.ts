// Keeping recurring sessions written out ahead: a series is written out SERIES_HORIZON_WEEKS
// ahead when it is created; this daily job writes its following occurrences once fewer than
// EXTEND_WHEN_WEEKS remain, with the same occurrences() call (so a count keeps counting from the
// first date), as the series' latest session is (kind, place, who is invited while still on the
// team). An occurrence that would clash with a clinician's other session is skipped and recorded.
// Each series is taken under a row lock that another server instance skips, and its
// materialised_until moves on in the same transaction, so a run twice or on two instances at once
// writes each occurrence once.
import { sql } from 'kysely';
import { SERIES_HORIZON_WEEKS } from '../../../contract/sessions.ts';
import { recordAudit, SYSTEM_AUDIT } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { addDays, localDate } from '../children/calendar.ts';
import { localDateTime, occurrences } from './recurrence.ts';
import { busySessions, insertSessions, lockCalendars, teamMembersAmong, type SessionRow } from './sessions.repository.ts';

/** A series is extended once fewer than this many weeks of it are written out. */
export const EXTEND_WHEN_WEEKS = SERIES_HORIZON_WEEKS - 1;
const MINUTE = 60_000;


type SeriesRow = {
  id: string; clinic_id: string; child_id: string; rule: string; start_date: string; local_time: string; time_zone: string;
  duration_minutes: number; until_date: string | null; count: number | null; materialised_until: string; created_by: string;
};

export type ExtensionRun = { series: number; written: number; skipped: number };

/** The next series due, locked; one another instance holds is passed over. */
async function nextDueSeries(tx: Executor, now: Date): Promise<SeriesRow | undefined> {
  const { rows } = await sql<SeriesRow>`
    SELECT id, clinic_id, child_id, rule, start_date::text AS start_date, to_char(local_time, 'HH24:MI') AS local_time, time_zone,
           duration_minutes, until_date::text AS until_date, count, materialised_until::text AS materialised_until, created_by
      FROM session_series
     WHERE materialised_until < (${now}::timestamptz AT TIME ZONE time_zone)::date + ${EXTEND_WHEN_WEEKS * 7}::int
       AND (until_date IS NULL OR until_date > materialised_until)
     ORDER BY materialised_until, id
     LIMIT 1
     FOR UPDATE SKIP LOCKED`.execute(tx);
  return rows[0];
}

/** The series' latest session: what the next ones are like. */
async function templateOf(tx: Executor, seriesId: string): Promise<{ row: SessionRow; invitees: string[] } | undefined> {
  const row = await tx.selectFrom('therapy_session').selectAll().where('series_id', '=', seriesId)
    .orderBy('starts_at', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  const invitees = await tx.selectFrom('session_invitee').select('user_id').where('session_id', '=', row.id).execute();
  return { row, invitees: invitees.map((i) => i.user_id) };
}

/** Extends one series through `through`; returns how many it wrote and skipped. */
async function extendOne(tx: Executor, s: SeriesRow, through: string, now: Date): Promise<{ written: number; skipped: number }> {
  const rule = { rule: s.rule, startDate: s.start_date, time: s.local_time, timeZone: s.time_zone, until: s.until_date, count: s.count };
  const already = occurrences(rule, s.materialised_until).length;
  const next = occurrences(rule, through).slice(already);
  const template = next.length > 0 ? await templateOf(tx, s.id) : undefined;
  let written = 0;
  let skipped = 0;
  if (template) {
    const members = await teamMembersAmong(tx, s.child_id, template.invitees);
    const clinicians = [s.created_by, ...members.filter((m) => m.role === 'therapist').map((m) => m.user_id)];
    await lockCalendars(tx, clinicians);
    const last = next.at(-1) ?? now;
    const busy = await busySessions(tx, clinicians, next[0] ?? now, new Date(last.getTime() + s.duration_minutes * MINUTE));
    const free: Date[] = [];
    for (const start of next) {
      const stop = start.getTime() + s.duration_minutes * MINUTE;
      const clash = busy.find((b) => b.starts_at.getTime() < stop && b.starts_at.getTime() + b.duration_minutes * MINUTE > start.getTime());
      if (!clash) {
        free.push(start);
        continue;
      }
      skipped += 1;
      await recordAudit(tx, SYSTEM_AUDIT, {
        action: 'session.series_skip', clinicId: s.clinic_id, childId: s.child_id, subjectType: 'session_series', subjectId: s.id,
        details: {
          startsAt: start.toISOString(), localStart: localDateTime(start, s.time_zone), reason: 'clash',
          clash: { startsAt: clash.starts_at.toISOString(), durationMinutes: clash.duration_minutes, sameChild: clash.child_id === s.child_id },
        },
      });
    }
    const t = template.row;
    const rows = await insertSessions(tx, free.map((start) => ({
      clinic_id: s.clinic_id, child_id: s.child_id, series_id: s.id, kind: t.kind, place: t.place, place_note: t.place_note,
      starts_at: start, duration_minutes: s.duration_minutes, family_invited: t.family_invited, created_by: t.created_by,
    })), members.map((m) => m.user_id), now);
    written = rows.length;
  }
  await tx.updateTable('session_series').set({ materialised_until: through, updated_at: now }).where('id', '=', s.id).execute();
  if (written > 0 || skipped > 0) {
    await recordAudit(tx, SYSTEM_AUDIT, {
      action: 'session.series_extend', clinicId: s.clinic_id, childId: s.child_id, subjectType: 'session_series', subjectId: s.id,
      details: { from: s.materialised_until, through, occurrences: written, skipped },
    });
  }
  return { written, skipped };
}

/** Writes out every series due, one transaction each, until none is left. */
export async function extendSeries(deps: Pick<Deps, 'db' | 'clock'>): Promise<ExtensionRun> {
  const run: ExtensionRun = { series: 0, written: 0, skipped: 0 };
  for (;;) {
    const now = deps.clock();
    const done = await deps.db.transaction().execute(async (tx) => {
      const s = await nextDueSeries(tx, now);
      if (!s) return null;
      const through = addDays(localDate(now, s.time_zone), SERIES_HORIZON_WEEKS * 7);
      return extendOne(tx, s, through, now);
    });
    if (!done) return run;
    run.series += 1;
    run.written += done.written;
    run.skipped += done.skipped;
  }
}
