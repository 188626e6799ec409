// Telling people a session was scheduled or cancelled, through the notification centre (in the
// app, and by email as each person chose), the email carrying an .ics that adds the session to
// their calendar or, on cancellation, takes it out again (same UID, the session's version as
// SEQUENCE). A series' invitation is its first session, with all of them in a second file.
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/database.ts';
import type { MailAttachment } from '../../db/schema.ts';
import { notify } from '../notifications/notify.ts';
import { mailAddress, sessionCalendar, type IcsMethod, type IcsSession } from './ics.ts';
import { calendarPeople, calendarSessions, type CalendarSessionRow } from './session-calendar.repository.ts';
import { localeOf } from '../../../contract/common.ts';
import { attendeesOf, sessionMailVars, stillVisible, type Attendee } from './session-calendar.service.ts';
import type { SessionRow } from './sessions.repository.ts';

/** A session for a calendar file; `named` false leaves the child's name out (a file sent by email). */
export const icsSession = (s: CalendarSessionRow, named = true): IcsSession => ({
  id: s.id, childId: s.child_id, childFirstName: named ? s.first_name : null, kind: s.kind, place: s.place,
  startsAt: s.starts_at, durationMinutes: s.duration_minutes, status: s.status, version: s.version,
});

/**
 * Who hears of anything about a session: everyone it is for (its clinician, its invitees, the
 * family when invited) who may still see it. Every session notice picks its readers from these.
 */
export async function audienceOf(tx: Executor, s: SessionRow): Promise<Attendee[]> {
  const attendees = (await attendeesOf(tx, [s])).get(s.id) ?? [];
  return (await stillVisible(tx, attendees.map((a) => ({ ...a, session: s })))).map(({ userId, response }) => ({ userId, response }));
}

/**
 * One notification per person for a change to these sessions (one session, or a series written
 * out at once), to everyone they are for who may see them, except whoever made the change.
 */
type Change = { kind: 'session_scheduled' | 'session_moved' | 'session_cancelled' | 'session_cancelled_by_family'; template: 'sessionScheduled' | 'sessionMoved' | 'sessionCancelled'; method: IcsMethod; file: string; key: string };

const CHANGES = {
  scheduled: { kind: 'session_scheduled', template: 'sessionScheduled', method: 'REQUEST', file: 'session.ics', key: 'session-scheduled' },
  moved: { kind: 'session_moved', template: 'sessionMoved', method: 'REQUEST', file: 'session.ics', key: 'session-moved' },
  cancelled: { kind: 'session_cancelled', template: 'sessionCancelled', method: 'CANCEL', file: 'session-cancelled.ics', key: 'session-cancelled' },
  cancelledByFamily: { kind: 'session_cancelled_by_family', template: 'sessionCancelled', method: 'CANCEL', file: 'session-cancelled.ics', key: 'session-cancelled' },
} as const satisfies Record<string, Change>;

async function tellAttendees(deps: Deps, tx: Executor, sessionIds: readonly string[], actorId: string, change: Change): Promise<string[]> {
  const sessions = await calendarSessions(tx, sessionIds);
  const first = sessions[0];
  if (!first) return [];
  const visible = (await audienceOf(tx, first)).filter((a) => a.userId !== actorId);
  const people = new Map((await calendarPeople(tx, visible.map((v) => v.userId))).map((p) => [p.id, p]));
  const now = deps.clock();
  const mails: string[] = [];
  for (const v of visible) {
    const p = people.get(v.userId);
    if (!p) continue;
    const locale = localeOf(p.locale);
    // Mail carries no child's name: the files name the session by its kind.
    const write = (list: readonly CalendarSessionRow[], m: IcsMethod | null) => sessionCalendar(list.map((r) => icsSession(r, false)), {
      locale, publicUrl: deps.config.publicUrl, now, method: m,
      organizer: { name: first.clinic_name, email: mailAddress(deps.config.mailFrom) },
      attendee: { name: p.name, email: p.email, response: v.response },
    });
    // iTIP keeps one event (one UID) to a REQUEST or CANCEL: the invitation is the first session;
    // a series also carries all its sessions as a plain calendar file to add at once.
    const files: MailAttachment[] = [{ filename: change.file, contentType: 'text/calendar; charset=utf-8', content: write([first], change.method), method: change.method }];
    if (sessions.length > 1) files.push({ filename: 'sessions.ics', contentType: 'text/calendar; charset=utf-8', content: write(sessions, null) });
    const key = `${change.key}:${first.id}:${first.version}`;
    mails.push(...await notify(deps, tx, {
      userIds: [p.id], kind: change.kind, childId: first.child_id, clinicId: first.clinic_id,
      actorId, target: { sessionId: first.id }, dedupeKey: key,
      mail: {
        template: change.template,
        vars: { ...sessionMailVars(locale, p.time_zone ?? first.child_tz, first), count: sessions.length },
        path: `/children/${first.child_id}/sessions`, footer: 'notifications', dedupeKey: (userId) => `${key}:${userId}`,
        attachments: files,
      },
    }));
  }
  return mails;
}

/** Sessions were scheduled (one, or a series' occurrences): an invitation with all of them. */
export function notifySessionsScheduled(deps: Deps, tx: Executor, sessionIds: readonly string[], actorId: string): Promise<string[]> {
  return tellAttendees(deps, tx, sessionIds, actorId, CHANGES.scheduled);
}

/** A session moved: the same event at its new time (same UID, a higher SEQUENCE). */
export function notifySessionMoved(deps: Deps, tx: Executor, sessionId: string, actorId: string): Promise<string[]> {
  return tellAttendees(deps, tx, [sessionId], actorId, CHANGES.moved);
}

/** A session was cancelled (by the clinic, or by a guardian): a cancellation that takes it out of everyone's calendar. */
export function notifySessionCancelled(deps: Deps, tx: Executor, sessionId: string, actorId: string, byFamily = false): Promise<string[]> {
  return tellAttendees(deps, tx, [sessionId], actorId, byFamily ? CHANGES.cancelledByFamily : CHANGES.cancelled);
}
