// Journal entries in each reader's language: a therapist reading a mother's entry written in
// Arabic, the other household reading in theirs. Only the free-text fields are translated (times,
// ratings and places are shown in the reader's words already), by the machine, on read, all the
// entries of a page together within one read budget.
import type { Selectable } from 'kysely';
import type { JournalContent } from '../../../contract/journal.ts';
import type { JournalEntryTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { contentKey, contentTranslations, localesOf, withTranslation, type TranslatableContent } from '../translation/content-translation.service.ts';

type EntryRow = Pick<Selectable<JournalEntryTable>, 'id' | 'clinic_id' | 'child_id' | 'content' | 'author_id'>;

/** The words a family member wrote in an entry, by field name; none for a night's sleep. */
export function entryFields(content: JournalContent): Record<string, string> {
  switch (content.kind) {
    case 'behaviour':
      return { before: content.before, behaviour: content.behaviour, after: content.after };
    case 'eating':
      return { meals: content.meals, newFoods: content.newFoods, hard: content.hard };
    case 'mood':
      return { routineNote: content.routineNote };
    case 'win':
    case 'note':
      return { text: content.text };
    case 'sleep':
      return {};
  }
}

/** An entry's words as translation sees them, in its author's language. */
function entryContent(row: EntryRow, locales: ReadonlyMap<string, string>): TranslatableContent {
  return {
    type: 'journal_entry', id: row.id, clinicId: row.clinic_id, childId: row.child_id,
    fields: entryFields(row.content as JournalContent), language: locales.get(row.author_id) ?? null,
  };
}

/** Entries as a reader receives them, each with its words in the reader's language (one read budget for the page). */
export async function withEntryTranslations<E extends { id: string }>(deps: Pick<Deps, 'config' | 'db' | 'clock'>, entries: readonly E[], rows: readonly EntryRow[], reader: string) {
  const locales = await localesOf(deps.db, rows.map((r) => r.author_id));
  const views = await contentTranslations(deps, rows.map((r) => entryContent(r, locales)), reader);
  return entries.map((e) => ({ ...e, ...withTranslation(views.get(contentKey('journal_entry', e.id))) }));
}
