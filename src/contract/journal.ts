import { z } from 'zod';
import { Id, IsoDate, LongText, Text, Timestamp } from './common.ts';
import { TeamRole } from './access.ts';
import { ClockTime } from './auth.ts';
import { PictureSize } from './uploads.ts';
import { ContentTranslation } from './translation.ts';

// The home journal: what the family (and school) see between sessions, each entry quick to write.

const Rating = z.number().int().min(1).max(5);

export const BehaviourEntry = z.strictObject({
  kind: z.literal('behaviour'),
  /** What happened before: the trigger. */
  before: LongText(1000),
  /** What the child did. */
  behaviour: Text(1000),
  /** What helped, or what happened after. */
  after: LongText(1000),
  intensity: Rating,
  /** About how long, in minutes. */
  minutes: z.number().int().min(0).max(600).nullable(),
  place: z.enum(['home', 'school', 'community']),
});
export const SleepEntry = z.strictObject({
  kind: z.literal('sleep'),
  bedtime: ClockTime,
  wakeTime: ClockTime,
  nightWakings: z.number().int().min(0).max(20),
  rested: Rating,
});
export const EatingEntry = z.strictObject({
  kind: z.literal('eating'),
  meals: LongText(1000),
  newFoods: LongText(500),
  hard: LongText(1000),
});
export const MoodEntry = z.strictObject({
  kind: z.literal('mood'),
  mood: Rating,
  /** A change in routine, illness, a visitor. */
  routineNote: LongText(1000),
});
export const WinEntry = z.strictObject({ kind: z.literal('win'), text: Text(1000) });
export const NoteEntry = z.strictObject({ kind: z.literal('note'), text: Text(4000) });

export const JournalContent = z.discriminatedUnion('kind', [BehaviourEntry, SleepEntry, EatingEntry, MoodEntry, WinEntry, NoteEntry]);
export type JournalContent = z.infer<typeof JournalContent>;
export const JOURNAL_KINDS = ['behaviour', 'sleep', 'eating', 'mood', 'win', 'note'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

/** Who reads an entry besides its author: the whole team, the therapists, or the guardians. */
export const VISIBILITIES = ['team', 'therapists', 'guardians'] as const;
export const Visibility = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof Visibility>;

export const CreateJournalEntryRequest = z.strictObject({
  content: JournalContent,
  /** The family's calendar date and, when known, the time it happened (for a night: the morning after). */
  date: IsoDate,
  time: ClockTime.nullable().default(null),
  /** Left out: the family's default. */
  visibility: Visibility.optional(),
  /** A photo uploaded for this entry (journal_photo), by upload id. */
  photoId: Id.nullable().default(null),
  /** Asks the therapists to look at it: they get a notification. */
  flagged: z.boolean().default(false),
});
/** The author corrects an entry; the earlier wording is kept in its history. */
export const CorrectJournalEntryRequest = z.strictObject({
  content: JournalContent,
  date: IsoDate,
  time: ClockTime.nullable(),
  visibility: Visibility,
  /** Left out: the photo stays as it was; null takes it off (earlier versions keep it). */
  photoId: Id.nullable().optional(),
  /** Left out: unchanged. Flagging later notifies the therapists then. */
  flagged: z.boolean().optional(),
});

export const JournalEntry = z.object({
  id: Id,
  childId: Id,
  content: JournalContent,
  date: IsoDate,
  time: z.string().nullable(),
  visibility: Visibility,
  photoId: Id.nullable(),
  photoSize: PictureSize.nullable(),
  flagged: z.boolean(),
  version: z.number(),
  by: z.object({ id: Id, name: z.string(), role: TeamRole.nullable() }),
  mine: z.boolean(),
  createdAt: Timestamp,
  correctedAt: Timestamp.nullable(),
  /** The free-text fields in the reader's language (by name: before, behaviour, text…), on reads. */
  translation: ContentTranslation.optional(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;
export const JournalList = z.object({ entries: z.array(JournalEntry), defaultVisibility: Visibility });
export const JournalEntryHistory = z.object({
  versions: z.array(z.object({ version: z.number(), content: JournalContent, date: IsoDate, time: z.string().nullable(), visibility: Visibility, photoId: Id.nullable(), photoSize: PictureSize.nullable(), at: Timestamp })),
});
export const JournalQuery = z.object({
  kind: z.enum(JOURNAL_KINDS).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export const UpdateJournalSettingsRequest = z.strictObject({ defaultVisibility: Visibility });
export const ChildEntryParams = z.object({ childId: z.string(), entryId: z.string() });

/** What a therapist reads before a session: practice done against planned, the journal, and patterns. */
export const SinceQuery = z.object({ from: IsoDate.optional() });
const TimeOfDayCounts = z.object({ morning: z.number(), afternoon: z.number(), evening: z.number(), night: z.number() });
export const SinceLastSession = z.object({
  from: IsoDate,
  to: IsoDate,
  practice: z.array(z.object({
    itemId: Id,
    title: z.string(),
    status: z.enum(['active', 'paused', 'ended']),
    planned: z.number(),
    done: z.number(),
    partial: z.number(),
    skipped: z.number(),
    /** Mean of the 1–5 faces, when any were given. */
    howItWent: z.number().nullable(),
    notes: z.array(z.object({ date: IsoDate, note: z.string(), by: z.string() })),
  })),
  entries: z.array(JournalEntry),
  /** Over the last `weeks` weeks, whatever `from` is: patterns need more than a week. */
  patterns: z.object({
    weeks: z.number(),
    incidents: z.number(),
    timeOfDay: z.object({ known: z.number(), counts: TimeOfDayCounts, peak: z.enum(['morning', 'afternoon', 'evening', 'night']).nullable() }),
    weekday: z.object({ counts: z.array(z.number()), weeks: z.number(), peak: z.number().nullable() }),
    sleep: z.union([
      z.object({ kind: z.literal('too_little_data'), shortNights: z.number(), otherNights: z.number(), usualHours: z.number().nullable() }),
      z.object({
        kind: z.literal('compared'), usualHours: z.number(), shortUnderHours: z.number(),
        shortNights: z.number(), incidentsAfterShort: z.number(), perDayAfterShort: z.number(),
        otherNights: z.number(), incidentsAfterOther: z.number(), perDayAfterOther: z.number(),
        comparison: z.enum(['more', 'similar', 'fewer']),
      }),
    ]),
  }),
});
