import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildFamily, buildUser, clientFrom, createTestContext, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * The care plan over HTTP on a real database: a goal is drafted, questioned, revised and agreed;
 * the team measures it where they are; the history keeps every step and cannot be rewritten.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

/** A date some days back, safely in the past wherever the child lives. */
const daysAgo = (n: number) => new Date(Date.now() - (n + 1) * 86_400_000).toISOString().slice(0, 10);

const WORDS = {
  area: 'communication', statement: 'Tells us what he wants with two words', measure: 'count', unit: 'two-word requests in 10 minutes of play',
  baseline: 1, target: 6, settings: ['therapy', 'home'], priority: 1, whyItMatters: 'So he can ask for things without a meltdown.',
};

let ip = 0;
async function family() {
  const f = await buildFamily(t.db);
  const caregiver = await buildUser(t.db, 'Rosa Grandma');
  await addMember(t.db, f.child, caregiver, 'caregiver');
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  // Each person signs in from their own address, as in life: sign-in is rate-limited per address.
  const login = (email: string) => clientFrom(t.app, `10.1.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`).login(email);
  return {
    ...f,
    tc: await login(f.therapist.email),
    gc: await login(f.guardian.email),
    cc: await login(caregiver.email),
    teach: await login(teacher.email),
    url: `/api/children/${f.child.id}/goals`,
  };
}

async function newGoal(c: TestClient, url: string, body: object = WORDS) {
  const res = await c.post(url, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; status: string };
}

const audits = (action: string, subjectId: string) =>
  t.db.selectFrom('audit_event').select(['action', 'actor_id']).where('action', '=', action).where('subject_id', '=', subjectId).execute();

