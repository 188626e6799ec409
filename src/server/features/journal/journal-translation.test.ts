import { describe, expect, it } from 'vitest';
import { addMember, buildSignedInTeam, buildUser, signIn, type TestContext, withTranslator } from '../../../../test/support.ts';
import { ARABIC_PHRASES, type TranslateStandIn } from '../../../../test/translate-stand-in.ts';

/**
 * A mother writes the journal in Arabic; the English-speaking therapist and a father in another
 * household who reads Spanish each read its free-text words in their own language, machine-
 * translated through the LibreTranslate stand-in, cached per wording, translated again after a
 * correction, and a long page translated within one read's budget.
 */

let t: TestContext;
let standIn: TranslateStandIn;
withTranslator((made) => ({ t, standIn } = made));

const [BEFORE, BEHAVIOUR, AFTER, WIN] = Object.keys(ARABIC_PHRASES) as [string, string, string, string];
const en = (ar: string) => ARABIC_PHRASES[ar];
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(t.clock());
const callsFor = (q: string) => standIn.calls.filter((c) => c.path === '/translate' && c.q === q);

/** A team whose guardian writes in Arabic, with a father in another household who reads Spanish. */
async function arabicFamily() {
  const f = await buildSignedInTeam(t);
  await t.db.updateTable('app_user').set({ locale: 'ar' }).where('id', '=', f.guardian.id).execute();
  await f.gc.refreshCsrf();
  const dad = await buildUser(t.db, 'Diego Padre', 'es');
  await addMember(t.db, f.child, dad, 'guardian', { household: 'Dad' });
  const dc = await signIn(t.app, dad.email);
  const journal = `/api/children/${f.child.id}/journal`;
  const entry = await f.gc.post(journal, {
    content: { kind: 'behaviour', before: BEFORE, behaviour: BEHAVIOUR, after: AFTER, intensity: 3, minutes: 5, place: 'home' }, date: today(),
  });
  expect(entry.status, JSON.stringify(entry.body)).toBe(201);
  return { ...f, dad, dc, journal, entryId: entry.body.id as string };
}

describe('a journal entry read in another language', () => {
  it('reaches the therapist in English and the other household in Spanish, by machine; the mother reads her own words', async () => {
    const f = await arabicFamily();
    const theirs = await f.tc.get(f.journal);
    expect(theirs.status).toBe(200);
    expect(theirs.body.entries[0]).toMatchObject({
      content: { before: BEFORE, behaviour: BEHAVIOUR, after: AFTER },
      translation: { language: 'ar', unavailable: false, translated: { language: 'en', by: 'machine', fields: { before: en(BEFORE), behaviour: en(BEHAVIOUR), after: en(AFTER) } } },
    });
    const dads = await f.dc.get(f.journal);
    expect(dads.body.entries[0].translation).toMatchObject({ language: 'ar', translated: { language: 'es', by: 'machine', fields: { behaviour: `[es] ${BEHAVIOUR}` } } });
    const mine = await f.gc.get(f.journal);
    expect(mine.body.entries[0].translation).toEqual({ language: 'ar', translated: null, unavailable: false });

    // Cached per wording and language: the therapist's "since last session" page and a second read ask nothing more.
    const since = await f.tc.get(`/api/children/${f.child.id}/since`);
    expect(since.status).toBe(200);
    expect(since.body.entries[0].translation.translated.fields.behaviour).toBe(en(BEHAVIOUR));
    await f.tc.get(f.journal);
    expect(callsFor(BEHAVIOUR).map((c) => c.target).sort()).toEqual(['en', 'es']);
  });

  it('is translated again after the mother corrects it, only the new wording reaching the service', async () => {
    const f = await arabicFamily();
    await f.tc.get(f.journal);
    const fixed = await f.gc.put(`${f.journal}/${f.entryId}`, {
      content: { kind: 'behaviour', before: BEFORE, behaviour: BEHAVIOUR, after: WIN, intensity: 3, minutes: 5, place: 'home' }, date: today(), time: null, visibility: 'team',
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const read = await f.tc.get(f.journal);
    expect(read.body.entries[0].translation.translated.fields).toEqual({ before: en(BEFORE), behaviour: en(BEHAVIOUR), after: en(WIN) });
    expect(callsFor(WIN).filter((c) => c.target === 'en')).toHaveLength(1);
  });

  it('translates a page of 30 entries in one read, in a few requests to the service, not one per entry', async () => {
    const f = await arabicFamily();
    for (let i = 0; i < 29; i++) {
      const res = await f.gc.post(f.journal, { content: { kind: 'win', text: `${WIN} (${i + 1})` }, date: today() });
      expect(res.status).toBe(201);
    }
    const before = new Set(standIn.calls.map((c) => c.request));
    const first = await f.tc.get(f.journal);
    expect(first.body.entries).toHaveLength(30);
    const requests = new Set(standIn.calls.map((c) => c.request).filter((r) => !before.has(r)));
    expect(requests.size).toBeGreaterThan(0);
    expect(requests.size).toBeLessThanOrEqual(4);
    const last = await f.tc.get(f.journal);
    expect(last.body.entries.every((e: { translation?: { translated: unknown } }) => e.translation?.translated)).toBe(true);
  });

  it('shows the words as written with a note while the service is down', async () => {
    const f = await arabicFamily();
    await standIn.setMode('error');
    const down = await f.tc.get(f.journal);
    expect(down.body.entries[0].translation).toEqual({ language: 'ar', translated: null, unavailable: true });
  });

  it('has no hand-correction: the translations route refuses a journal entry, naming the field', async () => {
    const f = await arabicFamily();
    const res = await f.tc.put(`/api/children/${f.child.id}/translations/journal_entry/${f.entryId}/en`, { fields: { behaviour: 'x' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain('subjectType');
  });
});
