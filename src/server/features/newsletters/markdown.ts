// A newsletter's markdown, turned into HTML that is safe to show in the app and in email: only
// text formatting, lists, headings and links (web and mail addresses) survive sanitising. Each
// block takes its direction from its own words (dir="auto"): an English line in an Arabic
// newsletter, or the other way round, reads in its own order.
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const BLOCKS = ['p', 'li', 'h2', 'h3', 'h4', 'blockquote'] as const;
const auto = (tag: string) => sanitizeHtml.simpleTransform(tag, { dir: 'auto' });

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote', 'a', 'hr', 'code'],
  allowedAttributes: { a: ['href', 'rel', 'target'], ...Object.fromEntries(BLOCKS.map((tag) => [tag, ['dir']])) },
  allowedSchemes: ['http', 'https', 'mailto'],
  // The page's own title is the only h1.
  transformTags: {
    ...Object.fromEntries(BLOCKS.map((tag) => [tag, auto(tag)])),
    h1: auto('h2'),
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }),
  },
  disallowedTagsMode: 'discard',
};

export function renderMarkdown(markdown: string): string {
  const raw = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(raw, OPTIONS);
}
