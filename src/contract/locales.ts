// The languages the app speaks, and how a text kept per language is read. No zod here: the web
// app's shell imports this and stays small.

/**
 * The languages the app speaks. Adding one is a catalogue per area (src/locales/XX.json for the
 * interface, src/locales/starter/XX.json for CareTeam's starter content) and one line here.
 */
export const LOCALES = ['en', 'es', 'zh', 'vi', 'ar', 'pt', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in its own language, so anyone can find theirs. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English', es: 'Español', zh: '中文（简体）', vi: 'Tiếng Việt', ar: 'العربية', pt: 'Português (Brasil)', fr: 'Français',
};

/** The languages written right to left. */
export const RTL_LOCALES: ReadonlySet<string> = new Set(['ar']);

/** The direction a language is written in, for the `dir` of words known to be in it. */
export function dirOf(locale: string): 'rtl' | 'ltr' {
  return RTL_LOCALES.has(localeOf(locale)) ? 'rtl' : 'ltr';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A language tag (stored, asked for, a browser's) as a language the app speaks: its primary subtag, English otherwise. */
export function localeOf(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/u)[0];
  return isLocale(base) ? base : 'en';
}

/**
 * The first of a browser's languages, in its order of preference, that the app speaks; English
 * otherwise. The web app reads them from `navigator.languages`, the server from Accept-Language.
 */
export function preferredLocale(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const base = tag.toLowerCase().split(/[-_]/u)[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** The reader's language when it is one of `choices` (the languages something is written in), else the first of them. */
export function localeAmong<L extends string>(choices: readonly [L, ...L[]], tag: string | null | undefined): L {
  const mine: string = localeOf(tag);
  return choices.find((l) => l === mine) ?? choices[0];
}

/**
 * Which words a reader gets of words kept per language (a strategy, a form's text, a quick reply):
 * the reader's language, else English, else the first written; with that language, so the words
 * can carry their `lang` (a screen reader then reads them with the right voice).
 */
export function writtenIn<T>(byLanguage: Partial<Record<string, T | undefined>> | null | undefined, locale: string): { lang: string; value: T } | undefined {
  if (!byLanguage) return undefined;
  for (const lang of [locale, 'en', ...Object.keys(byLanguage)]) {
    const value = byLanguage[lang];
    if (value !== undefined && value !== '') return { lang, value };
  }
  return undefined;
}

/** Words kept per language: the reader's, else English, else the first there is (see writtenIn). */
export function inLanguage<T>(byLanguage: Partial<Record<string, T | undefined>> | null | undefined, locale: string): T | undefined {
  return writtenIn(byLanguage, locale)?.value;
}
