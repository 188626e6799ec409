import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestContext, freshClient, signIn, type TestContext } from '../../../../test/support.ts';

describe('PATCH /api/me: the text size', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  const saved = async (id: string) =>
    (await t.db.selectFrom('app_user').select('text_size').where('id', '=', id).executeTakeFirstOrThrow()).text_size;

  it('without a session → 401, nothing saved', async () => {
    const user = await buildUser(t.db, 'Paula Parent');
    const res = await freshClient(t.app).patch('/api/me', { textSize: 'largest' });
    expect(res.status).toBe(401);
    expect(await saved(user.id)).toBe('normal');
  });

  it('starts normal, is saved, returned, and follows the person to their next sign-in, with an audit row', async () => {
    const user = await buildUser(t.db, 'Paula Parent');
    const c = await signIn(t.app, user.email);
    expect((await c.get('/api/me')).body.user.textSize).toBe('normal');
    const res = await c.patch('/api/me', { textSize: 'largest' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user.textSize).toBe('largest');
    expect(await saved(user.id)).toBe('largest');
    const phone = await signIn(t.app, user.email);
    expect((await phone.get('/api/session')).body.me.user.textSize).toBe('largest');
    const audit = await t.db.selectFrom('audit_event').select('details').where('actor_id', '=', user.id).where('action', '=', 'account.update').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ fields: ['textSize'] });
  });

  it('a size it does not know → 400 naming textSize, nothing changed', async () => {
    const user = await buildUser(t.db, 'Paula Parent');
    const c = await signIn(t.app, user.email);
    await c.patch('/api/me', { textSize: 'larger' });
    for (const textSize of ['huge', '', 2, null]) {
      const res = await c.patch('/api/me', { name: 'Someone Else', textSize });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['textSize']);
    }
    expect(await saved(user.id)).toBe('larger');
    expect((await c.get('/api/me')).body.user.name).toBe('Paula Parent');
  });
});
