import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildChild,
  buildClinic,
  buildTherapist,
  buildUser,
  PASSWORD,
  clientFrom,
  createTestContext,
  type Res,
  type TestClient,
  type TestContext,
} from '../../../test/support.ts';
import { buildApp } from '../app.ts';

let t: TestContext;
let ipSeq = 0;
const client = () => clientFrom(t.app, `10.30.0.${++ipSeq}`);

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const TABLES = ['clinic', 'app_user', 'clinic_member', 'child', 'care_team_member', 'consent', 'invitation', 'mail_outbox', 'idempotency_record', 'audit_event'] as const;

/** Row counts of every table a request could write to. */
async function snapshot(except: readonly string[] = []) {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    if (except.includes(table)) continue;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db);
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

/** A therapist signed in, with a child of their own. */
async function therapistWithChild() {
  const clinic = await buildClinic(t.db);
  const therapist = await buildTherapist(t.db, clinic.id);
  const child = await buildChild(t.db, clinic.id, therapist, 'Mia');
  const c = await client().login(therapist.email);
  return { clinic, therapist, child, c };
}

const childRow = (id: string) => t.db.selectFrom('child').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

function expectErrorBody(res: Res, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code: code ?? expect.any(String), message: expect.any(String) }) });
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|Error:/);
}

