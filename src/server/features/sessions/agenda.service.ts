// Meetings to talk about progress: who may see and write which agenda points, the agenda in its
// order (the family's first, parents before other carers), and the plan review recorded from a
// meeting with the people who said they would come.
import { FAMILY_AGENDA_ROLES, isMeetingKind, type AgendaPoint, type Meeting } from '../../../contract/meetings.ts';
import type { z } from 'zod';
import type { Locale } from '../../../contract/common.ts';
import type { AgendaPointRequest as AgendaPointSchema } from '../../../contract/meetings.ts';
import { isUuid, type ChildAccess } from '../../access/access.ts';
import { inRestrictedHousehold } from '../../../contract/permissions.ts';
import { recordAudit, type AuditContext } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { localDate } from '../children/calendar.ts';
import { mailText } from '../../mail/templates.ts';
import { recordReview } from '../reviews/reviews.service.ts';
import {
  agendaPoints, deletePoint, insertPoint, inviteesWithNames, linkReview, lockPoint, meetingReview, organiserWithName, updatePoint, type AgendaPointRow,
} from './agenda.repository.ts';
import type { SessionRow } from './sessions.repository.ts';
import { lockVisibleSession, presentSessions, visibilityFor, visibleSession } from './sessions.service.ts';

type PointBody = z.output<typeof AgendaPointSchema>;
const FAMILY = new Set<string>(FAMILY_AGENDA_ROLES);

/** Whoever manages sessions: they run the meeting, may change the agenda after it starts, and see every answer. */
const manages = (access: ChildAccess) => access.permissions.includes('sessions.manage');

/** A parent or carer of a restricted second household: they see only their own household's family. */
function restrictedHousehold(access: ChildAccess): boolean {
  return access.role !== null && inRestrictedHousehold({ role: access.role, permissions: access.permissions });
}

/** Whether a family member (by household) is one a reader may know about: everyone's, or a restricted reader's own household. */
function sameSide(access: ChildAccess, reader: string, person: { id: string; role: string | null; household: string | null }): boolean {
  if (person.role === null || !FAMILY.has(person.role) || person.id === reader || !restrictedHousehold(access)) return true;
  return person.household !== null && person.household === access.household;
}

/** The meeting, locked when asked, if it is a meeting this reader may see (the same rule as every session: visibilityFor); else 404. */
export async function visibleMeeting(tx: Executor, reader: string, access: ChildAccess, sessionId: string, lock = false): Promise<SessionRow> {
  const row = lock ? await lockVisibleSession(tx, reader, access, sessionId) : await visibleSession(tx, reader, access, sessionId);
  if (!isMeetingKind(row.kind)) throw notFound();
  return row;
}

/** Whether the agenda takes this reader's points now: before the start for everyone who sees it, after it for clinicians only. */
function agendaOpenTo(access: ChildAccess, s: SessionRow, now: Date): boolean {
  if (s.status !== 'scheduled' || access.role === null) return false;
  return s.starts_at > now || manages(access);
}

function refuseClosedAgenda(access: ChildAccess, s: SessionRow, now: Date): void {
  if (s.status === 'cancelled') throw new AppError('conflict', 409, 'This meeting was cancelled.');
  if (access.role === null) throw new AppError('forbidden', 403, 'Only members of the child’s team add to the agenda.');
  if (!agendaOpenTo(access, s, now)) throw new AppError('conflict', 409, 'The meeting has started: the agenda can no longer be changed.');
}

const ROLE_ORDER: Record<string, number> = { guardian: 0, caregiver: 1, therapist: 2, teacher: 3 };

