import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildFamily, buildUser, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * Milestones over HTTP on a real database: a win marked by the family, a goal met by the
 * therapist, each celebrated until that person has seen it; nothing is ever taken away.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const daysAgo = (n: number) => new Date(Date.now() - (n + 1) * 86_400_000).toISOString().slice(0, 10);
const GOAL = { area: 'communication', statement: 'Tells us what she wants with two words', measure: 'count', baseline: 1, target: 6, settings: ['therapy', 'home'] };

async function family() {
  const f = await buildFamily(t.db);
  const caregiver = await buildUser(t.db, 'Rosa Grandma');
  await addMember(t.db, f.child, caregiver, 'caregiver');
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  const login = (email: string) => signIn(t.app, email);
  const tc = await login(f.therapist.email);
  const goal = async (body: object = GOAL) => {
    const res = await tc.post(`/api/children/${f.child.id}/goals`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  };
  return {
    ...f, caregiver, teacher, tc, goal,
    gc: await login(f.guardian.email),
    cc: await login(caregiver.email),
    teach: await login(teacher.email),
    url: `/api/children/${f.child.id}/milestones`,
  };
}

type M = { id: string; kind: string; title: string; celebrate: boolean; seen: boolean; goal: { id: string; statement: string } | null; child?: { id: string; firstName: string } };
const list = async (c: TestClient, url: string) => ((await c.get(url)).body.milestones as M[]);
const recent = async (c: TestClient) => ((await c.get('/api/milestones/recent')).body.celebrations as M[]);
const audits = (action: string, subjectId: string) =>
  t.db.selectFrom('audit_event').select(['action', 'actor_id']).where('action', '=', action).where('subject_id', '=', subjectId).execute();

describe('a win', () => {
  it('is marked by a parent, celebrated for each person until they have seen it', async () => {
    const f = await family();
    const res = await f.gc.post(f.url, { title: 'Said “more juice” at breakfast!', note: 'All by himself.', date: daysAgo(0) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'win', title: 'Said “more juice” at breakfast!', note: 'All by himself.', goal: null, by: { name: 'Gina Guardian', role: 'guardian' }, seen: false, celebrate: true });
    const id = res.body.id as string;
    expect(await audits('milestone.win', id)).toHaveLength(1);

    expect((await list(f.tc, f.url)).map((m) => [m.id, m.celebrate])).toEqual([[id, true]]);
    expect((await recent(f.tc)).map((m) => [m.id, m.child?.firstName])).toEqual([[id, 'Leo']]);

    const seen = await f.tc.post(`${f.url}/${id}/seen`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id, seen: true, celebrate: false });
    expect(await audits('milestone.seen', id)).toHaveLength(1);
    // Seeing it twice changes nothing.
    expect((await f.tc.post(`${f.url}/${id}/seen`)).status).toBe(200);
    expect(await audits('milestone.seen', id)).toHaveLength(1);

    // Gone for the therapist, still there for the parent; the win itself stays in the list.
    expect(await recent(f.tc)).toEqual([]);
    expect((await list(f.tc, f.url)).map((m) => [m.id, m.seen])).toEqual([[id, true]]);
    expect((await recent(f.gc)).map((m) => m.id)).toEqual([id]);
    expect((await list(f.gc, f.url))[0]?.celebrate).toBe(true);
  });

  it('can be linked to a goal, and by a teacher only to a goal the school works on', async () => {
    const f = await family();
    const home = await f.goal();
    const school = await f.goal({ ...GOAL, statement: 'Waits for his turn in circle time', settings: ['therapy', 'school'] });
    const linked = await f.cc.post(f.url, { title: 'Asked grandma for “more bubbles”', goalId: home.id, date: daysAgo(1) });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body.goal).toEqual({ id: home.id, statement: GOAL.statement });

    const byTeacher = await f.teach.post(f.url, { title: 'Waited for his turn at snack', goalId: school.id, date: daysAgo(0) });
    expect(byTeacher.status).toBe(201);
    expect(byTeacher.body.by).toEqual({ name: 'Tess Teacher', role: 'teacher' });
    const notTheirs = await f.teach.post(f.url, { title: 'Said two words', goalId: home.id, date: daysAgo(0) });
    expect(notTheirs.status).toBe(400);
    expect(notTheirs.body.error.details[0].path).toEqual(['goalId']);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const f = await family();
    const other = await family();
    const otherGoal = await other.goal();
    const cases: [object, string][] = [
      [{ title: '', date: daysAgo(0) }, 'title'],
      [{ title: '   ', date: daysAgo(0) }, 'title'],
      [{ title: 'x'.repeat(141), date: daysAgo(0) }, 'title'],
      [{ title: 'A win', date: '2999-01-01' }, 'date'],
      [{ title: 'A win', date: 'yesterday' }, 'date'],
      [{ title: 'A win' }, 'date'],
      [{ title: 'A win', date: daysAgo(0), goalId: 'not-an-id' }, 'goalId'],
      [{ title: 'A win', date: daysAgo(0), goalId: otherGoal.id }, 'goalId'],
      [{ title: 'A win', date: daysAgo(0), note: 'x'.repeat(1001) }, 'note'],
      [{ title: 'A win', date: daysAgo(0), stars: 5 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await f.gc.post(f.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(res.body.error.message, JSON.stringify(body)).toContain(field);
    }
    expect(await t.db.selectFrom('milestone').select('id').where('child_id', '=', f.child.id).execute()).toEqual([]);
    // Marking seen something that is not there, or not a milestone id at all, is a 404.
    expect((await f.gc.post(`${f.url}/00000000-0000-4000-8000-000000000000/seen`)).status).toBe(404);
    expect((await f.gc.post(`${f.url}/nope/seen`)).status).toBe(404);
    expect(await t.db.selectFrom('milestone_seen').select('user_id').where('user_id', '=', f.guardian.id).execute()).toEqual([]);
  });

  it('is never changed or taken away: the database refuses it', async () => {
    const f = await family();
    const res = await f.gc.post(f.url, { title: 'First time on the slide', date: daysAgo(0) });
    await expect(t.ownerDb.updateTable('milestone').set({ title: 'rewritten' }).where('id', '=', res.body.id).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.deleteFrom('milestone').where('id', '=', res.body.id).execute()).rejects.toThrow(/append-only/);
    // There is no route to delete or edit one.
    expect((await f.tc.delete(`${f.url}/${res.body.id}`)).status).toBe(404);
    expect((await f.tc.patch(`${f.url}/${res.body.id}`, { title: 'x' })).status).toBe(404);
  });

  it('needs the permission to record: a caregiver without it cannot mark one', async () => {
    const f = await family();
    const viewer = await buildUser(t.db, 'Vera Viewer');
    await addMember(t.db, f.child, viewer, 'caregiver', { permissions: ['child.view', 'plan.view'] });
    const vc = await signIn(t.app, viewer.email);
    expect((await vc.post(f.url, { title: 'A win', date: daysAgo(0) })).status).toBe(404);
    expect((await vc.get(f.url)).status).toBe(200);
  });
});

describe('a goal met', () => {
  it('becomes a milestone in the same change, celebrated for the therapist and the family', async () => {
    const f = await family();
    const goal = await f.goal();
    await f.gc.post(`/api/children/${f.child.id}/goals/${goal.id}/response`, { decision: 'agree', version: 1 });
    const met = await f.tc.post(`/api/children/${f.child.id}/goals/${goal.id}/status`, { status: 'met', reason: 'Every day this week!' });
    expect(met.status).toBe(200);
    const [milestone] = await list(f.gc, f.url);
    expect(milestone).toMatchObject({ kind: 'goal_met', title: GOAL.statement, goal: { id: goal.id, statement: GOAL.statement }, celebrate: true });
    expect(await audits('milestone.goal_met', milestone?.id ?? '')).toHaveLength(1);
    expect((await recent(f.gc)).map((m) => m.kind)).toEqual(['goal_met']);
    expect((await recent(f.tc)).map((m) => m.kind)).toEqual(['goal_met']);
    // A home goal met is not the school's to see.
    expect(await list(f.teach, f.url)).toEqual([]);
  });

  it('of a school goal is shown to the teacher, with wins of no goal; home-only wins are not', async () => {
    const f = await family();
    const school = await f.goal({ ...GOAL, settings: ['school'] });
    const home = await f.goal();
    for (const g of [school, home]) await f.gc.post(`/api/children/${f.child.id}/goals/${g.id}/response`, { decision: 'agree', version: 1 });
    await f.tc.post(`/api/children/${f.child.id}/goals/${school.id}/status`, { status: 'met' });
    const free = await f.gc.post(f.url, { title: 'Slept in his own bed', date: daysAgo(0) });
    const homeWin = await f.gc.post(f.url, { title: 'Asked for juice', goalId: home.id, date: daysAgo(0) });
    const seenByTeacher = (await list(f.teach, f.url)).map((m) => m.title).sort();
    expect(seenByTeacher).toEqual([GOAL.statement, 'Slept in his own bed'].sort());
    expect((await f.teach.post(`${f.url}/${homeWin.body.id}/seen`)).status).toBe(404);
    expect((await f.teach.post(`${f.url}/${free.body.id}/seen`)).status).toBe(200);
  });
});

describe('recent celebrations on the home page', () => {
  it('come only from children the person is on the team of, and fade after 30 days', async () => {
    const f = await family();
    const other = await family();
    const win = await f.gc.post(f.url, { title: 'Rode the bus', date: daysAgo(0) });
    expect(win.status).toBe(201);
    expect(await recent(other.gc)).toEqual([]);
    expect(await recent(other.tc)).toEqual([]);
    // The clinic admin runs the clinic but is not on the team: no plan, no celebrations.
    const admin = await signIn(t.app, f.clinic.admin.email);
    expect((await admin.get('/api/milestones/recent')).status).toBe(200);
    expect(await recent(admin)).toEqual([]);
    expect((await recent(f.gc)).map((m) => m.id)).toEqual([win.body.id]);
    // A win marked 31 days ago, never seen: still in the child's wins, no longer a celebration.
    const old = await t.db.insertInto('milestone').values({
      clinic_id: f.clinic.id, child_id: f.child.id, kind: 'win', title: 'Counted to ten', happened_on: daysAgo(31),
      created_by: f.guardian.id, creator_role: 'guardian', created_at: new Date(Date.now() - 31 * 86_400_000),
    }).returning('id').executeTakeFirstOrThrow();
    expect((await recent(f.gc)).map((m) => m.id)).toEqual([win.body.id]);
    expect((await list(f.gc, f.url)).find((m) => m.id === old.id)).toMatchObject({ seen: false, celebrate: false });
  });

  it('without a session is 401', async () => {
    expect((await t.client().get('/api/milestones/recent')).status).toBe(401);
  });
});
