// Check-ins: who answers an assignment (respondent slots), what is open for a person, saving an
// answer once, the chart series and free text a reader may see, the partnership summary (never
// per person, never for fewer than five answers), and the sweep that tells respondents once when a
// check-in opens and reminds them once before it closes.

import type {
  Answers, Assignment, AssignRequest, Cadence, CheckinForm, CheckinFormDetail, FormDefinition, FormTrend, Localized, OpenCheckin, Respondent,
} from '../../../contract/checkins.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { addDays, localDate } from '../children/calendar.ts';
import { notify, teamAudience } from '../notifications/notify.ts';
import { trendOf } from '../plan/trend.ts';
import { answerableOccurrence, nextCheck, openOccurrences, reminderAt, type CadencePlan, type Occurrence, type SessionTime } from './cadence.ts';
import {
  activeAssignmentCount, activeAssignments, answeredParts, answersSeenBy, dueAssignments, formsByIds, responsesFor, scoredResponses, sessionsOf, setNextCheck, submittedFor, teamMembers,
  type AssignmentRow, type FormRow, type MemberRow, type ScoredRow,
} from './checkins.repository.ts';
import { atWorstEnd, scoreOf, scoreRange } from './scoring.ts';

/** The clinic sees a therapist's partnership answers only as a mean of at least this many. */
export const PARTNERSHIP_MINIMUM = 5;
const DAY = 86_400_000;

export const definitionOf = (f: FormRow) => f.definition as unknown as FormDefinition;
export const presentForm = (f: FormRow): CheckinForm => ({ id: f.id, starterKey: f.starter_key, definition: definitionOf(f), scoreRange: scoreRange(definitionOf(f)) });
export const planOf = (a: AssignmentRow): CadencePlan => ({ cadence: a.cadence as unknown as Cadence, startsOn: a.starts_on, endedAt: a.ended_at });

/** One respondent place in an assignment: a person, or a household any of whose members answers. */
export type Slot = { slot: string; userIds: string[]; setting: 'home' | 'school'; label: string };

const FAMILY = new Set(['guardian', 'caregiver']);

/** What the editor needs beside the form: whether it may be changed, and what its answers hold. */
export async function formDetail(db: Executor, f: FormRow, clinicIds: readonly string[]): Promise<CheckinFormDetail> {
  const def = definitionOf(f);
  const choiceKeys = def.items.filter((i) => i.kind === 'single' || i.kind === 'multiple').map((i) => i.key);
  const [parts, active] = await Promise.all([answeredParts(db, f.id, choiceKeys), activeAssignmentCount(db, f.id)]);
  const answeredOptions: Record<string, string[]> = {};
  for (const c of parts.choices) answeredOptions[c.key] = [...(answeredOptions[c.key] ?? []), c.choice];
  return {
    ...presentForm(f), editable: f.clinic_id !== null && clinicIds.includes(f.clinic_id),
    answeredItems: parts.keys, answeredOptions, activeAssignments: active,
  };
}

/**
 * An edit keeps every answer already given readable against the one form it was given to: rather
 * than versioning forms (which would split a child's chart into one line per version and leave
 * half-done answers on an old version), a question with answers keeps its key, its kind and each
 * option chosen in an answer; its words, its scale's end words and the scoring may change (a
 * sent answer keeps the score it was given). Who answers cannot change while children have the
 * form assigned, since their respondents were chosen for it.
 */
