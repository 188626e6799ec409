// Markdown-lite for messages: paragraphs, bullet and numbered lists, bold, italic and links
// (http, https and mailto only). The text becomes a small tree rendered as React elements, so
// nothing a person writes is ever handed to the page as HTML.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] };

const BULLET = /^\s*[-*•]\s+(.*)$/u;
const NUMBERED = /^\s*(\d{1,6})[.)]\s+(.*)$/u;

// One alternative per kind: [text](url) · bare address · **bold** · __bold__ · *italic* · _italic_
const INLINE = /\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)|((?:https?:\/\/|mailto:)[^\s<>"')\]]+)|\*\*(?=\S)([^\n]*?\S)\*\*|__(?=\S)([^\n]*?\S)__|\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu;

/** The address, if it is one a message may link to; otherwise null. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') return url.href;
  } catch {
    // Not an address.
  }
  return null;
}

function pushText(out: Inline[], text: string): void {
  if (text === '') return;
  const last = out.at(-1);
  if (last?.type === 'text') last.text += text;
  else out.push({ type: 'text', text });
}

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  if (depth > 4) {
    pushText(out, text);
    return out;
  }
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const index = m.index;
    let consumed = m[0];
    let node: Inline | null = null;
    const [, linkText, linkUrl, bare, bold1, bold2, em1, em2] = m;
    if (linkText !== undefined && linkUrl !== undefined) {
      const href = safeHref(linkUrl);
      node = href ? { type: 'link', href, children: parseInline(linkText, depth + 1) } : null;
    } else if (bare !== undefined) {
      // A sentence's final full stop or comma is not part of the address.
      let url = bare;
      while (/[.,;:!?]$/u.test(url)) url = url.slice(0, -1);
      consumed = url;
      const href = safeHref(url);
      node = href ? { type: 'link', href, children: [{ type: 'text', text: url.replace(/^mailto:/u, '') }] } : null;
    } else if (bold1 !== undefined || bold2 !== undefined) {
      node = { type: 'strong', children: parseInline(bold1 ?? bold2 ?? '', depth + 1) };
    } else if (em1 !== undefined || em2 !== undefined) {
      node = { type: 'em', children: parseInline(em1 ?? em2 ?? '', depth + 1) };
    }
    if (!node) continue;
    pushText(out, text.slice(last, index));
    out.push(node);
    last = index + consumed.length;
  }
  pushText(out, text.slice(last));
  return out;
}

function withBreaks(lines: string[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ type: 'break' });
    out.push(...parseInline(line));
  });
  return out;
}

export function parseMarkdownLite(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: withBreaks(paragraph) });
    paragraph = [];
    if (list) blocks.push({ type: 'list', ordered: list.ordered, start: list.start, items: list.items.map((item) => parseInline(item)) });
    list = null;
  };
  for (const line of source.replace(/\r\n?/gu, '\n').split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push((bullet ? bullet[1] : numbered?.[2]) ?? '');
    } else if (list && /^\s{2,}\S/u.test(line)) {
      // An indented line continues the list item above it.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
