// Types only from the contract: its zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { isLocale, writtenIn, type Locale } from '../../../contract/locales.ts';
import type * as Contract from '../../../contract/quick-replies.ts';
import { api } from '../../api/client.ts';

export type QuickReply = z.infer<typeof Contract.QuickReply>;
export type QuickReplyInput = z.input<typeof Contract.QuickReplyInput>;

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

/** The text to use for a reader of `locale`: theirs when written, else English, else the first written. */
export function textIn(q: QuickReply, locale: string): { lang: Locale; text: string } {
  const written = writtenIn(q.text, locale);
  return written && isLocale(written.lang) ? { lang: written.lang, text: written.value } : { lang: 'en', text: '' };
}

/** A title to show: in the reader's language (else English, else the first written), or the start of the text. */
export function titleIn(q: QuickReply, locale: string): string {
  const title = writtenIn(q.title, locale)?.value;
  if (title) return title;
  const { text } = textIn(q, locale);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
