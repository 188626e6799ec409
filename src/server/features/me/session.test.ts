import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClinic, buildTherapist, buildUser, createTestContext, freshClient, signIn, type TestContext } from '../../../../test/support.ts';
import { totpCode } from '../auth/totp.ts';

describe('GET /api/session', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  it('answers 200 with signedIn false for a visitor, so a signed-out page logs no error; /api/me keeps its 401', async () => {
    const c = freshClient(t.app);
    const res = await c.get('/api/session');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ signedIn: false });
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('answers the same person /api/me does once signed in, with the CSRF token', async () => {
    const user = await buildUser(t.db, 'Paula Parent');
    const c = await signIn(t.app, user.email);
    const session = await c.get('/api/session');
    const me = await c.get('/api/me');
    expect(session.status).toBe(200);
    expect(session.body.signedIn).toBe(true);
    expect(session.body.me).toEqual(me.body);
    expect(session.body.me.csrfToken).toEqual(expect.any(String));
  });

  it('counts a session still owing its second factor as signed out', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const c = await signIn(t.app, therapist.email);
    const secret: string = (await c.post('/api/me/totp/setup')).body.secret;
    expect((await c.post('/api/me/totp/enable', { code: totpCode(secret, t.clock()) })).status).toBe(200);
    const pending = freshClient(t.app);
    expect((await pending.post('/api/auth/login', { email: therapist.email, password: 'a long and calm sentence' })).body).toEqual({ mfaRequired: true });
    expect((await pending.get('/api/session')).body).toEqual({ signedIn: false });
  });
});
