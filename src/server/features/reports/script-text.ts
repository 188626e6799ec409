// Text of any script laid out for a PDF: which font draws each character, where lines break, and
// the order the pieces of each line are drawn in (the Unicode bidirectional algorithm, so Arabic
// reads right to left with Latin words and digits inside it left to right).
import bidiModule from 'bidi-js';

/** Which font family draws a character: Noto Sans, Noto Sans SC or Noto Sans Arabic. */
export type Script = 'latin' | 'sc' | 'ar';
export type Direction = 'ltr' | 'rtl';
/** A run of text in one weight. */
export type Span = { text: string; bold: boolean };
/** What a line draws, left to right: text in one font (already in the order the font expects), or a gap. */
export type Piece = { text: string; bold: boolean; script: Script; width: number; space: boolean };
export type Line = { pieces: Piece[]; width: number };
/** How wide a text is in a font at the current size. */
export type Measure = (text: string, bold: boolean, script: Script) => number;

// bidi-js is CommonJS typed as an ES module's default export: imported from ES modules, the factory is the module itself.
const bidi = (bidiModule as unknown as typeof bidiModule.default)();

// Arabic and its presentation forms; Hebrew too, so it at least reads in the right direction.
const RTL_CHARS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
const ARABIC = /[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
// CJK punctuation, kana, ideographs, Hangul, full-width forms, and the supplementary ideographs.
const CJK = /[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/;
// Marks that steer the bidirectional algorithm (Intl puts some in Arabic dates and numbers): they are not drawn.
const CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Anything Noto Sans alone does not draw, or that does not read left to right. */
const NOT_PLAIN = new RegExp(`${RTL_CHARS.source}|${CJK.source}|${CONTROLS.source}`);
const NO_BREAK_BEFORE = new Set([...'，。、；：！？）」』》〉】〕”’…・ー々〜,.;:!?)]}%']);
const NO_BREAK_AFTER = new Set([...'（「『《〈【〔“‘([{']);
const IDEOGRAPHIC = /[\u2e80-\u2fff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[\ud840-\ud87f]/;

/** True when Noto Sans draws all of it left to right: then pdfkit's own text layout is used as is. */
export function isPlain(s: string): boolean {
  return !NOT_PLAIN.test(s);
}

/** True when it holds right-to-left letters. */
export function hasRtl(s: string): boolean {
  return RTL_CHARS.test(s);
}

/** The paragraph's own direction: that of its first strong character (left to right without one). */
export function directionOf(s: string): Direction {
  return bidi.getEmbeddingLevels(s).paragraphs[0]?.level === 1 ? 'rtl' : 'ltr';
}

function scriptOf(ch: string): Script {
  if (ARABIC.test(ch)) return 'ar';
  if (CJK.test(ch)) return 'sc';
  return 'latin';
}

/**
 * The lines of a paragraph no wider than `width` (Infinity: one line), each in drawing order.
 * Lines break after spaces and between ideographs (not before closing punctuation); `dir`
 * forces the paragraph's direction, otherwise its first strong character decides.
 */
export function layoutParagraph(spans: Span[], width: number, measure: Measure, dir?: Direction): { lines: Line[]; scripts: Set<Script> } {
  const lines: Line[] = [];
  const scripts = new Set<Script>();
  // Each hard line break starts a paragraph of its own.
  let current: Span[] = [];
  const flush = () => {
    lines.push(...layoutOne(current, width, measure, dir, scripts));
    current = [];
  };
  for (const span of spans) {
    const parts = span.text.split('\n');
    for (const [i, part] of parts.entries()) {
      if (i > 0) flush();
      if (part) current.push({ text: part, bold: span.bold });
    }
  }
  flush();
  return { lines, scripts };
}

function layoutOne(spans: Span[], width: number, measure: Measure, dir: Direction | undefined, scripts: Set<Script>): Line[] {
  const text = spans.map((s) => s.text).join('');
  if (!text) return [{ pieces: [], width: 0 }];
  const n = text.length;
  const bold = new Uint8Array(n);
  let at = 0;
  for (const s of spans) {
    bold.fill(s.bold ? 1 : 0, at, at + s.text.length);
    at += s.text.length;
  }
  const script: Script[] = new Array<Script>(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one character: both halves take its font.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      script[i] = script[i + 1] = scriptOf(text.slice(i, i + 2));
      scripts.add(script[i] as Script);
      i++;
      continue;
    }
    script[i] = scriptOf(text[i] as string);
    scripts.add(script[i] as Script);
  }
  const levels = bidi.getEmbeddingLevels(text, dir);
  const isSpace = (i: number) => text[i] === ' ' || text[i] === '\t';

  // Pieces of one font and weight between logical positions a and b, measured.
  const widthOf = (a: number, b: number) => {
    let w = 0;
    let s = a;
    for (let i = a + 1; i <= b; i++) {
      if (i === b || script[i] !== script[s] || bold[i] !== bold[s] || isSpace(i) !== isSpace(s)) {
        w += measure(text.slice(s, i).replace(CONTROLS, ''), bold[s] === 1, isSpace(s) ? 'latin' : (script[s] as Script));
        s = i;
      }
    }
    return w;
  };

  // Unbreakable atoms: [start, end of content, end with trailing spaces).
  const atoms: [number, number, number][] = [];
  let start = 0;
  const breakBefore = (i: number) => {
    const prev = text[i - 1] as string;
    const cur = text[i] as string;
    if (isSpace(i)) return false;
    if (isSpace(i - 1)) return true;
    if (text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff) return false;
    if (NO_BREAK_BEFORE.has(cur) || NO_BREAK_AFTER.has(prev)) return false;
    return IDEOGRAPHIC.test(cur) || IDEOGRAPHIC.test(text.slice(Math.max(0, i - 2), i));
  };
  for (let i = 1; i <= n; i++) {
    if (i === n || breakBefore(i)) {
      let end = i;
      while (end > start && isSpace(end - 1)) end--;
      atoms.push([start, end, i]);
      start = i;
    }
  }

  // Greedy filling; a line's trailing spaces take no room.
  const ranges: [number, number][] = [];
  let lineStart = 0;
  let lineEnd = 0;
  let used = 0;
  let pending = 0;
  for (const [a, end, next] of atoms) {
    const w = widthOf(a, end);
    if (lineEnd > lineStart && used + pending + w > width) {
      ranges.push([lineStart, lineEnd]);
      lineStart = a;
      used = 0;
      pending = 0;
    }
    used += pending + w;
    pending = next > end ? widthOf(end, next) : 0;
    lineEnd = end;
  }
  ranges.push([lineStart, lineEnd]);

  return ranges.map(([a, b]) => {
    if (b <= a) return { pieces: [], width: 0 };
    // Logical positions in visual order, then mirrored brackets for right-to-left ones.
    const order = Array.from({ length: b - a }, (_, k) => a + k);
    for (const [s = a, e = a] of bidi.getReorderSegments(text, levels, a, b - 1)) {
      const part = order.slice(s - a, e - a + 1).reverse();
      order.splice(s - a, part.length, ...part);
    }
    const mirrored = bidi.getMirroredCharactersMap(text, levels.levels, a, b - 1);
    const pieces: Piece[] = [];
    let k = 0;
    while (k < order.length) {
      const first = order[k] as number;
      let m = k + 1;
      const step = m < order.length ? (order[m] as number) - first : 0;
      while (m < order.length) {
        const i = order[m] as number;
        const prev = order[m - 1] as number;
        if (i - prev !== step || (step !== 1 && step !== -1) || script[i] !== script[first] || bold[i] !== bold[first] || isSpace(i) || isSpace(first)) break;
        m++;
      }
      let visual = order.slice(k, m).map((i) => mirrored.get(i) ?? text[i]).join('').replace(CONTROLS, '');
      // A surrogate pair stays whole when its run was turned round.
      if (step === -1) visual = visual.replace(/([\udc00-\udfff])([\ud800-\udbff])/g, '$2$1');
      // fontkit turns a run that holds Arabic right to left itself, so it gets that run in reading order.
      const drawn = RTL_CHARS.test(visual) ? [...visual].reverse().join('') : visual;
      const s = isSpace(first) ? 'latin' : (script[first] as Script);
      pieces.push({ text: drawn, bold: bold[first] === 1, script: s, width: measure(drawn, bold[first] === 1, s), space: isSpace(first) });
      k = m;
      if (!visual) pieces.pop();
    }
    return { pieces, width: pieces.reduce((sum, p) => sum + p.width, 0) };
  });
}
