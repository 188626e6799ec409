import type { TFunction } from 'i18next';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it, vi } from 'vitest';
import en from '../../../locales/en.json' with { type: 'json' };
import es from '../../../locales/es.json' with { type: 'json' };
import type { Child, Goal } from '../../api/types.ts';

vi.mock('../../i18n.ts', () => ({ currentLocale: () => 'en' }));

const { changeValue, formatValue, ownSettings, trendSentence } = await import('./plan-text.ts');
const { measureSettingsFor } = await import('./goal-card.tsx');
const { statusChangesFor } = await import('./status-form.tsx');

/** The app's real messages, formatted the way i18next-icu does. */
function translator(messages: object, locale: string): TFunction {
  const t = (key: string, values?: Record<string, unknown>) => {
    const message = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    if (typeof message !== 'string') throw new Error(`No message ${key}`);
    return String(new IntlMessageFormat(message, locale).format(values as Record<string, string | number>));
  };
  return t as unknown as TFunction;
}
const t = translator(en, 'en');

const trend = (kind: Goal['trend']['kind'], params: Record<string, number> = {}, lowerIsBetter = false) =>
  ({ trend: { kind, params }, lowerIsBetter });

describe('the sentence above a chart', () => {
  it('says which way the recent weeks went, in the direction that counts for the goal', () => {
    expect(trendSentence(trend('improving', { better: 3, of: 4 }), t)).toBe('Getting closer: 3 of the last 4 weeks went up');
    // Fewer meltdowns is better: getting closer means going down.
    expect(trendSentence(trend('improving', { better: 2, of: 3 }, true), t)).toBe('Getting closer: 2 of the last 3 weeks went down');
    expect(trendSentence(trend('improving', { better: 1, of: 1 }), t)).toBe('Getting closer: the last week went up');
    expect(trendSentence(trend('mixed', { better: 2, worse: 2, of: 4 }), t)).toBe('Ups and downs: of the last 4 weeks, 2 went closer and 2 went the other way');
  });

  it('says when there is no data, only old data, one value, or the target is reached', () => {
    expect(trendSentence(trend('no_data'), t)).toBe('No measurements yet');
    expect(trendSentence(trend('stale', { weeks: 3 }), t)).toBe('No data for 3 weeks');
    expect(trendSentence(trend('stale', { weeks: 1 }), t)).toBe('No data for 1 week');
    expect(trendSentence(trend('target_met'), t)).toBe('Target reached');
    expect(trendSentence(trend('first_value'), t)).toMatch(/^First measurement/);
  });

  it('reads in Spanish too', () => {
    const tes = translator(es, 'es');
    expect(trendSentence(trend('improving', { better: 3, of: 4 }), tes)).toBe('Cada vez más cerca: 3 de las últimas 4 semanas subieron');
    expect(trendSentence(trend('stale', { weeks: 3 }), tes)).toBe('Sin datos desde hace 3 semanas');
  });
});

describe('values as a person says them', () => {
  it('formats each kind of measure', () => {
    expect(formatValue('percent', 80, t, 5)).toBe('80% (4 of 5)');
    expect(formatValue('percent', 67, t, 3)).toBe('67% (2 of 3)');
    expect(formatValue('rating', 4, t)).toBe('4 of 5');
    expect(formatValue('duration', 12.5, t)).toBe('12.5 min');
    expect(formatValue('yes_no', 1, t)).toBe('Yes');
    expect(formatValue('yes_no', 0, t)).toBe('No');
    expect(formatValue('count', 3, t)).toBe('3');
  });

  it('writes history changes in words', () => {
    expect(changeValue('target', 70, 'percent', t)).toBe('70%');
    expect(changeValue('status', 'changes_requested', 'percent', t)).toBe('Change asked for');
    expect(changeValue('settings', ['home', 'school'], 'count', t)).toBe('Home and School');
    expect(changeValue('baseline', null, 'count', t)).toBe('(empty)');
  });
});

const child = (myRole: Child['myRole'], abilities: Child['abilities']) => ({ myRole, abilities }) as Child;
const goal = (status: Goal['status'], settings: Goal['settings']) => ({ status, settings }) as Goal;

describe('who records where', () => {
  it('offers each person only their own setting, and only on goals that take measurements', () => {
    expect(ownSettings(child('guardian', []))).toEqual(['home']);
    expect(measureSettingsFor(child('teacher', ['plan.measure']), goal('agreed', ['therapy', 'school']))).toEqual(['school']);
    expect(measureSettingsFor(child('caregiver', ['plan.measure']), goal('agreed', ['therapy', 'school']))).toEqual([]);
    expect(measureSettingsFor(child('therapist', ['plan.measure']), goal('agreed', ['therapy', 'home']))).toEqual(['therapy', 'home']);
    expect(measureSettingsFor(child('therapist', ['plan.measure']), goal('met', ['therapy']))).toEqual([]);
    expect(measureSettingsFor(child('guardian', []), goal('agreed', ['home']))).toEqual([]);
  });

  it('offers only the status changes the server allows', () => {
    expect(statusChangesFor('agreed')).toEqual(['paused', 'met', 'discontinued']);
    expect(statusChangesFor('paused')).toEqual(['agreed', 'met', 'discontinued']);
    expect(statusChangesFor('proposed')).toEqual(['discontinued']);
    expect(statusChangesFor('met')).toEqual([]);
  });
});
