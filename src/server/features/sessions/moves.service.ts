// Moving and cancelling a session from the family's side. Each household of a child's family (a
// care_team_member.household, or a member alone when they have none) asks on its own, with one
// to three times; a newer request of the same household replaces its open one. Whoever manages
// sessions sees every household's request and the times that suit them all, and accepts one (the
// session moves), offers another time to the households that asked, or declines with a reason. A
// family reader only ever sees their own household's requests and the offers made to it.
import type { ProposeMoveRequest, SessionMoves } from '../../../contract/session-moves.ts';
import { familyMayCancel } from '../../../contract/sessions.ts';
import type { ChildAccess } from '../../access/access.ts';
import { recordAudit, type AuditContext } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import { notify, teamAudience } from '../notifications/notify.ts';
import { audienceOf, notifySessionCancelled, notifySessionMoved } from './session-mail.ts';
import { zonedInstant } from '../practice/schedule.ts';
import {
  closeMoves, declineMove, familyHouseholds, insertMove, lockMove, moveSession, recordChange, resetAnswers, type ChangeInsert, type MoveRow,
} from './moves.repository.ts';
import { localDateTime } from './recurrence.ts';
import { cancelSession, inviteesOf, teamMembersAmong, type SessionRow } from './sessions.repository.ts';
import { refuseClashes, visibilityFor } from './sessions.service.ts';

/** A household's key: its name on the team, or the member alone. */
export function householdOf(m: { memberId: string; household: string | null }): string {
  return m.household ?? `member:${m.memberId}`;
}

/** The reader's household, when they are a member of the child's team. */
export const readerHousehold = (access: ChildAccess): string | null => (access.memberId ? householdOf({ memberId: access.memberId, household: access.household }) : null);

/** Everything a step needs: who acts, on which child, when, and the request's audit context. */
export type MoveContext = { deps: Deps; tx: Executor; access: ChildAccess; actor: string; now: Date; audit: AuditContext; zone: string };

const sameInstant = (a: Date, b: Date) => a.getTime() === b.getTime();

function refuseClosed(s: SessionRow, now: Date): void {
  if (s.status === 'cancelled') throw new AppError('conflict', 409, 'This session was cancelled.');
  if (s.starts_at <= now) throw new AppError('conflict', 409, 'This session has already started.');
}

/** A time to move to: still to come, and not the session's own time. */
function checkTime(field: string, at: Date, s: SessionRow, now: Date): void {
  if (at <= now) throw badField(field, 'Choose a time that is still to come.');
  if (sameInstant(at, s.starts_at)) throw badField(field, 'This is already the session’s time.');
}

// ---- who hears of it ----------------------------------------------------------------------

/**
 * Who hears of a step: among the session's audience (everyone it is for who may still see it),
 * its clinicians — those who manage sessions, else, when none of them is on it any more, every
 * manager of the child — and the members of these households.
 */
async function toldOf(tx: Executor, s: SessionRow, households: readonly string[]): Promise<string[]> {
  const audience = (await audienceOf(tx, s)).map((a) => a.userId);
  const managers = new Set(await teamAudience(tx, s.child_id, 'sessions.manage'));
  const clinicians = audience.filter((id) => managers.has(id));
  const homes = households.length === 0 ? new Map<string, string>() : new Map((await familyHouseholds(tx, s.child_id)).map((m) => [m.user_id, householdOf({ memberId: m.id, household: m.household })]));
  const family = audience.filter((id) => !managers.has(id) && households.includes(homes.get(id) ?? ''));
  return [...family, ...(clinicians.length > 0 ? clinicians : managers)];
}

async function tell(c: MoveContext, s: SessionRow, userIds: readonly string[], kind: 'session_move_requested' | 'session_move_offered' | 'session_move_declined', key: string): Promise<string[]> {
  return notify(c.deps, c.tx, {
    userIds, kind, childId: s.child_id, clinicId: s.clinic_id, actorId: c.actor, target: { sessionId: s.id }, dedupeKey: key,
  });
}

