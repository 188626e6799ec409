import { hash } from '@node-rs/argon2';
import type { ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  buildClinic,
  buildFamily,
  buildTherapist,
  buildUser,
  clientFrom,
  createTestContext,
  startTestSmtp,
  type Res,
  type TestContext,
  type TestSmtp,
} from '../../../../test/support.ts';
import en from '../../../locales/en.json' with { type: 'json' };
import es from '../../../locales/es.json' with { type: 'json' };
import type { Db } from '../../db/database.ts';
import { hashToken, newToken } from '../../http/tokens.ts';
import { TOKEN_MAIL_QUEUE } from './token-mail.ts';
import { totpCode } from './totp.ts';

const MINUTE = 60_000;
const COOKIE = 'careteam_session';

// Each test signs in from its own address, so the per-IP request limits of one test never
// spill into another.
let ipSeq = 0;
const nextIp = () => `10.20.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

async function auditRows(db: Db, where: { action: string; actorId?: string | null; outcome?: 'ok' | 'denied' | 'failed' }) {
  let q = db.selectFrom('audit_event').selectAll().where('action', '=', where.action);
  if (where.actorId !== undefined) q = where.actorId === null ? q.where('actor_id', 'is', null) : q.where('actor_id', '=', where.actorId);
  if (where.outcome) q = q.where('outcome', '=', where.outcome);
  return q.orderBy('id').execute();
}

function argon2Params(stored: string | null | undefined) {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored ?? '');
  return m ? { m: Number(m[1]), t: Number(m[2]), p: Number(m[3]) } : null;
}

async function storedHash(db: Db, userId: string) {
  const row = await db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.password_hash;
}

/** The Set-Cookie line for this cookie name in a response, if any. */
function setCookie(res: Res, name: string): string | undefined {
  const all = res.headers['set-cookie'];
  return (Array.isArray(all) ? all : [String(all ?? '')]).find((line) => line.startsWith(`${name}=`));
}

/** GET /api/me with exactly this cookie, as someone replaying it would. */
const replay = (ctx: TestContext, cookie: string | undefined) =>
  ctx.app.inject({ method: 'GET', url: '/api/me', headers: cookie ? { cookie } : {} });

describe('password sign-in', () => {
  let t: TestContext;
  const client = () => clientFrom(t.app, nextIp());
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  it('signs in with the right password and the session reaches the API', async () => {
    const user = await buildUser(t.db, 'Paula Parent');
    const c = client();
    const res = await c.post('/api/auth/login', { email: user.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mfaRequired: false });
    expect(c.cookie).toMatch(new RegExp(`^${COOKIE}=`));
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: user.id, email: user.email });
    expect(await auditRows(t.db, { action: 'auth.sign_in', actorId: user.id, outcome: 'ok' })).toHaveLength(1);
  });

  it('accepts the email whatever its letter case', async () => {
    const user = await buildUser(t.db, 'Casey Case');
    const res = await client().post('/api/auth/login', { email: user.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same status and body, and sets no session', async () => {
    const user = await buildUser(t.db, 'Wanda Wrong');
    const wrong = await client().post('/api/auth/login', { email: user.email, password: 'not the password at all' });
    const unknown = await client().post('/api/auth/login', { email: 'nobody.here@example.org', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('slows repeated wrong passwords with growing delays (429 + Retry-After) and audits every failure', async () => {
    const user = await buildUser(t.db, 'Lola Slowed');
    const c = client();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.post('/api/auth/login', { email: user.email, password: `guess number ${i}` })).status);
    expect(statuses).toEqual(Array(5).fill(401));

    const waitOne = await client().post('/api/auth/login', { email: user.email, password: 'guess number 6' });
    expect(waitOne.status).toBe(429);
    expect(waitOne.body.error.code).toBe('rate_limited');
    expect(waitOne.headers['retry-after']).toBe('1');
    t.clock.advance(1_000);
    expect((await c.post('/api/auth/login', { email: user.email, password: 'guess number 7' })).status).toBe(401);
    expect((await c.post('/api/auth/login', { email: user.email, password: PASSWORD })).headers['retry-after']).toBe('2');
    t.clock.advance(2_000);
    expect((await c.post('/api/auth/login', { email: user.email, password: 'guess number 8' })).status).toBe(401);
    expect((await c.post('/api/auth/login', { email: user.email, password: 'guess number 9' })).headers['retry-after']).toBe('4');

    expect(await auditRows(t.db, { action: 'auth.sign_in', actorId: user.id, outcome: 'failed' })).toHaveLength(7);
    expect(await auditRows(t.db, { action: 'auth.sign_in', actorId: user.id, outcome: 'denied' })).toHaveLength(3);
    // Someone else signing in from the same address is not affected.
    const other = await buildUser(t.db, 'Otto Other');
    expect((await c.post('/api/auth/login', { email: other.email, password: PASSWORD })).status).toBe(200);
    // Once the wait is over, the right password works.
    t.clock.advance(4_000);
    expect((await client().post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('a device the owner signed in from before keeps working while strangers are slowed on the account', async () => {
    const user = await buildUser(t.db, 'Dana Device');
    const first = await client().post('/api/auth/login', { email: user.email, password: PASSWORD });
    const device = setCookie(first, 'careteam_device');
    expect(device).toMatch(/; HttpOnly/);
    expect(device).toMatch(/; SameSite=Lax/);
    expect(device).toMatch(/; Path=\//);
    const fromDevice = { cookie: device?.split(';')[0] ?? '' };
    // Someone who knows the email tries hard, from many addresses, waiting as long as told.
    for (let i = 0; i < 12; i++) {
      for (;;) {
        const r = await client().post('/api/auth/login', { email: user.email, password: `attack ${i}` });
        if (r.status !== 429) break;
        t.clock.advance(Number(r.headers['retry-after']) * 1000);
      }
    }
    const stranger = await client().post('/api/auth/login', { email: user.email, password: PASSWORD });
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(60);
    // The owner, on their phone, is not kept out: a typo is a plain 401, the password signs in.
    const owner = client();
    expect((await owner.post('/api/auth/login', { email: user.email, password: 'a typo' }, fromDevice)).status).toBe(401);
    const signedIn = await owner.post('/api/auth/login', { email: user.email, password: PASSWORD }, fromDevice);
    expect(signedIn.status).toBe(200);
    await owner.refreshCsrf();
    expect((await owner.get('/api/me')).status).toBe(200);
    // A device cookie of another person does not help.
    const other = await buildUser(t.db, 'Olga Other');
    const otherDevice = setCookie(await client().post('/api/auth/login', { email: other.email, password: PASSWORD }), 'careteam_device');
    expect((await client().post('/api/auth/login', { email: user.email, password: PASSWORD }, { cookie: otherDevice?.split(';')[0] ?? '' })).status).toBe(429);
  });

  it('slows an unknown email the same way as a real one', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) expect((await c.post('/api/auth/login', { email: 'ghost.account@example.org', password: `guess ${i}` })).status).toBe(401);
    const res = await c.post('/api/auth/login', { email: 'ghost.account@example.org', password: 'guess 10' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(await auditRows(t.db, { action: 'auth.sign_in', actorId: null, outcome: 'failed' })).not.toHaveLength(0);
  });

  it('blocks an address for the day after more than 100 failures, whatever the accounts', async () => {
    const ip = nextIp();
    const day = t.clock().toISOString().slice(0, 10);
    await t.db.insertInto('login_throttle').values({ key: `ip:${ip}:${day}`, failures: 100, window_start: t.clock() }).execute();
    const c = clientFrom(t.app, ip);
    const user = await buildUser(t.db, 'Ivo Address');
    expect((await c.post('/api/auth/login', { email: 'someone.else@example.org', password: 'guess 101' })).status).toBe(401);
    const blocked = await c.post('/api/auth/login', { email: user.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(23 * 3600);
    expect((await client().post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('resets the failure count after a successful sign-in', async () => {
    const user = await buildUser(t.db, 'Rosa Reset');
    const c = client();
    const fail = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await c.post('/api/auth/login', { email: user.email, password: `nope ${i}` })).status);
      return out;
    };
    expect(await fail(4)).toEqual(Array(4).fill(401));
    expect((await c.post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
    // Had the count not been reset, the second of these would already be slowed.
    expect(await fail(4)).toEqual(Array(4).fill(401));
    expect((await c.post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('rehashes a password stored with weaker parameters at the next sign-in', async () => {
    const user = await buildUser(t.db, 'Walter Weak');
    const weak = await hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await t.db.updateTable('app_user').set({ password_hash: weak }).where('id', '=', user.id).execute();

    const c = client();
    expect((await c.post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
    const params = argon2Params(await storedHash(t.db, user.id));
    expect(params).not.toBeNull();
    expect(params?.m).toBeGreaterThanOrEqual(19_456);
    expect(params?.t).toBeGreaterThanOrEqual(2);
    // The new hash still accepts the same password.
    expect((await client().post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('sessions', () => {
  let t: TestContext;
  const client = () => clientFrom(t.app, nextIp());
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  it('gives a new session id at sign-in and never adopts a cookie the browser already had', async () => {
    const user = await buildUser(t.db, 'Fiona Fixation');
    const c = client();
    const planted = `${COOKIE}=planted-by-someone-else-0123456789abcdef`;
    c.cookie = planted;
    await c.login(user.email);
    expect(c.cookie).toBeDefined();
    expect(c.cookie).not.toBe(planted);
    expect((await replay(t, planted)).statusCode).toBe(401);

    // Signing in again on the same browser replaces the session; the previous one is over.
    const before = c.cookie;
    await c.login(user.email);
    expect(c.cookie).not.toBe(before);
    expect((await replay(t, before)).statusCode).toBe(401);
    expect((await replay(t, c.cookie)).statusCode).toBe(200);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/ and without Domain; __Host- and Secure when cookies are secure', async () => {
    const user = await buildUser(t.db, 'Cora Cookie');
    const res = await client().post('/api/auth/login', { email: user.email, password: PASSWORD });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${COOKIE}=[A-Za-z0-9_-]{43}; `));
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).not.toMatch(/; Domain=/i);

    const secure = await createTestContext({ config: { secureCookies: true } });
    try {
      const other = await buildUser(secure.db, 'Sid Secure');
      const c = clientFrom(secure.app, nextIp());
      const signedIn = await c.post('/api/auth/login', { email: other.email, password: PASSWORD });
      const secureCookie = String(signedIn.headers['set-cookie']);
      expect(secureCookie).toMatch(/^__Host-careteam_session=/);
      expect(secureCookie).toMatch(/; Secure/i);
      expect(secureCookie).toMatch(/; HttpOnly/i);
      expect(secureCookie).toMatch(/; Path=\/(;|$)/);
      expect(secureCookie).not.toMatch(/; Domain=/i);
      await c.refreshCsrf();
      expect((await c.get('/api/me')).status).toBe(200);
    } finally {
      await secure.close();
    }
  });

  it('stores only a hash of the session token', async () => {
    const user = await buildUser(t.db, 'Hazel Hash');
    const c = await client().login(user.email);
    const token = decodeURIComponent(c.cookie?.split('=')[1] ?? '');
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const rows = await t.db.selectFrom('auth_session').select('token_hash').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    const stored = rows[0]?.token_hash;
    expect(stored?.toString('utf8')).not.toContain(token);
    expect(stored?.toString('base64url')).not.toBe(token);
  });

  it('ends the session on the server at sign-out and tells the browser to drop its cookies', async () => {
    const user = await buildUser(t.db, 'Sam Signout');
    const c = await client().login(user.email);
    const cookie = c.cookie;
    const res = await c.post('/api/auth/logout');
    expect(res.status).toBe(200);
    expect(res.headers['clear-site-data']).toBe('"cookies"');
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^${COOKIE}=;`));
    expect((await replay(t, cookie)).statusCode).toBe(401);
    expect(await auditRows(t.db, { action: 'auth.sign_out', actorId: user.id })).toHaveLength(1);
  });

  it('ends a session left idle for more than 30 minutes, and keeps one that is used', async () => {
    const user = await buildUser(t.db, 'Ida Idle');
    const c = await client().login(user.email);
    t.clock.advance(29 * MINUTE);
    expect((await c.get('/api/me')).status).toBe(200);
    t.clock.advance(29 * MINUTE);
    expect((await c.get('/api/me')).status).toBe(200);
    t.clock.advance(31 * MINUTE);
    const res = await c.get('/api/me');
    expect(res.status).toBe(401);
    // Coming back later does not revive it.
    expect((await c.get('/api/me')).status).toBe(401);
    const timeouts = await auditRows(t.db, { action: 'auth.session_timeout', actorId: user.id });
    expect(timeouts.map((r) => r.details)).toEqual([{ reason: 'idle' }]);
  });

  it('ends a session 12 hours after sign-in even when it is used every 20 minutes', async () => {
    const user = await buildUser(t.db, 'Abe Absolute');
    const c = await client().login(user.email);
    const statuses: number[] = [];
    for (let i = 1; i <= 37; i++) {
      t.clock.advance(20 * MINUTE);
      statuses.push((await c.get('/api/me')).status);
    }
    // 35 × 20 min = 11 h 40 min; at 12 h the session is over.
    expect(statuses.slice(0, 35)).toEqual(Array(35).fill(200));
    expect(statuses.slice(35)).toEqual([401, 401]);
    const timeouts = await auditRows(t.db, { action: 'auth.session_timeout', actorId: user.id });
    expect(timeouts.map((r) => r.details)).toEqual([{ reason: 'absolute' }]);
    // Signing in again starts a fresh 12 hours.
    await c.login(user.email);
    expect((await c.get('/api/me')).status).toBe(200);
  });
});

describe('two-factor sign-in (TOTP)', () => {
  let t: TestContext;
  const client = () => clientFrom(t.app, nextIp());
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  async function enrol(c: ReturnType<typeof client>) {
    const setup = await c.post('/api/me/totp/setup');
    expect(setup.status).toBe(200);
    const secret: string = setup.body.secret;
    expect(setup.body.otpauthUrl).toContain(`secret=${secret}`);
    const enabled = await c.post('/api/me/totp/enable', { code: totpCode(secret, t.clock()) });
    expect(enabled.status).toBe(200);
    await c.refreshCsrf();
    return secret;
  }

  it('asks for a code after the password, lets nothing through until it is given, and refuses a replayed code', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const first = await client().login(therapist.email);
    expect((await first.post('/api/me/totp/enable', { code: '000000' })).status).toBe(400);
    const secret = await enrol(first);
    expect((await first.get('/api/me')).body.user.totpEnabled).toBe(true);
    const stored = await t.db.selectFrom('app_user').select(['totp_secret', 'totp_enabled']).where('id', '=', therapist.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ totp_secret: secret, totp_enabled: true });

    t.clock.advance(30_000);
    const c = client();
    const login = await c.post('/api/auth/login', { email: therapist.email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ mfaRequired: true });
    const pendingCookie = c.cookie;
    expect((await c.get('/api/children')).status).toBe(401);
    expect((await c.get('/api/me')).status).toBe(401);

    const wrongCode = totpCode(secret, new Date(t.clock().getTime() + 10 * MINUTE));
    const wrong = await c.post('/api/auth/totp', { code: wrongCode });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toEqual(['code']);
    expect((await c.get('/api/children')).status).toBe(401);

    const code = totpCode(secret, t.clock());
    const ok = await c.post('/api/auth/totp', { code });
    expect(ok.status).toBe(200);
    // The second factor gives the session a new id too.
    expect(c.cookie).not.toBe(pendingCookie);
    expect((await replay(t, pendingCookie)).statusCode).toBe(401);
    await c.refreshCsrf();
    expect((await c.get('/api/children')).status).toBe(200);

    // Someone who saw that code cannot use it in another session.
    const thief = client();
    expect((await thief.post('/api/auth/login', { email: therapist.email, password: PASSWORD })).body).toEqual({ mfaRequired: true });
    const replayed = await thief.post('/api/auth/totp', { code });
    expect(replayed.status).toBe(400);
    expect((await thief.get('/api/children')).status).toBe(401);
    expect((await auditRows(t.db, { action: 'auth.two_factor', actorId: therapist.id, outcome: 'failed' })).length).toBeGreaterThanOrEqual(2);

    // The next code, in the next time step, works.
    t.clock.advance(30_000);
    expect((await thief.post('/api/auth/totp', { code: totpCode(secret, t.clock()) })).status).toBe(200);
  });

  it('one code sent at once from three password-only sessions signs exactly one of them in', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const secret = await enrol(await client().login(therapist.email));
    t.clock.advance(30_000);
    const sessions = [client(), client(), client()];
    for (const c of sessions) expect((await c.post('/api/auth/login', { email: therapist.email, password: PASSWORD })).body).toEqual({ mfaRequired: true });
    const code = totpCode(secret, t.clock());
    // Hold the person's row so all three read the last used step before any of them writes it,
    // the worst interleaving, then let them go.
    const holder = new pg.Client({ connectionString: t.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM app_user WHERE id = $1 FOR UPDATE', [therapist.id]);
    const sent = Promise.all(sessions.map((c) => c.post('/api/auth/totp', { code })));
    for (let waited = 0; ; waited += 20) {
      const { rows } = await holder.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if (Number(rows[0]?.n) >= 3 || waited > 5_000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await holder.query('COMMIT');
    await holder.end();
    const answers = await sent;
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400]);
    const reach = await Promise.all(sessions.map(async (c) => {
      await c.refreshCsrf();
      return (await c.get('/api/children')).status;
    }));
    expect(reach.sort()).toEqual([200, 401, 401]);
  });

  it('wrong codes slow a stranger with the password down (429 + Retry-After), not the owner’s known device', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const owner = client();
    const first = await owner.post('/api/auth/login', { email: therapist.email, password: PASSWORD });
    const fromDevice = { cookie: setCookie(first, 'careteam_device')?.split(';')[0] ?? '' };
    await owner.refreshCsrf();
    const secret = await enrol(owner);

    const stranger = client();
    expect((await stranger.post('/api/auth/login', { email: therapist.email, password: PASSWORD })).body).toEqual({ mfaRequired: true });
    const wrong = totpCode(secret, new Date(t.clock().getTime() + 10 * MINUTE));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await stranger.post('/api/auth/totp', { code: wrong })).status);
    expect(statuses).toEqual(Array(5).fill(400));
    const slowed = await stranger.post('/api/auth/totp', { code: wrong });
    expect(slowed.status).toBe(429);
    expect(slowed.headers['retry-after']).toBe('1');
    expect((await auditRows(t.db, { action: 'auth.two_factor', actorId: therapist.id, outcome: 'failed' })).length).toBe(5);

    // The owner, from the phone they signed in on before, is not held up.
    t.clock.advance(30_000);
    const phone = client();
    expect((await phone.post('/api/auth/login', { email: therapist.email, password: PASSWORD }, fromDevice)).body).toEqual({ mfaRequired: true });
    expect((await phone.post('/api/auth/totp', { code: totpCode(secret, t.clock()) }, { cookie: `${phone.cookie}; ${fromDevice.cookie}` })).status).toBe(200);
  });

  it('a clinic that requires two-factor holds its staff at enrolment until they set it up', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const admin = await client().login(clinic.admin.email);
    const patched = await admin.patch('/api/admin/clinic', { requireTwoFactor: true });
    expect(patched.status).toBe(200);
    expect(patched.body.requireTwoFactor).toBe(true);

    const c = await client().login(therapist.email);
    const children = await c.get('/api/children');
    expect(children.status).toBe(403);
    expect(children.body.error.code).toBe('mfa_required');
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.mustEnrolTwoFactor).toBe(true);

    // The admin who switched it on is held too.
    expect((await admin.get('/api/children')).body.error.code).toBe('mfa_required');

    await enrol(c);
    expect((await c.get('/api/me')).body.mustEnrolTwoFactor).toBe(false);
    expect((await c.get('/api/children')).status).toBe(200);
  });

  it('does not hold staff of a clinic that leaves two-factor optional', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const c = await client().login(therapist.email);
    expect((await c.get('/api/children')).status).toBe(200);
    expect((await c.get('/api/me')).body.mustEnrolTwoFactor).toBe(false);
  });
});

describe('sign-in links and password reset by email', () => {
  let t: TestContext;
  let smtp: TestSmtp;
  const client = () => clientFrom(t.app, nextIp());

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createTestContext({ smtpUrl: smtp.url, withJobs: true });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = (address: string) => smtp.mailsTo(address);

  /** Waits (up to 15 s) until `count` mails have reached this address; returns the last. */
  async function waitForMail(address: string, count = 1): Promise<ParsedMail> {
    for (let waited = 0; waited < 15_000; waited += 100) {
      const mails = mailsTo(address);
      if (mails.length >= count) return mails[count - 1] as ParsedMail;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail #${count} to ${address} within 15 s`);
  }

  const tokenIn = (mail: ParsedMail, path: string) => {
    const m = new RegExp(`http://localhost:3000${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text ?? '');
    if (!m?.[1]) throw new Error(`no ${path} link in: ${mail.text}`);
    return m[1];
  };

  it('mails a sign-in link in the reader’s language that signs in once', async () => {
    const user = await buildUser(t.db, 'Sofía Madre', 'es');
    const asker = client();
    const res = await asker.post('/api/auth/link', { email: user.email });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ ok: true, delivery: 'email' });

    const mail = await waitForMail(user.email);
    expect(mail.subject).toBe(es.mail.signInLink.subject);
    expect(mail.text).toContain('Hola, Sofía Madre:');
    expect(mail.text).toContain(`${es.mail.signInLink.action}: http://localhost:3000/signin/link?token=`);
    // The link works for a quarter of an hour, and the mail says so in minutes (not "1 hora").
    expect(mail.text).toContain('Este enlace funciona una sola vez y caduca en 15 minutos.');
    expect(mail.html || '').toContain('lang="es"');
    const token = tokenIn(mail, '/signin/link');
    // Only a hash of the token is kept.
    const tokens = await t.db.selectFrom('one_time_token').select('token_hash').where('user_id', '=', user.id).execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.token_hash.toString('base64url')).not.toBe(token);

    const c = client();
    const consumed = await c.post('/api/auth/link/consume', { token });
    expect(consumed.status).toBe(200);
    expect(consumed.body).toEqual({ mfaRequired: false });
    await c.refreshCsrf();
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(user.email);

    const again = client();
    const second = await again.post('/api/auth/link/consume', { token });
    expect(second.status).toBe(410);
    expect(second.body.error.code).toBe('gone');
    expect((await again.get('/api/me')).status).toBe(401);
  });

  it('refuses a sign-in link once it has expired', async () => {
    const user = await buildUser(t.db, 'Evan Expired');
    expect((await client().post('/api/auth/link', { email: user.email })).status).toBe(202);
    const mail = await waitForMail(user.email);
    expect(mail.subject).toBe(en.mail.signInLink.subject);
    expect(mail.text).toContain('Hello Evan Expired,');
    const token = tokenIn(mail, '/signin/link');

    t.clock.advance(16 * MINUTE);
    const c = client();
    const res = await c.post('/api/auth/link/consume', { token });
    expect(res.status).toBe(410);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('answers an unknown email exactly like a known one and mails nobody', async () => {
    const unknownAddress = 'no.such.person@example.org';
    const unknownLink = await client().post('/api/auth/link', { email: unknownAddress });
    const unknownReset = await client().post('/api/auth/reset', { email: unknownAddress });

    const user = await buildUser(t.db, 'Kim Known');
    const knownLink = await client().post('/api/auth/link', { email: user.email });
    expect(unknownLink.status).toBe(knownLink.status);
    expect(unknownLink.body).toEqual(knownLink.body);
    expect(unknownReset.status).toBe(202);
    expect(unknownReset.body).toEqual(knownLink.body);

    // By the time the known person's mail has arrived, nothing has gone to the unknown address.
    await waitForMail(user.email);
    expect(mailsTo(unknownAddress)).toEqual([]);
    const queued = await t.db.selectFrom('mail_outbox').select('id').where('to_address', '=', unknownAddress).execute();
    expect(queued).toEqual([]);
  });

  it('keeps no email address or IP in the job queue once a request is dealt with, known address or not', async () => {
    const user = await buildUser(t.db, 'Quinn Queue');
    const unknownAddress = `nobody.${Date.now()}@example.org`;
    for (const email of [user.email, unknownAddress]) {
      expect((await client().post('/api/auth/link', { email })).status).toBe(202);
      expect((await client().post('/api/auth/reset', { email })).status).toBe(202);
    }
    await waitForMail(user.email, 2);
    // The job rows that named either address: gone once their handler finished.
    const left = async () =>
      (await sql<{ state: string }>`SELECT state FROM pgboss.job WHERE name = ${TOKEN_MAIL_QUEUE} AND data->>'email' IN (${user.email}, ${unknownAddress})`.execute(t.db)).rows;
    for (let waited = 0; waited < 10_000 && (await left()).length > 0; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(await left()).toEqual([]);
    // One that fails for good, or never runs, is not kept for pg-boss's week either.
    const queue = await sql<{ deletion_seconds: number; retention_seconds: number }>`SELECT deletion_seconds, retention_seconds FROM pgboss.queue WHERE name = ${TOKEN_MAIL_QUEUE}`.execute(t.db);
    expect(queue.rows[0]?.deletion_seconds).toBeLessThanOrEqual(3600);
    expect(queue.rows[0]?.retention_seconds).toBeLessThanOrEqual(24 * 3600);
  });

  it('resets a password by mail: old sessions and the old password stop working, the new one works', async () => {
    const user = await buildUser(t.db, 'Rita Reset');
    const signedIn = await client().login(user.email);
    expect((await signedIn.get('/api/me')).status).toBe(200);

    const anon = client();
    expect((await anon.post('/api/auth/reset', { email: user.email })).status).toBe(202);
    const mail = await waitForMail(user.email);
    expect(mail.subject).toBe(en.mail.passwordReset.subject);
    const token = tokenIn(mail, '/reset');
    const hashBefore = await storedHash(t.db, user.id);

    const common = await anon.post('/api/auth/reset/complete', { token, password: 'password123' });
    expect(common.status).toBe(400);
    expect(common.body.error.code).toBe('validation_failed');
    expect(common.body.error.details[0].path).toEqual(['password']);
    expect(common.body.error.message).toMatch(/^password: /);
    const tooShort = await anon.post('/api/auth/reset/complete', { token, password: 'short' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.details[0].path).toEqual(['password']);
    // A refused password leaves the old one in place (checked without signing in, which would
    // end the reset link).
    expect(await storedHash(t.db, user.id)).toBe(hashBefore);

    const newPassword = 'the quiet harbour at dawn';
    const done = await anon.post('/api/auth/reset/complete', { token, password: newPassword });
    expect(done.status).toBe(200);
    expect(done.headers['clear-site-data']).toBe('"cookies"');

    expect((await signedIn.get('/api/me')).status).toBe(401);
    expect((await client().post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
    const fresh = await client().login(user.email, newPassword);
    expect((await fresh.get('/api/me')).status).toBe(200);

    const params = argon2Params(await storedHash(t.db, user.id));
    expect(params?.m).toBeGreaterThanOrEqual(19_456);
    expect(params?.t).toBeGreaterThanOrEqual(2);

    const reused = await anon.post('/api/auth/reset/complete', { token, password: 'yet another fine sentence' });
    expect(reused.status).toBe(410);
    expect((await client().post('/api/auth/login', { email: user.email, password: newPassword })).status).toBe(200);
    expect(await auditRows(t.db, { action: 'auth.password_reset', actorId: user.id })).toHaveLength(1);
  });

  it('refuses a reset link after an hour and keeps the old password', async () => {
    const user = await buildUser(t.db, 'Luis Late', 'es');
    expect((await client().post('/api/auth/reset', { email: user.email })).status).toBe(202);
    const mail = await waitForMail(user.email);
    expect(mail.subject).toBe(es.mail.passwordReset.subject);
    expect(mail.text).toContain('caduca en 1 hora.');
    const token = tokenIn(mail, '/reset');
    t.clock.advance(61 * MINUTE);
    const res = await client().post('/api/auth/reset/complete', { token, password: 'too late for this sentence' });
    expect(res.status).toBe(410);
    expect((await client().post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
    expect((await client().post('/api/auth/login', { email: user.email, password: 'too late for this sentence' })).status).toBe(401);
  });

  // One-time links that outlive their purpose.

  /** Waits (up to 15 s) until `check` gives a value. */
  async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    for (let waited = 0; waited < 15_000; waited += 100) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`not within 15 s: ${what}`);
  }
  /** A token issued earlier and still open (as an older link in someone's mailbox is). */
  async function plantToken(userId: string, purpose: 'signin_link' | 'password_reset') {
    const token = newToken();
    const now = t.clock();
    await t.db.insertInto('one_time_token').values({ user_id: userId, purpose, token_hash: hashToken(token), created_at: now, expires_at: new Date(now.getTime() + 3600_000) }).execute();
    return token;
  }
  const consumeLink = (token: string) => client().post('/api/auth/link/consume', { token });
  const completeReset = (token: string) => client().post('/api/auth/reset/complete', { token, password: 'a sentence nobody guesses' });

  it('sends at most 3 links per address in 15 minutes, and answers the fourth exactly like the others', async () => {
    const user = await buildUser(t.db, 'Lim Itt');
    const answers = [];
    for (const path of ['/api/auth/link', '/api/auth/reset', '/api/auth/link', '/api/auth/link']) answers.push(await client().post(path, { email: user.email }));
    for (const a of answers) {
      expect(a.status).toBe(202);
      expect(a.body).toEqual({ ok: true, delivery: 'email' });
      expect(a.headers['set-cookie']).toBeUndefined();
    }
    const denied = await eventually('the refusal audited', async () => {
      const rows = await auditRows(t.db, { action: 'auth.link_requested', actorId: user.id, outcome: 'denied' });
      return rows.length > 0 ? rows : undefined;
    });
    expect(denied).toHaveLength(1);
    await waitForMail(user.email, 3);
    expect(await t.db.selectFrom('one_time_token').select('id').where('user_id', '=', user.id).execute()).toHaveLength(3);
    expect(await t.db.selectFrom('mail_outbox').select('id').where('to_address', '=', user.email).execute()).toHaveLength(3);

    // A quarter of an hour later the address may ask again.
    t.clock.advance(15 * MINUTE + 1_000);
    expect((await client().post('/api/auth/link', { email: user.email })).status).toBe(202);
    const fourth = await waitForMail(user.email, 4);
    expect((await consumeLink(tokenIn(fourth, '/signin/link'))).status).toBe(200);
  });

  it('a newer link makes every older sign-in and reset link useless', async () => {
    const user = await buildUser(t.db, 'Nora Newer');
    const olderReset = await plantToken(user.id, 'password_reset');
    expect((await client().post('/api/auth/link', { email: user.email })).status).toBe(202);
    const first = tokenIn(await waitForMail(user.email, 1), '/signin/link');
    expect((await client().post('/api/auth/link', { email: user.email })).status).toBe(202);
    const second = tokenIn(await waitForMail(user.email, 2), '/signin/link');
    expect((await consumeLink(first)).status).toBe(410);
    expect((await completeReset(olderReset)).status).toBe(410);
    expect((await consumeLink(second)).status).toBe(200);
  });

  it('a sign-in makes every open sign-in and reset link useless', async () => {
    const user = await buildUser(t.db, 'Sid Signin');
    expect((await client().post('/api/auth/reset', { email: user.email })).status).toBe(202);
    const reset = tokenIn(await waitForMail(user.email, 1), '/reset');
    const link = await plantToken(user.id, 'signin_link');
    await client().login(user.email);
    expect((await consumeLink(link)).status).toBe(410);
    expect((await completeReset(reset)).status).toBe(410);
    expect((await client().post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('a completed reset makes every other open link useless', async () => {
    const user = await buildUser(t.db, 'Reza Reset');
    const olderLink = await plantToken(user.id, 'signin_link');
    const olderReset = await plantToken(user.id, 'password_reset');
    const reset = await plantToken(user.id, 'password_reset');
    expect((await completeReset(reset)).status).toBe(200);
    expect((await consumeLink(olderLink)).status).toBe(410);
    expect((await client().post('/api/auth/reset/complete', { token: olderReset, password: 'an attacker’s fine sentence' })).status).toBe(410);
    expect((await client().post('/api/auth/login', { email: user.email, password: 'a sentence nobody guesses' })).status).toBe(200);
  });

  it('a password change makes every open link useless', async () => {
    const user = await buildUser(t.db, 'Pat Change');
    const c = await client().login(user.email);
    const link = await plantToken(user.id, 'signin_link');
    const reset = await plantToken(user.id, 'password_reset');
    expect((await c.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'the river bends softly', signOutEverywhere: false })).status).toBe(200);
    expect((await consumeLink(link)).status).toBe(410);
    expect((await completeReset(reset)).status).toBe(410);
  });
});

describe('sign-in link and reset requests tell nothing by their timing', () => {
  let t: TestContext;
  const client = () => clientFrom(t.app, nextIp());
  // With the job queue running, so queueing work costs what it costs in production.
  beforeAll(async () => {
    t = await createTestContext({ withJobs: true });
  });
  afterAll(async () => t.close());

  it('takes as long for an email without an account as for one with (medians over many requests)', async () => {
    const rounds = 40;
    const known = [];
    for (let i = 0; i < rounds + 5; i++) known.push(await buildUser(t.db, 'Tim Timing'));
    const timed = async (path: string, email: string) => {
      const c = client();
      const start = performance.now();
      const res = await c.post(path, { email });
      const ms = performance.now() - start;
      expect(res.status).toBe(202);
      return ms;
    };
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < rounds + 5; i++) {
      const path = i % 2 ? '/api/auth/link' : '/api/auth/reset';
      const email = known[i]?.email ?? '';
      // Alternate which goes first, so background work (mail, jobs) falls on both alike.
      const pair = i % 4 < 2
        ? [await timed(path, email), await timed(path, `nobody.${i}.timing@example.org`)]
        : [await timed(path, `nobody.${i}.timing@example.org`), await timed(path, email)].reverse();
      if (i < 5) continue; // warming up
      knownMs.push(pair[0] ?? 0);
      unknownMs.push(pair[1] ?? 0);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const ratio = median(knownMs) / median(unknownMs);
    // Doing the work in the request made a known email 2–3 times slower; alike is near 1.
    expect(ratio).toBeLessThan(1.5);
    expect(ratio).toBeGreaterThan(1 / 1.5);
  });
});

describe('first-run setup', () => {
  let t: TestContext;
  const client = () => clientFrom(t.app, nextIp());
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  const setup = {
    clinicName: 'Harbour Kids Therapy',
    timeZone: 'Europe/Madrid',
    adminName: 'Ana Admin',
    email: 'ana.admin@harbour.example',
    password: 'tides come in twice a day',
    locale: 'es',
  };

  it('creates the clinic and its first admin once, signs them in, and refuses a second set-up', async () => {
    const status = await client().get('/api/setup');
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ needsSetup: true });

    const common = await client().post('/api/setup', { ...setup, password: 'password123' });
    expect(common.status).toBe(400);
    expect(common.body.error.details[0].path).toEqual(['password']);
    expect((await client().get('/api/setup')).body).toEqual({ needsSetup: true });

    const c = client();
    const res = await c.post('/api/setup', setup);
    expect(res.status).toBe(201);
    await c.refreshCsrf();
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ name: 'Ana Admin', email: setup.email, locale: 'es' });
    expect(me.body.clinics).toEqual([expect.objectContaining({ name: 'Harbour Kids Therapy', role: 'admin', timeZone: 'Europe/Madrid' })]);
    expect((await client().get('/api/setup')).body).toEqual({ needsSetup: false });

    const second = await client().post('/api/setup', { ...setup, clinicName: 'Takeover Clinic', email: 'intruder@example.org' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
    expect(second.headers['set-cookie']).toBeUndefined();
    const clinics = await t.db.selectFrom('clinic').select('name').execute();
    expect(clinics).toEqual([{ name: 'Harbour Kids Therapy' }]);
    expect(await t.db.selectFrom('app_user').select('id').where('email', '=', 'intruder@example.org').execute()).toEqual([]);

    const admin = await t.db.selectFrom('app_user').select(['id', 'password_hash']).where('email', '=', setup.email).executeTakeFirstOrThrow();
    const params = argon2Params(admin.password_hash);
    expect(params).not.toBeNull();
    expect(params?.m).toBeGreaterThanOrEqual(19_456);
    expect(params?.t).toBeGreaterThanOrEqual(2);
    expect(params?.p).toBeGreaterThanOrEqual(1);
    expect(admin.password_hash).not.toContain(setup.password);

    // The new admin can sign in again with the password they chose.
    expect((await client().post('/api/auth/login', { email: setup.email, password: setup.password })).status).toBe(200);
  });
});

describe('secrets stay on the server', () => {
  let t: TestContext;
  const client = () => clientFrom(t.app, nextIp());
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  function keysOf(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) for (const v of value) keysOf(v, out);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        keysOf(v, out);
      }
    }
    return out;
  }

  it('no response carries a password hash, a TOTP secret or a token hash', async () => {
    const f = await buildFamily(t.db);
    const therapist = await client().login(f.therapist.email);
    const setup = await therapist.post('/api/me/totp/setup');
    expect((await therapist.post('/api/me/totp/enable', { code: totpCode(setup.body.secret, t.clock()) })).status).toBe(200);
    await therapist.refreshCsrf();
    const guardian = await client().login(f.guardian.email);
    expect((await guardian.post(`/api/children/${f.child.id}/invitations`, { email: 'grandma@example.org', name: 'Grandma', role: 'caregiver' })).status).toBe(201);
    // A sign-in link is issued by the mail job; this context runs no jobs, so issue one here.
    await t.db.insertInto('one_time_token').values({ user_id: f.guardian.id, purpose: 'signin_link', token_hash: hashToken(newToken()), created_at: t.clock(), expires_at: new Date(t.clock().getTime() + 900_000) }).execute();
    const admin = await client().login(f.clinic.admin.email);

    const responses = [
      await therapist.get('/api/me'),
      await guardian.get('/api/me'),
      await admin.get('/api/me'),
      await therapist.get(`/api/children/${f.child.id}/team`),
      await guardian.get(`/api/children/${f.child.id}/team`),
      await admin.get(`/api/children/${f.child.id}/team`),
      await admin.get('/api/admin/clinicians'),
    ];
    for (const r of responses) expect(r.status).toBe(200);

    const users = await t.db.selectFrom('app_user').select(['password_hash', 'totp_secret']).execute();
    const sessions = await t.db.selectFrom('auth_session').select(['token_hash']).execute();
    const oneTime = await t.db.selectFrom('one_time_token').select(['token_hash']).execute();
    const invitations = await t.db.selectFrom('invitation').select(['token_hash']).execute();
    const devices = await t.db.selectFrom('trusted_device').select(['token_hash']).execute();
    expect(devices.length).toBeGreaterThan(0);
    expect(oneTime.length).toBeGreaterThan(0);
    expect(invitations.length).toBeGreaterThan(0);
    const secrets = [
      ...users.flatMap((u) => [u.password_hash, u.totp_secret]),
      ...[...sessions, ...oneTime, ...invitations, ...devices].flatMap((r) => [r.token_hash.toString('hex'), r.token_hash.toString('base64'), r.token_hash.toString('base64url')]),
      ...[therapist, guardian, admin].map((c) => decodeURIComponent(c.cookie?.split('=')[1] ?? '')),
    ].filter((s): s is string => typeof s === 'string' && s.length > 0);
    expect(secrets.length).toBeGreaterThan(10);

    for (const r of responses) {
      const text = JSON.stringify(r.body);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(keysOf(r.body).filter((k) => /password|secret|hash|token/i.test(k) && k !== 'csrfToken')).toEqual([]);
    }
  });
});
