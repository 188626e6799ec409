import { z } from 'zod';
import { Id, IsoDate, Text, TimeZone } from './common.ts';

// Moving a session: a household of the child's family proposes up to three times (each a local
// date and wall-clock time in the proposer's zone, turned into an instant; the session keeps its
// length); whoever manages sessions accepts one, offers another time, or declines with a reason.

export const MAX_PROPOSED_TIMES = 3;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Use a 24-hour time like 16:00.' });
const LocalSlot = z.strictObject({ date: IsoDate, time: LocalTime });

export const ProposeMoveRequest = z.strictObject({
  times: z.array(LocalSlot).min(1).max(MAX_PROPOSED_TIMES),
  /** The zone the times are read in: the proposer's own when left out. */
  timeZone: TimeZone.optional(),
});
export type ProposeMoveRequest = z.infer<typeof ProposeMoveRequest>;

export const OfferMoveRequest = z.strictObject({ date: IsoDate, time: LocalTime, timeZone: TimeZone.optional() });
export const AcceptMoveRequest = z.strictObject({ startsAt: z.iso.datetime({ offset: true }) });
export const DeclineMoveRequest = z.strictObject({ reason: Text(500) });
export const FamilyCancelRequest = z.strictObject({ reason: Text(500) });

export const MoveTime = z.object({
  /** The instant, UTC ISO. */
  startsAt: z.string(),
  /** The same instant on the reader's clock. */
  localStart: z.string(),
  /** Every household that asked to move this session offered this instant. */
  suitsEveryone: z.boolean(),
});

export const MoveRequestStatus = z.enum(['open', 'replaced', 'accepted', 'declined', 'closed']);

export const MoveRequest = z.object({
  id: Id,
  /** The household's name on the team; null for a member who is a household of their own. */
  household: z.string().nullable(),
  requestedBy: Id,
  createdAt: z.string(),
  times: z.array(MoveTime),
  status: MoveRequestStatus,
  /** Why it was declined. */
  reason: z.string().nullable(),
  /** The reader's own household asked this. */
  mine: z.boolean(),
});
export type MoveRequest = z.infer<typeof MoveRequest>;

export const MoveOffer = z.object({
  id: Id,
  startsAt: z.string(),
  localStart: z.string(),
  offeredBy: Id,
  createdAt: z.string(),
  /** The reader may accept it (their household is one it is offered to). */
  canAccept: z.boolean(),
});

export const SessionMoves = z.object({
  sessionId: Id,
  /** Open requests (and each household's latest declined one) that the reader may see. */
  requests: z.array(MoveRequest),
  /** The open time offered back to the households, when the reader may see it. */
  offer: MoveOffer.nullable(),
  /** Households with an open request: at least two means "suits everyone" compares them. */
  households: z.number().int(),
});
export type SessionMoves = z.infer<typeof SessionMoves>;

export const SessionMovesList = z.object({ moves: z.array(SessionMoves) });

export const MoveRequestParams = z.object({ childId: z.string(), sessionId: z.string(), requestId: z.string() });
