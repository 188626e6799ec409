import { z } from 'zod';
import { Id, IsoDate, LongText, Text, Timestamp } from './common.ts';
import { TeamRole } from './access.ts';
import { GOAL_AREAS, MEASURE_KINDS, SETTINGS } from './plan-values.ts';
import { ContentTranslation } from './translation.ts';

// The care plan: goals agreed with the family, measured at therapy, home and school.

export { GOAL_AREAS, MEASURE_KINDS, SETTINGS };
export const GoalArea = z.enum(GOAL_AREAS);
export type GoalArea = z.infer<typeof GoalArea>;

export const MeasureKind = z.enum(MEASURE_KINDS);
export type MeasureKind = z.infer<typeof MeasureKind>;

export const Setting = z.enum(SETTINGS);
export type Setting = z.infer<typeof Setting>;

/** suggested (by a guardian) → proposed (by the therapist) → agreed → met | paused | discontinued; changes_requested when a guardian asks for a change. */
export const GOAL_STATUSES = ['suggested', 'proposed', 'changes_requested', 'agreed', 'paused', 'met', 'discontinued'] as const;
export const GoalStatus = z.enum(GOAL_STATUSES);
export type GoalStatus = z.infer<typeof GoalStatus>;

export const Priority = z.number().int().min(1).max(3);

const goalShape = {
  area: GoalArea,
  /** In the family's words: "Tells us what he wants with two words". */
  statement: Text(300),
  measure: MeasureKind,
  /** What one measurement counts, e.g. "two-word requests in 10 minutes of play". Optional. */
  unit: LongText(80),
  baseline: z.number().finite().nullable(),
  target: z.number().finite(),
  /** For counts and durations where less is better (meltdowns, minutes to settle). */
  lowerIsBetter: z.boolean(),
  targetDate: IsoDate.nullable(),
  settings: z.array(Setting).min(1).max(3),
  /** The family's priority: 1 matters most. */
  priority: Priority,
  /** The family's own words on why it matters. */
  whyItMatters: LongText(1000),
};

/** The parts of a goal a therapist writes; every change makes a new version. */
export const GoalFields = z.strictObject({
  ...goalShape,
  unit: goalShape.unit.default(''),
  baseline: goalShape.baseline.default(null),
  lowerIsBetter: goalShape.lowerIsBetter.default(false),
  targetDate: goalShape.targetDate.default(null),
  priority: goalShape.priority.default(2),
  whyItMatters: goalShape.whyItMatters.default(''),
});
export type GoalFields = z.infer<typeof GoalFields>;

export const CreateGoalRequest = GoalFields;
/** A therapist revises a goal (new version; an agreed goal goes back to proposed if its substance changes). */
export const UpdateGoalRequest = z.strictObject(goalShape).partial();
/** A guardian suggests a goal: a statement, an area and why it matters. */
export const SuggestGoalRequest = z.strictObject({
  area: GoalArea,
  statement: Text(300),
  priority: Priority.default(2),
  whyItMatters: LongText(1000).default(''),
});
/** A guardian agrees to the current version, or asks for a change with a comment. */
export const RespondToGoalRequest = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('agree'), version: z.number().int().min(1), comment: LongText(1000).default('') }),
  z.strictObject({ decision: z.literal('request_change'), version: z.number().int().min(1), comment: Text(1000) }),
]);
/** Family priority and why it matters: the family's to set, at any time. */
export const UpdateGoalPriorityRequest = z.strictObject({ priority: Priority, whyItMatters: LongText(1000).optional() });
export const ChangeGoalStatusRequest = z.strictObject({
  status: z.enum(['agreed', 'paused', 'met', 'discontinued']),
  reason: LongText(1000).default(''),
});

export const RecordMeasurementRequest = z.strictObject({
  /** count: whole number ≥ 0; percent: 0–100; rating: 1–5; duration: minutes ≥ 0; yes_no: 0 or 1. */
  value: z.number().finite(),
  /** For a percent: how many opportunities there were (the value is successes / opportunities). */
  opportunities: z.number().int().min(1).max(10_000).optional(),
  date: IsoDate,
  setting: Setting,
  note: LongText(500).default(''),
});

export const Measurement = z.object({
  id: Id,
  goalId: Id,
  value: z.number(),
  opportunities: z.number().nullable(),
  date: IsoDate,
  setting: Setting,
  note: z.string(),
  recordedBy: z.object({ name: z.string(), role: TeamRole.nullable() }),
  recordedAt: Timestamp,
});
export type Measurement = z.infer<typeof Measurement>;

/** The plain sentence above a chart, as a key and its values, so it is said in the reader's language. */
export const TREND_KINDS = ['no_data', 'stale', 'first_value', 'target_met', 'improving', 'steady', 'worsening', 'mixed'] as const;
export const TrendKind = z.enum(TREND_KINDS);
export const Trend = z.object({
  kind: TrendKind,
  /** e.g. weeks without data, weeks that went the right way out of how many. */
  params: z.record(z.string(), z.number()),
});
export type Trend = z.infer<typeof Trend>;

export const ATTENTION_REASONS = ['no_recent_data', 'flat', 'moving_away', 'target_date_near', 'awaiting_agreement'] as const;
export const AttentionReason = z.enum(ATTENTION_REASONS);
export type AttentionReason = z.infer<typeof AttentionReason>;

export const GoalEvent = z.object({
  id: Id,
  version: z.number(),
  kind: z.enum(['created', 'suggested', 'revised', 'agreed', 'change_requested', 'status_changed', 'priority_changed']),
  by: z.object({ name: z.string(), role: TeamRole.nullable() }),
  at: Timestamp,
  comment: z.string(),
  /** Field → { before, after } for revisions; status before/after for status changes. */
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});
export type GoalEvent = z.infer<typeof GoalEvent>;

export const Goal = GoalFields.extend({
  id: Id,
  childId: Id,
  version: z.number(),
  status: GoalStatus,
  /** Who agreed, when, to which version; null until a guardian agrees. */
  agreement: z.object({ by: z.string(), at: Timestamp, version: z.number() }).nullable(),
  statusReason: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  trend: Trend,
  attention: z.array(AttentionReason),
  /** The latest measurements (up to 200, oldest first) for the chart. */
  measurements: z.array(Measurement),
  /** The statement and why it matters in the reader's language (fields `statement`, `whyItMatters`). */
  translation: ContentTranslation.optional(),
});
export type Goal = z.infer<typeof Goal>;

export const GoalList = z.object({ goals: z.array(Goal) });
export const GoalHistory = z.object({ events: z.array(GoalEvent) });

export const ChildGoalParams = z.object({ childId: z.string(), goalId: z.string() });
