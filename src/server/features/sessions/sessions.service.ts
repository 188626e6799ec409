// Sessions: who sees which, scheduling (one-off or a series written out for a horizon), clashes
// with a clinician's other sessions, and each session as its reader sees it (their own clock).
import { SERIES_HORIZON_WEEKS, type CreateSessionRequest, type Session } from '../../../contract/sessions.ts';
import { inRestrictedHousehold } from '../../../contract/permissions.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import { isUuid, loadChildAccess } from '../../access/access.ts';
import { zonedInstant } from '../practice/schedule.ts';
import { horizonEnd, localDateTime, normalizeRule, occurrences, RecurrenceError, repeatsOf } from './recurrence.ts';
import {
  busySessions, insertSeries, insertSessions, inviteesOf, lockCalendars, lockSession, sessionById, sessionExtras, sessionsInRange, teamMembersAmong,
  type SessionRow, type SessionWithExtras, type Visibility,
} from './sessions.repository.ts';

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/** The range of time asked for, checked: `to` after `from`, and no longer than `maxDays`. */
export function range(q: { from: string; to: string }, maxDays: number): { from: Date; to: Date } {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (to <= from) throw badField('to', 'The end of the range must come after its start.');
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) throw badField('to', `Ask for at most ${maxDays} days at a time.`);
  return { from, to };
}

/**
 * Which of a child's sessions a reader sees. Whoever manages sessions sees them all. A parent or
 * caregiver with sessions.view sees the ones they are invited to and those the family is invited
 * to — unless they are a restricted second household (no whole-team conversation, or a guardian
 * without the team's contacts, as in messages): then only the ones they are personally invited to.
 * Anyone else (a teacher, with or without sessions.view) sees only their own invitations: without
 * sessions.view, only through the routes open to them with child.view (a meeting's page and agenda).
 */
export function visibilityFor(access: Pick<ChildAccess, 'permissions' | 'role'>): Visibility {
  const p = access.permissions;
  if (p.includes('sessions.manage')) return 'all';
  if (!p.includes('sessions.view') || (access.role !== 'guardian' && access.role !== 'caregiver')) return 'invited';
  return inRestrictedHousehold({ role: access.role, permissions: p }) ? 'invited' : 'family';
}

export type Scheduled = { seriesId: string | null; rows: SessionRow[] };

/**
 * Schedules a child's session, or a series written out for SERIES_HORIZON_WEEKS. Occurrences
 * further ahead are added later by a job (not built yet) that, for each series whose
 * materialised_until comes within the horizon, writes the occurrences after that date with the
 * same occurrences() call (the count keeps counting from the first date) and moves
 * materialised_until on, skipping and reporting any that clash.
 */
export async function scheduleSessions(
  tx: Executor,
  access: ChildAccess,
  creator: string,
  b: CreateSessionRequest,
  clinicZone: string,
  now: Date,
): Promise<Scheduled> {
  const zone = b.timeZone ?? clinicZone;
  const inviteeIds = [...new Set(b.invitees)].filter((id) => id !== creator);
  const members = await teamMembersAmong(tx, access.childId, inviteeIds);
  if (members.length !== inviteeIds.length) throw badField('invitees', 'Invite only people on the child’s team.');

  let starts: Date[];
  let series: { rule: string; until: string | null; count: number | null; through: string } | null = null;
  if (b.recurrence === null) {
    starts = [zonedInstant(b.date, b.time, zone)];
  } else {
    const r = b.recurrence;
    if (r.until !== null && r.until < b.date) throw badField('recurrence.until', 'The last date cannot be before the first.');
    let rule: string;
    try {
      rule = normalizeRule(r.rule);
    } catch (e) {
      if (e instanceof RecurrenceError) throw badField('recurrence.rule', e.message);
      throw e;
    }
    const through = horizonEnd(b.date, now, zone, SERIES_HORIZON_WEEKS);
    series = { rule, until: r.until, count: r.count, through };
    starts = occurrences({ rule, startDate: b.date, time: b.time, timeZone: zone, until: r.until, count: r.count }, through);
    if (starts.length === 0) throw badField('recurrence.rule', 'The rule lists no dates from the first date on.');
  }

  // A clinician's time is theirs once: the creator's and every invited therapist's other sessions.
  const clinicians = [creator, ...members.filter((m) => m.role === 'therapist').map((m) => m.user_id)];
  await refuseClashes(tx, clinicians, starts, b.durationMinutes, zone, access.childId);

  const seriesId = series === null ? null : await insertSeries(tx, {
    clinic_id: access.clinicId, child_id: access.childId, rule: series.rule, start_date: b.date, local_time: b.time, time_zone: zone,
    duration_minutes: b.durationMinutes, until_date: series.until, count: series.count, materialised_until: series.through, created_by: creator,
  }, now);
  const rows = await insertSessions(tx, starts.map((s) => ({
    clinic_id: access.clinicId, child_id: access.childId, series_id: seriesId, kind: b.kind, place: b.place, place_note: b.placeNote,
    starts_at: s, duration_minutes: b.durationMinutes, family_invited: b.familyInvited, created_by: creator,
  })), inviteeIds, now);
  return { seriesId, rows };
}

