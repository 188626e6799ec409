import { z } from 'zod';
import { Id, IsoDate, LongText, PerLocale, Text, Timestamp } from './common.ts';
import { Setting } from './plan.ts';
import { ContentTranslation } from './translation.ts';

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

/** One or more of the app's languages; the reader sees theirs, or another (English first) with a note. */
export const StrategyContent = PerLocale(StrategyText);
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
  content: StrategyContent,
  /** The signed-in person may edit it (a clinician of the clinic that owns it). */
  editable: z.boolean(),
  /** A picture is served by GET /api/strategies/:id/image (clinicians) or the child's strategy image route. */
  hasImage: z.boolean(),
  /** CareTeam's drawing for a starter strategy (its key), kept by a copy of one; null for the clinic's own. */
  illustration: z.string().nullable(),
  updatedAt: Timestamp,
  /** A clinic's own strategy not written in the reader's language: its words translated (name, purpose, steps.N, tips.N). */
  translation: ContentTranslation.optional(),
});
export type Strategy = z.infer<typeof Strategy>;

export const StrategyList = z.object({ strategies: z.array(Strategy) });
export const StrategyQuery = z.strictObject({
  /** Words in any field, in any language the strategy is written in or in its translation into the reader's language. */
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

// ---- Did it help? -----------------------------------------------------------------------------

export const HELPED = ['yes', 'a_bit', 'no'] as const;
export const Helped = z.enum(HELPED);
export type Helped = z.infer<typeof Helped>;

/** "Used it today": whoever used the strategy (the setting is theirs, from their role on the team). */
export const LogStrategyUseRequest = z.strictObject({
  /** The family's calendar date it was used: today, or a few days back when a phone was offline. */
  date: IsoDate,
  helped: Helped,
  note: LongText(500).default(''),
});

export const StrategyUse = z.object({
  id: Id,
  childStrategyId: Id,
  date: IsoDate,
  setting: Setting,
  helped: Helped,
  note: z.string(),
  at: Timestamp,
});

/** How often it was used in one setting over the last four weeks, and how often it helped. */
export const StrategyUseCounts = z.object({
  setting: Setting,
  /** Days someone used it (one person's day counts once, with their latest word). */
  used: z.number().int(),
  helped: z.number().int(),
  aBit: z.number().int(),
  notHelped: z.number().int(),
});
export type StrategyUseCounts = z.infer<typeof StrategyUseCounts>;

export const ChildStrategy = z.object({
  id: Id,
  childId: Id,
  strategy: Strategy,
  settings: z.array(Setting),
  /** The child's goals it helps (only those the reader may see). */
  goals: z.array(z.object({ id: Id, statement: z.string() })),
  note: z.string(),
  updatedAt: Timestamp,
  /** Over the last four weeks, per setting the reader may see (a teacher: school), settings with a use only. */
  uses: z.array(StrategyUseCounts),
  /** The reader's own word for today, when they logged it. */
  myToday: z.object({ helped: Helped, note: z.string() }).nullable(),
  /** The newest notes written with a use in the four weeks (at most three, in settings the reader sees). */
  notes: z.array(z.object({ date: IsoDate, setting: Setting, helped: Helped, note: z.string(), by: z.string() })),
});
export type ChildStrategy = z.infer<typeof ChildStrategy>;

export const ChildStrategyList = z.object({
  strategies: z.array(ChildStrategy),
  /** The therapists on the child's team, for the printed page. */
  therapists: z.array(z.string()),
  /** The child's calendar date today (the date a "used it today" log is for). */
  today: IsoDate,
  /** The setting the reader's logs count in (from their role), or null when they do not log. */
  mySetting: Setting.nullable(),
});
export const ChildStrategyParams = z.object({ childId: z.string(), childStrategyId: z.string() });


/** Today: the strategies used at home with each child the reader looks after there. */
export const TodayStrategies = z.object({
  children: z.array(z.object({
    childId: Id,
    firstName: z.string(),
    today: IsoDate,
    strategies: z.array(ChildStrategy),
  })),
});
