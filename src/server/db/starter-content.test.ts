import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../contract/common.ts';
import { buildSignedInTeam, createTestContext, type TestContext } from '../../../test/support.ts';
import { starterCatalogue, syncStarterContent, withFormLanguage } from './starter-content.ts';

/**
 * CareTeam's starter strategies, articles and check-in forms reach every language through their
 * catalogues: each catalogue covers every starter row with the English structure, the database
 * holds each language's words after start, a clinic's own rows are never touched, and what a
 * reader gets through the API is in their language.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const OTHERS = LOCALES.filter((l) => l !== 'en' && l !== 'es');

/** The shape of some words: arrays keep their length, objects their keys; strings are just strings. */
const shape = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(shape) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;

describe('starter content in every language', () => {
  it('has a catalogue per language covering every starter row with the English structure', async () => {
    const strategies = await t.ownerDb.selectFrom('strategy').select(['starter_key', 'content']).where('clinic_id', 'is', null).execute();
    const resources = await t.ownerDb.selectFrom('resource').select(['starter_key', 'content']).where('clinic_id', 'is', null).execute();
    expect(strategies.length).toBeGreaterThan(20);
    for (const locale of OTHERS) {
      const c = starterCatalogue(locale);
      for (const s of strategies) expect(shape(c.strategies[s.starter_key ?? '']), `${locale} ${s.starter_key}`).toEqual(shape(s.content.en));
      for (const r of resources) expect(shape(c.resources[r.starter_key ?? '']), `${locale} ${r.starter_key}`).toEqual(shape(r.content.en));
      expect(Object.keys(c.strategies).sort()).toEqual(strategies.map((s) => s.starter_key).sort());
    }
  });

  it('holds each language’s words after start, and a second sync changes nothing', async () => {
    const row = await t.ownerDb.selectFrom('strategy').select('content').where('starter_key', '=', 'belly-breathing').executeTakeFirstOrThrow();
    for (const locale of OTHERS) expect(row.content[locale]).toEqual(starterCatalogue(locale).strategies['belly-breathing']);
    const form = await t.ownerDb.selectFrom('checkin_form').select('definition').where('starter_key', '=', 'weekly_home').executeTakeFirstOrThrow();
    const def = form.definition as { title: Record<string, string>; items: { text: Record<string, string> }[] };
    expect(def.title.ar).toBe((starterCatalogue('ar').checkinForms.weekly_home as { title: string }).title);
    expect(def.items[0]?.text.zh).toBe((starterCatalogue('zh').checkinForms.weekly_home as { items: { text: string }[] }).items[0]?.text);
    expect(def.title.en).toBe('Weekly home check-in');
    expect(await syncStarterContent(t.ownerDb as never)).toBe(0);
  });

  it('never touches a clinic’s own strategy, and serves each reader the starter words in their language', async () => {
    const f = await buildSignedInTeam(t);
    const own = await f.tc.post('/api/strategies', { settings: ['home'], content: { en: { name: 'Our quiet corner', purpose: 'A calm place', steps: ['Go there'], tips: [] } } });
    expect(own.status).toBe(201);
    await syncStarterContent(t.ownerDb as never);
    const mine = await t.ownerDb.selectFrom('strategy').select('content').where('id', '=', own.body.id).executeTakeFirstOrThrow();
    expect(Object.keys(mine.content)).toEqual(['en']);
    const library = await f.tc.get('/api/strategies');
    expect(library.status).toBe(200);
    const breathing = library.body.strategies.find((s: { starterKey?: string; content: Record<string, { name: string }> }) => s.content.en?.name === 'Belly breathing');
    expect(breathing.content.vi.name).toBe(starterCatalogue('vi').strategies['belly-breathing']?.name);
  });

  it('adds a language to a form’s texts where the catalogue has a translation, never English passed off as one', () => {
    const def = { title: { en: 'Hello', es: 'Hola' }, items: [{ key: 'a', text: { en: 'How?', es: '¿Cómo?' } }, { key: 'b', text: { en: 'Why?', es: '¿Por qué?' } }], scoring: null };
    const words = { title: 'Bonjour', items: [{ key: 'a', text: 'Comment ?' }, { key: 'b', text: 'Why?' }], scoring: null };
    expect(withFormLanguage(def, words, 'fr')).toEqual({
      title: { en: 'Hello', es: 'Hola', fr: 'Bonjour' }, items: [{ key: 'a', text: { en: 'How?', es: '¿Cómo?', fr: 'Comment ?' } }, { key: 'b', text: { en: 'Why?', es: '¿Por qué?' } }], scoring: null,
    });
  });
});
