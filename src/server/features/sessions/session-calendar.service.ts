// Who a session is for, when each of them is reminded, and what a session mail says about it.
import type { Locale } from '../../../contract/common.ts';
import { formatWallClock } from '../../../contract/format.ts';
import { DEFAULT_SESSION_REMINDER_LEADS } from '../../../contract/session-reminder-leads.ts';
import { loadPeopleChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { mailText } from '../../mail/templates.ts';
import { quietUntil, type Quiet } from '../notifications/notify.ts';
import { localDateTime } from './recurrence.ts';
import { familyMembersOf, type CalendarSessionRow } from './session-calendar.repository.ts';
import { inviteesOf, type SessionRow } from './sessions.repository.ts';
import { canSee, visibilityFor } from './sessions.service.ts';

const MINUTE = 60_000;

export type Attendee = { userId: string; response: 'pending' | 'yes' | 'no' };

/**
 * Who each session is for, before checking they may still see it: the clinician who runs it, its
 * invitees with their answers, and when the family is invited, the child's parents and caregivers.
 */
export async function attendeesOf(db: Executor, sessions: readonly SessionRow[]): Promise<Map<string, Attendee[]>> {
  const invitees = await inviteesOf(db, sessions.map((s) => s.id));
  const family = await familyMembersOf(db, sessions.filter((s) => s.family_invited).map((s) => s.child_id));
  const out = new Map<string, Attendee[]>();
  for (const s of sessions) {
    const people = new Map<string, Attendee['response']>([[s.created_by, 'yes']]);
    if (s.family_invited) for (const f of family) if (f.child_id === s.child_id) people.set(f.user_id, 'pending');
    for (const i of invitees) if (i.session_id === s.id) people.set(i.user_id, i.response);
    out.set(s.id, [...people].map(([userId, response]) => ({ userId, response })));
  }
  return out;
}

/**
 * Keeps the (person, session) pairs whose person may see that session today: on the team and within
 * their share (see visibilityFor: without sessions.view, only what names them). One query for all.
 */
export async function stillVisible<T extends { userId: string; session: SessionRow }>(db: Executor, pairs: readonly T[]): Promise<T[]> {
  if (pairs.length === 0) return [];
  const invited = new Set((await inviteesOf(db, [...new Set(pairs.map((p) => p.session.id))])).map((i) => `${i.session_id}:${i.user_id}`));
  const access = await loadPeopleChildAccess(db, pairs.map((p) => ({ userId: p.userId, childId: p.session.child_id })));
  return pairs.filter((p) => {
    const a = access.get(`${p.userId}:${p.session.child_id}`);
    if (!a) return false;
    const own = invited.has(`${p.session.id}:${p.userId}`) || p.session.created_by === p.userId;
    return canSee(visibilityFor(a), p.session, own);
  });
}

/** A person's lead times: theirs, or the defaults when they never chose. */
export const leadsOf = (chosen: readonly number[] | null): readonly number[] => chosen ?? DEFAULT_SESSION_REMINDER_LEADS;

/**
 * The reminder due now for one person and session, if any: of the lead times whose moment has
 * come, the shortest (after a pause of the server, the nearest one is sent, not a stale pile). A
 * moment inside the person's quiet hours waits for them to end — unless the session itself starts
 * inside them, then it comes on time. A lead time that had passed before the session was
 * scheduled or last changed is not owed.
 */
export function dueReminder(
  p: { startsAt: Date; changedAt: Date; leads: readonly number[]; zone: string; quiet: Quiet },
  now: Date,
): { lead: number; ignoreQuiet: boolean } | null {
  if (p.startsAt <= now) return null;
  const startsInQuiet = quietUntil(p.startsAt, p.zone, p.quiet) !== null;
  let best: { lead: number; ignoreQuiet: boolean } | null = null;
  for (const lead of p.leads) {
    const planned = new Date(p.startsAt.getTime() - lead * MINUTE);
    if (planned < p.changedAt) continue;
    const at = startsInQuiet ? planned : (quietUntil(planned, p.zone, p.quiet) ?? planned);
    if (at <= now && (!best || lead < best.lead)) best = { lead, ignoreQuiet: startsInQuiet };
  }
  return best;
}

/** What a session mail says about a session, on the reader's clock and in their language. */
export function sessionMailVars(locale: Locale, zone: string, s: Pick<CalendarSessionRow, 'kind' | 'place' | 'starts_at'>): Record<string, string> {
  const t = mailText(locale);
  const { day, time } = formatWallClock(locale, localDateTime(s.starts_at, zone));
  return { kind: t(`sessions.kind.${s.kind}`), place: t(`sessions.place.${s.place}`), day, time, zone };
}

