import { describe, expect, it } from 'vitest';
import { buildClinic, buildFamily, buildTeamReadingIn, buildTherapist, freshClient, signIn, type TestContext, withTranslator } from '../../../../test/support.ts';
import { type TranslateStandIn } from '../../../../test/translate-stand-in.ts';

/**
 * A strategy the clinic wrote (in English) reaches a parent who reads Arabic translated by the
 * LibreTranslate stand-in, wherever the parent reads it; CareTeam's starter strategies, already in
 * every language, are never sent to the machine. A clinician corrects the translation by hand
 * through the clinic-wide translations route, and the correction wins until the strategy changes.
 */

let t: TestContext;
let standIn: TranslateStandIn;
withTranslator((made) => ({ t, standIn } = made));

const OWN = {
  // Words the stand-in has no phrase for: it answers them marked, as "[ar] …".
  name: 'Dinosaur countdown at the door', purpose: 'Counting down before a change.', steps: ['Show the dinosaur.', 'Count down from five, slowly.'], tips: ['Let him hold the dinosaur.'],
};
const machine = (text: string) => `[ar] ${text}`;
const HUMAN = {
  name: 'العد التنازلي مع الديناصور', purpose: 'العد التنازلي قبل أي تغيير.', 'steps.0': 'أظهر الديناصور.', 'steps.1': 'عدّوا معاً من خمسة إلى واحد.', 'tips.0': 'دعه يمسكه.',
};

/** A team whose guardian reads Arabic, with the clinic's own strategy and a starter one attached for home. */
async function team() {
  const f = await buildTeamReadingIn(t, 'ar');
  const created = await f.tc.post('/api/strategies', { settings: ['home'], content: { en: OWN } });
  expect(created.status).toBe(201);
  const own = created.body.id as string;
  const library = await f.tc.get('/api/strategies?q=First');
  const starter = (library.body.strategies as { id: string; starter: boolean }[]).find((s) => s.starter)?.id ?? '';
  const goal = await f.tc.post(`/api/children/${f.child.id}/goals`, { area: 'communication', statement: 'Asks for help with words', measure: 'count', target: 5, settings: ['home'] });
  const url = `/api/children/${f.child.id}/strategies`;
  for (const strategyId of [own, starter]) expect((await f.tc.post(url, { strategyId, goalIds: [goal.body.id], settings: ['home'] })).status).toBe(201);
  const editor = (id = own, language = 'ar', type = 'strategy') => `/api/translations/${type}/${id}/${language}`;
  return { ...f, own, starter, url, editor };
}

type Listed = { strategy: { id: string; translation?: { translated: { by: string; byName?: string; fields: Record<string, string> } | null; humanOutdated?: boolean } } };
const strategyIn = (body: { strategies: Listed[] }, id: string) => body.strategies.find((s) => s.strategy.id === id)?.strategy;

describe('a clinic’s own strategy read in another language', () => {
  it('reaches the Arabic parent machine-translated, cached; the starter strategy and the English therapist need no machine', async () => {
    const f = await team();
    const list = await f.gc.get(f.url);
    expect(list.status).toBe(200);
    expect(strategyIn(list.body, f.own)?.translation).toEqual({
      language: 'en', unavailable: false,
      translated: {
        language: 'ar', by: 'machine',
        fields: { name: machine(OWN.name), purpose: machine(OWN.purpose), 'steps.0': machine(OWN.steps[0] ?? ''), 'steps.1': machine(OWN.steps[1] ?? ''), 'tips.0': machine(OWN.tips[0] ?? '') },
      },
    });
    expect(strategyIn(list.body, f.starter)?.translation).toBeUndefined();
    // The Today page reads the same translation from the cache.
    const today = await f.gc.get('/api/today/strategies');
    expect(today.body.children[0].strategies.map((s: Listed) => s.strategy.translation?.translated?.fields.name ?? null)).toContain(machine(OWN.name));
    expect(standIn.calls.filter((c) => c.q === OWN.name && c.target === 'ar')).toHaveLength(1);
    const therapist = await f.tc.get(f.url);
    expect(strategyIn(therapist.body, f.own)?.translation).toBeUndefined();
  });
});

