import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedInTeam, createTestContext, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * Good news, on purpose, over HTTP on a real database: a caseload family with no positive word from
 * the team for two weeks is flagged with its latest wins and goals going well; good news sent
 * (marked on the message) or a win the team records clears the flag.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const daysAgo = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(Date.now() - n * 86_400_000));
type Family = { childId: string; lastAt: string | null; wins: { title: string }[]; goingWell: { statement: string }[] };
const flagged = async (c: TestClient) => ((await c.get('/api/good-news')).body.families as Family[]);

async function family() {
  const f = await buildSignedInTeam(t);
  const teamId = ((await f.tc.get(`/api/children/${f.child.id}/conversations`)).body.conversations as { id: string; kind: string }[]).find((c) => c.kind === 'team')?.id ?? '';
  const send = async (c: TestClient, body: string) => {
    const res = await c.post(`/api/children/${f.child.id}/conversations/${teamId}/messages`, { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  return { ...f, send, url: `/api/children/${f.child.id}/good-news` };
}

describe('good news, on purpose', () => {
  it('flags a quiet family with its latest wins and the goals going well, until good news is sent', async () => {
    const f = await family();
    const goal = await f.tc.post(`/api/children/${f.child.id}/goals`, { area: 'communication', statement: 'Asks for help with words', measure: 'count', target: 8, settings: ['therapy', 'home'] });
    for (const [i, value] of [1, 2, 3, 4, 5].entries()) {
      expect((await f.tc.post(`/api/children/${f.child.id}/goals/${goal.body.id}/measurements`, { value, date: daysAgo(28 - i * 7), setting: 'home' })).status).toBe(201);
    }
    // A win the family recorded is something to build on, not the team's good word.
    expect((await f.gc.post(`/api/children/${f.child.id}/milestones`, { title: 'Said “more juice” at breakfast', date: daysAgo(2) })).status).toBe(201);
    const [mine] = (await flagged(f.tc)).filter((x) => x.childId === f.child.id);
    expect(mine).toMatchObject({ lastAt: null, wins: [{ title: 'Said “more juice” at breakfast' }], goingWell: [{ statement: 'Asks for help with words' }] });
    // Only the therapist's caseload: the family sees none.
    expect(await flagged(f.gc)).toEqual([]);

    // An ordinary message is not good news; one marked as such is, once.
    await f.send(f.tc, 'See you Tuesday.');
    expect((await flagged(f.tc)).map((x) => x.childId)).toContain(f.child.id);
    const id = await f.send(f.tc, 'Leo asked for juice with words this week: that is real progress!');
    const first = await f.tc.post(f.url, { messageId: id });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await f.tc.post(f.url, { messageId: id });
    expect(again.body.id).toBe(first.body.id);
    expect(await t.db.selectFrom('audit_event').select('id').where('action', '=', 'good_news.record').where('subject_id', '=', id).execute()).toHaveLength(1);
    expect((await flagged(f.tc)).map((x) => x.childId)).not.toContain(f.child.id);
  });

  it('counts a win the team records as good news', async () => {
    const f = await family();
    expect((await flagged(f.tc)).map((x) => x.childId)).toContain(f.child.id);
    expect((await f.teach.post(`/api/children/${f.child.id}/milestones`, { title: 'Waited for his turn at circle time', date: daysAgo(1) })).status).toBe(201);
    expect((await flagged(f.tc)).map((x) => x.childId)).not.toContain(f.child.id);
  });

  it('marks only one’s own message to this family; outsiders and anonymous callers change nothing', async () => {
    const f = await family();
    const other = await family();
    const theirs = await other.send(other.tc, 'Great week!');
    const parents = await f.send(f.gc, 'Thank you!');
    const rows = () => t.db.selectFrom('good_news').select('id').execute().then((r) => r.length);
    const before = await rows();
    for (const messageId of [theirs, parents]) {
      const res = await f.tc.post(f.url, { messageId });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['messageId']);
    }
    const missing = await f.tc.post(f.url, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toEqual(['messageId']);
    const mine = await f.send(f.tc, 'Lovely progress.');
    expect((await other.tc.post(f.url, { messageId: mine })).status).toBe(404);
    expect((await other.gc.post(f.url, { messageId: mine })).status).toBe(404);
    expect((await t.client().post(f.url, { messageId: mine })).status).toBe(401);
    expect((await t.client().get('/api/good-news')).status).toBe(401);
    expect(await rows()).toBe(before);
  });
});
