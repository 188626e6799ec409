import { isTextSize, type TextSize } from '../../contract/text-size.ts';

// The account keeps the choice; this browser keeps a copy so that the first page it draws, before
// the account has answered, is already at that size (no flash of normal text).
const STORAGE_KEY = 'careteam.textSize';

export function storedTextSize(): TextSize {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isTextSize(value) ? value : 'normal';
  } catch {
    return 'normal';
  }
}

/** Draws every page at this size from now on (app.css scales the root font size), and remembers it here. */
export function applyTextSize(size: TextSize): void {
  if (size === 'normal') delete document.documentElement.dataset.textSize;
  else document.documentElement.dataset.textSize = size;
  try {
    if (size === 'normal') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, size);
  } catch {
    // Private mode or storage disabled: the account's choice still applies once it has answered.
  }
}