// ---- the steps ----------------------------------------------------------------------------

/** Keeps a step in the session's record: who took it, when, and what. */
async function noteStep(c: MoveContext, s: SessionRow, step: ChangeInsert['action'], what: Omit<ChangeInsert, 'clinic_id' | 'child_id' | 'session_id' | 'action' | 'actor_id'>): Promise<void> {
  await recordChange(c.tx, { clinic_id: s.clinic_id, child_id: s.child_id, session_id: s.id, action: step, actor_id: c.actor, ...what }, c.now);
}

/** A household asks to move a session to one of up to three times. Returns the mails to send. */
export async function proposeMove(c: MoveContext, s: SessionRow, b: ProposeMoveRequest): Promise<string[]> {
  refuseClosed(s, c.now);
  const household = readerHousehold(c.access);
  if (!household) throw notFound();
  const zone = b.timeZone ?? c.zone;
  const times = b.times.map((t, i) => {
    const at = zonedInstant(t.date, t.time, zone);
    checkTime(`times.${i}`, at, s, c.now);
    return at;
  });
  times.forEach((at, i) => {
    if (times.findIndex((other) => sameInstant(other, at)) !== i) throw badField(`times.${i}`, 'This time is listed twice.');
  });
  await closeMoves(c.tx, s.id, 'replaced', c.actor, c.now, { household, side: 'family' });
  const row = await insertMove(c.tx, {
    clinic_id: s.clinic_id, child_id: s.child_id, session_id: s.id, side: 'family', household, households: [], times, created_by: c.actor,
  }, c.now);
  await noteStep(c, s, 'move_requested', { request_id: row.id, household, times });
  await recordAudit(c.tx, c.audit, {
    action: 'session.move_request', childId: s.child_id, clinicId: s.clinic_id, subjectType: 'session', subjectId: s.id,
    details: { requestId: row.id, times: times.map((t) => t.toISOString()) },
  });
  return tell(c, s, await toldOf(c.tx, s, []), 'session_move_requested', `session-move-requested:${row.id}`);
}

/** The open request of this session, of the side asked for; else 404 (or 409 once it is closed). */
async function openMove(c: MoveContext, s: SessionRow, requestId: string, side: 'family' | 'clinic'): Promise<MoveRow> {
  const row = await lockMove(c.tx, s.id, requestId);
  if (!row || row.side !== side) throw notFound();
  if (side === 'clinic' && !row.households.includes(readerHousehold(c.access) ?? '')) throw notFound();
  if (row.status !== 'open') throw new AppError('conflict', 409, 'This request has already been answered.');
  return row;
}

/** Who is invited to the session by name. */
const invitedTo = async (tx: Executor, s: SessionRow): Promise<string[]> => (await inviteesOf(tx, [s.id])).map((i) => i.user_id);

/** The session's clinicians (its creator and invited therapists) must be free at this time, as when it was scheduled. */
async function refuseClashesAt(c: MoveContext, s: SessionRow, invited: readonly string[], at: Date): Promise<void> {
  const therapists = (await teamMembersAmong(c.tx, s.child_id, invited)).filter((m) => m.role === 'therapist').map((m) => m.user_id);
  await refuseClashes(c.tx, [s.created_by, ...therapists], [at], s.duration_minutes, c.zone, s.child_id, s.id);
}

/** The session moves to a time, refused when it clashes with a clinician's other session. */
async function moveTo(c: MoveContext, s: SessionRow, to: Date, request: MoveRow): Promise<{ row: SessionRow; mails: string[] }> {
  const invited = await invitedTo(c.tx, s);
  await refuseClashesAt(c, s, invited, to);
  const moved = await moveSession(c.tx, s, to, c.now);
  await closeMoves(c.tx, s.id, 'accepted', c.actor, c.now, { id: request.id });
  await closeMoves(c.tx, s.id, 'closed', c.actor, c.now);
  // The mover comes; everyone else is asked again.
  const moverAnswers = invited.includes(c.actor) || (s.family_invited && visibilityFor(c.access) === 'family');
  await resetAnswers(c.tx, s.id, c.actor, moverAnswers, c.now);
  await noteStep(c, s, 'moved', { request_id: request.id, household: request.household, times: [to], from_starts_at: s.starts_at, to_starts_at: to });
  await recordAudit(c.tx, c.audit, {
    action: 'session.move', childId: s.child_id, clinicId: s.clinic_id, subjectType: 'session', subjectId: s.id,
    details: { requestId: request.id, from: s.starts_at.toISOString(), to: to.toISOString(), version: moved.version },
  });
  return { row: moved, mails: await notifySessionMoved(c.deps, c.tx, moved.id, c.actor) };
}

