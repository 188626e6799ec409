// Sessions as iCalendar (RFC 5545), written by ical-generator: the private feed, and the .ics an
// invitation or change carries (iTIP, RFC 5546: METHOD:REQUEST, or CANCEL when it is off). One
// session is one event forever: the same UID, and SEQUENCE is the session's version, so a
// calendar that has it replaces it when it changes. Nothing clinical goes in: the child's first
// name, the kind of session and the kind of place, and a link into CareTeam.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Locale } from '../../../contract/common.ts';
import type { SessionKind } from '../../../contract/sessions.ts';
import { mailText } from '../../mail/templates.ts';

export type IcsSession = {
  id: string;
  childId: string;
  /** null: a file sent by mail, which names no child. */
  childFirstName: string | null;
  kind: SessionKind;
  place: 'clinic' | 'home' | 'school' | 'video';
  startsAt: Date;
  durationMinutes: number;
  status: 'scheduled' | 'cancelled';
  version: number;
};

export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/** The one UID of a session, in every file and feed, for as long as it exists. */
export const sessionUid = (sessionId: string): string => `session-${sessionId}@careteam`;

/** The address part of "CareTeam <noreply@example.org>". */
export function mailAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m?.[1] ?? from).trim();
}

const METHODS: Record<IcsMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

export type CalendarOptions = {
  locale: Locale;
  publicUrl: string;
  /** When the file is written: its DTSTAMP. */
  now: Date;
  /** An invitation or change by mail; null for a subscribed feed. */
  method: IcsMethod | null;
  /** The feed's name in the reader's calendar app. */
  name?: string;
  /** An invitation names who sends it (the clinic) and whom it is for. */
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string; response: 'pending' | 'yes' | 'no' };
};

/** A calendar of these sessions as iCalendar text. */
export function sessionCalendar(sessions: readonly IcsSession[], o: CalendarOptions): string {
  const t = mailText(o.locale);
  const cal = ical({
    prodId: { company: 'CareTeam', product: 'Sessions', language: o.locale.toUpperCase() },
    ...(o.method ? { method: METHODS[o.method] } : {}),
    ...(o.name ? { name: o.name } : {}),
  });
  for (const s of sessions) {
    const kind = t(`sessions.kind.${s.kind}`);
    const cancelled = o.method === 'CANCEL' || s.status === 'cancelled';
    const link = `${o.publicUrl}/children/${s.childId}/sessions`;
    cal.createEvent({
      id: sessionUid(s.id),
      sequence: s.version,
      stamp: o.now,
      start: s.startsAt,
      end: new Date(s.startsAt.getTime() + s.durationMinutes * 60_000),
      summary: s.childFirstName === null ? t('sessionCalendar.ics.summaryUnnamed', { kind }) : t('sessionCalendar.ics.summary', { child: s.childFirstName, kind }),
      location: t(`sessions.place.${s.place}`),
      description: t('sessionCalendar.ics.description', { url: link }),
      url: link,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(o.organizer ? { organizer: o.organizer } : {}),
      ...(o.attendee ? {
        attendees: [{
          name: o.attendee.name, email: o.attendee.email, role: ICalAttendeeRole.REQ, rsvp: false,
          status: o.attendee.response === 'yes' ? ICalAttendeeStatus.ACCEPTED : o.attendee.response === 'no' ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.NEEDSACTION,
        }],
      } : {}),
    });
  }
  return cal.toString();
}
