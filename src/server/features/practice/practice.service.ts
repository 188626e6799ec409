// The home programme as one reader may see it, for other features (a copy of the record).
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Selectable } from 'kysely';
import type { PracticeItemTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { contentKey, contentTranslations, listFields, localesOf, withTranslation, type TranslatableContent } from '../translation/content-translation.service.ts';
import { practiceItemOfChild, practiceItemsOfChild, practiceLogsOfChild } from './practice.repository.ts';

/** Every practice item and log of the child, for a reader who sees the practice page; nothing otherwise. */
export async function practiceSeenBy(db: Executor, access: ChildAccess) {
  if (!access.permissions.includes('practice.view')) return { items: [], logs: [] };
  const [items, logs] = await Promise.all([practiceItemsOfChild(db, access.childId), practiceLogsOfChild(db, access.childId)]);
  return { items, logs };
}

type ItemRow = Selectable<PracticeItemTable>;

/** A practice item's words as translation sees them: title, each step, what to watch for, in its author's language. */
export function practiceContent(row: Pick<ItemRow, 'id' | 'clinic_id' | 'child_id' | 'title' | 'steps' | 'watch_for' | 'created_by'>, locales: ReadonlyMap<string, string>): TranslatableContent {
  return {
    type: 'practice_item', id: row.id, clinicId: row.clinic_id, childId: row.child_id,
    fields: { title: row.title, ...listFields('steps', row.steps), watchFor: row.watch_for }, language: locales.get(row.created_by) ?? null,
  };
}

/** The practice item of this child, as translation sees it; null when there is none (or the reader may not see practice). */
export async function practiceForTranslation(db: Executor, access: ChildAccess, itemId: string): Promise<TranslatableContent | null> {
  if (!/^[0-9a-f-]{36}$/i.test(itemId) || !access.permissions.includes('practice.view')) return null;
  const row = await practiceItemOfChild(db, access.childId, itemId);
  return row ? practiceContent(row, await localesOf(db, [row.created_by])) : null;
}

/** Practice items as a reader receives them, each with its words in the reader's language. */
export async function withPracticeTranslations<I extends { id: string }>(deps: Pick<Deps, 'config' | 'db' | 'clock'>, items: readonly I[], rows: readonly ItemRow[], reader: string) {
  const locales = await localesOf(deps.db, rows.map((r) => r.created_by));
  const views = await contentTranslations(deps, rows.map((r) => practiceContent(r, locales)), reader);
  return items.map((i) => ({ ...i, ...withTranslation(views.get(contentKey('practice_item', i.id))) }));
}
