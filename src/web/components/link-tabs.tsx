import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { Link, useLocation } from '@tanstack/react-router';
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface LinkTab {
  to: string;
  params?: Record<string, string>;
  label: string;
  icon?: ReactNode;
  exact?: boolean;
  /** A count beside the label (unread messages), with its meaning for screen readers. */
  badge?: { count: number; label: string };
}

/**
 * Section tabs that are real links: each can be bookmarked, opened in a new tab and reached with
 * Tab; the current one carries aria-current="page".
 */
/** The width of the fade and arrow drawn over each end of a row that scrolls (see .link-tabs-more). */
const FADE = 48;

export function LinkTabs({ label, tabs }: { label: string; tabs: LinkTab[] }) {
  const navRef = useRef<HTMLElement>(null);
  const pathname = useLocation({ select: (l) => l.pathname });
  const [more, setMore] = useState({ start: false, end: false });
  // Which way there are more tabs to scroll to (the sign of scrollLeft flips right to left).
  useEffect(() => {
    const nav = navRef.current;
    if (!nav) return;
    const update = () => {
      const scrolled = Math.abs(nav.scrollLeft);
      const next = { start: scrolled > 1, end: scrolled + nav.clientWidth < nav.scrollWidth - 1 };
      setMore((prev) => (prev.start === next.start && prev.end === next.end ? prev : next));
    };
    update();
    nav.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(nav);
    return () => {
      nav.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, []);
  // When the row scrolls sideways (a phone; long words in some languages): keep the current tab in
  // sight, clear of the 48 px fade and arrow at each end. Again once the words and fonts are in.
  const words = tabs.map((tab) => tab.label).join('\n');
  useEffect(() => {
    const nav = navRef.current;
    if (!nav) return;
    const reveal = () => {
      const current = nav.querySelector<HTMLElement>('[aria-current="page"]');
      if (!current || nav.scrollWidth <= nav.clientWidth) return;
      const navBox = nav.getBoundingClientRect();
      const box = current.getBoundingClientRect();
      if (box.left < navBox.left + FADE || box.right > navBox.right - FADE) {
        nav.scrollBy({ left: box.left - navBox.left - (navBox.width - box.width) / 2 });
      }
    };
    reveal();
    let live = true;
    void document.fonts.ready.then(() => live && reveal());
    return () => {
      live = false;
    };
  }, [pathname, words]);
  return (
    <div className="link-tabs-wrap" data-more-start={more.start || undefined} data-more-end={more.end || undefined}>
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
            {tab.badge && tab.badge.count > 0 ? (
              <>
                <span className="link-tab-badge" aria-hidden>
                  {tab.badge.count}
                </span>
                <span className="visually-hidden">({tab.badge.label})</span>
              </>
            ) : null}
          </Link>
        ))}
      </nav>
      <span className="link-tabs-more" data-side="start" aria-hidden>
        <IconChevronLeft size={24} className="flip-rtl" />
      </span>
      <span className="link-tabs-more" data-side="end" aria-hidden>
        <IconChevronRight size={24} className="flip-rtl" />
      </span>
    </div>
  );
}
