// A check-in form's texts as plain data, shared by the server's schemas and the browser (which
// must not load zod). A clinic writes its forms in any of the app's languages, at least one; every
// text of one form is written in the same languages, so a reader never meets half a form in theirs.
import { inLanguage, LOCALES, type Locale } from './locales.ts';

/** A text per language: any of the app's languages, at least one (the schema checks it). */
export type Localized = { [L in Locale]?: string | undefined };

/** The part of a form that holds texts (a definition, or the editor's values). */
export interface FormTexts {
  title: Localized;
  intro: Localized;
  items: readonly { text: Localized; low?: Localized | undefined; high?: Localized | undefined; options?: readonly { text: Localized }[] | undefined }[];
  scoring: { subscores: readonly { label: Localized }[] } | null;
}

/** Every text of a form with its field path, as the server names it when it refuses one. */
export function formTexts(def: FormTexts): { path: (string | number)[]; text: Localized }[] {
  const out: { path: (string | number)[]; text: Localized }[] = [{ path: ['title'], text: def.title }, { path: ['intro'], text: def.intro }];
  def.items.forEach((item, i) => {
    out.push({ path: ['items', i, 'text'], text: item.text });
    if (item.low) out.push({ path: ['items', i, 'low'], text: item.low });
    if (item.high) out.push({ path: ['items', i, 'high'], text: item.high });
    item.options?.forEach((o, oi) => out.push({ path: ['items', i, 'options', oi, 'text'], text: o.text }));
  });
  def.scoring?.subscores.forEach((s, si) => out.push({ path: ['scoring', 'subscores', si, 'label'], text: s.label }));
  return out;
}

/** The languages a form is written in (any of its texts has them), in the app's order. */
export function formLanguages(def: FormTexts): Locale[] {
  const texts = formTexts(def);
  return LOCALES.filter((l) => texts.some((x) => x.text[l] !== undefined));
}

/** The form with each of its texts changed by `change` (a language added or removed). */
export function mapFormTexts<T extends FormTexts>(def: T, change: (text: Localized) => Localized): T {
  return {
    ...def,
    title: change(def.title),
    intro: change(def.intro),
    items: def.items.map((item) => ({
      ...item,
      text: change(item.text),
      ...(item.low ? { low: change(item.low) } : {}),
      ...(item.high ? { high: change(item.high) } : {}),
      ...(item.options ? { options: item.options.map((o) => ({ ...o, text: change(o.text) })) } : {}),
    })),
    scoring: def.scoring ? { ...def.scoring, subscores: def.scoring.subscores.map((s) => ({ ...s, label: change(s.label) })) } : null,
  };
}

/** The text without one language. */
export function withoutLanguage(text: Localized, lang: Locale): Localized {
  return Object.fromEntries(Object.entries(text).filter(([l]) => l !== lang));
}

/**
 * The form with every text in each of its languages: where one lacks a language, the words a reader
 * of it gets anyway (English, else the first written). A starter form's catalogue leaves out a word
 * that is the same as in English; its copy is then whole in each language, ready to edit.
 */
export function wholeInEachLanguage<T extends FormTexts>(def: T): T {
  const languages = formLanguages(def);
  return mapFormTexts(def, (text) => Object.fromEntries(languages.map((l) => [l, text[l] ?? inLanguage(text, l)])));
}