/** A 400 whose message and details name this field. */
function expectFieldError(res: Res, field: string) {
  expectErrorBody(res, 400, 'validation_failed');
  expect(res.body.error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
  expect(res.body.error.details[0].path).toEqual(field.split('.'));
}

describe('malformed requests are refused with a clear error and change nothing', () => {
  it('malformed JSON → 400', async () => {
    const { c } = await therapistWithChild();
    const before = await snapshot();
    const res = await c.request('POST', '/api/children', '{"firstName": "Ana", "lastName":');
    expectErrorBody(res, 400, 'bad_request');
    expect(res.body.error.message).toMatch(/JSON/);
    const empty = await c.request('POST', '/api/children', '');
    expectErrorBody(empty, 400);
    expect(await snapshot()).toEqual(before);
  });

  it('a body that is not JSON (text/plain, a form) → 415', async () => {
    const { c } = await therapistWithChild();
    const before = await snapshot();
    const plain = await c.request('POST', '/api/children', '{"firstName":"Ana","lastName":"Ruiz"}', { 'content-type': 'text/plain' });
    expectErrorBody(plain, 415, 'unsupported_media_type');
    const form = await c.request('POST', '/api/children', 'firstName=Ana&lastName=Ruiz', { 'content-type': 'application/x-www-form-urlencoded' });
    expectErrorBody(form, 415, 'unsupported_media_type');
    expect(await snapshot()).toEqual(before);
  });

  it('a body over 256 KB → 413', async () => {
    const { c, child } = await therapistWithChild();
    const before = await snapshot();
    const big = await c.post('/api/children', { firstName: 'Big', lastName: 'Body', profile: { routines: 'x'.repeat(300 * 1024) } });
    expectErrorBody(big, 413, 'payload_too_large');
    const bigPatch = await c.patch(`/api/children/${child.id}`, { profile: { motivators: 'y'.repeat(257 * 1024) } });
    expectErrorBody(bigPatch, 413, 'payload_too_large');
    expect(await snapshot()).toEqual(before);
    expect((await childRow(child.id)).motivators).toBe('');
  });

  it('__proto__ and constructor.prototype keys → 400, and nothing is polluted', async () => {
    const { c } = await therapistWithChild();
    const before = await snapshot();
    const proto = await c.request('POST', '/api/children', '{"firstName":"Ana","lastName":"Ruiz","__proto__":{"isAdmin":true}}');
    expectErrorBody(proto, 400);
    const nested = await c.request('POST', '/api/children', '{"firstName":"Ana","lastName":"Ruiz","profile":{"__proto__":{"polluted":1}}}');
    expectErrorBody(nested, 400);
    const ctor = await c.request('POST', '/api/children', '{"firstName":"Ana","lastName":"Ruiz","constructor":{"prototype":{"polluted":1}}}');
    expectErrorBody(ctor, 400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('deeply nested JSON → 400', async () => {
    const { c } = await therapistWithChild();
    const before = await snapshot();
    const depth = 50_000;
    const res = await c.request('POST', '/api/children', `{"firstName":"Ana","lastName":"Ruiz","profile":{"languages":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
    expectErrorBody(res, 400);
    expect(await snapshot()).toEqual(before);
  });

  it('an unknown field → 400 naming it, on create and on update', async () => {
    const { c, child } = await therapistWithChild();
    const before = await snapshot();
    const created = await c.post('/api/children', { firstName: 'Ana', lastName: 'Ruiz', nickname: 'Annie' });
    expectErrorBody(created, 400, 'validation_failed');
    expect(created.body.error.message).toContain('nickname');
    // A field the server owns cannot be smuggled in either.
    const owned = await c.post('/api/children', { firstName: 'Ana', lastName: 'Ruiz', clinicId: randomUUID() });
    expectErrorBody(owned, 400, 'validation_failed');
    expect(owned.body.error.message).toContain('clinicId');
    const rowBefore = await childRow(child.id);
    const patched = await c.patch(`/api/children/${child.id}`, { firstName: 'Changed', profile: { favouriteColour: 'blue' } });
    expectErrorBody(patched, 400, 'validation_failed');
    expect(patched.body.error.message).toContain('favouriteColour');
    expect(await childRow(child.id)).toEqual(rowBefore);
    expect(await snapshot()).toEqual(before);
  });

  it('a 10,000-character name → 400 naming the field', async () => {
    const { c, child } = await therapistWithChild();
    const before = await snapshot();
    expectFieldError(await c.post('/api/children', { firstName: 'a'.repeat(10_000), lastName: 'Ruiz' }), 'firstName');
    expectFieldError(await c.post('/api/children', { firstName: 'Ana', lastName: 'b'.repeat(10_000) }), 'lastName');
    const rowBefore = await childRow(child.id);
    expectFieldError(await c.patch(`/api/children/${child.id}`, { firstName: 'c'.repeat(10_000) }), 'firstName');
    expectFieldError(await c.patch(`/api/children/${child.id}`, { profile: { routines: 'd'.repeat(10_000) } }), 'profile.routines');
    expect(await childRow(child.id)).toEqual(rowBefore);
    expect(await snapshot()).toEqual(before);
  });

  it('an invalid email → 400 naming "email"', async () => {
    const clinic = await buildClinic(t.db);
    const admin = await client().login(clinic.admin.email);
    const before = await snapshot();
    for (const email of ['not-an-email', 'two@@example.org', 'a@b', '<script>@example.org', `${'x'.repeat(260)}@example.org`]) {
      expectFieldError(await admin.post('/api/admin/invitations', { email, name: 'New Therapist', role: 'therapist' }), 'email');
    }
    expectFieldError(await client().post('/api/auth/login', { email: 'nobody', password: 'whatever it is' }), 'email');
    expectFieldError(await client().post('/api/auth/reset', { email: "x' OR 1=1 --" }), 'email');
    expect(await snapshot()).toEqual(before);
  });
});

describe('text round-trips exactly', () => {
  it('SQL-injection strings are stored and shown literally, and change nothing else', async () => {
    const { c, child } = await therapistWithChild();
    const attacks = [
      "Robert'); DROP TABLE child;--",
      "' OR '1'='1",
      '1; DELETE FROM audit_event WHERE true; --',
      "$$; TRUNCATE app_user CASCADE; $$",
      "\\'; UPDATE app_user SET password_hash = NULL; --",
      '%_\\',
    ];
    const before = await snapshot(['child', 'care_team_member', 'audit_event']);
    const childrenBefore = await t.db.selectFrom('child').select(['id', 'first_name', 'last_name']).orderBy('id').execute();
    const created: { id: string; name: string }[] = [];
    for (const name of attacks) {
      const res = await c.post('/api/children', { firstName: name, lastName: name });
      expect(res.status).toBe(201);
      expect(res.body.firstName).toBe(name);
      created.push({ id: res.body.id, name });
    }
    for (const { id, name } of created) {
      const got = await c.get(`/api/children/${id}`);
      expect(got.status).toBe(200);
      expect([got.body.firstName, got.body.lastName]).toEqual([name, name]);
    }
    const patched = await c.patch(`/api/children/${child.id}`, { profile: { motivators: attacks.join('\n') } });
    expect(patched.status).toBe(200);
    expect(patched.body.profile.motivators).toBe(attacks.join('\n'));

    const list = await c.get('/api/children');
    expect(list.body.children.map((x: { firstName: string }) => x.firstName).sort()).toEqual(['Mia', ...attacks].sort());
    expect(await snapshot(['child', 'care_team_member', 'audit_event'])).toEqual(before);
    const childrenAfter = await t.db.selectFrom('child').select(['id', 'first_name', 'last_name']).where('id', 'not in', created.map((x) => x.id)).orderBy('id').execute();
    expect(childrenAfter).toEqual(childrenBefore);
    const users = await t.db.selectFrom('app_user').select('id').where('password_hash', 'is', null).execute();
    expect(users).toEqual([]);
  });

  it('SQL-injection strings in ids and filters → 4xx, never a 500, nothing changed', async () => {
    const { c, clinic } = await therapistWithChild();
    const admin = await client().login(clinic.admin.email);
    const before = await snapshot(['audit_event']);
    for (const id of ["' OR '1'='1", '1;DROP TABLE child', "00000000-0000-0000-0000-000000000000' OR 'x'='x"]) {
      const res = await c.get(`/api/children/${encodeURIComponent(id)}`);
      expectErrorBody(res, 404, 'not_found');
      const patch = await c.patch(`/api/children/${encodeURIComponent(id)}`, { firstName: 'Hacked' });
      expectErrorBody(patch, 404, 'not_found');
    }
    const byAction = await admin.get(`/api/admin/audit?action=${encodeURIComponent("' OR 1=1 --")}`);
    expect(byAction.status).toBe(200);
    expect(byAction.body.events).toEqual([]);
    const wildcard = await admin.get(`/api/admin/audit?action=${encodeURIComponent('%')}`);
    expect(wildcard.status).toBe(200);
    expect(wildcard.body.events).toEqual([]);
    expectFieldError(await admin.get(`/api/admin/audit?childId=${encodeURIComponent("' OR 1=1 --")}`), 'childId');
    expect(await snapshot(['audit_event'])).toEqual(before);
    expect(await t.db.selectFrom('child').select('id').where('first_name', '=', 'Hacked').execute()).toEqual([]);
  });

  it('emoji, right-to-left marks, NFD and zero-width characters come back exactly as sent', async () => {
    const { c } = await therapistWithChild();
    const names = [
      'Zoë 👩‍👧‍👦🦄',
      '\u202Bمريم\u202C',
      'Noa\u200F (\u05E0\u05D5\u05E2\u05D4)',
      'Jose\u0301', // NFD: must not be turned into the NFC "José"
      'Ame\u0301lie\u200Dx',
      'ｆｕｌｌ ｗｉｄｔｈ',
    ];
    for (const name of names) {
      const res = await c.post('/api/children', { firstName: name, lastName: name, profile: { motivators: `${name}\n${name}` } });
      expect(res.status).toBe(201);
      const got = await c.get(`/api/children/${res.body.id}`);
      expect(got.body.firstName).toBe(name);
      expect(got.body.lastName).toBe(name);
      expect(got.body.profile.motivators).toBe(`${name}\n${name}`);
      const row = await childRow(res.body.id);
      expect(row.first_name).toBe(name);
      expect(Buffer.from(row.first_name).equals(Buffer.from(name))).toBe(true);
    }
  });

  it('text the database cannot hold exactly (NUL, a lone surrogate) → 400 naming the field, nothing written', async () => {
    const { c, child } = await therapistWithChild();
    const before = await snapshot();
    expectFieldError(await c.post('/api/children', { firstName: 'Ana\u0000', lastName: 'Ruiz' }), 'firstName');
    expectFieldError(await c.request('POST', '/api/children', '{"firstName":"Ana","lastName":"Ru\\ud800iz"}'), 'lastName');
    expectFieldError(await c.patch(`/api/children/${child.id}`, { profile: { routines: 'bed\u0000time' } }), 'profile.routines');
    expect(await snapshot()).toEqual(before);
  });
});

describe('headers', () => {
  function csp(res: { headers: Record<string, unknown> }) {
    const directives = new Map<string, string>();
    for (const part of String(res.headers['content-security-policy'] ?? '').split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (name) directives.set(name, values.join(' '));
    }
    return directives;
  }

  it('every API response is no-store and carries the CSP, nosniff and referrer policy', async () => {
    const { c, child } = await therapistWithChild();
    const anon = client();
    const responses: [string, Res][] = [
      ['me', await c.get('/api/me')],
      ['child', await c.get(`/api/children/${child.id}`)],
      ['created', await c.post('/api/children', { firstName: 'Hal', lastName: 'Headers' })],
      ['health', await anon.get('/api/health')],
      ['setup', await anon.get('/api/setup')],
      ['unauthenticated', await anon.get('/api/children')],
      ['not found', await c.get(`/api/children/${randomUUID()}`)],
      ['no route', await c.get('/api/no-such-route')],
      ['bad input', await c.post('/api/children', { firstName: '' })],
      ['bad json', await c.request('POST', '/api/children', '{')],
      ['too large', await c.post('/api/children', { firstName: 'x'.repeat(300 * 1024), lastName: 'y' })],
      ['wrong type', await c.request('POST', '/api/children', 'x', { 'content-type': 'text/plain' })],
      ['csrf', await anon.request('POST', '/api/auth/login', { email: 'a@example.org', password: 'whatever' }, { origin: 'https://evil.example' })],
    ];
    for (const [label, res] of responses) {
      expect({ label, cache: res.headers['cache-control'] }).toEqual({ label, cache: 'no-store' });
      const policy = csp(res);
      expect({ label, policy: Object.fromEntries([...policy].filter(([k]) => ['default-src', 'object-src', 'base-uri', 'frame-ancestors', 'script-src'].includes(k))) }).toEqual({
        label,
        policy: { 'default-src': "'self'", 'object-src': "'none'", 'base-uri': "'none'", 'frame-ancestors': "'none'", 'script-src': "'self'" },
      });
      expect({ label, nosniff: res.headers['x-content-type-options'] }).toEqual({ label, nosniff: 'nosniff' });
      expect({ label, referrer: res.headers['referrer-policy'] }).toEqual({ label, referrer: 'same-origin' });
      expect({ label, permissions: res.headers['permissions-policy'] }).toEqual({ label, permissions: expect.stringContaining('geolocation=()') });
      expect(String(res.headers['permissions-policy'])).toContain('camera=(self)');
    }
  });

  it('in production: __Host- Secure HttpOnly session cookie, HSTS and the strict CSP', async () => {
    const prod = await createTestContext({ config: { env: 'production', secureCookies: true } });
    try {
      const user = await buildUser(prod.db, 'Pia Production');
      const res = await prod.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((k) => k.name.endsWith('careteam_session'));
      expect(cookie).toMatchObject({ name: '__Host-careteam_session', secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
      expect(cookie?.domain).toBeUndefined();
      for (const r of [res, await prod.app.inject({ method: 'GET', url: '/api/health' })]) {
        expect(r.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
        const policy = csp(r);
        expect(policy.get('script-src')).toBe("'self'");
        expect(policy.get('frame-ancestors')).toBe("'none'");
        expect(policy.get('object-src')).toBe("'none'");
        expect(r.headers['permissions-policy']).toContain('microphone=(self)');
      }
    } finally {
      await prod.close();
    }
  });
});

describe('cross-site requests', () => {
  it('a foreign Origin → 403 and nothing written, even with a valid CSRF token', async () => {
    const { c, child } = await therapistWithChild();
    const before = await snapshot();
    const rowBefore = await childRow(child.id);
    for (const origin of ['https://evil.example', 'null', 'http://localhost:3000.evil.example']) {
      expectErrorBody(await c.post('/api/children', { firstName: 'Csrf', lastName: 'Kid' }, { origin }), 403, 'csrf_failed');
      const patch = await c.request('PATCH', `/api/children/${child.id}`, { firstName: 'Hijacked' }, { origin });
      expectErrorBody(patch, 403, 'csrf_failed');
    }
    // Signing someone in to the attacker's account (login CSRF) is refused as well.
    expectErrorBody(await client().post('/api/auth/login', { email: 'a@example.org', password: 'whatever' }, { origin: 'https://evil.example' }), 403, 'csrf_failed');
    expect(await snapshot()).toEqual(before);
    expect(await childRow(child.id)).toEqual(rowBefore);
    // The app's own origin is accepted.
    expect((await c.post('/api/children', { firstName: 'Same', lastName: 'Origin' }, { origin: 'http://localhost:3000' })).status).toBe(201);
  });

  it('a missing or wrong CSRF token → 403 and nothing written', async () => {
    const { c, child } = await therapistWithChild();
    const before = await snapshot();
    const rowBefore = await childRow(child.id);
    const token = c.csrf;
    for (const csrf of [undefined, 'not-the-token', '']) {
      c.csrf = csrf;
      expectErrorBody(await c.post('/api/children', { firstName: 'Csrf', lastName: 'Kid' }), 403, 'csrf_failed');
      expectErrorBody(await c.patch(`/api/children/${child.id}`, { firstName: 'Hijacked' }), 403, 'csrf_failed');
      expectErrorBody(await c.post('/api/auth/logout'), 403, 'csrf_failed');
    }
    c.csrf = token;
    expect(await snapshot()).toEqual(before);
    expect(await childRow(child.id)).toEqual(rowBefore);
    expect((await c.get('/api/me')).status).toBe(200);
  });

  it('GET requests never change data', async () => {
    const { c, child } = await therapistWithChild();
    const before = await snapshot(['audit_event']);
    const rowBefore = await childRow(child.id);
    for (const url of ['/api/me', '/api/children', `/api/children/${child.id}`, `/api/children/${child.id}/team`, '/api/setup', '/api/health']) {
      expect((await c.get(url)).status).toBe(200);
    }
    expect(await snapshot(['audit_event'])).toEqual(before);
    expect(await childRow(child.id)).toEqual(rowBefore);
  });
});

describe('unexpected errors', () => {
  it('an unhandled exception → a generic 500 with a request id, and the server keeps serving', async () => {
    const app = await buildApp(t.deps);
    app.get('/api/test-only/boom', { config: { public: true } }, async () => {
      throw new Error('secret internal detail: connection string postgres://user:pw@db/x');
    });
    await app.ready();
    try {
      const c: TestClient = clientFrom(app, '10.30.9.9');
      const res = await c.get('/api/test-only/boom');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'internal', message: expect.any(String), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
      expect(JSON.stringify(res.body)).not.toMatch(/secret|postgres:|Error:|\.ts:\d+/);
      expect(res.headers['cache-control']).toBe('no-store');
      const again = await c.get('/api/test-only/boom');
      expect(again.body.error.requestId).not.toBe(res.body.error.requestId);
      expect((await c.get('/api/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
