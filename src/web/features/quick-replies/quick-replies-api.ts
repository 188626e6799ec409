// Types only from the contract: its zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Contract from '../../../contract/quick-replies.ts';
import { api } from '../../api/client.ts';

export type QuickReply = z.infer<typeof Contract.QuickReply>;
export type QuickReplyInput = z.input<typeof Contract.QuickReplyInput>;
export type Lang = 'en' | 'es';
/** The languages a quick reply is written in. */
export const LANGS: readonly [Lang, ...Lang[]] = ['en', 'es'];

/** Where a list lives: a clinician's own and usable ones, or the clinic's templates (admins). */
export type QuickReplyScope = 'mine' | 'clinic';

export const quickReplyKeys = {
  usable: ['quick-replies'] as const,
  templates: ['admin', 'templates'] as const,
};

export const basePath = (scope: QuickReplyScope) => (scope === 'mine' ? '/api/quick-replies' : '/api/admin/templates');

export const quickRepliesQuery = (scope: QuickReplyScope) =>
  queryOptions({
    queryKey: scope === 'mine' ? quickReplyKeys.usable : quickReplyKeys.templates,
    queryFn: () => api<{ quickReplies: QuickReply[] }>(basePath(scope)),
  });

/** The text to use in `lang`, or the other language's when this one is empty. */
export function textIn(q: QuickReply, lang: Lang): { lang: Lang; text: string } {
  const other: Lang = lang === 'en' ? 'es' : 'en';
  return q.text[lang] ? { lang, text: q.text[lang] } : { lang: other, text: q.text[other] };
}

/** A title to show: the reader's language, the other one, or the start of the text. */
export function titleIn(q: QuickReply, lang: Lang): string {
  const other: Lang = lang === 'en' ? 'es' : 'en';
  const title = q.title[lang] || q.title[other];
  if (title) return title;
  const { text } = textIn(q, lang);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
