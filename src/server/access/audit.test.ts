import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChild, buildClinic, buildFamily, buildTherapist, clientFrom, createTestContext, type TestContext } from '../../../test/support.ts';
import type { Tx } from '../db/database.ts';
import { verifyAuditChain } from './audit-chain.ts';

let t: TestContext;
let ipSeq = 0;
const nextIp = () => `10.40.0.${++ipSeq}`;
const client = (ip = nextIp()) => clientFrom(t.app, ip);

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const auditOf = (clinicId: string) => t.db.selectFrom('audit_event').selectAll().where('clinic_id', '=', clinicId).orderBy('id').execute();

/** Changes audit rows the way only the database owner could: triggers off, then on again. */
async function tamper(change: (tx: Tx) => Promise<unknown>) {
  await t.ownerDb.transaction().execute(async (tx) => {
    await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update`.execute(tx);
    await change(tx);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`.execute(tx);
  });
}

/** A clinic with some recorded activity: children created, viewed and updated through the API. */
async function busyClinic() {
  const clinic = await buildClinic(t.db);
  const therapist = await buildTherapist(t.db, clinic.id);
  const c = await client().login(therapist.email);
  const ids: string[] = [];
  for (const name of ['Ada', 'Ben', 'Cai', 'Dee']) {
    const res = await c.post('/api/children', { firstName: name, lastName: 'Chain' });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
    expect((await c.get(`/api/children/${res.body.id}`)).status).toBe(200);
    expect((await c.patch(`/api/children/${res.body.id}`, { pronouns: 'they' })).status).toBe(200);
  }
  return { clinic, therapist, c, childIds: ids };
}

describe('audit rows written by the app', () => {
  it('record actor, role, action, child, subject, IP and request id, one row per request', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const c = await client('10.40.1.7').login(therapist.email);

    const created = await c.post('/api/children', { firstName: 'Audra', lastName: 'Trail' });
    expect(created.status).toBe(201);
    const childId: string = created.body.id;
    expect((await c.get(`/api/children/${childId}`)).status).toBe(200);
    expect((await c.patch(`/api/children/${childId}`, { firstName: 'Audrey' })).status).toBe(200);

    const rows = await t.db.selectFrom('audit_event').selectAll().where('child_id', '=', childId).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['child.create', 'child.view', 'child.update']);
    for (const r of rows) {
      expect(r).toMatchObject({
        clinic_id: clinic.id, actor_id: therapist.id, actor_role: 'therapist', child_id: childId,
        subject_type: 'child', subject_id: childId, outcome: 'ok', ip: '10.40.1.7',
      });
      expect(r.request_id).toMatch(UUID);
      expect(r.user_agent).toBeTruthy();
    }
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(3);
    expect(rows[2]?.details).toEqual({ fields: ['firstName'] });
    for (const r of rows) {
      const sameRequest = await t.db.selectFrom('audit_event').select('id').where('request_id', '=', r.request_id).execute();
      expect(sameRequest).toHaveLength(1);
    }
  });

  it('a refused change writes neither the change nor an audit row; a denied read is audited as denied', async () => {
    const f = await buildFamily(t.db);
    const stranger = await buildTherapist(t.db, f.clinic.id, 'Stan Stranger');
    const therapist = await client().login(f.therapist.email);
    const countFor = async () => (await t.db.selectFrom('audit_event').select('id').where('child_id', '=', f.child.id).execute()).length;
    const before = await countFor();

    expect((await therapist.patch(`/api/children/${f.child.id}`, { firstName: '' })).status).toBe(400);
    expect(await countFor()).toBe(before);

    const s = await client('10.40.2.9').login(stranger.email);
    expect((await s.patch(`/api/children/${f.child.id}`, { firstName: 'Nope' })).status).toBe(404);
    const denied = await t.db.selectFrom('audit_event').selectAll().where('actor_id', '=', stranger.id).where('action', '=', 'access_denied').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ outcome: 'denied', child_id: f.child.id, clinic_id: f.clinic.id, ip: '10.40.2.9' });
    const child = await t.db.selectFrom('child').select('first_name').where('id', '=', f.child.id).executeTakeFirstOrThrow();
    expect(child.first_name).toBe('Leo');
  });

  it('sign-in and sign-out are audited', async () => {
    const clinic = await buildClinic(t.db);
    const c = await client('10.40.3.3').login(clinic.admin.email);
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    const rows = await t.db.selectFrom('audit_event').select(['action', 'outcome', 'ip']).where('actor_id', '=', clinic.admin.id).orderBy('id').execute();
    expect(rows).toEqual([
      { action: 'auth.sign_in', outcome: 'ok', ip: '10.40.3.3' },
      { action: 'auth.sign_out', outcome: 'ok', ip: '10.40.3.3' },
    ]);
  });
});