export function checkKeepsAnswers(before: FormDefinition, after: FormDefinition, detail: Pick<CheckinFormDetail, 'answeredItems' | 'answeredOptions' | 'activeAssignments'>): void {
  if (after.respondent !== before.respondent && detail.activeAssignments > 0) {
    throw badField('respondent', 'Children have this form assigned: stop those check-ins before changing who answers.');
  }
  for (const key of detail.answeredItems) {
    const old = before.items.find((i) => i.key === key);
    if (!old) continue;
    const index = after.items.findIndex((i) => i.key === key);
    const now = after.items[index];
    if (!now) throw badField('items', `The question “${key}” has answers: it cannot be removed.`);
    if (now.kind !== old.kind) throw badField(`items.${index}.kind`, 'This question has answers: its kind cannot change.');
    for (const chosen of detail.answeredOptions[key] ?? []) {
      if (!now.options?.some((o) => o.key === chosen)) throw badField(`items.${index}.options`, 'A choice that was given in answers cannot be removed.');
    }
  }
}

/** The respondent slots an assignment reaches on today's team (people who left are no longer asked). */
export function slotsOf(respondents: readonly Respondent[], members: readonly MemberRow[]): Slot[] {
  const out = new Map<string, Slot>();
  for (const r of respondents) {
    if (r.kind === 'person') {
      const m = members.find((x) => x.user_id === r.userId && (FAMILY.has(x.role) || x.role === 'teacher'));
      if (m) out.set(`user:${m.user_id}`, { slot: `user:${m.user_id}`, userIds: [m.user_id], setting: m.role === 'teacher' ? 'school' : 'home', label: m.name });
    } else if (r.kind === 'teachers') {
      for (const m of members.filter((x) => x.role === 'teacher')) out.set(`user:${m.user_id}`, { slot: `user:${m.user_id}`, userIds: [m.user_id], setting: 'school', label: m.name });
    } else {
      const homes = new Map<string, MemberRow[]>();
      for (const m of members.filter((x) => FAMILY.has(x.role))) homes.set(m.household ?? '', [...(homes.get(m.household ?? '') ?? []), m]);
      for (const [home, people] of homes) {
        out.set(`household:${home}`, { slot: `household:${home}`, userIds: people.map((p) => p.user_id), setting: 'home', label: home || people.map((p) => p.name).join(' · ') });
      }
    }
  }
  return [...out.values()];
}

/** The check-ins open for this person on these children, with whether they started one. */
export async function openFor(db: Executor, userId: string, children: readonly { childId: string; zone: string; name: string }[], now: Date): Promise<OpenCheckin[]> {
  const ids = children.map((c) => c.childId);
  const assignments = await activeAssignments(db, ids);
  if (assignments.length === 0) return [];
  const needSessions = assignments.some((a) => planOf(a).cadence.kind === 'before_session');
  const sessions = needSessions ? await sessionsOf(db, ids, now, new Date(now.getTime() + 3 * DAY)) : [];
  const members = new Map<string, MemberRow[]>();
  for (const id of new Set(assignments.map((a) => a.child_id))) members.set(id, await teamMembers(db, id));
  const forms = await formsByIds(db, assignments.map((a) => a.form_id));
  const found: { a: AssignmentRow; o: Occurrence; slot: string; child: (typeof children)[number] }[] = [];
  for (const a of assignments) {
    const child = children.find((c) => c.childId === a.child_id);
    if (!child) continue;
    const slot = slotsOf(a.respondents as unknown as Respondent[], members.get(a.child_id) ?? []).find((s) => s.userIds.includes(userId));
    if (!slot) continue;
    const own = sessions.filter((s) => s.child_id === a.child_id).map((s) => ({ id: s.id, startsAt: s.starts_at, status: s.status }));
    for (const o of openOccurrences(planOf(a), child.zone, now, own)) found.push({ a, o, slot: slot.slot, child });
  }
  const responses = await responsesFor(db, found.map((f) => f.a.id), found.map((f) => f.o.key));
  return found.flatMap(({ a, o, slot, child }) => {
    const r = responses.find((x) => x.assignment_id === a.id && x.occurrence === o.key && x.slot === slot);
    const form = forms.get(a.form_id);
    if (r?.status === 'submitted' || !form) return [];
    return [{
      childId: a.child_id, childName: child.name, assignmentId: a.id, occurrence: o.key, dueDate: o.dueDate, closesAt: o.closesAt.toISOString(),
      title: definitionOf(form).title, status: r ? 'draft' as const : 'new' as const,
    }];
  }).sort((x, y) => x.closesAt.localeCompare(y.closesAt));
}

