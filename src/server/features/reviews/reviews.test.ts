import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildFamily, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';

/**
 * Plan reviews over HTTP on a real database: the server works out which goals changed since the
 * last review from the goal history, the team records what it agreed, and the record never changes.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const GOAL = { area: 'communication', statement: 'Tells us what she wants with two words', measure: 'count', baseline: 1, target: 3, settings: ['therapy', 'home'] };

async function family() {
  const f = await buildFamily(t.db);
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  const login = (email: string) => signIn(t.app, email);
  const tc = await login(f.therapist.email);
  const gc = await login(f.guardian.email);
  const goals = `/api/children/${f.child.id}/goals`;
  const goal = async (body: object = GOAL) => {
    const res = await tc.post(goals, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  };
  return { ...f, teacher, tc, gc, goal, goals, teach: await login(teacher.email), url: `/api/children/${f.child.id}/reviews` };
}

type Change = { goalId: string; statement: string; version: number; events: { id: string; kind: string; version: number; by: { name: string }; changes: Record<string, { before: unknown; after: unknown }> }[] };

describe('a plan review', () => {
  it('records what was agreed and links the goals that changed since the last review', async () => {
    const f = await family();
    const g = await f.goal();
    await f.gc.post(`${f.goals}/${g.id}/response`, { decision: 'agree', version: 1 });
    await f.tc.patch(`${f.goals}/${g.id}`, { target: 4 });

    const preview = await f.tc.get(`${f.url}/preview?heldOn=${today()}`);
    expect(preview.status).toBe(200);
    expect(preview.body.since).toBeNull();
    expect(await t.db.selectFrom('audit_event').select('id').where('action', '=', 'review.preview').where('child_id', '=', f.child.id).execute()).toHaveLength(1);
    expect((preview.body.goalsChanged as Change[]).map((c) => [c.goalId, c.version, c.events.map((e) => e.kind)])).toEqual([[g.id, 2, ['created', 'agreed', 'revised']]]);

    const first = await f.tc.post(f.url, { heldOn: today(), participants: [f.therapist.id, f.guardian.id], agreed: 'Aim for 4 two-word requests; Diego practises at breakfast.' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      heldOn: today(), agreed: 'Aim for 4 two-word requests; Diego practises at breakfast.',
      recordedBy: { name: 'Theo Therapist', role: 'therapist' },
    });
    expect(first.body.participants.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([['Gina Guardian', 'guardian'], ['Theo Therapist', 'therapist']]);
    const changes = first.body.goalsChanged as Change[];
    expect(changes[0]?.events.find((e) => e.kind === 'revised')?.changes.target).toEqual({ before: 3, after: 4 });
    expect(changes[0]?.events.find((e) => e.kind === 'agreed')?.by.name).toBe('Gina Guardian');
    const links = await t.db.selectFrom('plan_review_change').selectAll().where('review_id', '=', first.body.id).execute();
    expect(links.map((l) => l.goal_version).sort()).toEqual([1, 1, 2]);
    expect(await t.db.selectFrom('audit_event').select('id').where('action', '=', 'review.record').where('subject_id', '=', first.body.id).execute()).toHaveLength(1);

    // The next review covers only what changed after this one.
    expect((await f.tc.get(`${f.url}/preview?heldOn=${today()}`)).body).toEqual({ since: today(), goalsChanged: [] });
    const other = await f.goal({ ...GOAL, statement: 'Sleeps in her own bed', settings: ['home'] });
    expect((await f.gc.post(`${f.goals}/${g.id}/response`, { decision: 'agree', version: 2 })).status).toBe(200);
    expect((await f.tc.post(`${f.goals}/${g.id}/status`, { status: 'paused', reason: 'Summer break' })).status).toBe(200);
    const second = await f.tc.post(f.url, { heldOn: today(), participants: [f.therapist.id], agreed: 'Addendum: pause over the summer.' });
    expect(second.status).toBe(201);
    expect((second.body.goalsChanged as Change[]).map((c) => [c.statement, c.events.map((e) => e.kind)])).toEqual([
      ['Sleeps in her own bed', ['created']],
      [GOAL.statement, ['agreed', 'status_changed']],
    ]);
    expect(other.id).toBe((second.body.goalsChanged as Change[])[0]?.goalId);

    const all = await f.gc.get(f.url);
    expect(all.status).toBe(200);
    expect(all.body.reviews.map((r: { id: string }) => r.id)).toEqual([second.body.id, first.body.id]);
    const one = await f.gc.get(`${f.url}/${first.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first.body);
    expect(await t.db.selectFrom('audit_event').select('id').where('action', '=', 'review.view').where('subject_id', '=', first.body.id).execute()).toHaveLength(1);
  });

  it('shows a teacher the review with only the goals the school works on', async () => {
    const f = await family();
    await f.goal();
    const school = await f.goal({ ...GOAL, statement: 'Waits for her turn in circle time', settings: ['school'] });
    const review = await f.tc.post(f.url, { heldOn: today(), participants: [f.therapist.id, f.teacher.id], agreed: 'School keeps the visual timer.' });
    expect(review.body.goalsChanged).toHaveLength(2);
    const seen = await f.teach.get(f.url);
    expect(seen.status).toBe(200);
    expect(seen.body.reviews[0].goalsChanged.map((c: Change) => c.goalId)).toEqual([school.id]);
    expect(seen.body.reviews[0].agreed).toBe('School keeps the visual timer.');
  });

  it('is recorded only by the therapist; the family reads it', async () => {
    const f = await family();
    expect((await f.gc.post(f.url, { heldOn: today(), participants: [f.guardian.id], agreed: 'We agreed.' })).status).toBe(404);
    expect((await f.gc.get(`${f.url}/preview?heldOn=${today()}`)).status).toBe(404);
    expect((await f.teach.post(f.url, { heldOn: today(), participants: [f.teacher.id], agreed: 'We agreed.' })).status).toBe(404);
    expect(await t.db.selectFrom('plan_review').select('id').where('child_id', '=', f.child.id).execute()).toEqual([]);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const f = await family();
    const outsider = await buildUser(t.db, 'Otto Outsider');
    const cases: [object, string][] = [
      [{ heldOn: '2999-01-01', participants: [f.therapist.id], agreed: 'Ok' }, 'heldOn'],
      [{ heldOn: 'last week', participants: [f.therapist.id], agreed: 'Ok' }, 'heldOn'],
      [{ heldOn: today(), participants: [], agreed: 'Ok' }, 'participants'],
      [{ heldOn: today(), participants: [outsider.id], agreed: 'Ok' }, 'participants'],
      [{ heldOn: today(), participants: ['someone'], agreed: 'Ok' }, 'participants'],
      [{ heldOn: today(), participants: [f.therapist.id], agreed: '  ' }, 'agreed'],
      [{ heldOn: today(), participants: [f.therapist.id] }, 'agreed'],
      [{ heldOn: today(), participants: [f.therapist.id], agreed: 'Ok', goalsChanged: [] }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await f.tc.post(f.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(res.body.error.message, JSON.stringify(body)).toContain(field);
    }
    expect((await f.tc.get(`${f.url}/preview?heldOn=soon`)).status).toBe(400);
    expect(await t.db.selectFrom('plan_review').select('id').where('child_id', '=', f.child.id).execute()).toEqual([]);

    // A review cannot be dated before the last one: a later addendum is a new review.
    expect((await f.tc.post(f.url, { heldOn: today(), participants: [f.therapist.id], agreed: 'First' })).status).toBe(201);
    const earlier = await f.tc.post(f.url, { heldOn: '2020-01-01', participants: [f.therapist.id], agreed: 'Backdated' });
    expect(earlier.status).toBe(400);
    expect(earlier.body.error.details[0].path).toEqual(['heldOn']);
    expect(await t.db.selectFrom('plan_review').select('id').where('child_id', '=', f.child.id).execute()).toHaveLength(1);
    expect((await f.tc.get(`${f.url}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await f.tc.get(`${f.url}/nope`)).status).toBe(404);
  });

  it('cannot be changed once saved: the database refuses it', async () => {
    const f = await family();
    await f.goal();
    const review = await f.tc.post(f.url, { heldOn: today(), participants: [f.therapist.id], agreed: 'Keep going.' });
    const id = review.body.id as string;
    await expect(t.ownerDb.updateTable('plan_review').set({ agreed: 'rewritten' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.deleteFrom('plan_review_participant').where('review_id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.deleteFrom('plan_review_change').where('review_id', '=', id).execute()).rejects.toThrow(/append-only/);
    expect((await f.tc.patch(`${f.url}/${id}`, { agreed: 'x' })).status).toBe(404);
    expect((await f.tc.delete(`${f.url}/${id}`)).status).toBe(404);
  });
});
