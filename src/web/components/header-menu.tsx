import { useClickOutside } from '@mantine/hooks';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface HeaderMenuProps {
  /** The button's accessible name. */
  label: string;
  trigger: ReactNode;
  /** Rendered when open; call close() after an item is chosen. */
  children: (close: () => void) => ReactNode;
  width?: number;
}

/**
 * A small disclosure menu for the header (a button that shows a panel of links and buttons).
 * Hand-rolled on purpose: Mantine's Menu brings its popover engine into the first page load.
 */
export function HeaderMenu({ label, trigger, children, width = 240 }: HeaderMenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const rootRef = useClickOutside<HTMLDivElement>(() => setOpen(false));

  const close = (returnFocus = true) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>('a, button')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div
      ref={rootRef}
      className="header-menu"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="header-menu-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {trigger}
      </button>
      {open ? (
        <div ref={panelRef} id={id} className="header-menu-panel" style={{ width }}>
          {children(() => close(false))}
        </div>
      ) : null}
    </div>
  );
}
