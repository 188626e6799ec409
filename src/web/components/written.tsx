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

/** Marks where a message's placeholder goes, so words in another language can be set in it as an element. */
const SLOT = '\uE000';

/**
 * A translated message around someone's words: `message(SLOT)` gives the message with the words'
 * place marked; the words keep their own language and direction (a goal written in English inside
 * a Spanish "Progreso: …").
 */
export function Around({ message, words, lang }: { message: (slot: string) => string; words: string; lang: string | undefined }) {
  const [before, after = ''] = message(SLOT).split(SLOT);
  return (
    <>
      {before}
      <span lang={lang} dir="auto">{words}</span>
      {after}
    </>
  );
}
