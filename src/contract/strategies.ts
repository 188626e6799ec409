import { z } from 'zod';
import { Id, LongText, Text, Timestamp } from './common.ts';
import { Setting } from './plan.ts';

// Strategies: a clinic library (CareTeam's starter strategies plus the clinic's own), attached to
// a child's goals and marked for the settings where everyone uses them.

/** What a strategy says in one language, written for a parent or teacher. */
export const StrategyText = z.strictObject({
  name: Text(120),
  /** One line: what it is for. */
  purpose: Text(240),
  /** Numbered steps, in order. */
  steps: z.array(Text(600)).min(1).max(12),
  tips: z.array(Text(600)).max(6).default([]),
});
export type StrategyText = z.infer<typeof StrategyText>;

/** English, Spanish or both; the reader sees their language, or the other with a note. */
export const StrategyContent = z.strictObject({
  en: StrategyText.optional(),
  es: StrategyText.optional(),
});
export type StrategyContent = z.infer<typeof StrategyContent>;

const Settings = z.array(Setting).min(1).max(3);

export const CreateStrategyRequest = z.strictObject({
  /** The settings the strategy suits. */
  settings: Settings,
  content: StrategyContent,
});
export const UpdateStrategyRequest = CreateStrategyRequest.partial();

export const Strategy = z.object({
  id: Id,
  /** A CareTeam starter strategy: read-only, copy it to adapt it. */
  starter: z.boolean(),
  copiedFrom: Id.nullable(),
  settings: z.array(Setting),
  content: z.object({ en: StrategyText.optional(), es: StrategyText.optional() }),
  /** The signed-in person may edit it (a clinician of the clinic that owns it). */
  editable: z.boolean(),
  /** A picture is served by GET /api/strategies/:id/image (clinicians) or the child's strategy image route. */
  hasImage: z.boolean(),
  updatedAt: Timestamp,
});
export type Strategy = z.infer<typeof Strategy>;

export const StrategyList = z.object({ strategies: z.array(Strategy) });
export const StrategyQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  setting: Setting.optional(),
});
export const StrategyParams = z.object({ strategyId: z.string() });
/** w=320: the picture's copy at most 320 wide (WebP), as it is drawn; none: the picture as uploaded. */
export const StrategyImageQuery = z.object({ w: z.enum(['320']).optional() });

/** A therapist attaches a library strategy to the child: which goals it helps, who uses it, a personal note. */
export const AttachStrategyRequest = z.strictObject({
  strategyId: Id,
  goalIds: z.array(Id).min(1).max(30),
  /** Who uses it: home, therapy, school. */
  settings: Settings,
  /** "Use his dinosaur timer." */
  note: LongText(500).default(''),
});
export const UpdateChildStrategyRequest = z.strictObject({
  goalIds: z.array(Id).min(1).max(30).optional(),
  settings: Settings.optional(),
  note: LongText(500).optional(),
});

export const ChildStrategy = z.object({
  id: Id,
  childId: Id,
  strategy: Strategy,
  settings: z.array(Setting),
  /** The child's goals it helps (only those the reader may see). */
  goals: z.array(z.object({ id: Id, statement: z.string() })),
  note: z.string(),
  updatedAt: Timestamp,
});
export type ChildStrategy = z.infer<typeof ChildStrategy>;

export const ChildStrategyList = z.object({
  strategies: z.array(ChildStrategy),
  /** The therapists on the child's team, for the printed page. */
  therapists: z.array(z.string()),
});
export const ChildStrategyParams = z.object({ childId: z.string(), childStrategyId: z.string() });
