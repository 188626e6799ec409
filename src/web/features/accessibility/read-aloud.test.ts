import { describe, expect, it } from 'vitest';
import { pickVoice, readingOf, speechLang, type Layout, type ReadableNode } from './read-aloud.ts';

type Tree = string | { tag: string; attrs?: Record<string, string>; children?: Tree[] };

/** A small page: elements with their attributes, and text. */
function node(tree: Tree): ReadableNode {
  if (typeof tree === 'string') return { nodeType: 3, nodeValue: tree, childNodes: [] };
  const attrs = tree.attrs ?? {};
  return {
    nodeType: 1,
    nodeValue: null,
    tagName: tree.tag.toUpperCase(),
    childNodes: (tree.children ?? []).map(node),
    getAttribute: (name) => attrs[name] ?? null,
  };
}

const INLINE = new Set(['SPAN', 'STRONG', 'A', 'TIME', 'BR']);
/** Spans are in the line unless a test's style says otherwise; `data-style` stands for the page's CSS. */
const layout = (el: ReadableNode): Layout => {
  const style = el.getAttribute?.('data-style');
  if (style === 'none' || style === 'inline' || style === 'block') return style;
  return INLINE.has(el.tagName ?? '') ? 'inline' : 'block';
};

describe('readingOf', () => {
  it('reads headings, sentences and list items in the page’s order, one reading each, in the reader’s language', () => {
    const page = node({ tag: 'main', children: [
      { tag: 'h1', children: ['Hoy'] },
      { tag: 'p', children: ['Martes, 3 de marzo'] },
      { tag: 'section', children: [
        { tag: 'h2', children: ['Maya'] },
        { tag: 'h3', children: ['Burbujas: pedir ', { tag: 'strong', children: ['«más»'] }] },
        { tag: 'div', children: [{ tag: 'span', attrs: { 'data-style': 'block' }, children: ['Cada día'] }, { tag: 'span', attrs: { 'data-style': 'block' }, children: ['Unos 5 minutos'] }] },
      ] },
      { tag: 'ul', children: [{ tag: 'li', children: ['Lunes 10:00 Sesión de Maya'] }] },
    ] });
    expect(readingOf(page, 'es', layout)).toEqual([
      { text: 'Hoy', lang: 'es' },
      { text: 'Martes, 3 de marzo', lang: 'es' },
      { text: 'Maya', lang: 'es' },
      { text: 'Burbujas: pedir «más»', lang: 'es' },
      { text: 'Cada día', lang: 'es' },
      { text: 'Unos 5 minutos', lang: 'es' },
      { text: 'Lunes 10:00 Sesión de Maya', lang: 'es' },
    ]);
  });

  it('leaves out buttons, links, form fields, hidden parts, screen-reader-only words and icons', () => {
    const page = node({ tag: 'main', children: [
      { tag: 'h2', children: ['Bubbles'] },
      { tag: 'a', attrs: { href: '/children/1/stickers' }, children: [{ tag: 'span', children: ['Sticker chart'] }] },
      { tag: 'div', attrs: { role: 'navigation' }, children: [{ tag: 'span', children: ['Overview'] }] },
      { tag: 'span', attrs: { role: 'link' }, children: ['Calendar'] },
      { tag: 'a', attrs: { id: 'steps' }, children: ['An anchor, not a link'] },
      { tag: 'button', children: ['Show the 1 step'] },
      { tag: 'div', attrs: { role: 'button' }, children: ['Done'] },
      { tag: 'input', attrs: { value: 'typed' } },
      { tag: 'div', attrs: { 'data-style': 'none' }, children: ['Blow three bubbles'] },
      { tag: 'div', attrs: { hidden: '' }, children: ['Hidden'] },
      { tag: 'span', attrs: { 'aria-hidden': 'true' }, children: ['Mon'] },
      { tag: 'span', attrs: { class: 'visually-hidden' }, children: ['Monday: done'] },
      { tag: 'svg', children: ['icon'] },
      { tag: 'div', attrs: { 'data-read-aloud': 'skip' }, children: ['Read aloud'] },
      { tag: 'p', children: ['Logged today: partly.'] },
      { tag: 'p', children: ['·  →'] },
    ] });
    expect(readingOf(page, 'en', layout).map((r) => r.text)).toEqual(['Bubbles', 'An anchor, not a link', 'Logged today: partly.']);
  });

  it('reads words marked in another language with that language’s voice, and keeps a line’s words together', () => {
    const page = node({ tag: 'main', attrs: { lang: 'en' }, children: [
      { tag: 'p', children: ['From ', { tag: 'strong', children: ['Sam'] }, ':', { tag: 'br' }, 'see you   soon'] },
      { tag: 'p', children: ['Original: ', { tag: 'span', attrs: { lang: 'zh' }, children: ['明天见'] }, ' (Chinese)'] },
      { tag: 'div', attrs: { lang: 'de' }, children: [{ tag: 'p', children: ['Bis morgen'] }] },
    ] });
    expect(readingOf(page, 'fr', layout)).toEqual([
      { text: 'From Sam: see you soon', lang: 'en-US' },
      { text: 'Original:', lang: 'en-US' },
      { text: '明天见', lang: 'zh-CN' },
      { text: '(Chinese)', lang: 'en-US' },
      { text: 'Bis morgen', lang: 'de' },
    ]);
  });

  it('says a text shown twice in a row once', () => {
    const page = node({ tag: 'main', children: [{ tag: 'h2', children: ['Maya'] }, { tag: 'p', children: ['Maya'] }, { tag: 'p', children: ['Leo'] }] });
    expect(readingOf(page, 'en', layout).map((r) => r.text)).toEqual(['Maya', 'Leo']);
  });
});

describe('speechLang', () => {
  it('asks for the voice of each language the app speaks, and keeps any other tag as written', () => {
    expect(['en', 'es', 'zh', 'vi', 'ar', 'pt', 'fr'].map(speechLang)).toEqual(['en-US', 'es', 'zh-CN', 'vi-VN', 'ar', 'pt-BR', 'fr-FR']);
    expect(speechLang('pt-PT')).toBe('pt-PT');
    expect(speechLang('de')).toBe('de');
    expect(speechLang('zh_TW')).toBe('zh-TW');
  });
});

describe('pickVoice', () => {
  const voices = [
    { name: 'US', lang: 'en-US', default: true },
    { name: 'Mexico', lang: 'es-MX' },
    { name: 'Spain', lang: 'es-ES', default: true },
    { name: 'Brazil', lang: 'pt_BR' },
  ];
  it('takes the exact language, else the same language (the device’s default first), else none', () => {
    expect(pickVoice(voices, 'pt-BR')?.name).toBe('Brazil');
    expect(pickVoice(voices, 'es-MX')?.name).toBe('Mexico');
    expect(pickVoice(voices, 'es')?.name).toBe('Spain');
    expect(pickVoice(voices, 'en-GB')?.name).toBe('US');
    expect(pickVoice(voices, 'vi-VN')).toBeUndefined();
    expect(pickVoice([], 'ar')).toBeUndefined();
  });
});
