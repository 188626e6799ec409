import { z } from 'zod';
import { TeamRole } from './access.ts';
import { Id, IsoDate, LongText, Text, Timestamp } from './common.ts';
import { Session, SessionResponse } from './sessions.ts';

// Meetings to talk about progress: a team meeting or plan review has a page with who is invited
// and a shared agenda. Before it starts, everyone invited who can see it adds points; the
// family's ("what we want to talk about") come first. Afterwards a clinician records the plan
// review from it, with the people who said they would come as its participants.

/** The kinds of session that are meetings with an agenda. */
export const MEETING_KINDS = ['team_meeting', 'plan_review'] as const;
export const isMeetingKind = (kind: string): boolean => (MEETING_KINDS as readonly string[]).includes(kind);

/** Roles whose points are the family's. */
export const FAMILY_AGENDA_ROLES = ['guardian', 'caregiver'] as const;

export const AgendaPointRequest = z.strictObject({
  text: Text(200),
  detail: LongText(1000).default(''),
});
export type AgendaPointRequest = z.input<typeof AgendaPointRequest>;

export const AgendaPoint = z.object({
  id: Id,
  text: z.string(),
  detail: z.string(),
  author: z.object({ userId: Id, name: z.string(), role: TeamRole }),
  /** The reader wrote it (and may edit or remove it while the agenda is open). */
  mine: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AgendaPoint = z.infer<typeof AgendaPoint>;

export const MeetingPerson = z.object({
  userId: Id,
  name: z.string(),
  role: TeamRole.nullable(),
  /** Their answer, for a reader who manages sessions; null otherwise. */
  response: SessionResponse.nullable(),
  /** The clinician who scheduled the meeting. */
  organiser: z.boolean(),
});

export const Meeting = z.object({
  session: Session,
  /** Who is invited by name, as far as the reader may know (a restricted household sees no other household). */
  invited: z.array(MeetingPerson),
  agenda: z.object({
    /** The family's points, parents first: "what we want to talk about". */
    family: z.array(AgendaPoint),
    /** The team's points. */
    team: z.array(AgendaPoint),
  }),
  /** The meeting has started: the agenda is read-only except for clinicians. */
  started: z.boolean(),
  /** The reader may add points now. */
  canAdd: z.boolean(),
  /** The reader may record the plan review from this meeting now. */
  canRecordReview: z.boolean(),
  /** The plan review recorded from this meeting. */
  review: z.object({ id: Id, heldOn: IsoDate }).nullable(),
});
export type Meeting = z.infer<typeof Meeting>;

export const RecordMeetingReviewRequest = z.strictObject({
  /** What the team agreed; the agenda is added after it. */
  agreed: LongText(2000).default(''),
});

export const MeetingReview = z.object({ reviewId: Id, heldOn: IsoDate, participants: z.number().int() });

export const AgendaPointParams = z.object({ childId: z.string(), sessionId: z.string(), pointId: z.string() });