/** The clinic takes one of the times a household proposed. */
export async function acceptProposedTime(c: MoveContext, s: SessionRow, requestId: string, startsAt: string) {
  refuseClosed(s, c.now);
  const request = await openMove(c, s, requestId, 'family');
  const to = new Date(startsAt);
  if (!request.times.some((t) => sameInstant(t, to))) throw badField('startsAt', 'Choose one of the times the family proposed.');
  checkTime('startsAt', to, s, c.now);
  return moveTo(c, s, to, request);
}

/** A household takes the time the clinic offered it. */
export async function acceptOffer(c: MoveContext, s: SessionRow, requestId: string) {
  refuseClosed(s, c.now);
  const offer = await openMove(c, s, requestId, 'clinic');
  const to = offer.times[0];
  if (!to) throw notFound();
  checkTime('startsAt', to, s, c.now);
  return moveTo(c, s, to, offer);
}

/** The clinic offers another time to the households with an open request (a newer offer replaces the older). */
export async function offerTime(c: MoveContext, s: SessionRow, b: { date: string; time: string; timeZone?: string | undefined }, open: readonly MoveRow[]): Promise<string[]> {
  refuseClosed(s, c.now);
  const households = [...new Set(open.filter((r) => r.side === 'family' && r.status === 'open').map((r) => r.household ?? ''))];
  if (households.length === 0) throw new AppError('conflict', 409, 'No one has asked to move this session.');
  const at = zonedInstant(b.date, b.time, b.timeZone ?? c.zone);
  checkTime('time', at, s, c.now);
  await refuseClashesAt(c, s, await invitedTo(c.tx, s), at);
  await closeMoves(c.tx, s.id, 'replaced', c.actor, c.now, { side: 'clinic' });
  const row = await insertMove(c.tx, {
    clinic_id: s.clinic_id, child_id: s.child_id, session_id: s.id, side: 'clinic', household: null, households, times: [at], created_by: c.actor,
  }, c.now);
  await noteStep(c, s, 'move_offered', { request_id: row.id, times: [at] });
  await recordAudit(c.tx, c.audit, {
    action: 'session.move_offer', childId: s.child_id, clinicId: s.clinic_id, subjectType: 'session', subjectId: s.id,
    details: { requestId: row.id, startsAt: at.toISOString(), households: households.length },
  });
  return tell(c, s, await toldOf(c.tx, s, households), 'session_move_offered', `session-move-offered:${row.id}`);
}

/** The clinic declines a household's request, saying why; only that household hears of it. */
export async function declineRequest(c: MoveContext, s: SessionRow, requestId: string, reason: string): Promise<string[]> {
  const request = await openMove(c, s, requestId, 'family');
  await declineMove(c.tx, request.id, reason, c.actor, c.now);
  await noteStep(c, s, 'move_declined', { request_id: request.id, household: request.household, reason });
  await recordAudit(c.tx, c.audit, {
    action: 'session.move_decline', childId: s.child_id, clinicId: s.clinic_id, subjectType: 'session', subjectId: s.id, details: { requestId: request.id },
  });
  return tell(c, s, await toldOf(c.tx, s, request.household === null ? [] : [request.household]), 'session_move_declined', `session-move-declined:${request.id}`);
}

