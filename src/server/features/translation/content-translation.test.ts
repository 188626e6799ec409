import { describe, expect, it } from 'vitest';
import { buildFamily, buildTeamReadingIn, freshClient, signIn, type TestContext, withTranslator } from '../../../../test/support.ts';
import { MORE_PHRASES, type TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { PAUSE_AFTER_FAILURE_MS } from './translation.service.ts';

/**
 * Goals and practice items reach each reader in their language, through the plan and practice
 * routes, with a LibreTranslate stand-in on loopback; a therapist on the team corrects a
 * translation by hand, and the family sees the correction instead of the machine's.
 */

let t: TestContext;
let standIn: TranslateStandIn;
withTranslator((made) => ({ t, standIn } = made));

const GOAL = {
  area: 'communication', statement: 'Ask for help with two words at snack time.', measure: 'count', unit: 'requests',
  baseline: 1, target: 5, settings: ['therapy', 'home'], priority: 1, whyItMatters: 'So he can tell us what he needs.',
};
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const PRACTICE = {
  title: 'Snack-time requests',
  steps: ['Hold the snack where he can see it.', 'Wait five seconds for him to ask.'],
  schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, minutes: 10, watchFor: 'Pointing instead of words.', startDate: today(),
};
const ar = (en: string) => MORE_PHRASES[en]?.ar;
const callsFor = (q: string, target: string) => standIn.calls.filter((c) => c.path === '/translate' && c.q === q && c.target === target);

/** A team whose guardian reads in Arabic, with one goal and one practice item written in English by the therapist. */
async function arabicTeam() {
  const f = await buildTeamReadingIn(t, 'ar');
  const goals = `/api/children/${f.child.id}/goals`;
  const practice = `/api/children/${f.child.id}/practice`;
  const goal = (await f.tc.post(goals, GOAL)).body as { id: string; translation?: unknown };
  const item = (await f.tc.post(practice, PRACTICE)).body as { id: string };
  const editor = (type: string, id: string, language = 'ar') => `/api/children/${f.child.id}/translations/${type}/${id}/${language}`;
  return { ...f, goals, practice, goal, item, editor };
}

describe('a goal and a practice item read in another language', () => {
  it('reach the Arabic parent machine-translated, cached per wording; the English therapist reads them as written', async () => {
    const f = await arabicTeam();
    // The therapist writes and reads in English: nothing to translate.
    expect(f.goal.translation).toEqual({ language: 'en', translated: null, unavailable: false });

    const list = await f.gc.get(f.goals);
    expect(list.status).toBe(200);
    expect(list.body.goals[0]).toMatchObject({
      statement: GOAL.statement,
      translation: { language: 'en', unavailable: false, translated: { language: 'ar', by: 'machine', fields: { statement: ar(GOAL.statement), whyItMatters: ar(GOAL.whyItMatters) } } },
    });
    const practice = await f.gc.get(f.practice);
    expect(practice.body.items[0].translation.translated).toEqual({
      language: 'ar', by: 'machine',
      fields: { title: ar(PRACTICE.title), 'steps.0': ar('Hold the snack where he can see it.'), 'steps.1': ar('Wait five seconds for him to ask.'), watchFor: ar(PRACTICE.watchFor) },
    });
    // The Today page carries the same translation, from the cache: one call per text in all.
    const todayPage = await f.gc.get('/api/today');
    expect(todayPage.body.children[0].items[0].translation.translated.fields.title).toBe(ar(PRACTICE.title));
    await f.gc.get(f.goals);
    expect(callsFor(GOAL.statement, 'ar')).toHaveLength(1);
    expect(callsFor(PRACTICE.title, 'ar')).toHaveLength(1);
    // Counted for the clinic like messages.
    const usage = await t.db.selectFrom('translation_usage').select('characters').where('clinic_id', '=', f.child.clinicId).executeTakeFirstOrThrow();
    expect(Number(usage.characters)).toBeGreaterThan(GOAL.statement.length);
  });

  it('translates a whole plan in one read each: 10 goals, and 10 practice items of 8 steps, in a few requests', async () => {
    const f = await buildTeamReadingIn(t, 'ar');
    const goals = `/api/children/${f.child.id}/goals`;
    const practice = `/api/children/${f.child.id}/practice`;
    for (let i = 1; i <= 10; i++) {
      expect((await f.tc.post(goals, { ...GOAL, statement: `Goal ${i}: ask for help with two words.` })).status).toBe(201);
      const steps = Array.from({ length: 8 }, (_, s) => `Item ${i}, step ${s + 1}: wait for him to ask.`);
      expect((await f.tc.post(practice, { ...PRACTICE, title: `Practice ${i}`, steps })).status).toBe(201);
    }
    const before = new Set(standIn.calls.map((c) => c.request));
    const plan = await f.gc.get(goals);
    expect(plan.body.goals).toHaveLength(10);
    for (const g of plan.body.goals) expect(g.translation).toMatchObject({ unavailable: false, translated: { language: 'ar', by: 'machine' } });
    const items = await f.gc.get(practice);
    expect(items.body.items).toHaveLength(10);
    for (const item of items.body.items) {
      expect(item.translation).toMatchObject({ unavailable: false, translated: { language: 'ar', by: 'machine' } });
      expect(Object.keys(item.translation.translated.fields)).toHaveLength(10);
    }
    // 120 texts went in a handful of requests, not one request each.
    const requests = new Set(standIn.calls.map((c) => c.request).filter((r) => !before.has(r)));
    expect(requests.size).toBeLessThanOrEqual(4);
  });

  it('is shown as written with a note while the service is down, and translated on the next read once it is back', async () => {
    const f = await arabicTeam();
    await standIn.setMode('error');
    const down = await f.gc.get(f.goals);
    expect(down.body.goals[0].translation).toEqual({ language: 'en', translated: null, unavailable: true });
    await standIn.setMode('up');
    t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
    const back = await f.gc.get(f.goals);
    expect(back.body.goals[0].translation.translated.fields.statement).toBe(ar(GOAL.statement));
  });
});

describe('a clinician’s own translation', () => {
  it('shows the machine draft, is saved and audited, wins over the machine’s and is named; an edit of the goal brings the machine back and marks it outdated', async () => {
    const f = await arabicTeam();
    const draft = await f.tc.get(f.editor('goal', f.goal.id));
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      source: { language: 'en', fields: { statement: GOAL.statement, whyItMatters: GOAL.whyItMatters } },
      machine: { statement: ar(GOAL.statement), whyItMatters: ar(GOAL.whyItMatters) }, human: null,
    });

    const fields = { statement: 'يطلب المساعدة بكلمتين عند تناول الوجبة الخفيفة.', whyItMatters: ar(GOAL.whyItMatters) };
    const saved = await f.tc.put(f.editor('goal', f.goal.id), { fields });
    expect(saved.status).toBe(200);
    expect(saved.body.human).toMatchObject({ fields, byName: 'Theo Therapist', outdated: false });
    // The same words again (a retry) change nothing and write no second audit row.
    expect((await f.tc.put(f.editor('goal', f.goal.id), { fields })).status).toBe(200);
    const audits = await t.db.selectFrom('audit_event').select(['action', 'details']).where('action', '=', 'translation.correct').where('subject_id', '=', f.goal.id).execute();
    expect(audits).toEqual([{ action: 'translation.correct', details: { language: 'ar', fields: ['statement', 'whyItMatters'] } }]);

    const seen = await f.gc.get(f.goals);
    expect(seen.body.goals[0].translation.translated).toEqual({ language: 'ar', by: 'human', byName: 'Theo Therapist', fields });

    // The therapist rewords the goal: the family gets the machine's translation of the new words.
    const reworded = 'Wait five seconds for him to ask.';
    expect((await f.tc.patch(`${f.goals}/${f.goal.id}`, { statement: reworded })).status).toBe(200);
    const after = await f.gc.get(f.goals);
    expect(after.body.goals[0].translation).toMatchObject({ humanOutdated: true, translated: { by: 'machine', fields: { statement: ar(reworded) } } });
    const editor = await f.tc.get(f.editor('goal', f.goal.id));
    expect(editor.body.human).toMatchObject({ fields, outdated: true });
    expect(editor.body.machine.statement).toBe(ar(reworded));
  });

  it('works for a practice item’s steps', async () => {
    const f = await arabicTeam();
    const draft = await f.tc.get(f.editor('practice_item', f.item.id));
    const fields = { ...draft.body.machine, 'steps.1': 'انتظر خمس ثوانٍ.' };
    expect((await f.tc.put(f.editor('practice_item', f.item.id), { fields })).status).toBe(200);
    const seen = await f.gc.get(f.practice);
    expect(seen.body.items[0].translation.translated).toMatchObject({ by: 'human', fields: { 'steps.1': 'انتظر خمس ثوانٍ.' } });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const f = await arabicTeam();
    const unknown = await f.tc.put(f.editor('goal', f.goal.id), { fields: { statement: 'x', whyItMatters: 'y', measure: 'z' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toEqual(['fields', 'measure']);
    const empty = await f.tc.put(f.editor('goal', f.goal.id), { fields: { statement: 'x' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toEqual(['fields', 'whyItMatters']);
    const language = await f.tc.put(f.editor('goal', f.goal.id, 'de'), { fields: { statement: 'x', whyItMatters: 'y' } });
    expect(language.status).toBe(400);
    expect(JSON.stringify(language.body.error.details)).toContain('language');
    const kind = await f.tc.put(f.editor('milestone', f.goal.id), { fields: { statement: 'x' } });
    expect(kind.status).toBe(400);
    expect(await t.db.selectFrom('content_translation').select('id').where('provider', '=', 'human').where('subject_id', '=', f.goal.id).execute()).toEqual([]);
  });

  it('needs a session (401), is not for the family, and another child’s goal does not exist (404), the data unchanged', async () => {
    const f = await arabicTeam();
    const body = { fields: { statement: 'x', whyItMatters: 'y' } };
    expect((await freshClient(t.app).put(f.editor('goal', f.goal.id), body)).status).toBe(401);
    expect((await freshClient(t.app).get(f.editor('goal', f.goal.id))).status).toBe(401);
    expect((await f.gc.put(f.editor('goal', f.goal.id), body)).status).toBe(404);

    const other = await buildFamily(t.db);
    const stranger = await signIn(t.app, other.therapist.email);
    const before = await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.goal.id).execute();
    expect((await stranger.put(f.editor('goal', f.goal.id), body)).status).toBe(404);
    expect((await stranger.get(f.editor('goal', f.goal.id))).status).toBe(404);
    // Their own child's path with this goal's id: still not found.
    const crossed = `/api/children/${other.child.id}/translations/goal/${f.goal.id}/ar`;
    expect((await stranger.put(crossed, body)).status).toBe(404);
    expect(await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.goal.id).execute()).toEqual(before);
  });
});