/**
 * Refuses (409) sessions at these starts when any of these clinicians has another scheduled
 * session overlapping one of them, naming the clashing time in `zone`. Locks the clinicians'
 * calendars until the transaction ends. Moving a session later passes its own id as `exceptId`.
 */
export async function refuseClashes(
  tx: Executor,
  clinicians: readonly string[],
  starts: readonly Date[],
  durationMinutes: number,
  zone: string,
  childId: string,
  exceptId?: string,
): Promise<void> {
  const first = starts[0];
  const last = starts.at(-1);
  if (!first || !last) return;
  await lockCalendars(tx, clinicians);
  const busy = (await busySessions(tx, clinicians, first, new Date(last.getTime() + durationMinutes * MINUTE))).filter((s) => s.id !== exceptId);
  for (const start of starts) {
    const stop = start.getTime() + durationMinutes * MINUTE;
    const clash = busy.find((s) => s.starts_at.getTime() < stop && s.starts_at.getTime() + s.duration_minutes * MINUTE > start.getTime());
    if (!clash) continue;
    const local = localDateTime(clash.starts_at, zone).replace('T', ' at ');
    // Another child's session is named by its time only.
    throw new AppError('conflict', 409, `This clashes with another session on ${local} (${zone}, ${clash.starts_at.toISOString()}), ${clash.duration_minutes} minutes.`, {
      clash: { sessionId: clash.child_id === childId ? clash.id : null, startsAt: clash.starts_at.toISOString(), durationMinutes: clash.duration_minutes },
    });
  }
}

/** The session, locked until the transaction ends, if this reader may see it; else 404. */
export async function lockVisibleSession(tx: Executor, reader: string, access: ChildAccess, sessionId: string): Promise<SessionRow> {
  if (!isUuid(sessionId)) throw notFound();
  const row = await lockSession(tx, access.childId, sessionId);
  if (!row) throw notFound();
  const invited = (await inviteesOf(tx, [row.id])).some((i) => i.user_id === reader);
  if (!canSee(visibilityFor(access), row, invited)) throw notFound();
  return row;
}

/** The session, if this reader may see it; else 404 (as if it did not exist). */
export async function visibleSession(db: Executor, reader: string, access: ChildAccess, sessionId: string): Promise<SessionRow> {
  if (!isUuid(sessionId)) throw notFound();
  const epoch = new Date(0);
  const [row] = await sessionsInRange(db, reader, [{ childId: access.childId, visibility: visibilityFor(access) }], epoch, epoch, { sessionId });
  if (!row) throw notFound();
  return row;
}

/**
 * Whether the person is one of the session's people — its clinician, someone invited by name, or
 * one of the family when the family is invited and they see the family's sessions — rather than
 * merely able to read it (a clinician managing all the child's sessions is not thereby invited).
 */
export function attends(v: Visibility, s: Pick<SessionRow, 'created_by' | 'family_invited'>, reader: string, invited: boolean): boolean {
  return s.created_by === reader || invited || (v === 'family' && s.family_invited);
}