/** The points a reader may see, the family's first (parents before other carers), each group oldest first. */
export function orderAgenda(access: ChildAccess, reader: string, rows: readonly AgendaPointRow[]): Meeting['agenda'] {
  const seen = rows.filter((r) => sameSide(access, reader, { id: r.author_id, role: r.author_role, household: r.author_household }));
  const sorted = [...seen].sort((a, b) => (ROLE_ORDER[a.author_role] ?? 9) - (ROLE_ORDER[b.author_role] ?? 9) || a.created_at.getTime() - b.created_at.getTime());
  const present = (r: AgendaPointRow): AgendaPoint => ({
    id: r.id, text: r.text, detail: r.detail, author: { userId: r.author_id, name: r.author_name, role: r.author_role }, mine: r.author_id === reader,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  });
  return {
    family: sorted.filter((r) => FAMILY.has(r.author_role)).map(present),
    team: sorted.filter((r) => !FAMILY.has(r.author_role)).map(present),
  };
}

/** The meeting page as one reader sees it. */
export async function presentMeeting(db: Executor, reader: string, access: ChildAccess, s: SessionRow, now: Date): Promise<Meeting> {
  const zone = await db.selectFrom('child').leftJoin('app_user as u', (j) => j.on('u.id', '=', reader))
    .select((eb) => eb.fn.coalesce('u.time_zone', 'child.time_zone').as('zone'))
    .where('child.id', '=', access.childId).executeTakeFirstOrThrow();
  const v = visibilityFor(access);
  const [session] = await presentSessions(db, reader, [s], () => v, () => zone.zone);
  if (!session) throw notFound();
  const invitees = await inviteesWithNames(db, access.childId, s.id);
  const organiser = await organiserWithName(db, access.childId, s.created_by);
  const review = await meetingReview(db, s.id);
  const started = s.starts_at <= now;
  return {
    session,
    invited: [
      // Whoever scheduled it runs it: listed first, as its organiser.
      ...(organiser ? [{ userId: organiser.user_id, name: organiser.name, role: organiser.role, response: null, organiser: true }] : []),
      ...invitees
        .filter((i) => i.user_id !== s.created_by && sameSide(access, reader, { id: i.user_id, role: i.role, household: i.household }))
        .map((i) => ({ userId: i.user_id, name: i.name, role: i.role, response: v === 'all' || i.user_id === reader ? i.response : null, organiser: false })),
    ],
    agenda: orderAgenda(access, reader, await agendaPoints(db, s.id)),
    started,
    canAdd: agendaOpenTo(access, s, now),
    canRecordReview: review === undefined && started && s.status === 'scheduled' && manages(access) && access.permissions.includes('plan.edit'),
    review: review ? { id: review.id, heldOn: review.held_on } : null,
  };
}

/** Adds the reader's point to the agenda, audited. */
export async function addPoint(tx: Executor, ctx: AuditContext, access: ChildAccess, reader: string, s: SessionRow, b: PointBody, now: Date): Promise<string> {
  refuseClosedAgenda(access, s, now);
  const role = access.role;
  if (role === null) throw new AppError('forbidden', 403, 'Only members of the child’s team add to the agenda.');
  const id = await insertPoint(tx, { session_id: s.id, child_id: access.childId, author_id: reader, author_role: role, author_household: access.household, text: b.text, detail: b.detail });
  await recordAudit(tx, ctx, {
    action: 'meeting.agenda_add', childId: access.childId, clinicId: access.clinicId, subjectType: 'session_agenda_point', subjectId: id,
    details: { sessionId: s.id, role },
  });
  return id;
}

/** The reader's own point of this meeting, locked; another's is not theirs to change (404). */
async function ownPoint(tx: Executor, reader: string, s: SessionRow, pointId: string) {
  if (!isUuid(pointId)) throw notFound();
  const p = await lockPoint(tx, s.id, pointId);
  if (!p || p.author_id !== reader) throw notFound();
  return p;
}

export async function changePoint(tx: Executor, ctx: AuditContext, access: ChildAccess, reader: string, s: SessionRow, pointId: string, b: PointBody, now: Date): Promise<void> {
  const p = await ownPoint(tx, reader, s, pointId);
  refuseClosedAgenda(access, s, now);
  await updatePoint(tx, p.id, b.text, b.detail, now);
  await recordAudit(tx, ctx, {
    action: 'meeting.agenda_edit', childId: access.childId, clinicId: access.clinicId, subjectType: 'session_agenda_point', subjectId: p.id,
    details: { sessionId: s.id },
  });
}

