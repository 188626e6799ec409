import { z } from 'zod';
import type { Localized as LocalizedText } from './checkin-values.ts';
import { Id, IsoDate, PerLocale } from './common.ts';
import { Trend } from './plan.ts';

// Check-ins: short questionnaires a therapist assigns to a child's family or teacher on a cadence
// (weekly on a chosen day, monthly, or before each session). A form is CareTeam's starter one or
// the clinic's own; its texts are written in any of the app's languages (at least one, the same
// ones throughout the form). Scores (the sum or mean of chosen
// items, reversed items turned round) trend beside the goals; free text goes to "since last session".
// A form's privacy decides who reads its answers: 'team' (the child's therapists and guardians, and
// the person who answered), 'clinicians' (only the child's therapists: a caregiver's own
// well-being), 'aggregate' (nobody per person: the clinic sees a therapist's mean of five or more).

export const ITEM_KINDS = ['scale', 'yes_no', 'single', 'multiple', 'number', 'text'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;
export const FORM_PRIVACY = ['team', 'clinicians', 'aggregate'] as const;
export const FormPrivacy = z.enum(FORM_PRIVACY);
export type FormPrivacy = z.infer<typeof FormPrivacy>;
export const FORM_RESPONDENTS = ['family', 'teacher'] as const;
export const FormRespondent = z.enum(FORM_RESPONDENTS);
export const SCORE_METHODS = ['sum', 'mean'] as const;
export const ScoreMethod = z.enum(SCORE_METHODS);
export const SCORE_DIRECTIONS = ['higher_better', 'higher_worse'] as const;
export const ScoreDirection = z.enum(SCORE_DIRECTIONS);
export type ScoreDirection = z.infer<typeof ScoreDirection>;

/** A text per language: any of the app's languages, at least one, none empty. */
export const Localized = (max: number) =>
  PerLocale(z.string().trim().min(1).max(max)).refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'Write this in at least one language.' });
export type Localized = LocalizedText;

const Key = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, { error: 'Use letters and digits, starting with a small letter.' });

export const FormItem = z.strictObject({
  key: Key,
  kind: ItemKind,
  text: Localized(300),
  /** A scale's words at its ends (1 and 5). */
  low: Localized(60).optional(),
  high: Localized(60).optional(),
  /** One or several choices: the options. */
  options: z.array(z.strictObject({ key: Key, text: Localized(120) })).min(2).max(12).optional(),
  /** A number's bounds. */
  min: z.number().optional(),
  max: z.number().optional(),
  /** Scored with its scale turned round (1 counts as 5). */
  reversed: z.boolean().optional(),
  /** An answer at this item's worst end tells the child's therapists the same day (well-being). */
  alertAtWorst: z.boolean().optional(),
});
export type FormItem = z.infer<typeof FormItem>;

export const SubScore = z.strictObject({ key: Key, label: Localized(80), items: z.array(Key).min(1).max(40) });
export type SubScore = z.infer<typeof SubScore>;

export const Scoring = z.strictObject({
  method: ScoreMethod,
  items: z.array(Key).min(1).max(40),
  direction: ScoreDirection,
  subscores: z.array(SubScore).max(8).default([]),
});
export type Scoring = z.infer<typeof Scoring>;

export const FormDefinition = z.strictObject({
  title: Localized(120),
  intro: Localized(600),
  respondent: FormRespondent,
  privacy: FormPrivacy,
  items: z.array(FormItem).min(1).max(40),
  scoring: Scoring.nullable(),
});
export type FormDefinition = z.infer<typeof FormDefinition>;

export const CheckinForm = z.object({
  id: Id,
  starterKey: z.string().nullable(),
  definition: FormDefinition,
  /** The largest and smallest score the form can give (null without scoring). */
  scoreRange: z.object({ min: z.number(), max: z.number() }).nullable(),
});
export type CheckinForm = z.infer<typeof CheckinForm>;
export const CheckinFormList = z.object({ forms: z.array(CheckinForm) });
export const FormParams = z.object({ formId: z.string() });

/**
 * A form as its editor sees it. Starter forms are read-only (copy one to edit it). Questions that
 * already have answers keep their key, their kind and the options chosen in them, so every old
 * answer stays readable against the form it was given to (see the editor's route).
 */
export const CheckinFormDetail = CheckinForm.extend({
  editable: z.boolean(),
  /** Keys of questions with answers: they can be reworded, not removed nor changed in kind. */
  answeredItems: z.array(z.string()),
  /** Per answered choice question, the options chosen in some answer: they stay. */
  answeredOptions: z.record(z.string(), z.array(z.string())),
  /** How many children have this form assigned now. */
  activeAssignments: z.number().int(),
});
export type CheckinFormDetail = z.infer<typeof CheckinFormDetail>;

/** One answer: a scale's 1–5, yes/no, an option's key, several keys, a number, or a text. */
export const AnswerValue = z.union([z.number(), z.boolean(), z.string().max(2000), z.array(z.string().max(40)).max(12)]);
export type AnswerValue = z.infer<typeof AnswerValue>;
export const Answers = z.record(Key, AnswerValue.nullable());
export type Answers = z.infer<typeof Answers>;

