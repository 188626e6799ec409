// Values put into a translated sentence (a name, an email, a title someone wrote) are isolated, so
// they cannot reorder the words around them: a Latin name ending in a full stop in an Arabic
// sentence, an Arabic name in an English one. Used by the web app's messages and by the server's
// mails, so both say it the same way. Pure: the web app's shell imports it.
import { RTL_LOCALES } from './locales.ts';

/** FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: the value reads in its own direction, set apart. */
export const FSI = '\u2068';
export const PDI = '\u2069';

// Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest of the block, and Arabic's presentation forms.
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

/** The value set apart in its own direction; a value already isolated is left as it is. */
export function isolate(value: string): string {
  return value.startsWith(FSI) && value.endsWith(PDI) ? value : `${FSI}${value}${PDI}`;
}

/**
 * Whether a value needs isolating in a sentence of this language: always in a right-to-left one;
 * in a left-to-right one only when it holds right-to-left letters (left-to-right letters, digits
 * and punctuation cannot reorder a left-to-right sentence, so English stays byte for byte).
 */
export function needsIsolation(locale: string, value: string): boolean {
  return value !== '' && (RTL_LOCALES.has(locale) || RTL_LETTER.test(value));
}

/**
 * The values of an ICU message with those it prints as text (`{name}`) isolated where the language
 * needs it; not those it chooses by (`{kind, select, …}`: a select must see its own word) or
 * formats (`{n, number}`). The message is its source, or for a message compiled at build time the
 * names it prints (see compiled-message.ts). The same object comes back when nothing changes.
 */
export function isolateValues<T extends object>(locale: string, message: string | ReadonlySet<string>, values: T): T {
  let out: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string' || !/^\w+$/u.test(name) || !needsIsolation(locale, value)) continue;
    const printed = typeof message === 'string'
      ? new RegExp(`\\{\\s*${name}\\s*\\}`, 'u').test(message) && !new RegExp(`\\{\\s*${name}\\s*,`, 'u').test(message)
      : message.has(name);
    if (!printed) continue;
    out = { ...(out ?? values), [name]: isolate(value) };
  }
  return (out ?? values) as T;
}
