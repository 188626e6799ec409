import { z } from 'zod';
import { Id, IsoDate, LongText, Text, Timestamp } from './common.ts';
import { TeamRole } from './access.ts';
import { ClockTime } from './auth.ts';
import { ContentTranslation } from './translation.ts';

// Home practice: what a therapist asks the family to practise, how often, and the family's logs.

export const PracticeSchedule = z.strictObject({
  /** An RRULE over the family's calendar: "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE,FR", every 1–4 weeks. */
  rule: z.string().trim().min(9).max(120),
  /** "3 times a week" on any of the listed days; null means every listed day. */
  timesPerWeek: z.number().int().min(1).max(7).nullable(),
});
export type PracticeSchedule = z.infer<typeof PracticeSchedule>;

const practiceShape = {
  title: Text(120),
  /** The goals this practice works towards (the child's own goals). */
  goalIds: z.array(Id).max(10),
  /** Numbered steps in plain words a parent can follow with a child on their lap. */
  steps: z.array(Text(500)).min(1).max(12),
  schedule: PracticeSchedule,
  /** About how long, in minutes. */
  minutes: z.number().int().min(1).max(180).nullable(),
  startDate: IsoDate,
  endDate: IsoDate.nullable(),
  /** What to watch for: "Stop if he covers his ears; try again tomorrow." */
  watchFor: LongText(1000),
  /** A picture for each step, by upload id (null where a step has none); no longer than `steps`. */
  stepImageIds: z.array(Id.nullable()).max(12),
  /** A short video or audio clip the therapist recorded, by upload id. */
  clipId: Id.nullable(),
};

export const CreatePracticeRequest = z.strictObject({
  ...practiceShape,
  goalIds: practiceShape.goalIds.default([]),
  minutes: practiceShape.minutes.default(null),
  endDate: practiceShape.endDate.default(null),
  watchFor: practiceShape.watchFor.default(''),
  stepImageIds: practiceShape.stepImageIds.default([]),
  clipId: practiceShape.clipId.default(null),
});
export type CreatePracticeRequest = z.infer<typeof CreatePracticeRequest>;
export const UpdatePracticeRequest = z.strictObject(practiceShape).partial();

export const PRACTICE_STATUSES = ['active', 'paused', 'ended'] as const;
export const PracticeStatus = z.enum(PRACTICE_STATUSES);
export const ChangePracticeStatusRequest = z.strictObject({ status: PracticeStatus, reason: LongText(1000).default('') });

export const PRACTICE_OUTCOMES = ['done', 'partial', 'skipped'] as const;
export const PracticeOutcome = z.enum(PRACTICE_OUTCOMES);
export type PracticeOutcome = z.infer<typeof PracticeOutcome>;

export const LogPracticeRequest = z.strictObject({
  /** The family's calendar date the practice was for: today, or a few days back when a phone was offline. */
  date: IsoDate,
  outcome: PracticeOutcome,
  /** How it went, on a 1–5 face scale. */
  howItWent: z.number().int().min(1).max(5).nullable().default(null),
  minutes: z.number().int().min(0).max(600).nullable().default(null),
  note: LongText(1000).default(''),
});

export const PracticeLog = z.object({
  id: Id,
  itemId: Id,
  date: IsoDate,
  outcome: PracticeOutcome,
  howItWent: z.number().nullable(),
  minutes: z.number().nullable(),
  note: z.string(),
  by: z.object({ name: z.string(), role: TeamRole.nullable() }),
  at: Timestamp,
});
export type PracticeLog = z.infer<typeof PracticeLog>;

/** One day of the week strip: not a practice day, due, or what was logged (the latest log of the day). */
export const DayState = z.enum(['none', 'due', 'done', 'partial', 'skipped']);
export type DayState = z.infer<typeof DayState>;
/** `by`: who made that day's latest log (null when nothing is logged), so a button shows whose tap it was. */
export const WeekDay = z.object({ date: IsoDate, state: DayState, by: z.object({ id: Id, name: z.string(), role: TeamRole.nullable() }).nullable() });

export const PracticeItem = z.object({
  id: Id,
  childId: Id,
  version: z.number(),
  status: PracticeStatus,
  title: z.string(),
  goalIds: z.array(Id),
  steps: z.array(z.string()),
  schedule: PracticeSchedule,
  minutes: z.number().nullable(),
  startDate: IsoDate,
  endDate: IsoDate.nullable(),
  watchFor: z.string(),
  stepImageIds: z.array(Id.nullable()),
  clipId: Id.nullable(),
  /** Whether the clip is to be heard or watched. */
  clipKind: z.enum(['audio', 'video']).nullable(),
  statusReason: z.string(),
  /** Due today in the family's calendar (today's log, if any, is in `week`). */
  dueToday: z.boolean(),
  /** With a weekly count: how many are left this week. */
  remainingThisWeek: z.number().nullable(),
  /** Monday to Sunday of the current week in the family's calendar. */
  week: z.array(WeekDay),
  /** The title, steps and what to watch for in the reader's language (fields `title`, `steps.0`…, `watchFor`). */
  translation: ContentTranslation.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PracticeItem = z.infer<typeof PracticeItem>;

export const PracticeList = z.object({ today: IsoDate, items: z.array(PracticeItem) });

export const PracticeEvent = z.object({
  id: Id,
  version: z.number(),
  kind: z.enum(['created', 'revised', 'status_changed']),
  by: z.object({ name: z.string(), role: TeamRole.nullable() }),
  at: Timestamp,
  comment: z.string(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});
export const PracticeHistory = z.object({ events: z.array(PracticeEvent), logs: z.array(PracticeLog) });

export const ChildPracticeParams = z.object({ childId: z.string(), itemId: z.string() });

/** The family's Today screen: for each child, the practice due today and this week's strip. */
export const TodayResponse = z.object({
  children: z.array(z.object({
    childId: Id,
    firstName: z.string(),
    today: IsoDate,
    items: z.array(PracticeItem),
  })),
});

/** A person's reminder for one child: at their chosen local time on practice days, unless already logged. */
export const PracticeReminder = z.object({
  enabled: z.boolean(),
  time: z.string().nullable(),
  /** The zone the time is read in: the person's own, else the child's. */
  timeZone: z.string(),
  /** When the next one goes out, if one is coming. */
  nextAt: Timestamp.nullable(),
});
export const UpdatePracticeReminderRequest = z.strictObject({ enabled: z.boolean(), time: ClockTime });