/**
 * A guardian cancels a session they can see, before it starts, with a reason: the session is
 * cancelled for everyone (the child does not come), its open requests close, and everyone who
 * sees it — the therapist first — is told. A caregiver may say they cannot come or suggest other
 * times, but cancelling is the guardian's decision (403).
 */
export async function cancelByFamily(c: MoveContext, s: SessionRow, reason: string): Promise<{ row: SessionRow; mails: string[] }> {
  if (c.access.role !== 'guardian') {
    throw new AppError('forbidden', 403, 'Only a parent or guardian can cancel a session. You can say you can’t make it, or suggest other times.');
  }
  if (!familyMayCancel(s.kind)) {
    throw new AppError('forbidden', 403, 'A meeting is run by the clinic: only the therapist can cancel it. You can say you can’t make it, or suggest other times.');
  }
  refuseClosed(s, c.now);
  const cancelled = await cancelSession(c.tx, s, c.actor, reason, c.now);
  await closeMoves(c.tx, s.id, 'closed', c.actor, c.now);
  await noteStep(c, s, 'cancelled_by_family', { household: readerHousehold(c.access), reason, from_starts_at: s.starts_at });
  await recordAudit(c.tx, c.audit, {
    action: 'session.cancel', childId: s.child_id, clinicId: s.clinic_id, subjectType: 'session', subjectId: s.id,
    details: { version: cancelled.version, startsAt: s.starts_at.toISOString(), seriesId: s.series_id, byFamily: true },
  });
  return { row: cancelled, mails: await notifySessionCancelled(c.deps, c.tx, cancelled.id, c.actor, true) };
}

// ---- what a reader sees -------------------------------------------------------------------

export type MoveReader = { manages: boolean; household: string | null; canRespond: boolean; zone: string };

/**
 * The requests of each session as one reader sees them. A manager sees every open request and
 * which times every household offered (when at least two households asked). A family reader
 * sees only their own household's open request (or its latest declined one), never whether
 * another household asked, and the clinic's offer when it is made to their household.
 */
export function presentMoves(sessions: readonly SessionRow[], rows: readonly MoveRow[], r: MoveReader): SessionMoves[] {
  const out: SessionMoves[] = [];
  for (const s of sessions) {
    const mine = rows.filter((m) => m.session_id === s.id);
    const open = mine.filter((m) => m.side === 'family' && m.status === 'open');
    const households = [...new Set(open.map((m) => m.household ?? ''))];
    const everyone = (at: Date) => r.manages && households.length >= 2 && open.every((m) => m.times.some((t) => sameInstant(t, at)));
    let requests: MoveRow[];
    if (r.manages) requests = open;
    else {
      const own = mine.filter((m) => m.side === 'family' && m.household === r.household);
      const ownOpen = own.filter((m) => m.status === 'open');
      const last = own.at(-1);
      requests = ownOpen.length > 0 ? ownOpen : last ? [last] : [];
    }
    const offer = mine.filter((m) => m.side === 'clinic' && m.status === 'open').at(-1);
    const offerSeen = offer && (r.manages || (r.household !== null && offer.households.includes(r.household))) ? offer : undefined;
    const offerAt = offerSeen?.times[0];
    if (requests.length === 0 && !offerAt) continue;
    out.push({
      sessionId: s.id,
      requests: requests.map((m) => ({
        id: m.id, household: m.household?.startsWith('member:') ? null : m.household, requestedBy: m.created_by, createdAt: m.created_at.toISOString(),
        times: m.times.map((t) => ({ startsAt: t.toISOString(), localStart: localDateTime(t, r.zone), suitsEveryone: everyone(t) })),
        status: m.status, reason: m.reason, mine: m.household === r.household,
      })),
      offer: offerSeen && offerAt ? {
        id: offerSeen.id, startsAt: offerAt.toISOString(), localStart: localDateTime(offerAt, r.zone), offeredBy: offerSeen.created_by,
        createdAt: offerSeen.created_at.toISOString(), canAccept: !r.manages && r.canRespond,
      } : null,
      households: r.manages ? households.length : 0,
    });
  }
  return out;
}
