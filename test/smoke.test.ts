import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFamily, createTestContext, type TestContext } from './support.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe('a guardian on a fresh database', () => {
  it('sees their child on the home list', async () => {
    const f = await buildFamily(t.db);
    const c = await t.client().login(f.guardian.email);
    const res = await c.get('/api/children');
    expect(res.status).toBe(200);
    expect(res.body.children.map((x: { id: string }) => x.id)).toEqual([f.child.id]);
  });
});