/** The sessions a before-session check-in of this child may follow: a week back to a month ahead. */
export async function sessionTimes(db: Executor, childId: string, now: Date): Promise<SessionTime[]> {
  return (await sessionsOf(db, [childId], new Date(now.getTime() - 8 * DAY), new Date(now.getTime() + 31 * DAY)))
    .map((s) => ({ id: s.id, startsAt: s.starts_at, status: s.status }));
}

/** The occurrence a person may answer, and their slot in it; 404 when they may not. */
export async function answerTarget(db: Executor, a: AssignmentRow, zone: string, userId: string, occurrence: string, now: Date) {
  const slot = slotsOf(a.respondents as unknown as Respondent[], await teamMembers(db, a.child_id)).find((s) => s.userIds.includes(userId));
  if (!slot) throw notFound();
  const plan = planOf(a);
  const o = answerableOccurrence(plan, zone, occurrence, now, plan.cadence.kind === 'before_session' ? await sessionTimes(db, a.child_id, now) : []);
  if (!o) throw badField('occurrence', 'This check-in is not open.');
  return { slot, o };
}

/** Checks who a therapist chose: people on the child's team who answer this form's kind. */
export function checkRespondents(def: FormDefinition, b: AssignRequest, members: readonly MemberRow[]): void {
  b.respondents.forEach((r, i) => {
    const at = `respondents.${i}`;
    if (r.kind === 'teachers' && def.respondent !== 'teacher') throw badField(`${at}.kind`, 'This form is for the family.');
    if (r.kind === 'households' && def.respondent !== 'family') throw badField(`${at}.kind`, 'This form is for teachers.');
    if (r.kind === 'person') {
      const m = members.find((x) => x.user_id === r.userId);
      const fits = m && (def.respondent === 'teacher' ? m.role === 'teacher' : FAMILY.has(m.role));
      if (!fits) throw badField(`${at}.userId`, def.respondent === 'teacher' ? 'Choose a teacher on the child’s team.' : 'Choose a parent or caregiver on the child’s team.');
    }
  });
}

export function presentAssignment(a: AssignmentRow, form: FormRow, members: readonly MemberRow[], names: Map<string, string>): Assignment {
  const def = definitionOf(form);
  const respondents = a.respondents as unknown as Respondent[];
  return {
    id: a.id, formId: a.form_id, title: def.title, privacy: def.privacy, cadence: planOf(a).cadence, respondents,
    respondentNames: slotsOf(respondents, members).map((s) => s.label), createdBy: names.get(a.created_by) ?? '', createdAt: a.created_at.toISOString(),
  };
}

/** Every submitted check-in of a child this reader may see through the app, with the forms they answer (a copy of the record). */
export async function answersFor(db: Executor, access: ChildAccess, userId: string) {
  const responses = await submittedFor(db, access.childId, readerOf(access, userId));
  const forms = await formsByIds(db, [...new Set(responses.map((r) => r.form_id))]);
  return { responses, forms };
}

/** Score trends of a child's team check-ins answered in a period, as a reader sees them (a report: a caregiver's well-being stays out). */
export async function teamTrendsBetween(db: Executor, access: ChildAccess, userId: string, from: string, to: string, asOf: string): Promise<FormTrend[]> {
  const rows = (await scoredResponses(db, access.childId, readerOf(access, userId), from)).filter((r) => r.due_date <= to);
  const forms = await formsByIds(db, [...new Set(rows.map((r) => r.form_id))]);
  const team = new Map([...forms].filter(([, f]) => definitionOf(f).privacy === 'team'));
  return trendsOf(rows.filter((r) => team.has(r.form_id)), team, asOf);
}

