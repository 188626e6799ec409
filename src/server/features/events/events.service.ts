// Family events: who may publish for whom, an event as one reader sees it (their own clock, their
// own answer, the counts only for its organisers), answers under the capacity, and the calendar file.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EventAudience, EventRequest, FamilyEvent, RsvpRequest } from '../../../contract/events.ts';
import { isUuid } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import { renderMarkdown } from '../newsletters/markdown.ts';
import { audienceOf } from '../newsletters/newsletter-send.ts';
import { zonedInstant } from '../practice/schedule.ts';
import { localDateTime } from '../sessions/recurrence.ts';
import {
  audienceChildren, caseloadChildren, eventById, stillReaches, visibleEvent, clinicChildren, eventsInAudience, rsvpsOf, seatsTaken, type EventInsert, type EventRow, type Reach, type RsvpRow,
} from './events.repository.ts';

/** The clinic a person publishes events for, and as what; 404 for someone who is not clinic staff. */
export function publisherOf(actor: Actor): { clinicId: string; role: 'admin' | 'therapist' } {
  const c = actor.clinics.find((x) => x.role === 'admin') ?? actor.clinics[0];
  if (!c) throw notFound();
  return { clinicId: c.clinicId, role: c.role };
}

export const reachOf = (actor: Actor): Reach => ({ userId: actor.userId, adminOf: actor.clinics.filter((c) => c.role === 'admin').map((c) => c.clinicId) });

/**
 * The event a video room belongs to: as a reader who may see it finds it, or by its id alone for
 * an interpreter's guest pass (`reader` null), which names the event itself.
 */
export async function eventOfRoom(db: Executor, id: string, reader: Actor | null): Promise<EventRow | undefined> {
  if (!isUuid(id)) return undefined;
  return reader ? visibleEvent(db, reachOf(reader), id) : eventById(db, id);
}

export type { EventRow };
/** Whether a person still reaches an event (its room lets them in only while they do). */
export { stillReaches };

export const canManage = (r: Reach, e: Pick<EventRow, 'created_by' | 'clinic_id'>) => e.created_by === r.userId || r.adminOf.includes(e.clinic_id);

/**
 * Checks an audience for this publisher: an admin reaches any family of the clinic; a therapist
 * only the families of children on their own caseload. Returns the chosen children (if any).
 */
export async function checkAudience(db: Executor, p: { clinicId: string; role: 'admin' | 'therapist'; userId: string }, a: EventAudience): Promise<string[]> {
  if (p.role === 'therapist' && a.kind !== 'children') throw badField('audience.kind', 'Choose the children on your caseload whose families are invited.');
  if (a.kind !== 'children') return [];
  const ids = [...new Set(a.childIds)];
  const allowed = p.role === 'admin' ? await clinicChildren(db, p.clinicId, ids) : await caseloadChildren(db, p.clinicId, p.userId, ids);
  if (allowed.length !== ids.length) {
    throw badField('audience.childIds', p.role === 'admin' ? 'Choose children of your clinic.' : 'Choose children on your caseload.');
  }
  return ids;
}

/** The columns of an event from the organiser's form: the start read on the clinic's clock. */
export function eventColumns(b: EventRequest, clinicZone: string): Omit<EventInsert, 'clinic_id'> {
  return {
    kind: b.kind, title: b.title, description: b.description, starts_at: zonedInstant(b.date, b.time, clinicZone), duration_minutes: b.durationMinutes,
    place: b.place, place_note: b.placeNote, audience: b.audience.kind, audience_therapy_type: b.audience.kind === 'therapy_type' ? b.audience.therapyType : null,
    capacity: b.capacity, ask_interpreter: b.askInterpreter,
  };
}

/** The family members an event reaches (for the notification of its publication). */
export async function reachedBy(db: Executor, e: Pick<EventRow, 'clinic_id' | 'audience' | 'audience_therapy_type'>, childIds: readonly string[]): Promise<string[]> {
  return (await audienceOf(db, { clinic_id: e.clinic_id, audience: e.audience, audience_therapy_type: e.audience_therapy_type, audience_children: childIds })).map((p) => p.id);
}

export function countRsvps(rsvps: readonly RsvpRow[], capacity: number | null) {
  const yes = rsvps.filter((r) => r.answer === 'yes');
  const adults = yes.reduce((n, r) => n + r.adults, 0);
  const children = yes.reduce((n, r) => n + r.children, 0);
  const languages = new Map<string, { requests: number; people: number }>();
  for (const r of rsvps) {
    if (r.answer === 'no' || !r.interpreter_language) continue;
    const l = languages.get(r.interpreter_language) ?? { requests: 0, people: 0 };
    languages.set(r.interpreter_language, { requests: l.requests + 1, people: l.people + r.adults + r.children });
  }
  return {
    yes: yes.length, no: rsvps.filter((r) => r.answer === 'no').length, maybe: rsvps.filter((r) => r.answer === 'maybe').length,
    adults, children, seatsLeft: capacity === null ? null : Math.max(0, capacity - adults - children),
    interpreters: [...languages].map(([language, n]) => ({ language, ...n })).sort((a, b) => b.requests - a.requests || a.language.localeCompare(b.language)),
  };
}

