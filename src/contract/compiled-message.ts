// Messages compiled at build time. The build parses each ICU message of the web app's catalogue
// (`{count, plural, one {# child} other {# children}}`) once, so the phone never does: a message
// with nothing to fill in becomes its plain text, any other the parser's tree in a compact form
// (JSON arrays, smaller than the tree itself), which the browser expands into the tree
// intl-messageformat formats. Pure: the build writes this form and the web app's shell reads it.
import type { MessageFormatElement, PluralOrSelectOption } from '@formatjs/icu-messageformat-parser';

/**
 * One element of a compiled message: text as a string, `#` (in a plural) as 7, an argument as
 * `[1, name]`, a number, date or time as `[2|3|4, name, style?]` (no style is null in the tree), a
 * select as `[5, name, options]`, a plural as `[6, name, options, offset?, pluralType?]` (the last
 * two left out when 0 and cardinal).
 */
export type CompiledElement =
  | string
  | 7
  | [1, string]
  | [2 | 3 | 4, string, unknown?]
  | [5, string, Record<string, CompiledMessage>]
  | [6, string, Record<string, CompiledMessage>, number?, Intl.PluralRulesOptions['type']?];
export type CompiledMessage = CompiledElement[];

/** The plain text of a message that has nothing to fill in, or its compact tree. */
export function compileMessage(ast: MessageFormatElement[]): string | CompiledMessage {
  const text = ast.every((el) => el.type === 0) ? ast.map((el) => (el.type === 0 ? el.value : '')).join('') : undefined;
  // Text holding a brace stays compiled, so that a brace in a plain string always means a message
  // that was not compiled (the browser refuses it).
  return text !== undefined && !/[{}]/.test(text) ? text : ast.map(compactElement);
}

function compactElement(el: MessageFormatElement): CompiledElement {
  switch (el.type) {
    case 0:
      return el.value;
    case 7:
      return 7;
    case 1:
      return [1, el.value];
    case 2:
    case 3:
    case 4:
      return el.style ? [el.type, el.value, el.style] : [el.type, el.value];
    case 5:
      return [5, el.value, compactOptions(el.options)];
    case 6: {
      const options = compactOptions(el.options);
      return el.offset || el.pluralType !== 'cardinal' ? [6, el.value, options, el.offset, el.pluralType] : [6, el.value, options];
    }
    default:
      // Tags are read as text (the app parses with `ignoreTag`, as i18next-icu does).
      throw new Error(`Unexpected element of type ${el.type} in a message`);
  }
}

function compactOptions(options: Record<string, PluralOrSelectOption>): Record<string, CompiledMessage> {
  return Object.fromEntries(Object.entries(options).map(([key, option]) => [key, option.value.map(compactElement)]));
}

/** The tree intl-messageformat formats, from a compiled message. */
export function expandMessage(message: CompiledMessage): MessageFormatElement[] {
  return message.map((el): MessageFormatElement => {
    if (typeof el === 'string') return { type: 0, value: el } as MessageFormatElement;
    if (el === 7) return { type: 7 } as MessageFormatElement;
    const [type, value] = el;
    if (type === 1) return { type, value } as MessageFormatElement;
    if (type === 5) return { type, value, options: expandOptions(el[2]) } as MessageFormatElement;
    if (type === 6) {
      return { type, value, options: expandOptions(el[2]), offset: el[3] ?? 0, pluralType: el[4] ?? 'cardinal' } as MessageFormatElement;
    }
    return { type, value, style: el[2] ?? null } as MessageFormatElement;
  });
}

function expandOptions(options: Record<string, CompiledMessage>): Record<string, PluralOrSelectOption> {
  return Object.fromEntries(Object.entries(options).map(([key, message]) => [key, { value: expandMessage(message) }]));
}

/**
 * The values a compiled message prints as text (`{name}`), not those it only chooses by or formats
 * (`{kind, select, …}`, `{n, number}`): the ones to isolate in a sentence (see bidi.ts).
 */
export function printedArguments(message: CompiledMessage): Set<string> {
  const printed = new Set<string>();
  const other = new Set<string>();
  const visit = (elements: CompiledMessage) => {
    for (const el of elements) {
      if (typeof el !== 'object') continue;
      (el[0] === 1 ? printed : other).add(el[1]);
      if (el[0] === 5 || el[0] === 6) for (const option of Object.values(el[2])) visit(option);
    }
  };
  visit(message);
  for (const name of other) printed.delete(name);
  return printed;
}
