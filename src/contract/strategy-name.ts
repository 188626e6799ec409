// A strategy's name as its reader reads it, the same on the server (sorting, searching, the family's
// archive) and in the browser (every list and picker that names a strategy). No zod here: the web
// app imports it.
import { inLanguage, localeOf } from './locales.ts';

/** What naming needs of a strategy: its words per language, and its translation for this reader when it has one. */
export type NamedStrategy = {
  content: Partial<Record<string, { name: string } | undefined>>;
  translation?: { translated: { language: string; fields: Record<string, string> } | null } | undefined;
};

/**
 * The name a reader of `language` reads: as written in their language; else its translation into
 * it (a clinician's or the machine's); else as written in another language (English first).
 */
export function strategyNameFor(strategy: NamedStrategy, language: string): string {
  const reader = localeOf(language);
  const own = strategy.content[reader]?.name;
  if (own) return own;
  const translated = strategy.translation?.translated;
  const name = translated && localeOf(translated.language) === reader ? translated.fields.name : undefined;
  if (name) return name;
  return inLanguage(strategy.content, reader)?.name ?? '';
}

/** Every name a strategy goes by for its reader: as written in each of its languages, and as translated. */
export function strategyNames(strategy: NamedStrategy): string[] {
  const written = Object.values(strategy.content).flatMap((c) => (c?.name ? [c.name] : []));
  const translated = strategy.translation?.translated?.fields.name;
  return translated ? [...written, translated] : written;
}