/** Events as one reader sees them: on their clock, with their answer; audience and counts for organisers only. */
export async function presentEvents(db: Executor, reach: Reach, zone: string | null, rows: readonly EventRow[]): Promise<FamilyEvent[]> {
  const ids = rows.map((r) => r.id);
  const [rsvps, children, audience] = await Promise.all([
    rsvpsOf(db, ids), audienceChildren(db, ids), eventsInAudience(db, reach.userId, ids),
  ]);
  return rows.map((e) => {
    const own = rsvps.filter((r) => r.event_id === e.id);
    const mine = own.find((r) => r.user_id === reach.userId);
    const manage = canManage(reach, e);
    const counts = countRsvps(own, e.capacity);
    const readerZone = zone ?? e.clinic_zone;
    const chosen = children.filter((c) => c.event_id === e.id).map((c) => c.child_id);
    const a: EventAudience = e.audience === 'children' ? { kind: 'children', childIds: chosen }
      : e.audience === 'therapy_type' ? { kind: 'therapy_type', therapyType: (e.audience_therapy_type ?? 'other') as Extract<EventAudience, { kind: 'therapy_type' }>['therapyType'] } : { kind: 'all' };
    return {
      id: e.id, kind: e.kind, title: e.title, description: manage ? e.description : '', html: renderMarkdown(e.description), clinic: e.clinic,
      startsAt: e.starts_at.toISOString(), localStart: localDateTime(e.starts_at, readerZone), timeZone: readerZone,
      clinicStart: localDateTime(e.starts_at, e.clinic_zone), clinicTimeZone: e.clinic_zone,
      durationMinutes: e.duration_minutes, place: e.place, placeNote: e.place_note, capacity: e.capacity, askInterpreter: e.ask_interpreter,
      status: e.status, cancelReason: e.cancel_reason, sequence: e.sequence, organiser: e.organiser, seatsLeft: counts.seatsLeft,
      myRsvp: mine ? { answer: mine.answer, adults: mine.adults, children: mine.children, interpreterLanguage: mine.interpreter_language } : null,
      canRsvp: audience.has(e.id) && e.status === 'published', canManage: manage,
      audience: manage ? a : null, counts: manage ? counts : null,
    };
  });
}

/**
 * The answer as it is kept: a "no" brings nobody; "yes" and "maybe" bring at least one person; an
 * interpreter only when the event asks. A yes that would take more seats than are left is refused.
 */
export async function checkedRsvp(db: Executor, e: EventRow, userId: string, b: RsvpRequest, now: Date): Promise<Pick<RsvpRow, 'answer' | 'adults' | 'children' | 'interpreter_language'>> {
  if (e.status === 'cancelled') throw new AppError('conflict', 409, 'This event was cancelled.');
  if (e.starts_at.getTime() + e.duration_minutes * 60_000 < now.getTime()) throw new AppError('conflict', 409, 'This event is over.');
  if (b.answer === 'no') return { answer: 'no', adults: 0, children: 0, interpreter_language: null };
  if (b.adults + b.children < 1) throw badField('adults', 'Count at least one person who is coming.');
  if (e.capacity !== null && b.answer === 'yes') {
    const left = e.capacity - (await seatsTaken(db, e.id, userId));
    if (b.adults + b.children > left) {
      throw new AppError('conflict', 409, left <= 0 ? 'This event is full: no seats are left.' : `Only ${left} ${left === 1 ? 'seat is' : 'seats are'} left: answer for fewer people, or "maybe".`, { seatsLeft: Math.max(0, left) });
    }
  }
  return { answer: b.answer, adults: b.adults, children: b.children, interpreter_language: e.ask_interpreter ? b.interpreterLanguage : null };
}

/**
 * The event as an iCalendar file: one UID per event for ever, SEQUENCE growing with each change,
 * STATUS:CANCELLED once cancelled. Times are UTC; the reader's calendar shows them on its own clock.
 */
export function eventCalendar(e: EventRow, publicUrl: string): string {
  const cal = ical({ prodId: { company: 'CareTeam', product: 'Family events', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  const link = `${publicUrl}/events/${e.id}`;
  cal.createEvent({
    id: `family-event-${e.id}@careteam`,
    sequence: e.sequence,
    stamp: e.updated_at,
    start: e.starts_at,
    end: new Date(e.starts_at.getTime() + e.duration_minutes * 60_000),
    summary: e.title,
    description: `${e.description}\n\n${link}`,
    location: e.place_note || null,
    url: link,
    status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}
