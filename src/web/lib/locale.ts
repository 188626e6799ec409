/** The languages the app speaks. Adding one here and in src/locales is all it takes. */
export const APP_LOCALES = ['en', 'es'] as const;
export type AppLocale = (typeof APP_LOCALES)[number];

/** Each language is named in its own language so anyone can find theirs. */
export const LOCALE_NAMES: Record<AppLocale, string> = { en: 'English', es: 'Español' };

const STORAGE_KEY = 'careteam.locale';

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (APP_LOCALES as readonly string[]).includes(value);
}

/** Before sign-in only the language choice is remembered in the browser, nothing else. */
export function storedLocale(): AppLocale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isAppLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLocale(locale: AppLocale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this visit only.
  }
}

export function browserLocale(): AppLocale {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isAppLocale(base)) return base;
  }
  return 'en';
}

export function initialLocale(): AppLocale {
  return storedLocale() ?? browserLocale();
}
