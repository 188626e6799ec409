import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClinic, buildTherapist, clientFrom, createTestContext, type TestContext } from '../../../test/support.ts';

let t: TestContext;
let ipSeq = 0;
const client = () => clientFrom(t.app, `10.50.0.${++ipSeq}`);

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

async function signedInTherapist() {
  const clinic = await buildClinic(t.db);
  const therapist = await buildTherapist(t.db, clinic.id);
  return { clinic, therapist, c: await client().login(therapist.email) };
}

const childrenNamed = (firstName: string) => t.db.selectFrom('child').select('id').where('first_name', '=', firstName).execute();
const auditFor = (childId: string) => t.db.selectFrom('audit_event').select('action').where('child_id', '=', childId).execute();

describe('Idempotency-Key on POST', () => {
  it('a retried POST with the same key creates one record and gets the first answer again', async () => {
    const { c } = await signedInTherapist();
    const key = randomUUID();
    const body = { firstName: `Ivy-${key.slice(0, 8)}`, lastName: 'Once', therapyTypes: ['speech'] };

    const first = await c.post('/api/children', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await c.post('/api/children', body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);

    expect(await childrenNamed(body.firstName)).toEqual([{ id: first.body.id }]);
    expect(await auditFor(first.body.id)).toEqual([{ action: 'child.create' }]);

    // Without a key, the same body is a new request.
    const fresh = await c.post('/api/children', body);
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(first.body.id);
    expect(await childrenNamed(body.firstName)).toHaveLength(2);
  });

  it('the same key on another path → 409 and nothing written', async () => {
    const { c } = await signedInTherapist();
    const key = randomUUID();
    const created = await c.post('/api/children', { firstName: 'Pia', lastName: 'Path' }, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const invite = { email: 'new.guardian@example.org', name: 'New Guardian', role: 'guardian' };

    const res = await c.post(`/api/children/${created.body.id}/invitations`, invite, { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(await t.db.selectFrom('invitation').select('id').where('child_id', '=', created.body.id).execute()).toEqual([]);

    // With its own key the invitation goes through.
    const own = await c.post(`/api/children/${created.body.id}/invitations`, invite, { 'idempotency-key': randomUUID() });
    expect(own.status).toBe(201);
  });

  it('another user with the same key is processed independently', async () => {
    const a = await signedInTherapist();
    const b = await signedInTherapist();
    const key = 'shared-key-0001';
    const fromA = await a.c.post('/api/children', { firstName: 'Ann', lastName: 'Alpha' }, { 'idempotency-key': key });
    const fromB = await b.c.post('/api/children', { firstName: 'Bob', lastName: 'Beta' }, { 'idempotency-key': key });
    expect(fromA.status).toBe(201);
    expect(fromB.status).toBe(201);
    expect(fromB.headers['idempotent-replayed']).toBeUndefined();
    expect(fromB.body.id).not.toBe(fromA.body.id);
    expect(fromB.body).toMatchObject({ firstName: 'Bob', clinicId: b.clinic.id });
    // B never sees A's answer, and each one's retry still returns their own.
    const retryB = await b.c.post('/api/children', { firstName: 'Bob', lastName: 'Beta' }, { 'idempotency-key': key });
    expect(retryB.headers['idempotent-replayed']).toBe('true');
    expect(retryB.body).toEqual(fromB.body);
    expect(await childrenNamed('Ann')).toHaveLength(1);
    expect(await childrenNamed('Bob')).toHaveLength(1);
  });

  it('two identical requests at the same moment create one record', async () => {
    const { c } = await signedInTherapist();
    const key = randomUUID();
    const body = { firstName: `Twin-${key.slice(0, 8)}`, lastName: 'Race' };
    const answers = await Promise.all([
      c.post('/api/children', body, { 'idempotency-key': key }),
      c.post('/api/children', body, { 'idempotency-key': key }),
      c.post('/api/children', body, { 'idempotency-key': key }),
    ]);
    const rows = await childrenNamed(body.firstName);
    expect(rows).toHaveLength(1);
    const fresh = answers.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
    expect(fresh).toHaveLength(1);
    for (const r of answers) {
      if (r === fresh[0]) continue;
      // The others are told to retry, or get the first answer.
      if (r.status === 409) expect(r.headers['retry-after']).toBeDefined();
      else expect(r.body).toEqual(fresh[0]?.body);
    }
    const retry = await c.post('/api/children', body, { 'idempotency-key': key });
    expect(retry.body.id).toBe(rows[0]?.id);
  });

  it('a write whose answer was lost (the server stopped after it committed) is not written again', async () => {
    const { c, therapist } = await signedInTherapist();
    const key = randomUUID();
    // What a server killed between the commit and storing the answer leaves: the claim, unanswered.
    await t.db.insertInto('idempotency_record')
      .values({ user_id: therapist.id, key, method: 'POST', path: '/api/children', status: 0, body: 'null', request_id: randomUUID(), created_at: new Date(Date.now() - 60_000) })
      .execute();
    const body = { firstName: `Lost-${key.slice(0, 8)}`, lastName: 'Answer' };
    const retry = await c.post('/api/children', body, { 'idempotency-key': key });
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('already_applied');
    expect(await childrenNamed(body.firstName)).toEqual([]);
  });

  it('a write that committed but whose answer was lost: the retry learns the created id at once', async () => {
    const { c } = await signedInTherapist();
    const key = randomUUID();
    const body = { firstName: `Kept-${key.slice(0, 8)}`, lastName: 'Committed' };
    const first = await c.post('/api/children', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    // What a server killed between its commit and storing its answer leaves: the claim, committed
    // with the write (and as young as the write), without the answer.
    await t.db.updateTable('idempotency_record').set({ status: 0, body: 'null' }).where('key', '=', key).execute();

    const retry = await c.post('/api/children', body, { 'idempotency-key': key });
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('already_applied');
    expect(retry.body.error.details).toEqual({ id: first.body.id, type: 'child' });
    expect(await childrenNamed(body.firstName)).toEqual([{ id: first.body.id }]);
  });

  it('a request refused for bad input does not use up the key', async () => {
    const { c } = await signedInTherapist();
    const key = randomUUID();
    const bad = await c.post('/api/children', { firstName: '', lastName: 'Fix' }, { 'idempotency-key': key });
    expect(bad.status).toBe(400);
    const fixed = await c.post('/api/children', { firstName: 'Fixed', lastName: 'Fix' }, { 'idempotency-key': key });
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(fixed.body.firstName).toBe('Fixed');
  });

  it('a key that is too short or too long → 400 naming the header, nothing written', async () => {
    const { c } = await signedInTherapist();
    for (const key of ['short', 'k'.repeat(201)]) {
      const res = await c.post('/api/children', { firstName: 'Kay', lastName: 'Key' }, { 'idempotency-key': key });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['Idempotency-Key']);
    }
    expect(await childrenNamed('Kay')).toEqual([]);
  });
});
