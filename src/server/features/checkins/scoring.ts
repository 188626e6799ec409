// Scoring a check-in: the sum or mean of chosen items, reversed items turned round, sub-scores, and
// what counts as an answer at the worst end. Pure functions of the form and the answers.
//
// Missing answers: a score needs at least half of its items answered (else it is null, and the
// chart leaves the week out); a mean is the mean of the answered items, a sum is that mean times
// the number of items (prorated), so a skipped question neither lowers nor raises the score.
import { formLanguages, formTexts } from '../../../contract/checkin-values.ts';
import type { AnswerValue, Answers, FormDefinition, FormItem } from '../../../contract/checkins.ts';
import { badField } from '../../http/errors.ts';

export const SCALE = { min: 1, max: 5 } as const;

/** The values an item can score: a scale 1–5, yes/no 0–1, a number between its bounds. */
export function itemRange(item: FormItem): { min: number; max: number } | null {
  switch (item.kind) {
    case 'scale':
      return SCALE;
    case 'yes_no':
      return { min: 0, max: 1 };
    case 'number':
      return item.min !== undefined && item.max !== undefined ? { min: item.min, max: item.max } : null;
    case 'single':
    case 'multiple':
    case 'text':
      return null;
  }
}

/** An item's answer as it counts in a score (reversed items turned round), or null if unanswered. */
export function scoredValue(item: FormItem, value: AnswerValue | null | undefined): number | null {
  const range = itemRange(item);
  if (!range || value === null || value === undefined) return null;
  const raw = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'number' ? value : null;
  if (raw === null) return null;
  return item.reversed ? range.min + range.max - raw : raw;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The score of these items by this method, or null when fewer than half were answered. */
function combine(items: readonly FormItem[], answers: Answers, method: 'sum' | 'mean'): number | null {
  const values = items.map((i) => scoredValue(i, answers[i.key])).filter((v): v is number => v !== null);
  if (items.length === 0 || values.length < Math.ceil(items.length / 2)) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return round(method === 'mean' ? mean : mean * items.length);
}

const pick = (def: FormDefinition, keys: readonly string[]) => keys.flatMap((k) => def.items.filter((i) => i.key === k));

export function scoreOf(def: FormDefinition, answers: Answers): { score: number | null; subscores: Record<string, number> } {
  if (!def.scoring) return { score: null, subscores: {} };
  const { method } = def.scoring;
  const subscores: Record<string, number> = {};
  for (const s of def.scoring.subscores) {
    const v = combine(pick(def, s.items), answers, method);
    if (v !== null) subscores[s.key] = v;
  }
  return { score: combine(pick(def, def.scoring.items), answers, method), subscores };
}

/** The lowest and highest score the form can give. */
export function scoreRange(def: FormDefinition): { min: number; max: number } | null {
  if (!def.scoring) return null;
  const ranges = pick(def, def.scoring.items).map(itemRange).filter((r) => r !== null);
  if (ranges.length === 0) return null;
  const min = ranges.reduce((a, r) => a + r.min, 0);
  const max = ranges.reduce((a, r) => a + r.max, 0);
  return def.scoring.method === 'sum' ? { min, max } : { min: round(min / ranges.length), max: round(max / ranges.length) };
}

/**
 * An answer at the worst end: an item marked alertAtWorst answered at its worst value, or the
 * score within the worst eighth of its range (higher_worse: the top; higher_better: the bottom).
 */
export function atWorstEnd(def: FormDefinition, answers: Answers): boolean {
  const worseHigh = def.scoring?.direction === 'higher_worse';
  for (const item of def.items) {
    if (!item.alertAtWorst) continue;
    const v = scoredValue(item, answers[item.key]);
    const range = itemRange(item);
    if (v !== null && range && v === (worseHigh ? range.max : range.min)) return true;
  }
  const range = scoreRange(def);
  const { score } = scoreOf(def, answers);
  if (!range || score === null) return false;
  const band = (range.max - range.min) / 8;
  return worseHigh ? score >= range.max - band : score <= range.min + band;
}

/** The fields each kind of question takes; any other is refused, so nothing is kept that does nothing. */
const KIND_FIELDS: Record<FormItem['kind'], readonly (keyof FormItem)[]> = {
  scale: ['low', 'high', 'reversed', 'alertAtWorst'],
  yes_no: ['reversed', 'alertAtWorst'],
  single: ['options'],
  multiple: ['options'],
  number: ['min', 'max', 'reversed', 'alertAtWorst'],
  text: [],
};
const COMMON_FIELDS: readonly string[] = ['key', 'kind', 'text'];

/**
 * What zod cannot say about a form: every text in each of its languages, unique keys, the fields each kind takes (words at a scale's ends,
 * options, number bounds), reversed and alerting items that can score, and scoring that names only
 * existing, scoreable questions, each once.
 */
export function checkDefinition(def: FormDefinition): void {
  // Every text in each of the form's languages: a reader never meets half a form in theirs.
  const languages = formLanguages(def);
  for (const { path, text } of formTexts(def)) {
    const missing = languages.find((l) => text[l] === undefined);
    if (missing) throw badField([...path, missing].join('.'), `Write this in ${missing} too: the form is written in it.`);
  }
  const keys = new Set<string>();
  def.items.forEach((item, i) => {
    const at = `items.${i}`;
    if (keys.has(item.key)) throw badField(`${at}.key`, 'Each question needs its own key.');
    keys.add(item.key);
    const allowed = KIND_FIELDS[item.kind];
    const stray = Object.keys(item).find((k) => !COMMON_FIELDS.includes(k) && !(allowed as readonly string[]).includes(k));
    if (stray) throw badField(`${at}.${stray}`, 'This kind of question does not take this.');
    if (item.kind === 'scale' && (!item.low || !item.high)) throw badField(`${at}.${item.low ? 'high' : 'low'}`, 'A 1–5 scale needs words at both ends.');
    if ((item.kind === 'single' || item.kind === 'multiple') && !item.options) throw badField(`${at}.options`, 'Give the choices.');
    const optionKeys = new Set<string>();
    item.options?.forEach((o, oi) => {
      if (optionKeys.has(o.key)) throw badField(`${at}.options.${oi}.key`, 'Each choice needs its own key.');
      optionKeys.add(o.key);
    });
    if (item.kind === 'number' && item.min !== undefined && item.max !== undefined && item.min >= item.max) throw badField(`${at}.max`, 'The largest number must be above the smallest.');
    for (const flag of ['reversed', 'alertAtWorst'] as const) {
      if (item[flag] && itemRange(item) === null) throw badField(`${at}.${flag}`, 'Only questions that can be scored (a number needs both bounds).');
    }
  });
  if (!def.scoring) return;
  const scoreable = (key: string) => {
    const item = def.items.find((i) => i.key === key);
    return item !== undefined && itemRange(item) !== null;
  };
  const checkItems = (items: readonly string[], at: string) => {
    items.forEach((k, i) => {
      if (!scoreable(k)) throw badField(`${at}.${i}`, 'Only 1–5 scales, yes/no and numbers with bounds can be scored.');
      if (items.indexOf(k) !== i) throw badField(`${at}.${i}`, 'Each question counts once.');
    });
  };
  checkItems(def.scoring.items, `scoring.items`);
  const subKeys = new Set<string>();
  def.scoring.subscores.forEach((sub, si) => {
    if (subKeys.has(sub.key)) throw badField(`scoring.subscores.${si}.key`, 'Each sub-score needs its own key.');
    subKeys.add(sub.key);
    checkItems(sub.items, `scoring.subscores.${si}.items`);
  });
}

/** Checks each answer against its question; unknown questions and wrong kinds are refused, naming the field. */
export function checkAnswers(def: FormDefinition, answers: Answers): void {
  for (const [key, value] of Object.entries(answers)) {
    const item = def.items.find((i) => i.key === key);
    const at = `answers.${key}`;
    if (!item) throw badField(at, 'This form has no such question.');
    if (value === null) continue;
    switch (item.kind) {
      case 'scale':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < SCALE.min || value > SCALE.max) throw badField(at, 'Choose 1 to 5.');
        break;
      case 'yes_no':
        if (typeof value !== 'boolean') throw badField(at, 'Answer yes or no.');
        break;
      case 'single':
        if (typeof value !== 'string' || !item.options?.some((o) => o.key === value)) throw badField(at, 'Choose one of the options.');
        break;
      case 'multiple':
        if (!Array.isArray(value) || new Set(value).size !== value.length || !value.every((v) => item.options?.some((o) => o.key === v))) throw badField(at, 'Choose among the options.');
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value) || (item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max)) {
          throw badField(at, item.min !== undefined && item.max !== undefined ? `Give a number from ${item.min} to ${item.max}.` : 'Give a number.');
        }
        break;
      case 'text':
        if (typeof value !== 'string') throw badField(at, 'Write a few words.');
        break;
    }
  }
}
