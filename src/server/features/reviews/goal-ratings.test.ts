import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildSignedInTeam, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';

/**
 * The family's view of progress over HTTP on a real database: asked before a plan review (a meeting
 * soon, or the therapist's asking), each guardian rates each goal for themselves; the team reads the
 * ratings of the period since the last review; a new review starts a new period.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const inDays = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(Date.now() + n * 86_400_000));

async function family() {
  const f = await buildSignedInTeam(t);
  const second = await buildUser(t.db, 'Pablo Padre');
  await addMember(t.db, f.child, second, 'guardian');
  const tc = f.tc;
  const goal = async (statement: string) => {
    const res = await tc.post(`/api/children/${f.child.id}/goals`, { area: 'communication', statement, measure: 'count', target: 5, settings: ['therapy', 'home'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  return {
    ...f, goal, pc: await signIn(t.app, second.email),
    url: `/api/children/${f.child.id}/goal-ratings`,
  };
}

const ratingRows = () => t.db.selectFrom('goal_rating').selectAll().execute().then((rows) => JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));

describe('the family’s ratings of the goals', () => {
  it('are asked for when a plan review is two weeks away, given by each guardian, and read beside the goals', async () => {
    const f = await family();
    const talk = await f.goal('Asks for help with words');
    const calm = await f.goal('Calms down with belly breathing');
    const before = await f.gc.get(f.url);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ open: false, canRate: true, canAsk: false, meeting: null, asked: null, since: null });
    expect((await f.gc.get('/api/goal-ratings/due')).body.children).toEqual([]);

    const review = await f.tc.post(`/api/children/${f.child.id}/sessions`, { kind: 'plan_review', place: 'clinic', date: inDays(10), time: '16:00', durationMinutes: 45, familyInvited: true });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    const asked = await f.gc.get(f.url);
    expect(asked.body.open).toBe(true);
    expect(asked.body.meeting).toMatchObject({ kind: 'plan_review', date: inDays(10) });
    expect((await f.gc.get('/api/goal-ratings/due')).body.children).toEqual([{ childId: f.child.id, firstName: 'Leo', meetingDate: inDays(10), goals: 2, rated: 0 }]);

    const body = { ratings: [{ goalId: talk, rating: 'much_better', comment: 'He asks for juice every morning now.' }, { goalId: calm, rating: 'same' }] };
    const saved = await f.gc.put(f.url, body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Saved again: still one rating per goal and person.
    expect((await f.gc.put(f.url, body)).status).toBe(200);
    expect(await t.db.selectFrom('goal_rating').select('id').where('child_id', '=', f.child.id).execute()).toHaveLength(2);
    // The other parent rates for themselves; changing one's mind changes one's own rating.
    expect((await f.pc.put(f.url, { ratings: [{ goalId: talk, rating: 'a_bit_better', comment: 'Less at the park.' }] })).status).toBe(200);
    expect((await f.gc.put(f.url, { ratings: [{ goalId: calm, rating: 'worse', comment: 'Mornings are hard.' }] })).status).toBe(200);

    const seen = await f.tc.get(f.url);
    expect(seen.body.canAsk).toBe(true);
    expect(seen.body.canRate).toBe(false);
    const byGoal = Object.fromEntries((seen.body.goals as { goalId: string; ratings: { name: string; rating: string; comment: string }[] }[]).map((g) => [g.goalId, g.ratings.map((r) => [r.name, r.rating, r.comment])]));
    expect(byGoal[talk]).toEqual([['Gina Guardian', 'much_better', 'He asks for juice every morning now.'], ['Pablo Padre', 'a_bit_better', 'Less at the park.']]);
    expect(byGoal[calm]).toEqual([['Gina Guardian', 'worse', 'Mornings are hard.']]);
    expect((await f.gc.get('/api/goal-ratings/due')).body.children[0]).toMatchObject({ goals: 2, rated: 2 });
    // The caregiver reads them too.
    expect((await f.cc.get(f.url)).body.goals).toHaveLength(2);
  });

  it('are asked for by the therapist, once, and start afresh after the review is recorded', async () => {
    const f = await family();
    const talk = await f.goal('Asks for help with words');
    const ask = await f.tc.post(`${f.url}/request`);
    expect(ask.status).toBe(200);
    expect(ask.body.asked).toMatchObject({ by: 'Theo Therapist' });
    expect((await f.tc.post(`${f.url}/request`)).status).toBe(200);
    expect(await t.db.selectFrom('audit_event').select('id').where('action', '=', 'goal_rating.request').where('child_id', '=', f.child.id).execute()).toHaveLength(1);
    expect((await f.gc.get(f.url)).body.open).toBe(true);
    expect((await f.gc.put(f.url, { ratings: [{ goalId: talk, rating: 'a_bit_better' }] })).status).toBe(200);

    const review = await f.tc.post(`/api/children/${f.child.id}/reviews`, { heldOn: inDays(0), participants: [f.therapist.id, f.guardian.id], agreed: 'Keep going.' });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    const after = await f.gc.get(f.url);
    expect(after.body).toMatchObject({ since: inDays(0), open: false, asked: null });
    expect(after.body.goals[0].ratings).toEqual([]);
  });

  it('are given by guardians only; outsiders and anonymous callers change nothing; bad input names the field', async () => {
    const f = await family();
    const other = await family();
    const talk = await f.goal('Asks for help with words');
    const otherGoal = await other.goal('Waves hello');
    await f.tc.post(`${f.url}/request`);
    const before = await ratingRows();
    const body = { ratings: [{ goalId: talk, rating: 'same' }] };
    expect((await f.tc.put(f.url, body)).status).toBe(403);
    expect((await f.cc.put(f.url, body)).status).toBe(404);
    for (const c of [other.gc, other.tc]) {
      expect((await c.get(f.url)).status).toBe(404);
      expect((await c.put(f.url, body)).status).toBe(404);
      expect((await c.post(`${f.url}/request`)).status).toBe(404);
    }
    expect((await f.gc.post(`${f.url}/request`)).status).toBe(404);
    const anonymous = t.client();
    expect((await anonymous.get(f.url)).status).toBe(401);
    expect((await anonymous.put(f.url, body)).status).toBe(401);
    expect((await anonymous.get('/api/goal-ratings/due')).status).toBe(401);
    expect(await ratingRows()).toBe(before);

    const badRating = await f.gc.put(f.url, { ratings: [{ goalId: talk, rating: 'amazing' }] });
    expect(badRating.status).toBe(400);
    expect(badRating.body.error.details[0].path).toEqual(['ratings', '0', 'rating']);
    const theirGoal = await f.gc.put(f.url, { ratings: [{ goalId: talk, rating: 'same' }, { goalId: otherGoal, rating: 'same' }] });
    expect(theirGoal.status).toBe(400);
    expect(theirGoal.body.error.details[0].path).toEqual(['ratings', '1', 'goalId']);
    expect(await ratingRows()).toBe(before);
  });
});
