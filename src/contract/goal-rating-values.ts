// The family's ratings of a goal, as plain data: shared by the server and the browser (which must
// not load zod). src/contract/goal-ratings.ts adds the schemas.

export const GOAL_RATINGS = ['much_better', 'a_bit_better', 'same', 'worse'] as const;
export type GoalRatingValue = (typeof GOAL_RATINGS)[number];

/** How soon before a review or progress meeting the family is asked. */
export const RATING_LEAD_DAYS = 14;
