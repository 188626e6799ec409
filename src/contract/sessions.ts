import { z } from 'zod';
import { Id, IsoDate, LongText, Text, TimeZone } from './common.ts';
import { FAMILY_CANCELLABLE_KINDS, familyMayCancel, SESSION_KINDS } from './session-values.ts';

// A child's sessions: therapy, parent coaching and meetings, one-off or recurring. Times are
// instants (UTC ISO) on the way out, each also given in the reader's own zone. On the way in a
// start is a local date and wall-clock time in a zone (the clinic's unless another is named): a
// recurring session keeps that wall-clock time in that zone on every date, across DST changes.

export const SessionKind = z.enum(SESSION_KINDS);
export type SessionKind = z.infer<typeof SessionKind>;
export { FAMILY_CANCELLABLE_KINDS, familyMayCancel, SESSION_KINDS };

/** Where: a room at the clinic, the family's home, the school, or a video call (its room comes later). */
export const SESSION_PLACES = ['clinic', 'home', 'school', 'video'] as const;
export const SessionPlace = z.enum(SESSION_PLACES);

export const SESSION_RESPONSES = ['pending', 'yes', 'no'] as const;
export const SessionResponse = z.enum(SESSION_RESPONSES);

/** How far ahead a series' occurrences are written when it is created. */
export const SERIES_HORIZON_WEEKS = 26;
/** The longest range one read of the signed-in person's own sessions covers (a week or day view needs less). */
export const MY_SESSIONS_MAX_DAYS = 42;
/** The longest range one read of a child's sessions covers. */
export const CHILD_SESSIONS_MAX_DAYS = 400;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Use a 24-hour time like 16:00.' });

export const CreateSessionRequest = z.strictObject({
  kind: SessionKind,
  place: SessionPlace,
  placeNote: LongText(200).default(''),
  /** The local date and wall-clock time of the (first) session, in timeZone. */
  date: IsoDate,
  time: LocalTime,
  /** The zone date and time are read in; the clinic's zone when left out. */
  timeZone: TimeZone.optional(),
  durationMinutes: z.number().int().min(5).max(480),
  /** Repeats: an RRULE as practice schedules use (FREQ=DAILY or WEEKLY, INTERVAL, BYDAY), ending on a date or after a count, or neither. */
  recurrence: z.strictObject({
    rule: Text(200),
    until: IsoDate.nullable().default(null),
    count: z.number().int().min(1).max(200).nullable().default(null),
  }).nullable().default(null),
  /** Members of the child's team invited by name (clinicians, a parent, a teacher). */
  invitees: z.array(Id).max(30).default([]),
  /** The child's parents and caregivers are welcome to join. */
  familyInvited: z.boolean().default(false),
});
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const Session = z.object({
  id: Id,
  childId: Id,
  seriesId: Id.nullable(),
  /** How its series repeats, read from the series' rule: every `interval` days or weeks; null for a one-off. */
  repeats: z.object({ freq: z.enum(['daily', 'weekly']), interval: z.number().int().min(1) }).nullable(),
  kind: SessionKind,
  place: SessionPlace,
  placeNote: z.string(),
  /** The instant it starts, UTC ISO. */
  startsAt: z.string(),
  /** The same start on the reader's clock: "2026-11-05T16:00" in timeZone. */
  localStart: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number().int(),
  familyInvited: z.boolean(),
  status: z.enum(['scheduled', 'cancelled']),
  cancelReason: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  /** The reader's own answer; null when they are neither invited nor family invited. */
  myResponse: SessionResponse.nullable(),
  invitees: z.array(z.object({ userId: Id, response: SessionResponse })),
  createdBy: Id,
  version: z.number().int(),
});
export type Session = z.infer<typeof Session>;

export const SessionList = z.object({ sessions: z.array(Session) });
export const CreatedSessions = z.object({ seriesId: Id.nullable(), sessions: z.array(Session) });

/** A range of instants, from inclusive, to exclusive. */
export const SessionRangeQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

export const RespondToSessionRequest = z.strictObject({ response: z.enum(['yes', 'no']) });
export const CancelSessionRequest = z.strictObject({ reason: Text(500) });

export const ChildSessionParams = z.object({ childId: z.string(), sessionId: z.string() });