describe('a goal agreed with the family', () => {
  it('is drafted, questioned, revised and agreed to one exact version, and the history keeps every step', async () => {
    const f = await family();
    const goal = await newGoal(f.tc, f.url);
    expect(goal).toMatchObject({ status: 'proposed', version: 1, agreement: null, trend: { kind: 'no_data' }, attention: ['awaiting_agreement'] });

    const asked = await f.gc.post(`${f.url}/${goal.id}/response`, { decision: 'request_change', version: 1, comment: 'He is not ready for 6; can we start with 4?' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.status).toBe('changes_requested');

    const revised = await f.tc.patch(`${f.url}/${goal.id}`, { target: 4 });
    expect(revised.body).toMatchObject({ status: 'proposed', version: 2, target: 4 });

    // Agreeing to the version read before the revision is refused: they must see what changed.
    const stale = await f.gc.post(`${f.url}/${goal.id}/response`, { decision: 'agree', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0].path).toEqual(['version']);

    const agreed = await f.gc.post(`${f.url}/${goal.id}/response`, { decision: 'agree', version: 2, comment: 'Yes, let’s try.' });
    expect(agreed.status).toBe(200);
    expect(agreed.body).toMatchObject({ status: 'agreed', agreement: { by: 'Gina Guardian', version: 2 } });

    // The family's priority is theirs to change, and does not undo the agreement.
    const priority = await f.gc.put(`${f.url}/${goal.id}/priority`, { priority: 2, whyItMatters: 'Fewer meltdowns at the shop.' });
    expect(priority.body).toMatchObject({ status: 'agreed', priority: 2, whyItMatters: 'Fewer meltdowns at the shop.' });
    // Changing what the goal is about sends it back for agreement.
    const reworded = await f.tc.patch(`${f.url}/${goal.id}`, { statement: 'Asks for what he wants with two words' });
    expect(reworded.body).toMatchObject({ status: 'proposed', version: 3, agreement: { version: 2 } });

    const history = await f.gc.get(`${f.url}/${goal.id}/history`);
    expect(history.status).toBe(200);
    const events = history.body.events as { kind: string; version: number; by: { name: string; role: string }; comment: string; changes: Record<string, { before: unknown; after: unknown }> }[];
    expect(events.map((e) => [e.kind, e.version])).toEqual([['created', 1], ['change_requested', 1], ['revised', 2], ['agreed', 2], ['priority_changed', 2], ['revised', 3]]);
    expect(events[1]).toMatchObject({ by: { name: 'Gina Guardian', role: 'guardian' }, comment: 'He is not ready for 6; can we start with 4?' });
    expect(events[2]?.changes.target).toEqual({ before: 6, after: 4 });
    expect(events[5]?.changes.status).toEqual({ before: 'agreed', after: 'proposed' });
    // The exact version agreed is kept with the agreement.
    const agreement = await t.db.selectFrom('goal_event').select('snapshot').where('goal_id', '=', goal.id).where('kind', '=', 'agreed').executeTakeFirstOrThrow();
    expect(agreement.snapshot).toMatchObject({ target: 4, statement: WORDS.statement });

    for (const action of ['goal.create', 'goal.request_change', 'goal.revise', 'goal.agree', 'goal.priority']) {
      expect((await audits(action, goal.id)).length, action).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps the history append-only: the database refuses to change or delete it', async () => {
    const f = await family();
    const goal = await newGoal(f.tc, f.url);
    await expect(t.ownerDb.updateTable('goal_event').set({ comment: 'rewritten' }).where('goal_id', '=', goal.id).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.deleteFrom('goal_event').where('goal_id', '=', goal.id).execute()).rejects.toThrow(/append-only/);
  });

  it('lets a guardian suggest a goal that the therapist then writes up', async () => {
    const f = await family();
    const suggested = await f.gc.post(`${f.url}/suggest`, { area: 'sleep', statement: 'Falls asleep in his own bed', priority: 1, whyItMatters: 'We are all exhausted.' });
    expect(suggested.status).toBe(201);
    expect(suggested.body.status).toBe('suggested');
    expect((await f.gc.post(`${f.url}/${suggested.body.id}/response`, { decision: 'agree', version: 1 })).status).toBe(409);
    const written = await f.tc.patch(`${f.url}/${suggested.body.id}`, { measure: 'yes_no', target: 1, baseline: null, settings: ['home'] });
    expect(written.body).toMatchObject({ status: 'proposed', version: 2, whyItMatters: 'We are all exhausted.' });
  });

  it('orders the plan by status, then by the family’s priority', async () => {
    const f = await family();
    const low = await newGoal(f.tc, f.url, { ...WORDS, statement: 'Low', priority: 3 });
    const high = await newGoal(f.tc, f.url, { ...WORDS, statement: 'High', priority: 1 });
    await f.gc.post(`${f.url}/${low.id}/response`, { decision: 'agree', version: 1 });
    await f.gc.post(`${f.url}/${high.id}/response`, { decision: 'agree', version: 1 });
    const waiting = await newGoal(f.tc, f.url, { ...WORDS, statement: 'Waiting', priority: 3 });
    const list = await f.gc.get(f.url);
    expect(list.body.goals.map((g: { statement: string }) => g.statement)).toEqual(['Waiting', 'High', 'Low']);
    expect(waiting.status).toBe('proposed');
  });

  it('can be paused with a reason, resumed, and marked met', async () => {
    const f = await family();
    const goal = await newGoal(f.tc, f.url);
    await f.gc.post(`${f.url}/${goal.id}/response`, { decision: 'agree', version: 1 });
    const noReason = await f.tc.post(`${f.url}/${goal.id}/status`, { status: 'paused' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toEqual(['reason']);
    expect((await f.tc.post(`${f.url}/${goal.id}/status`, { status: 'paused', reason: 'Family holiday for three weeks' })).body.status).toBe('paused');
    expect((await f.tc.post(`${f.url}/${goal.id}/status`, { status: 'agreed' })).body.status).toBe('agreed');
    const met = await f.tc.post(`${f.url}/${goal.id}/status`, { status: 'met', reason: '' });
    expect(met.body.status).toBe('met');
    // A met goal is closed: no revisions, no new data.
    expect((await f.tc.patch(`${f.url}/${goal.id}`, { target: 8 })).status).toBe(409);
    expect((await f.tc.post(`${f.url}/${goal.id}/measurements`, { value: 3, date: daysAgo(1), setting: 'therapy' })).status).toBe(409);
    expect(await audits('goal.status', goal.id)).toHaveLength(3);
  });
});

describe('the therapist’s caseload', () => {
  it('counts the goals that need a look, for the therapist only', async () => {
    const f = await family();
    const waiting = await newGoal(f.tc, f.url);
    const quiet = await newGoal(f.tc, f.url, { ...WORDS, statement: 'Quiet goal' });
    const moving = await newGoal(f.tc, f.url, { ...WORDS, statement: 'Moving goal' });
    for (const g of [quiet, moving]) await f.gc.post(`${f.url}/${g.id}/response`, { decision: 'agree', version: 1 });
    for (const [days, value] of [[21, 1], [14, 2], [7, 3]] as const) {
      expect((await f.tc.post(`${f.url}/${moving.id}/measurements`, { value, date: daysAgo(days), setting: 'therapy' })).status).toBe(201);
    }
    const row = async (c: TestClient) => ((await c.get('/api/children')).body.children as { id: string; goalsNeedingAttention: number }[]).find((x) => x.id === f.child.id);
    // Waiting for the family's OK, and agreed with no data at all: two; the improving one is fine.
    expect((await row(f.tc))?.goalsNeedingAttention).toBe(2);
    expect((await row(f.gc))?.goalsNeedingAttention).toBe(0);
    await f.gc.post(`${f.url}/${waiting.id}/response`, { decision: 'agree', version: 1 });
    await f.tc.post(`${f.url}/${quiet.id}/measurements`, { value: 2, date: daysAgo(0), setting: 'therapy' });
    expect((await row(f.tc))?.goalsNeedingAttention).toBe(1);
  });
});

describe('who may do what on the plan', () => {
  it('only a guardian agrees; a caregiver cannot, and a teacher sees only what the school works on', async () => {
    const f = await family();
    const home = await newGoal(f.tc, f.url);
    const school = await newGoal(f.tc, f.url, { ...WORDS, statement: 'Waits for his turn in circle time', area: 'social', settings: ['therapy', 'school'] });

    const byCaregiver = await f.cc.post(`${f.url}/${home.id}/response`, { decision: 'agree', version: 1 });
    expect(byCaregiver.status).toBe(404);
    expect((await f.cc.post(f.url, WORDS)).status).toBe(404);
    expect((await f.gc.post(f.url, WORDS)).status).toBe(404);
    expect((await f.gc.patch(`${f.url}/${home.id}`, { target: 2 })).status).toBe(404);
    // A therapist holds every permission but is not the family: cannot agree on their behalf.
    expect((await f.tc.post(`${f.url}/${home.id}/response`, { decision: 'agree', version: 1 })).status).toBe(403);
    expect((await f.gc.get(f.url)).body.goals.find((g: { id: string }) => g.id === home.id).status).toBe('proposed');

    const seen = await f.teach.get(f.url);
    expect(seen.body.goals.map((g: { id: string }) => g.id)).toEqual([school.id]);
    expect((await f.teach.get(`${f.url}/${home.id}/history`)).status).toBe(404);
    expect((await f.teach.post(`${f.url}/${home.id}/measurements`, { value: 2, date: daysAgo(1), setting: 'school' })).status).toBe(404);
  });

  it('without a session is 401', async () => {
    const f = await family();
    expect((await t.client().get(f.url)).status).toBe(401);
  });
});

describe('measurements', () => {
  it('are recorded where each person is, and the sentence follows them to the target', async () => {
    const f = await family();
    const goal = await newGoal(f.tc, f.url, { ...WORDS, settings: ['therapy', 'home', 'school'] });
    await f.gc.post(`${f.url}/${goal.id}/response`, { decision: 'agree', version: 1 });

    const fromTherapy = await f.tc.post(`${f.url}/${goal.id}/measurements`, { value: 2, date: daysAgo(21), setting: 'therapy', note: 'With picture cards' });
    expect(fromTherapy.status, JSON.stringify(fromTherapy.body)).toBe(201);
    expect(fromTherapy.body).toMatchObject({ value: 2, setting: 'therapy', recordedBy: { name: 'Theo Therapist', role: 'therapist' } });
    expect((await f.gc.post(`${f.url}/${goal.id}/measurements`, { value: 3, date: daysAgo(14), setting: 'home' })).status).toBe(201);
    expect((await f.cc.post(`${f.url}/${goal.id}/measurements`, { value: 4, date: daysAgo(7), setting: 'home' })).status).toBe(201);
    expect((await f.teach.post(`${f.url}/${goal.id}/measurements`, { value: 4, date: daysAgo(7), setting: 'school' })).status).toBe(201);

    let read = (await f.gc.get(f.url)).body.goals[0];
    expect(read.measurements.map((m: { setting: string }) => m.setting)).toEqual(['therapy', 'home', 'home', 'school']);
    expect(read.trend.kind).toBe('improving');
    expect(read.attention).toEqual([]);

    expect((await f.tc.post(`${f.url}/${goal.id}/measurements`, { value: 6, date: daysAgo(0), setting: 'therapy' })).status).toBe(201);
    read = (await f.gc.get(f.url)).body.goals[0];
    expect(read.trend).toEqual({ kind: 'target_met', params: {} });
    expect(await audits('measurement.record', fromTherapy.body.id)).toHaveLength(1);
  });

  it('refuse values that do not fit the measure, with the field named, and write nothing', async () => {
    const f = await family();
    const percent = await newGoal(f.tc, f.url, { ...WORDS, measure: 'percent', baseline: 20, target: 80, unit: 'of greetings answered' });
    const rating = await newGoal(f.tc, f.url, { ...WORDS, measure: 'rating', baseline: 2, target: 4 });
    const yesNo = await newGoal(f.tc, f.url, { ...WORDS, measure: 'yes_no', baseline: null, target: 1 });
    const cases: [string, object, string][] = [
      [percent.id, { value: 120, opportunities: 10, date: daysAgo(1), setting: 'therapy' }, 'value'],
      [percent.id, { value: 50, date: daysAgo(1), setting: 'therapy' }, 'opportunities'],
      [rating.id, { value: 0, date: daysAgo(1), setting: 'therapy' }, 'value'],
      [rating.id, { value: 3.5, date: daysAgo(1), setting: 'therapy' }, 'value'],
      [yesNo.id, { value: 2, date: daysAgo(1), setting: 'therapy' }, 'value'],
      [rating.id, { value: 3, date: daysAgo(1), setting: 'school' }, 'setting'],
      [rating.id, { value: 3, date: '2999-01-01', setting: 'therapy' }, 'date'],
      [rating.id, { value: 3, date: 'yesterday', setting: 'therapy' }, 'date'],
      [rating.id, { value: '3', date: daysAgo(1), setting: 'therapy' }, 'value'],
      [rating.id, { value: 3, date: daysAgo(1), setting: 'therapy', mood: 'good' }, ''],
    ];
    for (const [goalId, body, field] of cases) {
      const res = await f.tc.post(`${f.url}/${goalId}/measurements`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(res.body.error.message, JSON.stringify(body)).toContain(field);
    }
    // A parent records at home, not in the therapy room.
    const wrongPlace = await f.gc.post(`${f.url}/${rating.id}/measurements`, { value: 3, date: daysAgo(1), setting: 'therapy' });
    expect(wrongPlace.status).toBe(400);
    expect(wrongPlace.body.error.details[0].path).toEqual(['setting']);
    expect(await t.db.selectFrom('measurement').select('id').where('child_id', '=', f.child.id).execute()).toEqual([]);
  });

  it('refuse a goal that does not make sense, naming the field', async () => {
    const f = await family();
    const cases: [object, string][] = [
      [{ ...WORDS, measure: 'percent', target: 140 }, 'target'],
      [{ ...WORDS, target: 1 }, 'target'],
      [{ ...WORDS, target: 0, baseline: 5 }, 'target'],
      [{ ...WORDS, settings: [] }, 'settings'],
      [{ ...WORDS, statement: 'x'.repeat(301) }, 'statement'],
      [{ ...WORDS, area: 'astrology' }, 'area'],
      [{ ...WORDS, priority: 4 }, 'priority'],
    ];
    for (const [body, field] of cases) {
      const res = await f.tc.post(f.url, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.message, field).toContain(field);
    }
    // Less is better: fewer meltdowns is a fine goal.
    await newGoal(f.tc, f.url, { ...WORDS, statement: 'Fewer meltdowns at bedtime', baseline: 5, target: 1, lowerIsBetter: true, settings: ['home'] });
    expect((await f.tc.get(f.url)).body.goals).toHaveLength(1);
  });
});
