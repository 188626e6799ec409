// An urgent notice in each reader's language: its words (one field, `body`) in the notification
// centre and in its email, translated by the machine or by an admin. Texts carry no words of it.
import { localeOf } from '../../../contract/locales.ts';
import type { ContentTranslation } from '../../../contract/translation.ts';
import { isUuid } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { contentKey, contentTranslations, localesOf, type TranslatableContent } from '../translation/content-translation.service.ts';
import { noticeWords } from './urgent-notice.repository.ts';

type Source = { id: string; clinic_id: string; body: string; created_by: string };
type Deps_ = Pick<Deps, 'config' | 'db' | 'clock'>;

const noticeContent = (n: Source, locales: ReadonlyMap<string, string>): TranslatableContent => ({
  type: 'urgent_notice', id: n.id, clinicId: n.clinic_id, childId: null, fields: { body: n.body }, language: locales.get(n.created_by) ?? null,
});

/** The view of each of these notices for a reader of `reader`, by notice id. */
export async function noticeTranslations(deps: Deps_, notices: readonly Source[], reader: string): Promise<Map<string, ContentTranslation>> {
  const locales = await localesOf(deps.db, notices.map((n) => n.created_by));
  const views = await contentTranslations(deps, notices.map((n) => noticeContent(n, locales)), reader);
  return new Map(notices.flatMap((n) => {
    const view = views.get(contentKey('urgent_notice', n.id));
    return view ? [[n.id, view] as const] : [];
  }));
}

/**
 * The notice's words in each of these languages, translated now (as written while none can be
 * made), before the sending transaction opens: no transaction waits on the translation service.
 * A language not made here reads as written.
 */
export async function noticeWordsIn(deps: Deps_, n: Source, locales: Iterable<string>): Promise<(locale: string) => Promise<string>> {
  const words = new Map<string, string>();
  for (const locale of new Set([...locales].map(localeOf))) words.set(locale, (await noticeTranslations(deps, [n], locale)).get(n.id)?.translated?.fields.body ?? n.body);
  return (locale) => Promise.resolve(words.get(localeOf(locale)) ?? n.body);
}

/** The urgent notice of the admin's clinic, as translation sees it; null when there is none. */
export async function noticeForTranslation(db: Executor, clinicId: string, id: string): Promise<TranslatableContent | null> {
  if (!isUuid(id)) return null;
  const n = await noticeWords(db, clinicId, id);
  return n ? noticeContent(n, await localesOf(db, [n.created_by])) : null;
}
