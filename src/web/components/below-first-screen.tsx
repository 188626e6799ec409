import { startTransition, useEffect, useState, type ReactNode } from 'react';

/**
 * The end of a page, which a phone shows below its first screen: drawn just after the rest, in a
 * transition (React draws it in slices), so the page's first draw is shorter work and what is on
 * the screen shows sooner. Only the end of a page: nothing after it, so nothing on screen moves.
 * Only on the app's first page: later, the page draws whole.
 */
export function BelowFirstScreen({ children }: { children: ReactNode }) {
  // Only the app's first draw waits: coming back to a page (Back restores its scroll position as
  // it draws), the whole page is there at once.
  const [shown, setShown] = useState(appDrawn);
  useEffect(() => {
    appDrawn = true;
    if (!shown) startTransition(() => setShown(true));
  }, [shown]);
  return shown ? children : null;
}

let appDrawn = false;
