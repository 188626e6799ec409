import { isLocale, LOCALE_NAMES, LOCALES, preferredLocale, type Locale } from '../../contract/locales.ts';

/** The languages the app speaks (see LOCALES in the contract). */
export const APP_LOCALES = LOCALES;
export type AppLocale = Locale;
export { LOCALE_NAMES };

const STORAGE_KEY = 'careteam.locale';

export const isAppLocale = isLocale;

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
  return preferredLocale(navigator.languages ?? [navigator.language]);
}

export function initialLocale(): AppLocale {
  return storedLocale() ?? browserLocale();
}
