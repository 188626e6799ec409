// Written content — goals, practice items — shown to each reader in their language. Each piece of
// content gives its text fields by name; their translation into a language is kept per wording
// (source_hash: the sha256 of the fields as JSON), so an edit is translated again on the next
// read. A clinician's own translation of the current wording wins over the machine's; one made for
// an earlier wording is not shown to the family (the machine's translation of the new wording is)
// and the clinician's editor says it is outdated. Machine translations are made on read, with the
// messages' service, budget, pause after a failure and usage count (translateOnRead); what cannot
// be made on this read is shown as written with a note and tried again on the next read.
import { createHash } from 'node:crypto';
import { localeOf } from '../../../contract/locales.ts';
import type { ContentTranslation, ContentTranslationEditor } from '../../../contract/translation.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { badField } from '../../http/errors.ts';
import { contentRows, localesOf, storeHuman, storeMachine, subjectsTranslatedMatching, type ContentRow, type SubjectType } from './content-translation.repository.ts';
import { translateOnRead } from './translation.service.ts';

export type { SubjectType };
export { localesOf, subjectsTranslatedMatching };

/** What translation needs to know of a piece of written content. */
export type TranslatableContent = {
  type: SubjectType;
  id: string;
  clinicId: string;
  /** Null for clinic-wide content. */
  childId: string | null;
  /** Its text fields by name ('statement', 'steps.0'…); empty ones are not translated. */
  fields: Record<string, string>;
  /** The language it was written in, as best known (its author's); the service checks. */
  language: string | null;
};

type Deps_ = Pick<Deps, 'config' | 'db' | 'clock'>;

const base = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? tag;

/** The content's version: its fields as JSON, keys in order, hashed. */
export function sourceHash(fields: Record<string, string>): string {
  const ordered = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

/** The fields worth translating: those with text. */
const textFields = (fields: Record<string, string>) => Object.entries(fields).filter(([, v]) => v.trim() !== '');

export const contentKey = (type: SubjectType, id: string) => `${type}:${id}`;

/** The view as a response's optional `translation` field. */
export const withTranslation = (view: ContentTranslation | undefined): { translation?: ContentTranslation } => (view ? { translation: view } : {});

/**
 * The view of each piece of content for a reader of `readerLanguage`, keyed by contentKey. Missing
 * machine translations are made now, all items within one read budget.
 */
export async function contentTranslations(deps: Deps_, items: readonly TranslatableContent[], readerLanguage: string): Promise<Map<string, ContentTranslation>> {
  const reader = localeOf(readerLanguage);
  const views = new Map<string, ContentTranslation>();
  const live = items.filter((i) => textFields(i.fields).length > 0);
  const rows = await contentRows(deps.db, live, reader);
  const rowOf = (i: TranslatableContent, provider: ContentRow['provider']) => rows.find((r) => r.subject_type === i.type && r.subject_id === i.id && r.provider === provider);
  const missing: { item: TranslatableContent; hash: string }[] = [];
  for (const item of items) {
    const view: ContentTranslation = { language: item.language, translated: null, unavailable: false };
    views.set(contentKey(item.type, item.id), view);
    if (!live.includes(item)) continue;
    const hash = sourceHash(item.fields);
    const human = rowOf(item, 'human');
    const machine = rowOf(item, 'machine');
    if (human && human.source_hash === hash) {
      view.language = human.source_language ?? item.language;
      view.translated = { language: reader, fields: human.fields, by: 'human', ...(human.translator_name ? { byName: human.translator_name } : {}) };
      continue;
    }
    if (human) view.humanOutdated = true;
    if (machine && machine.source_hash === hash) {
      view.language = machine.source_language ?? item.language;
      // The service may have found the content was in the reader's language after all.
      if (base(machine.source_language ?? '') !== reader) view.translated = { language: reader, fields: machine.fields, by: 'machine' };
      continue;
    }
    if (item.language !== null && base(item.language) === reader) continue;
    missing.push({ item, hash });
  }
  if (missing.length === 0) return views;

  const texts = missing.flatMap(({ item }) => textFields(item.fields).map(([name, text]) => ({ item, name, text })));
  const results = await translateOnRead(deps, texts.map((t) => ({ clinicId: t.item.clinicId, text: t.text })), reader);
  for (const { item, hash } of missing) {
    const view = views.get(contentKey(item.type, item.id));
    if (!view) continue;
    const mine = texts.map((t, i) => ({ ...t, res: results.texts[i] ?? null })).filter((t) => t.item === item);
    // Stored and shown only whole: a goal half in one language and half in another helps nobody.
    if (mine.some((t) => t.res === null)) {
      view.unavailable = true;
      continue;
    }
    const fields = Object.fromEntries(mine.map((t) => [t.name, t.res?.text ?? t.text]));
    const source = mine.find((t) => t.res?.source)?.res?.source ?? item.language;
    await storeMachine(deps.db, { clinicId: item.clinicId, childId: item.childId, type: item.type, id: item.id, language: reader, sourceHash: hash, fields, sourceLanguage: source, now: deps.clock() });
    view.language = source;
    if (source === null || base(source) !== reader) view.translated = { language: reader, fields, by: 'machine' };
  }
  return views;
}

/** Steps and other lists as numbered fields: ['a', 'b'] under 'steps' is steps.0 and steps.1. */
export function listFields(name: string, values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v, i) => [`${name}.${i}`, v]));
}