describe('a clinician’s own translation of a clinic strategy', () => {
  it('starts from the machine’s draft, is saved and audited once, wins and is named; an edit of the strategy brings the machine back and marks it outdated', async () => {
    const f = await team();
    const draft = await f.tc.get(f.editor());
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ subjectType: 'strategy', source: { language: 'en', fields: { name: OWN.name } }, machine: { name: machine(OWN.name) }, human: null });

    const saved = await f.tc.put(f.editor(), { fields: HUMAN });
    expect(saved.status).toBe(200);
    expect(saved.body.human).toMatchObject({ fields: HUMAN, byName: 'Theo Therapist', outdated: false });
    expect((await f.tc.put(f.editor(), { fields: HUMAN })).status).toBe(200);
    const audits = await t.db.selectFrom('audit_event').select(['action', 'clinic_id', 'child_id', 'details']).where('subject_id', '=', f.own).where('action', 'like', 'translation.%').orderBy('created_at').execute();
    expect(audits.filter((a) => a.action === 'translation.correct')).toEqual([
      { action: 'translation.correct', clinic_id: f.child.clinicId, child_id: null, details: { language: 'ar', fields: Object.keys(HUMAN).sort() } },
    ]);
    expect(audits.some((a) => a.action === 'translation.view')).toBe(true);

    const seen = await f.gc.get(f.url);
    expect(strategyIn(seen.body, f.own)?.translation?.translated).toEqual({ language: 'ar', by: 'human', byName: 'Theo Therapist', fields: HUMAN });

    const edited = await f.tc.patch(`/api/strategies/${f.own}`, { content: { en: { ...OWN, purpose: 'Counting down before any change.' } } });
    expect(edited.status).toBe(200);
    const after = await f.gc.get(f.url);
    expect(strategyIn(after.body, f.own)?.translation).toMatchObject({ humanOutdated: true, translated: { by: 'machine', fields: { purpose: machine('Counting down before any change.') } } });
    expect((await f.tc.get(f.editor())).body.human).toMatchObject({ fields: HUMAN, outdated: true });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const f = await team();
    const unknown = await f.tc.put(f.editor(), { fields: { ...HUMAN, 'steps.5': 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toEqual(['fields', 'steps', '5']);
    const empty = await f.tc.put(f.editor(), { fields: { ...HUMAN, purpose: ' ' } });
    expect(empty.body.error.details[0].path).toEqual(['fields', 'purpose']);
    // Written in English by the clinic: there is nothing to translate into English.
    const written = await f.tc.put(f.editor(f.own, 'en'), { fields: { name: 'x' } });
    expect(written.status).toBe(400);
    expect(written.body.error.details[0].path).toEqual(['language']);
    const language = await f.tc.put(f.editor(f.own, 'de'), { fields: HUMAN });
    expect(language.status).toBe(400);
    expect(JSON.stringify(language.body.error.details)).toContain('language');
    const kind = await f.tc.put(f.editor(f.own, 'ar', 'goal'), { fields: HUMAN });
    expect(kind.status).toBe(400);
    expect(JSON.stringify(kind.body.error.details)).toContain('subjectType');
    expect(await t.db.selectFrom('content_translation').select('id').where('provider', '=', 'human').where('subject_id', '=', f.own).execute()).toEqual([]);
  });

  it('needs a session (401); another clinic’s strategy, a starter one and the family get 404, the data unchanged', async () => {
    const f = await team();
    expect((await freshClient(t.app).get(f.editor())).status).toBe(401);
    expect((await freshClient(t.app).put(f.editor(), { fields: HUMAN })).status).toBe(401);
    const before = await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.own).execute();
    expect((await f.gc.put(f.editor(), { fields: HUMAN })).status).toBe(404);
    expect((await f.gc.get(f.editor())).status).toBe(404);
    const other = await buildFamily(t.db);
    const stranger = await signIn(t.app, other.therapist.email);
    expect((await stranger.get(f.editor())).status).toBe(404);
    expect((await stranger.put(f.editor(), { fields: HUMAN })).status).toBe(404);
    expect((await f.tc.put(f.editor(f.starter), { fields: HUMAN })).status).toBe(404);
    expect(await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.own).execute()).toEqual(before);
  });

  it('is reached by a clinician of two clinics in the clinic the strategy belongs to; one of the other clinic only gets 404', async () => {
    const f = await team();
    // She joined the second clinic first: it comes first among her clinics.
    const second = await buildClinic(t.db, 'Second Clinic');
    const both = await buildTherapist(t.db, second.id, 'Bea Both');
    await t.db.insertInto('clinic_member').values({ clinic_id: f.child.clinicId, user_id: both.id, role: 'therapist' }).execute();
    const bea = await signIn(t.app, both.email);
    const draft = await bea.get(f.editor());
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ subjectType: 'strategy', source: { language: 'en', fields: { name: OWN.name } } });
    const saved = await bea.put(f.editor(), { fields: HUMAN });
    expect(saved.status).toBe(200);
    expect(saved.body.human).toMatchObject({ fields: HUMAN, byName: 'Bea Both' });

    const before = await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.own).execute();
    const olga = await signIn(t.app, (await buildTherapist(t.db, second.id, 'Olga Other')).email);
    expect((await olga.get(f.editor())).status).toBe(404);
    expect((await olga.put(f.editor(), { fields: { name: 'X' } })).status).toBe(404);
    expect(await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.own).execute()).toEqual(before);
  });
});

describe('the library searched in the reader’s language', () => {
  it('finds a French-only strategy by its French name, and by its name as a Spanish reader reads it (machine or clinician)', async () => {
    const f = await buildTeamReadingIn(t, 'ar');
    const fr = { name: 'Compte à rebours du dinosaure', purpose: 'Compter à rebours avant un changement.', steps: ['Montrez-lui le dinosaure.'], tips: [] };
    const created = await f.tc.post('/api/strategies', { settings: ['home'], content: { fr } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const search = async (q: string) => ((await f.tc.get(`/api/strategies?q=${encodeURIComponent(q)}`)).body.strategies as { id: string }[]).map((s) => s.id);
    expect(await search('rebours')).toEqual([id]);

    // The therapist reads Spanish: the library shows it translated, and finds it by those words.
    await t.db.updateTable('app_user').set({ locale: 'es' }).where('id', '=', f.therapist.id).execute();
    const listed = await f.tc.get('/api/strategies');
    expect((listed.body.strategies as { id: string; translation?: { translated: { fields: Record<string, string> } | null } }[]).find((s) => s.id === id)?.translation?.translated?.fields.name)
      .toBe(`[es] ${fr.name}`);
    expect(await search(`[es] ${fr.name}`)).toEqual([id]);

    const es = { name: 'Cuenta atrás del dinosaurio', purpose: 'Contar hacia atrás antes de un cambio.', 'steps.0': 'Muéstrele el dinosaurio.' };
    expect((await f.tc.put(`/api/translations/strategy/${id}/es`, { fields: es })).status).toBe(200);
    expect(await search('atrás del dino')).toEqual([id]);
    // Another reader's translation is not this reader's name for it.
    await t.db.updateTable('app_user').set({ locale: 'en' }).where('id', '=', f.therapist.id).execute();
    expect(await search('atrás del dino')).toEqual([]);
    expect(await search('rebours')).toEqual([id]);
  });
});