/** The reader's standing for privacy: a therapist on the child's team, a guardian on it, or neither. */
export const readerOf = (access: ChildAccess, userId: string) => ({ userId, therapist: access.role === 'therapist', guardian: access.role === 'guardian' && access.permissions.includes('plan.view') });

/** Chart series per form and respondent slot, each with the goal's trend sentence (toward the form's better end). */
export function trendsOf(rows: readonly ScoredRow[], forms: Map<string, FormRow>, today: string): FormTrend[] {
  const out: FormTrend[] = [];
  for (const formId of new Set(rows.map((r) => r.form_id))) {
    const form = forms.get(formId);
    if (!form) continue;
    const def = definitionOf(form);
    const range = scoreRange(def);
    if (!def.scoring || !range) continue;
    const lowerIsBetter = def.scoring.direction === 'higher_worse';
    const mine = rows.filter((r) => r.form_id === formId);
    const series = [...new Set(mine.map((r) => `${r.slot}|${r.setting}`))].map((key) => {
      const points = mine.filter((r) => `${r.slot}|${r.setting}` === key);
      const last = points.at(-1);
      const who = last?.slot.startsWith('household:') && last.slot !== 'household:' ? last.slot.slice('household:'.length) : last?.name ?? '';
      const trend = trendOf({ status: 'agreed', measure: 'rating', baseline: null, target: lowerIsBetter ? range.min : range.max, lowerIsBetter, targetDate: null },
        points.map((p) => ({ date: p.due_date, value: p.score ?? 0 })), today);
      return {
        key, who, setting: last?.setting ?? 'home', trend,
        points: points.map((p) => ({ id: p.id, date: p.due_date, value: p.score ?? 0, subscores: p.subscores })),
      };
    });
    out.push({ formId, title: def.title, direction: def.scoring.direction, method: def.scoring.method, scoreRange: range, subscores: def.scoring.subscores, series });
  }
  return out;
}

/** The free-text answers among these, each with its question. */
export function textsOf(rows: readonly { id: string; form_id: string; due_date: string; answers: Record<string, unknown>; privacy: 'team' | 'clinicians' | 'aggregate'; name: string }[], forms: Map<string, FormRow>) {
  return rows.flatMap((r) => {
    const form = forms.get(r.form_id);
    if (!form) return [];
    const def = definitionOf(form);
    return def.items.filter((i) => i.kind === 'text').flatMap((i) => {
      const v = r.answers[i.key];
      return typeof v === 'string' && v.trim() !== '' ? [{ responseId: r.id, date: r.due_date, who: r.name, title: def.title, question: i.text, text: v, privacy: r.privacy }] : [];
    });
  });
}

/** The score of an answer and whether it is at the worst end. */
export function scoreAnswer(def: FormDefinition, answers: Answers) {
  return { ...scoreOf(def, answers), worst: atWorstEnd(def, answers) };
}

/** A submitted well-being answer at its worst end: the child's therapists hear the same day (never the clinic's admins). */
export async function notifyWellbeing(deps: Deps, tx: Executor, r: { id: string; child_id: string; clinic_id: string }, actorId: string): Promise<string[]> {
  return notify(deps, tx, {
    userIds: await teamAudience(tx, r.child_id, 'plan.view', ['therapist']), kind: 'checkin_wellbeing', childId: r.child_id, clinicId: r.clinic_id,
    actorId, target: { responseId: r.id }, dedupeKey: `checkin-wellbeing:${r.id}`,
  });
}

/**
 * Looks at the assignments that are due: each respondent of an open occurrence who has not
 * answered is told once when it opens and reminded once before it closes (the dedupe key names the
 * occurrence and the person, so a second sweep or a second instance tells nobody twice).
 */
