import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import ar from '../locales/ar.json' with { type: 'json' };
import en from '../locales/en.json' with { type: 'json' };
import { FSI, PDI, isolate, isolateValues } from './bidi.ts';
import { dirOf } from './locales.ts';

const say = (locale: string, message: string, values: Record<string, string | number>) =>
  String(new IntlMessageFormat(message, locale).format(isolateValues(locale, message, values)));

describe('isolateValues', () => {
  it('sets a Latin name apart in an Arabic sentence, so its full stop stays its own', () => {
    expect(say('ar', ar.mail.greeting, { name: 'Tala H.' })).toBe(`مرحبًا ${FSI}Tala H.${PDI}،`);
  });

  it('sets an Arabic name apart in an English sentence, and leaves Latin values as they were', () => {
    expect(say('en', en.mail.greeting, { name: 'مريم' })).toBe(`Hello ${FSI}مريم${PDI},`);
    expect(say('en', en.mail.greeting, { name: 'Mariam Nasser' })).toBe('Hello Mariam Nasser,');
  });

  it('leaves alone what a message chooses by or counts, and what it does not print', () => {
    const body = ar.mail.teamInvite.body;
    const said = say('ar', body, { inviter: 'Tala', child: 'Yusuf', clinic: 'Harbour Kids', role: 'therapist' });
    expect(said).toContain(`${FSI}Tala${PDI}`);
    expect(said).toContain('بصفة معالج');
    const values = { kind: 'message', count: 2, unused: 'x' };
    expect(isolateValues('ar', ar.notifications.mail.digestLine, values)).toBe(values);
    expect(say('ar', ar.notifications.mail.digestLine, values)).toBe('رسالتان جديدتان');
  });

  it('never wraps a value twice, and keeps an empty one empty', () => {
    const once = isolate('Tala');
    expect(isolate(once)).toBe(once);
    expect(say('ar', '{a} و {b}', { a: once, b: '' })).toBe(`${FSI}Tala${PDI} و `);
  });
});

describe('dirOf', () => {
  it('writes Arabic right to left, whatever the tag’s region, and the other languages left to right', () => {
    expect(['ar', 'ar-EG', 'AR'].map(dirOf)).toEqual(['rtl', 'rtl', 'rtl']);
    expect(['en', 'es', 'zh', 'vi', 'pt-BR', 'fr', 'xx'].map(dirOf)).toEqual(['ltr', 'ltr', 'ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
});
