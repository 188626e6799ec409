import { z } from 'zod';
import { TherapyType } from './children.ts';
import { Id, IsoDate, LongText, Text } from './common.ts';
import { EVENT_KINDS, EVENT_PLACES, MAX_PARTY, RSVP_ANSWERS } from './event-values.ts';

// Family events: a clinic's workshops, parent groups, open days, a child's performance or
// exhibition. An admin or a therapist publishes one for all families, a therapy type's families,
// or the families of chosen children (a therapist: only children on their caseload); the families
// answer yes / no / maybe with their party and, when asked, an interpreter's language. Times go in
// as a local date and wall-clock time in the clinic's zone and come out as instants (UTC ISO),
// each also on the reader's own clock.

export { EVENT_KINDS, EVENT_PLACES, INTERPRETER_LANGUAGES, MAX_PARTY, RSVP_ANSWERS } from './event-values.ts';
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;
export const EventPlace = z.enum(EVENT_PLACES);
export const RsvpAnswer = z.enum(RSVP_ANSWERS);
export type RsvpAnswer = z.infer<typeof RsvpAnswer>;

export const LanguageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'Choose a language.' });

export const EventAudience = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('therapy_type'), therapyType: TherapyType }),
  z.strictObject({ kind: z.literal('children'), childIds: z.array(Id).min(1).max(500) }),
]);
export type EventAudience = z.infer<typeof EventAudience>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Use a 24-hour time like 16:00.' });

export const EventRequest = z.strictObject({
  kind: EventKind,
  title: Text(200),
  /** Markdown, as newsletters. */
  description: z.string().trim().min(1).max(20000),
  /** The local date and wall-clock start in the clinic's zone. */
  date: IsoDate,
  time: LocalTime,
  durationMinutes: z.number().int().min(15).max(720),
  place: EventPlace,
  /** The address (for a place) or how to join (for video). */
  placeNote: LongText(300).default(''),
  audience: EventAudience,
  /** The most seats (adults and children) answered yes; null: no limit. */
  capacity: z.number().int().min(1).max(5000).nullable().default(null),
  askInterpreter: z.boolean().default(false),
});
export type EventRequest = z.infer<typeof EventRequest>;

export const EventPreviewRequest = z.strictObject({ description: z.string().max(20000), audience: EventAudience });
export const EventPreview = z.object({ html: z.string(), recipients: z.number().int() });

export const CancelEventRequest = z.strictObject({ reason: Text(500) });

export const RsvpRequest = z.strictObject({
  answer: RsvpAnswer,
  adults: z.number().int().min(0).max(MAX_PARTY).default(1),
  children: z.number().int().min(0).max(MAX_PARTY).default(0),
  /** The language an interpreter is needed in; null when none is needed. */
  interpreterLanguage: LanguageCode.nullable().default(null),
});
export type RsvpRequest = z.infer<typeof RsvpRequest>;

export const EventParams = z.object({ eventId: z.string() });

export const MyRsvp = z.object({
  answer: RsvpAnswer,
  adults: z.number().int(),
  children: z.number().int(),
  interpreterLanguage: z.string().nullable(),
});

export const RsvpCounts = z.object({
  yes: z.number().int(),
  no: z.number().int(),
  maybe: z.number().int(),
  /** Adults and children of the yes answers. */
  adults: z.number().int(),
  children: z.number().int(),
  /** Seats left under the capacity; null without one. */
  seatsLeft: z.number().int().nullable(),
  /** Interpreter requests (yes and maybe answers) per language, most asked first. */
  interpreters: z.array(z.object({ language: z.string(), requests: z.number().int(), people: z.number().int() })),
});

export const FamilyEvent = z.object({
  id: Id,
  kind: EventKind,
  title: z.string(),
  /** The description as it was written (the organiser edits it). */
  description: z.string(),
  /** The description as sanitised HTML. */
  html: z.string(),
  clinic: z.string(),
  startsAt: z.string(),
  /** The start on the reader's clock: "2026-11-05T16:00" in timeZone. */
  localStart: z.string(),
  timeZone: z.string(),
  /** The start on the clinic's clock, as the organiser entered it. */
  clinicStart: z.string(),
  clinicTimeZone: z.string(),
  durationMinutes: z.number().int(),
  place: EventPlace,
  placeNote: z.string(),
  capacity: z.number().int().nullable(),
  askInterpreter: z.boolean(),
  status: z.enum(['published', 'cancelled']),
  cancelReason: z.string().nullable(),
  sequence: z.number().int(),
  organiser: z.string(),
  /** Seats left under the capacity; null without one. */
  seatsLeft: z.number().int().nullable(),
  myRsvp: MyRsvp.nullable(),
  /** Whether the reader answers (a family member of the audience). */
  canRsvp: z.boolean(),
  /** Whether the reader organises it (its author or a clinic admin): edit, cancel, see the answers. */
  canManage: z.boolean(),
  /** For organisers only: who it is for. */
  audience: EventAudience.nullable(),
  counts: RsvpCounts.nullable(),
});
export type FamilyEvent = z.infer<typeof FamilyEvent>;

export const FamilyEventList = z.object({
  events: z.array(FamilyEvent),
  /** Whether the reader may publish events (a clinic's admin or therapist). */
  canPublish: z.boolean(),
  /** For publishers: the clinic's zone, the clock an event's date and time are entered on. */
  clinicTimeZone: z.string().nullable(),
  /** For publishers: whether they may invite all the clinic's families or a therapy type's (admins), or only chosen children's. */
  clinicWide: z.boolean(),
});

export const EventRsvpList = z.object({
  event: FamilyEvent,
  rsvps: z.array(z.object({
    name: z.string(),
    /** The children of the audience this person is family of, by first name. */
    children: z.array(z.string()),
    answer: RsvpAnswer,
    adults: z.number().int(),
    childrenCount: z.number().int(),
    interpreterLanguage: z.string().nullable(),
    updatedAt: z.string(),
  })),
});
