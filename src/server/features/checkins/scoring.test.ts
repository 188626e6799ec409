import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormItem } from '../../../contract/checkins.ts';
import { atWorstEnd, checkAnswers, checkDefinition, scoreOf, scoreRange } from './scoring.ts';

const L = (en: string) => ({ en, es: en });
const scale = (key: string, more: Partial<FormItem> = {}): FormItem => ({ key, kind: 'scale', text: L(key), low: L('low'), high: L('high'), ...more });
const form = (items: FormItem[], scoring: FormDefinition['scoring']): FormDefinition => ({ title: L('T'), intro: L('I'), respondent: 'family', privacy: 'team', items, scoring });

const items = [scale('a'), scale('b'), scale('c', { reversed: true }), { key: 'done', kind: 'yes_no', text: L('done') } as FormItem, { key: 'note', kind: 'text', text: L('note') } as FormItem];

describe('scoring a check-in', () => {
  it('sums and averages the chosen items, turning reversed ones round', () => {
    const answers = { a: 4, b: 2, c: 5, done: true, note: 'fine' };
    // c=5 reversed counts as 1.
    expect(scoreOf(form(items, { method: 'sum', items: ['a', 'b', 'c'], direction: 'higher_better', subscores: [] }), answers).score).toBe(7);
    expect(scoreOf(form(items, { method: 'mean', items: ['a', 'b', 'c'], direction: 'higher_better', subscores: [] }), answers).score).toBe(2.33);
    expect(scoreOf(form(items, { method: 'sum', items: ['a', 'done'], direction: 'higher_better', subscores: [] }), answers).score).toBe(5);
  });

  it('prorates a sum over missing answers, and gives no score under half answered', () => {
    const sum = form(items, { method: 'sum', items: ['a', 'b', 'c', 'done'], direction: 'higher_better', subscores: [] });
    // Two of four answered (4 and 2): mean 3, times four items.
    expect(scoreOf(sum, { a: 4, b: 2 }).score).toBe(12);
    expect(scoreOf(sum, { a: 4, b: null }).score).toBeNull();
    expect(scoreOf(sum, {}).score).toBeNull();
    const mean = form(items, { method: 'mean', items: ['a', 'b', 'c'], direction: 'higher_better', subscores: [] });
    expect(scoreOf(mean, { a: 5, c: 1 }).score).toBe(5);
    expect(scoreOf(mean, { a: 5 }).score).toBeNull();
  });

  it('scores each sub-score on its own items, leaving out those with too few answers', () => {
    const def = form(items, {
      method: 'mean', items: ['a', 'b', 'c'], direction: 'higher_better',
      subscores: [{ key: 'first', label: L('First'), items: ['a', 'b'] }, { key: 'last', label: L('Last'), items: ['c'] }],
    });
    expect(scoreOf(def, { a: 5, b: 3, c: 2 }).subscores).toEqual({ first: 4, last: 4 });
    expect(scoreOf(def, { a: 5 }).subscores).toEqual({ first: 5 });
  });

  it('knows the range and the worst end, either way round', () => {
    const better = form([...items.slice(0, 3), scale('alarm', { alertAtWorst: true })], { method: 'mean', items: ['a', 'b', 'c'], direction: 'higher_better', subscores: [] });
    expect(scoreRange(better)).toEqual({ min: 1, max: 5 });
    expect(atWorstEnd(better, { a: 1, b: 1, c: 5 })).toBe(true);
    expect(atWorstEnd(better, { a: 3, b: 3, c: 3 })).toBe(false);
    expect(atWorstEnd(better, { a: 3, b: 3, c: 3, alarm: 1 })).toBe(true);
    const worse = form(items, { method: 'sum', items: ['a', 'b'], direction: 'higher_worse', subscores: [] });
    expect(scoreRange(worse)).toEqual({ min: 2, max: 10 });
    expect(atWorstEnd(worse, { a: 5, b: 5 })).toBe(true);
    expect(atWorstEnd(worse, { a: 1, b: 1 })).toBe(false);
  });

  it('refuses answers and forms that do not fit, naming the field', () => {
    const def = form(items, null);
    expect(() => checkAnswers(def, { a: 0 })).toThrow(/answers\.a/);
    expect(() => checkAnswers(def, { done: 'yes' })).toThrow(/answers\.done/);
    expect(() => checkAnswers(def, { other: 1 })).toThrow(/answers\.other/);
    expect(() => checkAnswers(def, { a: 3, done: false, note: 'ok', b: null })).not.toThrow();
    expect(() => checkDefinition(form([scale('a'), scale('a')], null))).toThrow(/^items\.1\.key/);
    expect(() => checkDefinition(form(items, { method: 'sum', items: ['note'], direction: 'higher_better', subscores: [] }))).toThrow(/^scoring\.items\.0/);
  });
});