/** A translated list back from its numbered fields; the original where a field is missing. */
export function listOf(name: string, fields: Record<string, string>, original: readonly string[]): string[] {
  return original.map((v, i) => fields[`${name}.${i}`] ?? v);
}

/** What a clinician sees to write or correct the translation of `item` into `language`. */
export async function translationEditor(deps: Deps_, item: TranslatableContent, language: string): Promise<ContentTranslationEditor> {
  const hash = sourceHash(item.fields);
  await contentTranslations(deps, [item], language);
  const rows = await contentRows(deps.db, [item], language);
  const machine = rows.find((r) => r.provider === 'machine' && r.source_hash === hash);
  const human = rows.find((r) => r.provider === 'human');
  return {
    subjectType: item.type as ContentTranslationEditor['subjectType'],
    subjectId: item.id,
    language,
    source: { language: machine?.source_language ?? item.language, fields: item.fields },
    machine: machine ? machine.fields : null,
    human: human
      ? { fields: human.fields, byName: human.translator_name ?? '', at: human.updated_at.toISOString(), outdated: human.source_hash !== hash }
      : null,
  };
}

/**
 * Keeps a clinician's translation of every text field of `item` into `language` (in the caller's
 * transaction). Refuses, naming the field, a field the content does not have or one left empty.
 * Returns whether anything changed: the same words sent again change nothing.
 */
export async function saveHumanTranslation(
  db: Executor,
  item: TranslatableContent,
  input: { language: string; fields: Record<string, string>; userId: string; now: Date },
): Promise<boolean> {
  const wanted = textFields(item.fields).map(([name]) => name);
  for (const name of Object.keys(input.fields)) {
    if (!wanted.includes(name)) throw badField(`fields.${name}`, 'This content has no such text to translate.');
  }
  for (const name of wanted) {
    if ((input.fields[name] ?? '').trim() === '') throw badField(`fields.${name}`, 'Write the translation of this text.');
  }
  const fields = Object.fromEntries(wanted.map((name) => [name, (input.fields[name] ?? '').trim()]));
  const hash = sourceHash(item.fields);
  const [current] = (await contentRows(db, [item], input.language)).filter((r) => r.provider === 'human');
  if (current && current.source_hash === hash && current.translated_by === input.userId && sourceHash(current.fields) === sourceHash(fields)) return false;
  const machine = (await contentRows(db, [item], input.language)).find((r) => r.provider === 'machine');
  await storeHuman(db, {
    clinicId: item.clinicId, childId: item.childId, type: item.type, id: item.id, language: input.language, sourceHash: hash, fields,
    sourceLanguage: machine?.source_language ?? item.language, now: input.now, userId: input.userId,
  });
  return true;
}
