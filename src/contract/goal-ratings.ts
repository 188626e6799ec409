import { z } from 'zod';
import { TeamRole } from './access.ts';
import { Id, IsoDate, LongText, Timestamp } from './common.ts';
import { GOAL_RATINGS } from './goal-rating-values.ts';

// The family's view of progress: before a plan review or a progress meeting, each guardian rates
// each goal in their own words ("much better / a bit better / same / worse", and a sentence), and
// the review shows their rating beside the measured trend. A rating belongs to the period since
// the last review; the next review starts a new one.

export { GOAL_RATINGS, RATING_LEAD_DAYS } from './goal-rating-values.ts';
export const GoalRatingValue = z.enum(GOAL_RATINGS);

export const SaveGoalRatingsRequest = z.strictObject({
  ratings: z.array(z.strictObject({
    goalId: Id,
    rating: GoalRatingValue,
    /** "He asks for juice every morning now." */
    comment: LongText(500).default(''),
  })).min(1).max(30),
});

export const GoalRating = z.object({
  name: z.string(),
  role: TeamRole.nullable(),
  rating: GoalRatingValue,
  comment: z.string(),
  updatedAt: Timestamp,
  mine: z.boolean(),
});

export const GoalRatings = z.object({
  /** The last review's date: ratings are of the time since (null before the first review). */
  since: IsoDate.nullable(),
  /** The next plan review or progress meeting in the coming two weeks, on the child's calendar. */
  meeting: z.object({ sessionId: Id, kind: z.enum(['plan_review', 'team_meeting']), date: IsoDate }).nullable(),
  /** The therapist asked the family for their ratings in this period. */
  asked: z.object({ by: z.string(), at: Timestamp }).nullable(),
  /** Whether the family is being asked now (a meeting soon, or the therapist asked). */
  open: z.boolean(),
  /** The reader rates (a guardian); the reader may ask the family (edits the plan). */
  canRate: z.boolean(),
  canAsk: z.boolean(),
  goals: z.array(z.object({ goalId: Id, statement: z.string(), ratings: z.array(GoalRating) })),
});
export type GoalRatings = z.infer<typeof GoalRatings>;

/** For a guardian's Today: the children whose goals they are asked to rate, and how many they have. */
export const DueGoalRatings = z.object({
  children: z.array(z.object({
    childId: Id,
    firstName: z.string(),
    meetingDate: IsoDate.nullable(),
    goals: z.number(),
    rated: z.number(),
  })),
});
