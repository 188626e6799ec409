// Written content (a goal, a practice item, a clinic strategy, a newsletter, an urgent notice) in
// the reader's language. Light on purpose: the app's frame reads strategies' names through it; the
// clinician's editor is content-translation.tsx. Types only from the contract.
import { useId, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import type * as Contract from '../../../contract/translation.ts';
import { TranslationNote, TranslationUnavailable } from './message-translation.tsx';

export type ContentTranslation = z.infer<typeof Contract.ContentTranslation>;

/** One field of the content in the reader's language: its translation when there is one, else as written. */
export function contentField(view: ContentTranslation | undefined, field: string, original: string): string {
  return view?.translated?.fields[field] ?? original;
}

/**
 * One field as a list shows it (no "Show original" there: that is on the content's own page): the
 * translation when there is one, else as written, with the language it is in, for its `lang`.
 */
export function contentWords(view: ContentTranslation | undefined, field: string, original: string): { text: string; lang: string | undefined } {
  const translated = view?.translated?.fields[field];
  return translated !== undefined && view?.translated
    ? { text: translated, lang: view.translated.language }
    : { text: original, lang: view?.language ?? undefined };
}

/**
 * The content's words as this reader reads them: `text(field, original)` gives the translation
 * (or the original while "Show original" is on), `lang` the language they are in, and `note` the
 * line under them ("Translated by machine · Show original"), to place after the translated words.
 */
export function useContentText(view: ContentTranslation | undefined): { text: (field: string, original: string) => string; lang: string | undefined; note: ReactNode; id: string } {
  const [showOriginal, setShowOriginal] = useState(false);
  const id = useId();
  const translated = view?.translated ?? null;
  if (!view || !translated) {
    return { text: (_f, original) => original, lang: view?.language ?? undefined, note: view?.unavailable ? <TranslationUnavailable /> : null, id };
  }
  return {
    text: (field, original) => (showOriginal ? original : contentField(view, field, original)),
    lang: showOriginal ? view.language ?? undefined : translated.language,
    id,
    note: (
      <TranslationNote
        language={view.language ?? ''}
        by={translated.by}
        content
        {...(translated.byName ? { byName: translated.byName } : {})}
        showOriginal={showOriginal}
        onToggle={() => setShowOriginal((v) => !v)}
        controls={id}
      />
    ),
  };
}
