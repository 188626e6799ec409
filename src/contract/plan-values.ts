// The care plan's fixed lists, as plain data: shared by the server's schemas and the browser
// (which must not load zod). src/contract/plan.ts wraps them in schemas.

export const GOAL_AREAS = [
  'communication', 'motor', 'social', 'emotional_regulation', 'behaviour', 'daily_living', 'feeding', 'sleep', 'other',
] as const;

/** How progress is measured. A percent is "of opportunities"; a rating is 1–5; a duration is minutes. */
export const MEASURE_KINDS = ['count', 'percent', 'rating', 'duration', 'yes_no'] as const;

export const SETTINGS = ['therapy', 'home', 'school'] as const;
