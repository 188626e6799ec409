import { writtenIn } from '../../contract/locales.ts';
import { currentLocale } from '../i18n.ts';

/**
 * Words a person wrote in some languages (a check-in form's text, a quick reply): the reader's
 * language when written, else English, else the first written; marked with that language (so a
 * screen reader reads it in the right voice) and its own direction.
 */
export function Written({ text, locale }: { text: Partial<Record<string, string | undefined>>; locale?: string }) {
  const words = writtenIn(text, locale ?? currentLocale());
  return words ? <span lang={words.lang} dir="auto">{words.value}</span> : null;
}
