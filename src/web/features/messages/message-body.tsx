import { Anchor } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { parseMarkdownLite, type Inline } from './markdown-lite.ts';

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        return <Fragment key={i}>{n.text}</Fragment>;
      case 'break':
        return <br key={i} />;
      case 'strong':
        return <strong key={i}>{renderInline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.children)}</em>;
      case 'link':
        return (
          <Anchor key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow" inherit className="message-link">
            {renderInline(n.children)}
          </Anchor>
        );
    }
  });
}

/** A message's markdown-lite as elements: never as HTML. */
export function MessageBody({ body }: { body: string }) {
  return (
    <div className="message-body">
      {parseMarkdownLite(body).map((block, i) =>
        block.type === 'paragraph' ? (
          <p key={i} dir="auto">{renderInline(block.children)}</p>
        ) : block.ordered ? (
          <ol key={i} start={block.start} dir="auto">
            {block.items.map((item, j) => <li key={j}>{renderInline(item)}</li>)}
          </ol>
        ) : (
          <ul key={i} dir="auto">
            {block.items.map((item, j) => <li key={j}>{renderInline(item)}</li>)}
          </ul>
        ),
      )}
    </div>
  );
}
