import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const LOCALES = ['en', 'es'] as const;

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

const messages = Object.fromEntries(LOCALES.map((l) => [l, flatten(load(l))])) as Record<
  (typeof LOCALES)[number],
  Map<string, string>
>;

describe('locale files', () => {
  it('have the same keys in every language', () => {
    const all = new Set(LOCALES.flatMap((l) => [...messages[l].keys()]));
    const missing: string[] = [];
    for (const locale of LOCALES) {
      for (const key of all) if (!messages[locale].has(key)) missing.push(`${locale}: ${key}`);
    }
    expect(missing).toEqual([]);
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