/**
 * A session by its id alone, with the reader's access to its child, when the reader attends it
 * (see attends; without sessions.view only what names them); null for an id that is no session.
 */
export async function attendedSession(db: Executor, reader: string, sessionId: string): Promise<{ row: SessionRow; access: ChildAccess } | { row: SessionRow; access: null } | null> {
  if (!isUuid(sessionId)) return null;
  const row = await sessionById(db, sessionId);
  if (!row) return null;
  const access = (await loadChildAccess(db, reader, [row.child_id])).get(row.child_id);
  if (!access) return { row, access: null };
  const invited = (await inviteesOf(db, [row.id])).some((i) => i.user_id === reader);
  return attends(visibilityFor(access), row, reader, invited) ? { row, access } : { row, access: null };
}

/** A session by its id alone, for a link that carries no child (a guest pass). */
export const findSession = (db: Executor, sessionId: string): Promise<SessionRow | undefined> => (isUuid(sessionId) ? sessionById(db, sessionId) : Promise.resolve(undefined));

/** Whether a reader with this visibility may see the session. */
export function canSee(v: Visibility, s: Pick<SessionRow, 'family_invited'>, invited: boolean): boolean {
  return v === 'all' || invited || (v === 'family' && s.family_invited);
}

/**
 * The sessions as one reader sees them: times on their own clock (`zone`), their own answer, and
 * the invitee list only for those who see every session (a household never learns the other's answers).
 */
export async function presentSessions(
  db: Executor,
  reader: string,
  rows: readonly SessionRow[],
  visibilityOf: (childId: string) => Visibility,
  zoneOf: (childId: string) => string,
): Promise<Session[]> {
  // Rows read by sessionsInRange carry their extras; others (a row just written) fetch them.
  const read = rows.every((r): r is SessionWithExtras => 'invitees' in r);
  const { invitees, rules } = read
    ? { invitees: rows.flatMap((r) => r.invitees), rules: new Map(rows.flatMap((r) => (r.series_id !== null && r.rule !== null ? [[r.series_id, r.rule] as const] : []))) }
    : await sessionExtras(db, rows);
  const bySession = new Map<string, (typeof invitees)[number][]>();
  for (const i of invitees) bySession.set(i.session_id, [...(bySession.get(i.session_id) ?? []), i]);
  return rows.map((s) => {
    const mine = bySession.get(s.id) ?? [];
    const own = mine.find((i) => i.user_id === reader);
    const v = visibilityOf(s.child_id);
    const zone = zoneOf(s.child_id);
    return {
      id: s.id, childId: s.child_id, seriesId: s.series_id, repeats: s.series_id === null ? null : repeatsOf(rules.get(s.series_id)), kind: s.kind, place: s.place, placeNote: s.place_note,
      startsAt: s.starts_at.toISOString(), localStart: localDateTime(s.starts_at, zone), timeZone: zone,
      durationMinutes: s.duration_minutes, familyInvited: s.family_invited, status: s.status,
      cancelReason: s.cancel_reason, cancelledAt: s.cancelled_at?.toISOString() ?? null,
      myResponse: own?.response ?? (v === 'family' && s.family_invited ? 'pending' : null),
      invitees: (v === 'all' ? mine : mine.filter((i) => i.user_id === reader)).map((i) => ({ userId: i.user_id, response: i.response })),
      createdBy: s.created_by, version: s.version,
    };
  });
}

/** Meetings about progress (plan reviews, team meetings) of these children the reader may see, starting in [from, to), soonest first. */
export async function progressMeetings(db: Executor, reader: string, accesses: readonly ChildAccess[], from: Date, to: Date): Promise<SessionRow[]> {
  const rows = await sessionsInRange(db, reader, accesses.map((a) => ({ childId: a.childId, visibility: visibilityFor(a) })), from, to);
  return rows.filter((s) => s.status !== 'cancelled' && (s.kind === 'plan_review' || s.kind === 'team_meeting'));
}
