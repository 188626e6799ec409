import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import ICU from 'i18next-icu';
import IntlMessageFormat from 'intl-messageformat';
import { initReactI18next } from 'react-i18next';
import { isolateValues } from '../contract/bidi.ts';
import { expandMessage, printedArguments, type CompiledMessage } from '../contract/compiled-message.ts';
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

// The catalogue arrives compiled (src/contract/compiled-message.ts): a message with nothing to fill
// in is its text, any other a compact tree. i18next would read a tree as nested keys, so each one
// is kept here and the catalogue holds a marked string naming it; it is expanded the first time it
// is shown.
const COMPILED = '\u0001';
type Compiled = { message: CompiledMessage; ast?: ReturnType<typeof expandMessage>; printed?: ReadonlySet<string> };
const compiled: Compiled[] = [];

function keepCompiled<T extends Record<string, unknown>>(sections: T): T {
  for (const [key, value] of Object.entries(sections)) {
    if (Array.isArray(value)) (sections as Record<string, unknown>)[key] = COMPILED + String(compiled.push({ message: value as CompiledMessage }) - 1);
    else if (value && typeof value === 'object') keepCompiled(value as Record<string, unknown>);
  }
  return sections;
}

// Every message goes through here. One with values has those someone wrote (a name, an email, a
// title) set apart (Unicode isolates) so they keep their own direction and cannot reorder the
// sentence around them: the one place this is done in the app; mails do the same in
// mail/templates.ts. A plain string is the message's text as it is; holding a brace, it is a message
// that was not compiled, which the browser cannot parse: it fails loudly rather than show `{…}`.
type IcuParse = (res: unknown, options: object | undefined, lng: string, ...rest: unknown[]) => unknown;
const icu = new ICU() as InstanceType<typeof ICU> & { parse: IcuParse };
const icuParse = icu.parse.bind(icu);
icu.parse = (res, options, lng, ...rest) => {
  if (typeof res !== 'string' || !res.startsWith(COMPILED)) {
    if (typeof res === 'string' && /[{}]/.test(res)) throw new Error(`A message reached the browser uncompiled: ${res}`);
    return res;
  }
  const entry = compiled[Number(res.slice(COMPILED.length))];
  if (!entry) throw new Error(`No compiled message ${res.slice(COMPILED.length)}`);
  entry.ast ??= expandMessage(entry.message);
  entry.printed ??= printedArguments(entry.message);
  return icuParse(entry.ast, options && isolateValues(lng, entry.printed, options), lng, ...rest);
};

function applyDocumentLanguage(lng: string): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18n.dir(lng);
  loadLanguageFont(lng);
}

i18n.on('languageChanged', applyDocumentLanguage);
// The first message of a language pays for Intl's data for it (tens of milliseconds on a phone): it
// is asked for in a task of its own once the language is known, while the page's answers are on
// their way, rather than in the middle of drawing the page.
i18n.on('languageChanged', (lng: string) => setTimeout(() => IntlMessageFormat.resolveLocale(lng)));

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
      (catalogue) => done(null, keepCompiled(catalogue as Record<string, unknown>) as ResourceKey),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

// Each part of the catalogue joins the language's messages as it arrives (parts hold pieces of the
// same sections: merged deeply).
onCataloguePart((lng, sections) => i18n.addResourceBundle(lng, 'translation', keepCompiled(sections), true, true));

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