describe('the audit table is append-only', () => {
  it('even for the owner, the database refuses UPDATE, DELETE and TRUNCATE on audit rows', async () => {
    const { clinic } = await busyClinic();
    const before = await auditOf(clinic.id);
    const target = before[1];
    expect(target).toBeDefined();
    await expect(t.ownerDb.updateTable('audit_event').set({ action: 'nothing.happened' }).where('id', '=', String(target?.id)).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.updateTable('audit_event').set({ outcome: 'denied' }).where('clinic_id', '=', clinic.id).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.deleteFrom('audit_event').where('id', '=', String(target?.id)).execute()).rejects.toThrow(/append-only/);
    await expect(t.ownerDb.deleteFrom('audit_event').where('clinic_id', '=', clinic.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(t.ownerDb)).rejects.toThrow(/append-only/);
    expect(await auditOf(clinic.id)).toEqual(before);
  });
});

describe('the audit hash chain', () => {
  it('verifies on real data, per clinic and for rows without a clinic', async () => {
    const a = await busyClinic();
    const b = await busyClinic();
    for (const clinic of [a.clinic, b.clinic]) {
      const rows = await auditOf(clinic.id);
      expect(rows.length).toBeGreaterThanOrEqual(12);
      expect(await verifyAuditChain(t.db, clinic.id)).toEqual({ ok: true, brokenAt: null, count: rows.length });
    }
    // Sign-ins belong to no clinic and form their own chain.
    const global = await verifyAuditChain(t.db, null);
    expect(global.ok).toBe(true);
    expect(global.count).toBeGreaterThanOrEqual(2);
    // A clinic with no activity has an empty, valid chain.
    const quiet = await buildClinic(t.db);
    expect(await verifyAuditChain(t.db, quiet.id)).toEqual({ ok: true, brokenAt: null, count: 0 });
  });

  it('stays valid when many requests write at the same time', async () => {
    const { clinic, c } = await busyClinic();
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => c.post('/api/children', { firstName: `Par${i}`, lastName: 'Allel' })));
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(201));
    const report = await verifyAuditChain(t.db, clinic.id);
    expect(report).toEqual({ ok: true, brokenAt: null, count: (await auditOf(clinic.id)).length });
  });

  it('detects an edited row, even when its own hash is recomputed', async () => {
    const { clinic } = await busyClinic();
    const other = await busyClinic();
    const rows = await auditOf(clinic.id);
    const victim = rows[5];
    const next = rows[6];
    if (!victim || !next) throw new Error('expected at least 7 audit rows');

    await tamper((tx) => tx.updateTable('audit_event').set({ actor_id: other.therapist.id }).where('id', '=', victim.id).execute());
    expect(await verifyAuditChain(t.db, clinic.id)).toEqual({ ok: false, brokenAt: String(victim.id), count: rows.length });

    // Covering the edit by recomputing that row's hash moves the break to the row after it.
    await tamper((tx) => sql`
      UPDATE audit_event SET hash = sha256(convert_to(concat_ws('|',
        id, clinic_id, actor_id, actor_role, action, subject_type, subject_id, child_id, outcome, ip, user_agent, request_id,
        details::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        encode(coalesce(prev_hash, ''::bytea), 'hex')), 'UTF8'))
      WHERE id = ${victim.id}`.execute(tx));
    expect(await verifyAuditChain(t.db, clinic.id)).toEqual({ ok: false, brokenAt: String(next.id), count: rows.length });

    // Other clinics' chains are untouched.
    expect((await verifyAuditChain(t.db, other.clinic.id)).ok).toBe(true);
  });

  it('detects an edited detail or time stamp', async () => {
    const { clinic } = await busyClinic();
    const rows = await auditOf(clinic.id);
    const victim = rows[3];
    if (!victim) throw new Error('expected audit rows');
    await tamper((tx) => sql`UPDATE audit_event SET created_at = created_at - interval '1 day' WHERE id = ${victim.id}`.execute(tx));
    expect((await verifyAuditChain(t.db, clinic.id)).brokenAt).toBe(String(victim.id));
  });

  it('detects a removed row', async () => {
    const { clinic } = await busyClinic();
    const rows = await auditOf(clinic.id);
    const removed = rows[4];
    const next = rows[5];
    if (!removed || !next) throw new Error('expected at least 6 audit rows');
    await tamper((tx) => tx.deleteFrom('audit_event').where('id', '=', removed.id).execute());
    expect(await verifyAuditChain(t.db, clinic.id)).toEqual({ ok: false, brokenAt: String(next.id), count: rows.length - 1 });
  });

  it('detects the removal of the first row', async () => {
    const { clinic } = await busyClinic();
    const rows = await auditOf(clinic.id);
    const [first, second] = rows;
    if (!first || !second) throw new Error('expected audit rows');
    await tamper((tx) => tx.deleteFrom('audit_event').where('id', '=', first.id).execute());
    expect((await verifyAuditChain(t.db, clinic.id)).brokenAt).toBe(String(second.id));
  });
});

