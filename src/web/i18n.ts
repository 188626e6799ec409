import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import ICU from 'i18next-icu';
import IntlMessageFormat from 'intl-messageformat';
import { initReactI18next } from 'react-i18next';
import { isolateValues } from '../contract/bidi.ts';
import type en from '../locales/en.json';
import { catalogueReady, loadCatalogue, onCataloguePart } from './catalogue.ts';
import { loadLanguageFont } from './lib/language-fonts.ts';
import { APP_LOCALES, initialLocale, isAppLocale, type AppLocale } from './lib/locale.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    // Messages are ICU (`{name}`, `{count, plural, …}`); i18next's own `{{x}}` parser must not read them.
    parseInterpolation: false;
  }
}

export const i18n = i18next.createInstance();

// Every message compiled asks Intl which locale it supports, a slow call on a phone; the answer is
// the same for every message of a language, so it is asked once per language.
const resolveLocale = IntlMessageFormat.resolveLocale;
const resolvedLocales = new Map<string, ReturnType<typeof resolveLocale>>();
IntlMessageFormat.resolveLocale = (locales) => {
  const key = String(locales);
  if (!resolvedLocales.has(key)) resolvedLocales.set(key, resolveLocale(locales));
  return resolvedLocales.get(key);
};

// Every message formatted with values goes through here: a name, an email or a title someone wrote
// is set apart (Unicode isolates) so it keeps its own direction and cannot reorder the sentence
// around it. The one place this is done in the app; mails do the same in mail/templates.ts.
type IcuParse = (res: string, options: object | undefined, lng: string, ...rest: unknown[]) => unknown;
const icu = new ICU() as InstanceType<typeof ICU> & { parse: IcuParse };
const icuParse = icu.parse.bind(icu);
icu.parse = (res, options, lng, ...rest) => icuParse(res, options && isolateValues(lng, res, options), lng, ...rest);

function applyDocumentLanguage(lng: string): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18n.dir(lng);
  loadLanguageFont(lng);
}

i18n.on('languageChanged', applyDocumentLanguage);

// The built app fetches the catalogue in parts: each chunk asks for the sections its code uses, in
// the language shown (see catalogue.ts); switching language fetches the parts asked for so far in
// the new one before it shows. In development each language's catalogue is one file.
const wholeCatalogues = import.meta.env.DEV
  ? import.meta.glob<ResourceKey>('../locales/*.json', { import: 'default' })
  : undefined;

const lazyCatalogues: BackendModule = {
  type: 'backend',
  init: () => {},
  read: (lng, _ns, done) => {
    const load = wholeCatalogues ? wholeCatalogues[`../locales/${lng}.json`] : () => loadCatalogue(lng).then(() => ({}));
    if (!load) return done(new Error(`No catalogue for ${lng}`), false);
    load().then(
      (catalogue) => done(null, catalogue),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

// Each part of the catalogue joins the language's messages as it arrives (parts hold pieces of the
// same sections: merged deeply).
onCataloguePart((lng, sections) => i18n.addResourceBundle(lng, 'translation', sections, true, true));

/** Resolves once the first language's catalogue is in, every part the first page asked for: the app renders after it. */
export const i18nReady = i18n
  .use(lazyCatalogues)
  .use(icu)
  .use(initReactI18next)
  .init({
    lng: initialLocale(),
    // Every catalogue is complete (a test compares them), so no second language is fetched as fallback.
    fallbackLng: false,
    supportedLngs: [...APP_LOCALES],
    load: 'languageOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    // A part of the catalogue arriving redraws what uses it (a safety net: routes wait for their parts).
    react: { bindI18nStore: 'added' },
  })
  .then(() => catalogueReady());

export function currentLocale(): AppLocale {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isAppLocale(lng) ? lng : 'en';
}
