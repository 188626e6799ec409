import { startTransition, useEffect, useState, type ReactNode } from 'react';

/**
 * The end of a page, which a phone shows below its first screen: drawn just after the rest, in a
 * transition (React draws it in slices), so the page's first draw is shorter work and what is on
 * the screen shows sooner. Only the end of a page: nothing after it, so nothing on screen moves.
 */
export function BelowFirstScreen({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState(false);
  useEffect(() => startTransition(() => setShown(true)), []);
  return shown ? children : null;
}
