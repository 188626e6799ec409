// A newsletter in each reader's language, for the family's page, the mail and the clinic-wide
// translations route: its title and its markdown source are translated (the markdown survives, as
// the service keeps its marks), then rendered as for the original.
import type { ContentTranslation } from '../../../contract/translation.ts';
import { isUuid } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { contentKey, contentTranslations, localesOf, type TranslatableContent } from '../translation/content-translation.service.ts';
import { renderMarkdown } from './markdown.ts';
import { newsletterWords } from './newsletters.repository.ts';

type Source = { id: string; clinic_id: string; title: string; body: string; created_by: string };

function newsletterContent(n: Source, locales: ReadonlyMap<string, string>): TranslatableContent {
  return { type: 'newsletter', id: n.id, clinicId: n.clinic_id, childId: null, fields: { title: n.title, body: n.body }, language: locales.get(n.created_by) ?? null };
}

/**
 * The newsletter for a reader of `reader`: the view of its translation, whose fields are the title,
 * the markdown `body` and that body rendered as `html`; undefined when there are no words.
 */
export async function newsletterTranslation(deps: Pick<Deps, 'config' | 'db' | 'clock'>, n: Source, reader: string): Promise<ContentTranslation | undefined> {
  const view = (await contentTranslations(deps, [newsletterContent(n, await localesOf(deps.db, [n.created_by]))], reader)).get(contentKey('newsletter', n.id));
  if (!view?.translated) return view;
  const { title = n.title, body = n.body } = view.translated.fields;
  return { ...view, translated: { ...view.translated, fields: { title, body, html: renderMarkdown(body) } } };
}

/**
 * The newsletters' titles for a list read by `reader`, in one batch: each one's view of its
 * translation with the title alone (the body's translation is made with it, as on its own page,
 * so opening it costs nothing more).
 */
export async function newsletterTitles(deps: Pick<Deps, 'config' | 'db' | 'clock'>, rows: readonly Source[], reader: string): Promise<Map<string, ContentTranslation>> {
  const locales = await localesOf(deps.db, [...new Set(rows.map((n) => n.created_by))]);
  const views = await contentTranslations(deps, rows.map((n) => newsletterContent(n, locales)), reader);
  return new Map(rows.flatMap((n) => {
    const view = views.get(contentKey('newsletter', n.id));
    if (!view) return [];
    const title = view.translated?.fields.title;
    return [[n.id, { ...view, translated: view.translated && title !== undefined ? { ...view.translated, fields: { title } } : null }]];
  }));
}

/** The newsletter of the admin's clinic, as translation sees it; null when there is none. */
export async function newsletterForTranslation(db: Executor, clinicId: string, id: string): Promise<TranslatableContent | null> {
  if (!isUuid(id)) return null;
  const n = await newsletterWords(db, clinicId, id);
  return n ? newsletterContent(n, await localesOf(db, [n.created_by])) : null;
}
