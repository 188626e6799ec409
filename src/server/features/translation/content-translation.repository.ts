// The SQL of content translations: each piece of written content's text fields per language,
// by the machine and by a clinician, keyed by the wording they were made for (source_hash).
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ContentTranslationTable } from '../../db/schema.ts';

export type ContentRow = Selectable<ContentTranslationTable> & { translator_name: string | null };
export type SubjectType = ContentTranslationTable['subject_type'];

/** The rows of these subjects in `language`, each with its translator's name. */
export async function contentRows(db: Executor, subjects: readonly { type: SubjectType; id: string }[], language: string): Promise<ContentRow[]> {
  if (subjects.length === 0) return [];
  const rows = await db.selectFrom('content_translation as t').leftJoin('app_user as u', 'u.id', 't.translated_by')
    .selectAll('t').select('u.name as translator_name')
    .where('t.subject_id', 'in', [...new Set(subjects.map((s) => s.id))]).where('t.language', '=', language).execute();
  const wanted = new Set(subjects.map((s) => `${s.type}:${s.id}`));
  return rows.filter((r) => wanted.has(`${r.subject_type}:${r.subject_id}`));
}

/**
 * The ids of the subjects of a type whose translation into `language` (by a clinician or the
 * machine) has a field matching an ILIKE `pattern`: a subquery, for a feature searching its own
 * content as its readers read it.
 */
export function subjectsTranslatedMatching(db: Executor, type: SubjectType, language: string, pattern: string) {
  return db.selectFrom('content_translation as t').select('t.subject_id')
    .where('t.subject_type', '=', type).where('t.language', '=', language)
    .where(sql<boolean>`exists (select 1 from jsonb_each_text(t.fields) f where f.value ilike ${pattern})`);
}

type Upsert = {
  clinicId: string; childId: string | null; type: SubjectType; id: string; language: string; sourceHash: string;
  fields: Record<string, string>; sourceLanguage: string | null; now: Date;
};

/** Keeps the machine's translation of the current wording (one row per subject and language). */
export async function storeMachine(db: Executor, r: Upsert): Promise<void> {
  const values = { source_hash: r.sourceHash, fields: JSON.stringify(r.fields), source_language: r.sourceLanguage, updated_at: r.now };
  await db.insertInto('content_translation').values({
    clinic_id: r.clinicId, child_id: r.childId, subject_type: r.type, subject_id: r.id, language: r.language, provider: 'machine', translated_by: null, ...values,
  }).onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'language', 'provider']).doUpdateSet(values)).execute();
}

/** Keeps a clinician's translation (one row per subject and language: the latest wins). */
export async function storeHuman(db: Executor, r: Upsert & { userId: string }): Promise<void> {
  const values = { source_hash: r.sourceHash, fields: JSON.stringify(r.fields), source_language: r.sourceLanguage, translated_by: r.userId, updated_at: r.now };
  await db.insertInto('content_translation').values({
    clinic_id: r.clinicId, child_id: r.childId, subject_type: r.type, subject_id: r.id, language: r.language, provider: 'human', ...values,
  }).onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'language', 'provider']).doUpdateSet(values)).execute();
}

/** Each of these people's app language: what their written content is taken to be in. */
export async function localesOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'locale']).where('id', 'in', [...new Set(userIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.locale]));
}
