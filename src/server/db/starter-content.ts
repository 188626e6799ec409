// CareTeam's starter content (strategies, articles for families, check-in forms) in every language
// the app speaks. English and Spanish were written into the migrations that made the rows; every
// other language has its own catalogue, src/locales/starter/XX.json, with the same structure as
// English (see starter/README.md). At each start, as the owner, each starter row takes the words
// of each such catalogue where they differ from what it holds; a clinic's own rows are never touched.
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { LOCALES } from '../../contract/common.ts';

type Texts = Record<string, unknown>;
export type StarterCatalogue = { strategies: Record<string, Texts>; resources: Record<string, Texts>; checkinForms: Record<string, Texts> };

/** The languages written into the migrations themselves. */
const IN_MIGRATIONS = new Set(['en', 'es']);

export function starterCatalogue(locale: string): StarterCatalogue {
  return JSON.parse(readFileSync(new URL(`../../locales/starter/${locale}.json`, import.meta.url), 'utf8')) as StarterCatalogue;
}

/**
 * A check-in form's definition with one language's words added: every `{ en, es, … }` text of the
 * form takes the catalogue's string at the same place (the catalogue gives each text as a plain
 * string where the form has its per-language object).
 */
export function withFormLanguage(definition: unknown, words: unknown, locale: string): unknown {
  if (Array.isArray(definition)) return definition.map((d, i) => withFormLanguage(d, Array.isArray(words) ? words[i] : undefined, locale));
  if (definition === null || typeof definition !== 'object') return definition;
  const d = definition as Record<string, unknown>;
  // A word left as in English is no translation: the reader gets English as the fallback anyway.
  if (typeof d.en === 'string') return typeof words === 'string' && words.trim() !== '' && words !== d.en ? { ...d, [locale]: words } : d;
  const w = words !== null && typeof words === 'object' ? (words as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, withFormLanguage(v, w[k], locale)]));
}

/** Brings every starter row up to the catalogues; returns how many rows changed. */
export async function syncStarterContent(db: Kysely<unknown>): Promise<number> {
  let changed = 0;
  for (const locale of LOCALES.filter((l) => !IN_MIGRATIONS.has(l))) {
    const c = starterCatalogue(locale);
    for (const [table, texts] of [['strategy', c.strategies], ['resource', c.resources]] as const) {
      for (const [key, words] of Object.entries(texts)) {
        const json = JSON.stringify(words);
        const res = await sql`UPDATE ${sql.table(table)} SET content = jsonb_set(content, ${sql.val([locale])}::text[], ${json}::jsonb)
          WHERE starter_key = ${key} AND clinic_id IS NULL AND content -> ${locale} IS DISTINCT FROM ${json}::jsonb`.execute(db);
        changed += Number(res.numAffectedRows ?? 0);
      }
    }
    const { rows } = await sql<{ id: string; starter_key: string; definition: unknown }>`
      SELECT id, starter_key, definition FROM checkin_form WHERE clinic_id IS NULL AND starter_key IS NOT NULL`.execute(db);
    for (const form of rows) {
      const words = c.checkinForms[form.starter_key];
      if (!words) continue;
      const next = withFormLanguage(form.definition, words, locale);
      if (JSON.stringify(next) === JSON.stringify(form.definition)) continue;
      await sql`UPDATE checkin_form SET definition = ${JSON.stringify(next)}::jsonb WHERE id = ${form.id}`.execute(db);
      changed += 1;
    }
  }
  return changed;
}