describe('the admin audit log', () => {
  type Event = { id: number; actorId: string | null; childId: string | null; action: string; at: string; outcome: string };

  async function scenario() {
    const clinic = await buildClinic(t.db);
    const t1 = await buildTherapist(t.db, clinic.id, 'Tara One');
    const t2 = await buildTherapist(t.db, clinic.id, 'Tom Two');
    const c1 = await buildChild(t.db, clinic.id, t1, 'Uma');
    const c2 = await buildChild(t.db, clinic.id, t2, 'Vic');
    const s1 = await client().login(t1.email);
    const s2 = await client().login(t2.email);
    const admin = await client().login(clinic.admin.email);
    await s1.get(`/api/children/${c1.id}`);
    await s1.patch(`/api/children/${c1.id}`, { pronouns: 'she' });
    await s1.get(`/api/children/${c1.id}`);
    await s2.get(`/api/children/${c2.id}`);
    await s2.patch(`/api/children/${c2.id}`, { pronouns: 'he' });
    await admin.get(`/api/children/${c1.id}`);
    await s2.get(`/api/children/${c1.id}`); // not on Uma's team: denied

    // Another clinic with the same kinds of activity.
    const otherClinic = await buildClinic(t.db, 'Elsewhere Therapy');
    const tb = await buildTherapist(t.db, otherClinic.id, 'Bea Beyond');
    const cb = await buildChild(t.db, otherClinic.id, tb, 'Wes');
    const sb = await client().login(tb.email);
    await sb.get(`/api/children/${cb.id}`);
    await sb.patch(`/api/children/${cb.id}`, { pronouns: 'they' });
    const foreignIds = new Set((await auditOf(otherClinic.id)).map((r) => Number(r.id)));
    expect(foreignIds.size).toBeGreaterThan(0);
    return { clinic, t1, t2, c1, c2, admin, otherClinic, tb, cb, foreignIds };
  }

  const events = async (admin: Awaited<ReturnType<typeof scenario>>['admin'], query: string): Promise<Event[]> => {
    const res = await admin.get(`/api/admin/audit?limit=200${query ? `&${query}` : ''}`);
    expect(res.status).toBe(200);
    return res.body.events;
  };
  const ids = (list: { id: number | string }[]) => list.map((e) => Number(e.id)).sort((x, y) => y - x);

  it('filters by child, person, action and dates, and never shows another clinic', async () => {
    const s = await scenario();
    const own = await auditOf(s.clinic.id);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const first = own[0]?.created_at ?? new Date();
    const last = own[own.length - 1]?.created_at ?? new Date();
    const dayBefore = day(new Date(first.getTime() - 86_400_000));
    const dayAfter = day(new Date(last.getTime() + 86_400_000));

    const all = await events(s.admin, '');
    expect(ids(all)).toEqual(ids(own));

    const byChild = await events(s.admin, `childId=${s.c1.id}`);
    expect(byChild.length).toBeGreaterThanOrEqual(4);
    expect(ids(byChild)).toEqual(ids(own.filter((r) => r.child_id === s.c1.id)));
    expect(byChild.every((e) => e.childId === s.c1.id)).toBe(true);

    const byActor = await events(s.admin, `actorId=${s.t1.id}`);
    expect(ids(byActor)).toEqual(ids(own.filter((r) => r.actor_id === s.t1.id)));
    expect(byActor.length).toBeGreaterThanOrEqual(3);

    const byAction = await events(s.admin, 'action=child.update');
    expect(byAction.map((e) => e.action)).toEqual(['child.update', 'child.update']);
    expect(ids(await events(s.admin, 'action=child.'))).toEqual(ids(own.filter((r) => r.action.startsWith('child.'))));

    const denied = await events(s.admin, `actorId=${s.t2.id}&action=access_denied`);
    expect(denied).toEqual([expect.objectContaining({ childId: s.c1.id, outcome: 'denied' })]);

    const combined = await events(s.admin, `childId=${s.c1.id}&actorId=${s.t1.id}&action=child.view&from=${day(first)}&to=${day(last)}`);
    expect(ids(combined)).toEqual(ids(own.filter((r) => r.child_id === s.c1.id && r.actor_id === s.t1.id && r.action === 'child.view')));
    expect(combined).toHaveLength(2);

    expect(await events(s.admin, `to=${dayBefore}`)).toEqual([]);
    expect(await events(s.admin, `from=${dayAfter}`)).toEqual([]);
    expect(ids(await events(s.admin, `from=${day(first)}&to=${day(last)}`))).toEqual(ids(own));

    // Another clinic's child, person or action are simply not there.
    expect(await events(s.admin, `childId=${s.cb.id}`)).toEqual([]);
    expect(await events(s.admin, `actorId=${s.tb.id}`)).toEqual([]);
    for (const list of [all, byChild, byActor, byAction, combined]) {
      expect(list.filter((e) => s.foreignIds.has(Number(e.id)))).toEqual([]);
    }
  });

  it('pages through the log without gaps or repeats', async () => {
    const s = await scenario();
    const own = await auditOf(s.clinic.id);
    const seen: number[] = [];
    let before: number | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await s.admin.get(`/api/admin/audit?limit=3${before ? `&before=${before}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.events.map((e: Event) => e.id));
      before = res.body.nextBefore;
      if (before === null) break;
    }
    expect(seen).toEqual(ids(own));
  });

  it('is not found for anyone but an admin, and refuses unknown filters', async () => {
    const s = await scenario();
    const therapist = await client().login(s.t1.email);
    const res = await therapist.get('/api/admin/audit');
    expect(res.status).toBe(404);
    const bad = await s.admin.get('/api/admin/audit?clinicId=' + s.otherClinic.id);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('clinicId');
  });
});