export async function removePoint(tx: Executor, ctx: AuditContext, access: ChildAccess, reader: string, s: SessionRow, pointId: string, now: Date): Promise<void> {
  const p = await ownPoint(tx, reader, s, pointId);
  refuseClosedAgenda(access, s, now);
  await deletePoint(tx, p.id);
  await recordAudit(tx, ctx, {
    action: 'meeting.agenda_remove', childId: access.childId, clinicId: access.clinicId, subjectType: 'session_agenda_point', subjectId: p.id,
    details: { sessionId: s.id },
  });
}

const AGREED_MAX = 4000;
type Say = (key: string, vars?: Record<string, string | number>) => string;

/** What the review records as agreed, in the recorder's language: their words, then the agenda the meeting talked about. */
export function agreedWithAgenda(say: Say, agreed: string, kind: string, heldOn: string, agenda: Meeting['agenda']): string {
  const line = (p: AgendaPoint) => `- ${say('meetings.notes.point', { text: p.detail ? `${p.text}: ${p.detail}` : p.text, name: p.author.name, role: say(`roles.${p.author.role}`) })}`;
  const parts = [agreed.trim() || say('meetings.notes.held', { kind: say(`sessions.kind.${kind}`), date: heldOn })];
  if (agenda.family.length > 0) parts.push([say('meetings.notes.family'), ...agenda.family.map(line)].join('\n'));
  if (agenda.team.length > 0) parts.push([say('meetings.notes.team'), ...agenda.team.map(line)].join('\n'));
  const text = parts.join('\n\n');
  return text.length <= AGREED_MAX ? text : `${text.slice(0, AGREED_MAX - 1)}…`;
}

/**
 * Records the plan review from a meeting that has started: held on the meeting's date where the
 * child lives, its participants the clinician running it, the recorder, and every invitee who said
 * they would come and is still on the team; the agenda goes into what was agreed. Once per meeting.
 */
export async function recordMeetingReview(
  tx: Executor, ctx: AuditContext, access: ChildAccess, recorder: { userId: string; locale: Locale }, s: SessionRow, agreed: string, now: Date,
): Promise<{ reviewId: string; heldOn: string; participants: number }> {
  if (s.status === 'cancelled') throw new AppError('conflict', 409, 'This meeting was cancelled.');
  if (s.starts_at > now) throw new AppError('conflict', 409, 'The meeting has not started yet: record its review afterwards.');
  if (await meetingReview(tx, s.id)) throw new AppError('conflict', 409, 'The review of this meeting is already recorded.');
  const child = await tx.selectFrom('child').select('time_zone').where('id', '=', access.childId).executeTakeFirstOrThrow();
  const heldOn = localDate(s.starts_at, child.time_zone);
  const came = (await inviteesWithNames(tx, access.childId, s.id)).filter((i) => i.response === 'yes' && i.role !== null).map((i) => i.user_id);
  const creatorOnTeam = await tx.selectFrom('care_team_member').select('user_id').where('child_id', '=', access.childId).where('user_id', '=', s.created_by).where('revoked_at', 'is', null).executeTakeFirst();
  const participants = [...new Set([recorder.userId, ...(creatorOnTeam ? [creatorOnTeam.user_id] : []), ...came])];
  const agenda = orderAgenda({ ...access, permissions: [...access.permissions, 'sessions.manage'] }, recorder.userId, await agendaPoints(tx, s.id));
  const review = await recordReview(tx, ctx, access, recorder.userId, { heldOn, participants, agreed: agreedWithAgenda(mailText(recorder.locale), agreed, s.kind, heldOn, agenda) }, now, { sessionId: s.id });
  await linkReview(tx, s.id, review.id, now);
  return { reviewId: review.id, heldOn, participants: participants.length };
}
