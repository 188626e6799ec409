import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../contract/common.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

type Tree = { [key: string]: string | Tree };

function load(locale: string): Tree {
  return JSON.parse(readFileSync(join(here, `${locale}.json`), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const messages = Object.fromEntries(LOCALES.map((l) => [l, flatten(load(l))])) as Record<(typeof LOCALES)[number], Map<string, string>>;
const english = messages.en;

/** What a message asks of its caller and how it branches: arguments with their types, select options, tags, plurals. */
function shapeOf(message: string) {
  const args = new Set<string>();
  const selects: string[] = [];
  const tags = new Set<string>();
  const plurals: { name: string; ordinal: boolean; categories: string[] }[] = [];
  const walk = (ast: MessageFormatElement[]) => {
    for (const el of ast) {
      if (el.type === TYPE.argument) args.add(`${el.value}:text`);
      else if (el.type === TYPE.number) args.add(`${el.value}:number`);
      else if (el.type === TYPE.date || el.type === TYPE.time) args.add(`${el.value}:date`);
      else if (el.type === TYPE.select) {
        args.add(`${el.value}:select`);
        selects.push(`${el.value}(${Object.keys(el.options).sort().join(',')})`);
        for (const o of Object.values(el.options)) walk(o.value);
      } else if (el.type === TYPE.plural) {
        args.add(`${el.value}:plural`);
        plurals.push({ name: el.value, ordinal: el.pluralType === 'ordinal', categories: Object.keys(el.options).filter((c) => !c.startsWith('=')) });
        for (const o of Object.values(el.options)) walk(o.value);
      } else if (el.type === TYPE.tag) {
        tags.add(el.value);
        walk(el.children);
      }
    }
  };
  walk(parse(message));
  return { args: [...args].sort().join(' '), selects: selects.sort().join(' '), tags: [...tags].sort().join(' '), plurals };
}

/**
 * The plural categories a language needs: those a count the app shows (a whole number below a
 * million) can fall in, from CLDR through Intl.PluralRules — Arabic's six, French's and
 * Spanish's two (their "many" is for millions and falls back to "other" correctly), Chinese's one.
 */
function neededCategories(locale: string, type: Intl.PluralRulesOptions['type']): Set<string> {
  const rules = new Intl.PluralRules(locale, { type });
  return new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)));
}

/** A message's own words, every branch of it, without its arguments. */
function literalText(ast: MessageFormatElement[]): string {
  return ast.map((el) => {
    if (el.type === TYPE.literal) return el.value;
    if (el.type === TYPE.select || el.type === TYPE.plural) return Object.values(el.options).map((o) => literalText(o.value)).join(' ');
    if (el.type === TYPE.tag) return literalText(el.children);
    return ' ';
  }).join(' ');
}

/** Words that may stay as in English: names and codes, and words spelled the same in that language. */
const KEEP_EVERYWHERE = ['CareTeam', 'ABA', 'PDF', 'FHIR', 'CSV', 'ZIP', 'JSON', 'SMS', 'iCalendar', 'URL', 'min'];
const SAME_WORDS: Partial<Record<string, string[]>> = {
  fr: ['Date', 'Notifications', 'Message', 'Messages', 'Conversation', 'Conversations', 'Action', 'Actions', 'Photo', 'Journal', 'Plan', 'Note', 'Article',
    'Description', 'Original', 'Urgent', 'Score', 'communication', 'Communication', 'version', 'minute', 'minutes', 'page', 'pages', 'Introduction', 'Question', 'Questions'],
  pt: ['Social', 'social', 'Original', 'Link', 'Normal'],
  vi: ['Video'],
  es: ['No', 'no', 'Social', 'social', 'Clip', 'clip', 'Chat', 'Plan', 'Original', 'Normal'],
};

