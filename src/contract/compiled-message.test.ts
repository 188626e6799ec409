import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import ar from '../locales/ar.json' with { type: 'json' };
import en from '../locales/en.json' with { type: 'json' };
import es from '../locales/es.json' with { type: 'json' };
import fr from '../locales/fr.json' with { type: 'json' };
import pt from '../locales/pt.json' with { type: 'json' };
import vi from '../locales/vi.json' with { type: 'json' };
import zh from '../locales/zh.json' with { type: 'json' };
import { FSI, PDI, isolateValues } from './bidi.ts';
import { compileMessage, expandMessage, printedArguments } from './compiled-message.ts';

type Tree = { [key: string]: string | Tree };
const catalogues: Record<string, Tree> = { ar, en, es, fr, pt, vi, zh };

function* messagesOf(tree: Tree, at = ''): Generator<[string, string]> {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') yield [`${at}${key}`, value];
    else yield* messagesOf(value, `${at}${key}.`);
  }
}

/** Values that take the message down each of its branches, with a name that needs isolating. */
function samples(ast: MessageFormatElement[]): Record<string, unknown>[] {
  const values: Record<string, unknown[]> = {};
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === 1) values[el.value] ??= ['Tala H.', 'مريم'];
      else if (el.type === 2 || el.type === 6) values[el.value] = [0, 1, 2, 5, 21];
      else if (el.type === 3 || el.type === 4) values[el.value] = [new Date(Date.UTC(2026, 4, 17, 9, 30))];
      else if (el.type === 5) values[el.value] = Object.keys(el.options);
      if (el.type === 5 || el.type === 6) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(ast);
  const names = Object.keys(values);
  const rounds = Math.max(1, ...names.map((n) => values[n]?.length ?? 0));
  return Array.from({ length: rounds }, (_, i) => Object.fromEntries(names.map((n) => [n, values[n]?.[i % (values[n]?.length ?? 1)]])));
}

describe('messages compiled at build time', () => {
  it('format every message of every language exactly as its source does, values isolated the same way', () => {
    let compiled = 0;
    for (const [lng, catalogue] of Object.entries(catalogues)) {
      for (const [key, source] of messagesOf(catalogue)) {
        const ast = parse(source, { ignoreTag: true });
        const result = JSON.parse(JSON.stringify(compileMessage(ast))) as ReturnType<typeof compileMessage>;
        const fromSource = new IntlMessageFormat(source, lng, undefined, { ignoreTag: true });
        if (typeof result === 'string') {
          expect(result, `${lng} ${key}`).toBe(String(fromSource.format()));
          continue;
        }
        compiled += 1;
        expect(expandMessage(result), `${lng} ${key}`).toEqual(ast);
        const fromBuild = new IntlMessageFormat(expandMessage(result), lng, undefined, { ignoreTag: true });
        const printed = printedArguments(result);
        for (const values of samples(ast)) {
          expect(String(fromBuild.format(isolateValues(lng, printed, values))), `${lng} ${key}`).toBe(
            String(fromSource.format(isolateValues(lng, source, values))),
          );
        }
      }
    }
    expect(compiled).toBeGreaterThan(100);
  });

  it('keep a text with nothing to fill in as that text, its quotes undone', () => {
    expect(compileMessage(parse("Aujourd''hui, l'enfant", { ignoreTag: true }))).toBe("Aujourd'hui, l'enfant");
    expect(compileMessage(parse('<b>Save</b>', { ignoreTag: true }))).toBe('<b>Save</b>');
    // A brace in a plain string would mean a message that was not compiled: such a text stays compiled.
    expect(compileMessage(parse("Use '{name}'", { ignoreTag: true }))).toEqual(['Use {name}']);
  });

  it('isolate the names a message prints, not those it chooses by or formats', () => {
    const message = compileMessage(parse('{name} {kind, select, note {a note by {author}} other {{count, plural, one {# item} other {# items}}}}', { ignoreTag: true }));
    expect(typeof message).not.toBe('string');
    const printed = printedArguments(message as Exclude<typeof message, string>);
    expect([...printed].sort()).toEqual(['author', 'name']);
    expect(isolateValues('ar', printed, { name: 'Tala', kind: 'note', author: 'Sam', count: 2 })).toEqual({ name: `${FSI}Tala${PDI}`, kind: 'note', author: `${FSI}Sam${PDI}`, count: 2 });
  });
});
