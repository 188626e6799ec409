import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';

const URL_PATTERN = /https?:\/\/[^\s<>"')\]]+/gu;

/** Plain text with its web addresses as links; everything else stays text (never HTML). */
export function linkify(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const index = match.index;
    let url = match[0];
    // A sentence's final full stop or comma is not part of the address.
    while (/[.,;:!?]$/u.test(url)) url = url.slice(0, -1);
    if (index > last) parts.push(text.slice(last, index));
    parts.push(
      <Anchor key={`${index}-${url}`} href={url} target="_blank" rel="noopener noreferrer" style={{ overflowWrap: 'anywhere' }}>
        {url}
      </Anchor>,
    );
    last = index + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
