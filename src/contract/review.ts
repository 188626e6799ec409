import { z } from 'zod';
import { Id, IsoDate, Text, Timestamp } from './common.ts';
import { TeamRole } from './access.ts';
import { GoalEvent } from './plan.ts';

// A plan review: a dated record of a team meeting about the plan, which goals changed since the
// last review (links to their history) and what was agreed. Immutable once saved; a later
// addendum is a new review.

export const ReviewParticipant = z.object({ userId: Id, name: z.string(), role: TeamRole.nullable() });

/** One goal that changed in the review's period, with the history events that changed it. */
export const ReviewGoalChange = z.object({
  goalId: Id,
  statement: z.string(),
  /** The goal's version after the last change in the period. */
  version: z.number(),
  events: z.array(GoalEvent),
});
export type ReviewGoalChange = z.infer<typeof ReviewGoalChange>;

export const PlanReview = z.object({
  id: Id,
  childId: Id,
  heldOn: IsoDate,
  participants: z.array(ReviewParticipant),
  agreed: z.string(),
  goalsChanged: z.array(ReviewGoalChange),
  recordedBy: ReviewParticipant.omit({ userId: true }),
  recordedAt: Timestamp,
});
export type PlanReview = z.infer<typeof PlanReview>;

export const PlanReviewList = z.object({ reviews: z.array(PlanReview) });

export const CreateReviewRequest = z.strictObject({
  heldOn: IsoDate,
  /** Team members who took part (user ids from the child's team). */
  participants: z.array(Id).min(1).max(30),
  agreed: Text(4000),
});

/** The goals that changed since the last review, as a review held on this date would record them. */
export const ReviewPreviewQuery = z.object({ heldOn: IsoDate });
export const ReviewPreview = z.object({
  /** When the previous review was held; null for the first review. */
  since: IsoDate.nullable(),
  goalsChanged: z.array(ReviewGoalChange),
});

export const ChildReviewParams = z.object({ childId: z.string(), reviewId: z.string() });
