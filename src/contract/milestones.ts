import { z } from 'zod';
import { Id, IsoDate, LongText, Text, Timestamp } from './common.ts';
import { TeamRole } from './access.ts';

// Milestones: a goal met, or a win someone on the team saw and wanted to celebrate.
// Positive only: a milestone is never taken away, and nothing is compared or scored.

export const MILESTONE_KINDS = ['goal_met', 'win'] as const;
export const MilestoneKind = z.enum(MILESTONE_KINDS);
export type MilestoneKind = z.infer<typeof MilestoneKind>;

/** A celebration shows for this long, until the reader has seen it. */
export const CELEBRATION_DAYS = 30;

export const Milestone = z.object({
  id: Id,
  childId: Id,
  kind: MilestoneKind,
  /** A win's title ("Said 'more juice' at breakfast!"); for a met goal, the goal as the family said it. */
  title: z.string(),
  note: z.string(),
  /** The goal it belongs to: always for a met goal, optional for a win. */
  goal: z.object({ id: Id, statement: z.string() }).nullable(),
  /** The child's local date it happened. */
  date: IsoDate,
  by: z.object({ name: z.string(), role: TeamRole.nullable() }),
  createdAt: Timestamp,
  /** The reader dismissed it (or saw it) already. */
  seen: z.boolean(),
  /** Show it as a celebration: recent and not yet seen by the reader. */
  celebrate: z.boolean(),
});
export type Milestone = z.infer<typeof Milestone>;

export const MilestoneList = z.object({ milestones: z.array(Milestone) });

/** A win marked by a therapist, a parent, a caregiver or a teacher. */
export const CreateWinRequest = z.strictObject({
  title: Text(140),
  note: LongText(1000).default(''),
  goalId: Id.nullable().default(null),
  date: IsoDate,
});

/** Celebrations across every child the reader is on the team of, for the home page. */
export const RecentCelebrations = z.object({
  celebrations: z.array(Milestone.extend({ child: z.object({ id: Id, firstName: z.string() }) })),
});

export const ChildMilestoneParams = z.object({ childId: z.string(), milestoneId: z.string() });