export async function sweepCheckins(deps: Deps, limit = 200): Promise<number> {
  const now = deps.clock();
  const mails = await deps.db.transaction().execute(async (tx) => {
    const rows = await dueAssignments(tx, now, limit);
    const queued: string[] = [];
    for (const a of rows) {
      const plan = planOf(a);
      const sessions = plan.cadence.kind === 'before_session' ? await sessionTimes(tx, a.child_id, now) : [];
      const open = openOccurrences(plan, a.zone, now, sessions);
      if (open.length > 0) {
        const slots = slotsOf(a.respondents as unknown as Respondent[], await teamMembers(tx, a.child_id));
        const answered = await responsesFor(tx, [a.id], open.map((o) => o.key));
        for (const o of open) {
          const reminding = now >= reminderAt(o);
          for (const s of slots) {
            if (answered.some((r) => r.occurrence === o.key && r.slot === s.slot && r.status === 'submitted')) continue;
            for (const userId of s.userIds) {
              queued.push(...await notify(deps, tx, {
                userIds: [userId], kind: 'checkin_due', childId: a.child_id, clinicId: a.clinic_id, actorId: null,
                target: { assignmentId: a.id, occurrence: o.key }, dedupeKey: `checkin-${reminding ? 'reminder' : 'open'}:${a.id}:${o.key}`,
              }));
            }
          }
        }
      }
      await setNextCheck(tx, a.id, nextCheck(plan, a.zone, now, sessions) ?? new Date(now.getTime() + DAY));
    }
    return queued;
  });
  await afterCommit(deps, mails);
  return mails.length;
}

/** The therapists whose partnership summary a clinician may read: an admin every therapist's of the clinic, a therapist their own. */
export function partnershipScope(actor: { userId: string; clinics: readonly { clinicId: string; role: 'admin' | 'therapist' }[] }): { clinicId: string; therapists: string[] | null } {
  const c = actor.clinics.find((x) => x.role === 'admin') ?? actor.clinics[0];
  if (!c) throw notFound();
  return { clinicId: c.clinicId, therapists: c.role === 'admin' ? null : [actor.userId] };
}

/**
 * Nothing of a group smaller than the minimum: no count, no means. The group is the families who
 * answered (as the form's introduction promises: "with at least four other families'"), counted by
 * children and by people answering, whichever is fewer: one family answering five weeks running, or
 * one parent answering for five siblings, is still a group of one.
 */
export function summarise(rows: readonly { therapist_id: string; name: string; answers: number; families: number; means: Record<string, number> }[], items: (key: string) => Localized | null) {
  const by = new Map<string, { therapistId: string; name: string; answers: number; families: number; sums: Map<string, number> }>();
  for (const r of rows) {
    const t = by.get(r.therapist_id) ?? { therapistId: r.therapist_id, name: r.name, answers: 0, families: r.families, sums: new Map<string, number>() };
    // Means of several forms are weighted by their answers.
    for (const [k, m] of Object.entries(r.means)) t.sums.set(k, (t.sums.get(k) ?? 0) + m * r.answers);
    t.answers += r.answers;
    by.set(r.therapist_id, t);
  }
  return [...by.values()].map((t) => {
    const shown = t.families >= PARTNERSHIP_MINIMUM && t.answers >= PARTNERSHIP_MINIMUM;
    return {
      therapistId: t.therapistId, name: t.name, answers: shown ? t.answers : null,
      items: shown ? [...t.sums].flatMap(([key, sum]) => {
        const text = items(key);
        return text ? [{ key, text, mean: Math.round((sum / t.answers) * 100) / 100 }] : [];
      }) : null,
    };
  });
}

export const startsOn = (now: Date, zone: string) => localDate(now, zone);
export const sinceDefault = (today: string, days: number) => addDays(today, -days);
export const conflictSubmitted = () => new AppError('conflict', 409, 'This check-in was already sent.');

/** Every check-in answer of the child this reader may read (see answersSeenBy). */
export const checkinsSeenBy = (db: Executor, access: ChildAccess, userId: string) => answersSeenBy(db, access.childId, readerOf(access, userId));
