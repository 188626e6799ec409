import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdownLite } from './markdown-lite.ts';

describe('markdown-lite', () => {
  it('reads paragraphs, line breaks and both kinds of list', () => {
    expect(parseMarkdownLite('Hello\nthere\n\n- one\n- **two**\n\n3. three\n4. four')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Hello' }, { type: 'break' }, { type: 'text', text: 'there' }] },
      { type: 'list', ordered: false, start: 1, items: [[{ type: 'text', text: 'one' }], [{ type: 'strong', children: [{ type: 'text', text: 'two' }] }]] },
      { type: 'list', ordered: true, start: 3, items: [[{ type: 'text', text: 'three' }], [{ type: 'text', text: 'four' }]] },
    ]);
  });

  it('links only http, https and mailto addresses, and leaves anything else as text', () => {
    expect(parseInline('[site](https://example.org/a?b=1) and https://x.org/y.')).toEqual([
      { type: 'link', href: 'https://example.org/a?b=1', children: [{ type: 'text', text: 'site' }] },
      { type: 'text', text: ' and ' },
      { type: 'link', href: 'https://x.org/y', children: [{ type: 'text', text: 'https://x.org/y' }] },
      { type: 'text', text: '.' },
    ]);
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ type: 'text', text: '[click](javascript:alert(1))' }]);
    expect(parseInline('[x](data:text/html,hi)')).toEqual([{ type: 'text', text: '[x](data:text/html,hi)' }]);
    expect(parseInline('mailto:ana@example.org')).toEqual([{ type: 'link', href: 'mailto:ana@example.org', children: [{ type: 'text', text: 'ana@example.org' }] }]);
  });

  it('keeps HTML and stray marks as plain text', () => {
    expect(parseInline('<img src=x onerror=alert(1)> 2 * 3 * 4 snake_case_name')).toEqual([
      { type: 'text', text: '<img src=x onerror=alert(1)> 2 * 3 * 4 snake_case_name' },
    ]);
    expect(parseInline('*so* _very_ **proud**')).toEqual([
      { type: 'em', children: [{ type: 'text', text: 'so' }] }, { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'very' }] }, { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'proud' }] },
    ]);
  });
});