export const CADENCE_KINDS = ['weekly', 'monthly', 'before_session'] as const;
export const Cadence = z.discriminatedUnion('kind', [
  /** ISO weekday: 1 is Monday, 7 Sunday. */
  z.strictObject({ kind: z.literal('weekly'), weekday: z.number().int().min(1).max(7) }),
  z.strictObject({ kind: z.literal('monthly'), day: z.number().int().min(1).max(28) }),
  z.strictObject({ kind: z.literal('before_session') }),
]);
export type Cadence = z.infer<typeof Cadence>;

export const Respondent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), userId: Id }),
  /** One answer from each household of the family (any of its guardians or caregivers). */
  z.strictObject({ kind: z.literal('households') }),
  z.strictObject({ kind: z.literal('teachers') }),
]);
export type Respondent = z.infer<typeof Respondent>;

export const AssignRequest = z.strictObject({
  formId: Id,
  cadence: Cadence,
  respondents: z.array(Respondent).min(1).max(10),
});
export type AssignRequest = z.infer<typeof AssignRequest>;

export const ChildAssignmentParams = z.object({ childId: z.string(), assignmentId: z.string() });
export const OccurrenceParams = z.object({ childId: z.string(), assignmentId: z.string(), occurrence: z.string().max(80) });

export const AnswerRequest = z.strictObject({
  occurrence: z.string().min(1).max(80),
  answers: Answers,
  /** Sent: no more changes. Otherwise kept half-done. */
  submit: z.boolean(),
});
export type AnswerRequest = z.infer<typeof AnswerRequest>;

/** A check-in waiting for this person: one occurrence of an assignment. */
export const OpenCheckin = z.object({
  childId: Id,
  childName: z.string(),
  assignmentId: Id,
  occurrence: z.string(),
  dueDate: IsoDate,
  closesAt: z.string(),
  title: Localized(120),
  status: z.enum(['new', 'draft']),
});
export type OpenCheckin = z.infer<typeof OpenCheckin>;
export const OpenCheckinList = z.object({ checkins: z.array(OpenCheckin) });

export const Assignment = z.object({
  id: Id,
  formId: Id,
  title: Localized(120),
  privacy: FormPrivacy,
  cadence: Cadence,
  respondents: z.array(Respondent),
  respondentNames: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Assignment = z.infer<typeof Assignment>;

export const ChildCheckins = z.object({
  canAssign: z.boolean(),
  assignments: z.array(Assignment),
  open: z.array(OpenCheckin),
  /** Who may be chosen as a respondent (for the assign form). */
  people: z.array(z.object({ id: Id, name: z.string(), role: z.string(), household: z.string().nullable() })),
});
export type ChildCheckins = z.infer<typeof ChildCheckins>;

export const CheckinAnswerPage = z.object({
  childId: Id,
  assignmentId: Id,
  occurrence: z.string(),
  dueDate: IsoDate,
  form: CheckinForm,
  answers: Answers,
  status: z.enum(['new', 'draft', 'submitted']),
});
export type CheckinAnswerPage = z.infer<typeof CheckinAnswerPage>;

export const AnswerResult = z.object({ id: Id, status: z.enum(['draft', 'submitted']), score: z.number().nullable() });

/** One line on a chart: one respondent (a person or a household) in one setting. */
export const TrendSeries = z.object({
  key: z.string(),
  who: z.string(),
  setting: z.enum(['home', 'school']),
  trend: Trend,
  points: z.array(z.object({ id: Id, date: IsoDate, value: z.number(), subscores: z.record(z.string(), z.number()) })),
});
export const FormTrend = z.object({
  formId: Id,
  title: Localized(120),
  direction: ScoreDirection,
  method: ScoreMethod,
  scoreRange: z.object({ min: z.number(), max: z.number() }),
  subscores: z.array(SubScore),
  series: z.array(TrendSeries),
});
export type FormTrend = z.infer<typeof FormTrend>;
export const CheckinTrend = z.object({ forms: z.array(FormTrend) });

export const TextsQuery = z.object({ from: IsoDate.optional() });
export const CheckinTexts = z.object({
  texts: z.array(z.object({
    responseId: Id, date: IsoDate, who: z.string(), title: Localized(120), question: Localized(300), text: z.string(), privacy: FormPrivacy,
  })),
});
export type CheckinTexts = z.infer<typeof CheckinTexts>;

export const PartnershipSummary = z.object({
  minimum: z.number(),
  therapists: z.array(z.object({
    therapistId: Id,
    name: z.string(),
    /** Null while fewer than `minimum` answers exist: nothing about them is shown. */
    answers: z.number().nullable(),
    items: z.array(z.object({ key: z.string(), text: Localized(300), mean: z.number() })).nullable(),
  })),
});
export type PartnershipSummary = z.infer<typeof PartnershipSummary>;

export const StoppedAssignment = z.object({ id: Id, stoppedAt: z.string() });