describe('locale files', () => {
  it('have exactly the keys of the English catalogue', () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      for (const key of english.keys()) if (!messages[locale].has(key)) problems.push(`${locale}: missing ${key}`);
      for (const key of messages[locale].keys()) if (!english.has(key)) problems.push(`${locale}: extra ${key}`);
    }
    expect(problems).toEqual([]);
  });

  it('hold only ICU messages that parse', () => {
    const broken: string[] = [];
    for (const locale of LOCALES) {
      for (const [key, message] of messages[locale]) {
        try {
          new IntlMessageFormat(message, locale);
        } catch (error) {
          broken.push(`${locale}: ${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('ask for the same arguments, select options and tags as English in every language', () => {
    const differ: string[] = [];
    for (const [key, en] of english) {
      const want = shapeOf(en);
      for (const locale of LOCALES) {
        const got = shapeOf(messages[locale].get(key) ?? en);
        for (const part of ['args', 'selects', 'tags'] as const) {
          if (got[part] !== want[part]) differ.push(`${locale}: ${key}: ${part} [${got[part]}] vs English [${want[part]}]`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('give every plural the categories its language needs, and none it never uses', () => {
    const wrong: string[] = [];
    for (const locale of LOCALES) {
      const known = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
      const knownOrdinal = new Intl.PluralRules(locale, { type: 'ordinal' }).resolvedOptions().pluralCategories as string[];
      const needed = neededCategories(locale, 'cardinal');
      const neededOrdinal = neededCategories(locale, 'ordinal');
      for (const [key, message] of messages[locale]) {
        for (const p of shapeOf(message).plurals) {
          const lacking = [...(p.ordinal ? neededOrdinal : needed)].filter((c) => !p.categories.includes(c));
          const unused = p.categories.filter((c) => !(p.ordinal ? knownOrdinal : known).includes(c));
          if (lacking.length > 0) wrong.push(`${locale}: ${key}: {${p.name}} lacks ${lacking.join(', ')}`);
          if (unused.length > 0) wrong.push(`${locale}: ${key}: {${p.name}} has ${unused.join(', ')}, which ${locale} never uses`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('leave no English in another language, but names, codes and words spelled the same there', () => {
    const left: string[] = [];
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const allowed = new Set([...KEEP_EVERYWHERE, ...(SAME_WORDS[locale] ?? [])]);
      for (const [key, message] of messages[locale]) {
        if (message !== english.get(key)) continue;
        // What a reader sees once the arguments are filled: the words of the message's own text.
        const words = literalText(parse(message)).match(/[A-Za-z]{2,}/gu) ?? [];
        const foreign = words.filter((w) => !allowed.has(w));
        if (foreign.length > 0) left.push(`${locale}: ${key}: ${message}`);
      }
    }
    expect(left).toEqual([]);
  });

  it('have no empty messages', () => {
    const empty = LOCALES.flatMap((l) => [...messages[l]].filter(([, m]) => m.trim() === '').map(([k]) => `${l}: ${k}`));
    expect(empty).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/u.test(name) && !/\.test\.tsx?$/u.test(name)) files.push(path);
  }
  return files;
}

describe('web app strings', () => {
  it('uses only keys that exist in en.json', () => {
    const webDir = join(here, '..', 'web');
    const used = new Map<string, string>();
    // t('key') or t("key"), also i18n.t('key'); the key must be a plain literal.
    const pattern = /\bt\(\s*(['"])([A-Za-z0-9_.-]+)\1/gu;
    for (const file of sourceFiles(webDir)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(pattern)) {
        const key = match[2];
        if (key !== undefined && !used.has(key)) used.set(key, relative(webDir, file));
      }
    }
    expect(used.size).toBeGreaterThan(0);
    const missing = [...used].filter(([key]) => !messages.en.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});

describe('audit log strings', () => {
  it('have a sentence for every action the server writes', () => {
    const serverDir = join(here, '..', 'server');
    const actions = new Set<string>();
    // `action: 'goal.list'`, the action argument of a feature's history writer, and `cond ? 'a.b' : 'c.d'`.
    const patterns = [/action: '([a-z_]+(?:\.[a-z_]+)?)'/gu, /, '[a-z_]+', '([a-z_]+\.[a-z_]+)'/gu, /\? '([a-z_]+\.[a-z_]+)' : '([a-z_]+\.[a-z_]+)'/gu];
    for (const file of sourceFiles(serverDir)) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const m of text.matchAll(pattern)) for (const a of m.slice(1)) if (a) actions.add(a);
    }
    expect(actions.size).toBeGreaterThan(40);
    const missing = [...actions].filter((a) => !messages.en.has(`audit.actions.${a}`));
    expect(missing).toEqual([]);
  });
});
