import type { AppLocale } from './locale.ts';

// Languages whose script the system font stack does not cover everywhere: their fonts ship with
// the app and load only when the language is shown, never in the first load of the others.
const FONTS: Partial<Record<AppLocale, () => Promise<unknown>>> = {
  ar: () => import('../styles/font-arabic.css'),
  zh: () => import('../styles/font-chinese.css'),
};

const loaded = new Set<string>();

/** Loads the language's own font, once; the theme's font stack puts it first (see theme.ts). */
export function loadLanguageFont(lng: string): void {
  const load = FONTS[lng as AppLocale];
  if (!load || loaded.has(lng)) return;
  loaded.add(lng);
  // Without the font the system stack still draws the text, as well as the device can.
  load().catch(() => loaded.delete(lng));
}
