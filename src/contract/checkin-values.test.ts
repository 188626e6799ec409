import { describe, expect, it } from 'vitest';
import { formLanguages, formTexts, mapFormTexts, wholeInEachLanguage, withoutLanguage } from './checkin-values.ts';
import { Localized } from './checkins.ts';
import { inLanguage, writtenIn } from './locales.ts';

const form = {
  title: { en: 'Evenings', ar: 'الأمسيات' },
  intro: { en: 'A minute.', ar: 'دقيقة.' },
  items: [{ text: { en: 'Calm?' }, low: { en: 'Stormy', ar: 'عاصفة' }, high: { en: 'Calm', ar: 'هادئة' } }, { text: { en: 'Which?', ar: 'أيّ؟' }, options: [{ text: { en: 'A', ar: 'أ' } }] }],
  scoring: { subscores: [{ label: { vi: 'Tâm trạng' } }] },
};

describe('a text written in some of the seven languages', () => {
  it('accepts any one language or several, and refuses none, an empty one or an unknown one', () => {
    const schema = Localized(20);
    expect(schema.parse({ vi: 'Buổi tối' })).toEqual({ vi: 'Buổi tối' });
    expect(schema.parse({ ar: 'الأمسيات', fr: 'Les soirées' })).toEqual({ ar: 'الأمسيات', fr: 'Les soirées' });
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ zh: '  ' }).error?.issues[0]?.path).toEqual(['zh']);
    expect(schema.safeParse({ de: 'Abende' }).success).toBe(false);
  });

  it('is read in the reader’s language when written, else English, else the first written, with that language', () => {
    expect(writtenIn({ en: 'Evenings', ar: 'الأمسيات' }, 'ar')).toEqual({ lang: 'ar', value: 'الأمسيات' });
    expect(writtenIn({ en: 'Evenings', ar: 'الأمسيات' }, 'vi')).toEqual({ lang: 'en', value: 'Evenings' });
    expect(writtenIn({ vi: 'Buổi tối', fr: 'Les soirées' }, 'en')).toEqual({ lang: 'vi', value: 'Buổi tối' });
    // An empty language counts as not written (an editor's field not filled in yet).
    expect(writtenIn({ es: '', fr: 'Les soirées' }, 'es')).toEqual({ lang: 'fr', value: 'Les soirées' });
    expect(inLanguage({ vi: 'Buổi tối' }, 'en')).toBe('Buổi tối');
    expect(writtenIn({}, 'en')).toBeUndefined();
  });
});

describe('a form’s texts', () => {
  it('are every text with its field path, and the form’s languages are all of theirs in the app’s order', () => {
    expect(formTexts(form).map((x) => x.path.join('.'))).toEqual([
      'title', 'intro', 'items.0.text', 'items.0.low', 'items.0.high', 'items.1.text', 'items.1.options.0.text', 'scoring.subscores.0.label',
    ]);
    expect(formLanguages(form)).toEqual(['en', 'vi', 'ar']);
  });

  it('gain and lose a language everywhere at once', () => {
    const added = mapFormTexts(form, (text) => ({ ...text, fr: '' }));
    expect(formTexts(added).every((x) => x.text.fr === '')).toBe(true);
    const removed = mapFormTexts(form, (text) => withoutLanguage(text, 'ar'));
    expect(formLanguages(removed)).toEqual(['en', 'vi']);
    expect(removed.items[1]?.options?.[0]?.text).toEqual({ en: 'A' });
  });

  it('are made whole in each language with the words a reader would get anyway', () => {
    const whole = wholeInEachLanguage(form);
    expect(whole.items[0]?.text).toEqual({ en: 'Calm?', vi: 'Calm?', ar: 'Calm?' });
    expect(whole.scoring?.subscores[0]?.label).toEqual({ en: 'Tâm trạng', vi: 'Tâm trạng', ar: 'Tâm trạng' });
    expect(whole.title).toEqual({ en: 'Evenings', vi: 'Evenings', ar: 'الأمسيات' });
  });
});
