// Reading a page aloud: which of its words are read, in what order, and in which language. Pure:
// the page hands in its nodes and how each is drawn; read-aloud-button.tsx does the speaking.
import { isLocale, type Locale } from '../../../contract/locales.ts';

/** The language tag a speech voice is asked for, per language the app speaks (BCP 47). */
export const SPEECH_LANGS: Record<Locale, string> = {
  en: 'en-US', es: 'es', zh: 'zh-CN', vi: 'vi-VN', ar: 'ar', pt: 'pt-BR', fr: 'fr-FR',
};

/** A `lang` attribute as a speech language: ours get their voice's tag; any other stays as written. */
export function speechLang(lang: string): string {
  const tag = lang.trim().replaceAll('_', '-');
  return isLocale(tag.toLowerCase()) ? SPEECH_LANGS[tag.toLowerCase() as Locale] : tag;
}

export interface VoiceLike {
  readonly lang: string;
  readonly default?: boolean;
}

/** The voice for a language: the exact tag, else the same language (the device's default first); none: the browser chooses. */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], lang: string): V | undefined {
  const norm = (tag: string) => tag.replaceAll('_', '-').toLowerCase();
  const wanted = norm(lang);
  const base = wanted.split('-')[0];
  const exact = voices.find((v) => norm(v.lang) === wanted);
  if (exact) return exact;
  const same = voices.filter((v) => norm(v.lang).split('-')[0] === base);
  return same.find((v) => v.default) ?? same[0];
}

/** The part of a DOM node this module reads: a real page's nodes fit it, and so does a test's tree. */
export interface ReadableNode {
  readonly nodeType: number;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<ReadableNode>;
  readonly tagName?: string;
  getAttribute?(name: string): string | null;
}

/** How the page draws an element: not at all, inside the line around it, or as a block of its own. */
export type Layout = 'none' | 'inline' | 'block';

export interface Reading {
  text: string;
  /** The speech language (BCP 47). */
  lang: string;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

// Controls and links are for the hands, not the ears: their words ("Done", "Show the steps",
// "Sticker chart", "All of Maya's practice") are ways about the page, not what it says.
const SKIPPED = new Set(['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'NAV', 'SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'IMG', 'VIDEO', 'AUDIO', 'CANVAS', 'IFRAME']);
// Words only a screen reader gets: a sighted reader hears what they see on the page.
const SCREEN_READER_ONLY = ['visually-hidden', 'mantine-VisuallyHidden-root'];

function skipped(el: ReadableNode): boolean {
  const tag = (el.tagName ?? '').toUpperCase();
  if (SKIPPED.has(tag)) return true;
  const attr = (name: string) => el.getAttribute?.(name) ?? null;
  if (tag === 'A' && attr('href') !== null) return true;
  const role = attr('role');
  if (role === 'button' || role === 'link' || role === 'navigation') return true;
  if (attr('aria-hidden') === 'true' || attr('hidden') !== null || attr('data-read-aloud') === 'skip') return true;
  const classes = (attr('class') ?? '').split(/\s+/u);
  return SCREEN_READER_ONLY.some((c) => classes.includes(c));
}

/**
 * The words of `root` as the page shows them, in order: one reading per block of text (a
 * heading, a paragraph, an item of a list), each in its own language (the nearest `lang`, so a
 * message written in Spanish on an English page is read by a Spanish voice). Controls, links,
 * hidden parts and screen-reader-only words are left out. `pageLang` is the language of `root`'s text.
 */
export function readingOf(root: ReadableNode, pageLang: string, layout: (el: ReadableNode) => Layout): Reading[] {
  const out: Reading[] = [];
  let words: string[] = [];
  let wordsLang = pageLang;

  const flush = () => {
    const text = words.join('').replace(/\s+/gu, ' ').trim();
    words = [];
    // A block of punctuation or symbols alone ("·", "→") says nothing.
    if (!/[\p{L}\p{N}]/u.test(text)) return;
    const lang = speechLang(wordsLang);
    const last = out.at(-1);
    if (last && last.text === text && last.lang === lang) return;
    out.push({ text, lang });
  };

  const walk = (node: ReadableNode, lang: string) => {
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue ?? '';
      if (value.trim() === '') {
        if (words.length > 0) words.push(' ');
        return;
      }
      // Words in another language start a reading of their own.
      if (lang !== wordsLang && words.join('').trim() !== '') flush();
      if (words.join('').trim() === '') wordsLang = lang;
      words.push(value);
      return;
    }
    if (node.nodeType !== ELEMENT_NODE || skipped(node)) return;
    const how = layout(node);
    if (how === 'none') return;
    const own = node.getAttribute?.('lang');
    const inner = own ? own : lang;
    if ((node.tagName ?? '').toUpperCase() === 'BR') {
      words.push(' ');
      return;
    }
    if (how === 'block') flush();
    for (let i = 0; i < node.childNodes.length; i += 1) {
      const child = node.childNodes[i];
      if (child) walk(child, inner);
    }
    if (how === 'block') flush();
  };

  walk(root, root.getAttribute?.('lang') || pageLang);
  flush();
  return out;
}
