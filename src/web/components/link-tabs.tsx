import { Link, useLocation } from '@tanstack/react-router';
import { useEffect, useRef, type ReactNode } from 'react';

export interface LinkTab {
  to: string;
  params?: Record<string, string>;
  label: string;
  icon?: ReactNode;
  exact?: boolean;
}

/**
 * Section tabs that are real links: each can be bookmarked, opened in a new tab and reached with
 * Tab; the current one carries aria-current="page".
 */
export function LinkTabs({ label, tabs }: { label: string; tabs: LinkTab[] }) {
  const navRef = useRef<HTMLElement>(null);
  const pathname = useLocation({ select: (l) => l.pathname });
  // On a phone the row scrolls sideways: keep the current tab in sight.
  useEffect(() => {
    const nav = navRef.current;
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !current || nav.scrollWidth <= nav.clientWidth) return;
    const navBox = nav.getBoundingClientRect();
    const box = current.getBoundingClientRect();
    if (box.left < navBox.left || box.right > navBox.right) {
      nav.scrollBy({ left: box.left - navBox.left - (navBox.width - box.width) / 2 });
    }
  }, [pathname]);
  return (
    <nav aria-label={label} className="link-tabs" ref={navRef}>
      {tabs.map((tab) => (
        <Link
          key={tab.to}
          to={tab.to}
          {...(tab.params ? { params: tab.params } : {})}
          className="link-tab"
          activeOptions={{ exact: tab.exact ?? false, includeSearch: false }}
          activeProps={{ 'aria-current': 'page' }}
        >
          {tab.icon}
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
