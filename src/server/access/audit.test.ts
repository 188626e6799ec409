import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildChild, buildClinic, buildFamily, buildTherapist, clientFrom, createTestContext, TestClient, type TestContext } from '../../../test/support.ts';
import { buildApp } from '../app.ts';
import { createDb, createPool } from '../db/database.ts';
import type { Tx } from '../db/database.ts';
import { publishSealHeads, sealAudit, sealHeads, verifyAudit, type SealHead } from './audit-seal.ts';

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
    await sql`ALTER TABLE audit_seal DISABLE TRIGGER audit_seal_no_update`.execute(tx);
    await change(tx);
    await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update`.execute(tx);
    await sql`ALTER TABLE audit_seal ENABLE TRIGGER audit_seal_no_update`.execute(tx);
  });
}

/**
 * Seals until every row written so far is under a seal. A seal stops at the oldest transaction
 * still open on the whole server, another test file's too (files run side by side on one
 * PostgreSQL): it waits for that one to end, as the sealer does in production.
 */
async function sealAll() {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await sealAudit(t.db);
    const { rows: [left] } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_event WHERE xact_id >= coalesce((SELECT max(to_xact) FROM audit_seal), '0'::xid8)`.execute(t.db);
    if (left?.n === '0') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('rows stayed unsealed');
}

/** A second app on the same database, with its own connection pool, as another server would be. */
async function secondInstance() {
  const pool = createPool(t.url, 5);
  const db = createDb(pool);
  const app = await buildApp({ ...t.deps, db });
  await app.ready();
  return { app, db, close: async () => { await app.close(); await db.destroy(); } };
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

describe('keyed row hashes sealed in order per clinic', () => {
  const verify = (clinicId: string | null, head?: SealHead) => verifyAudit(t.db, clinicId, head);

  it('verifies on real data, per clinic and for rows without a clinic, once sealed', async () => {
    const a = await busyClinic();
    const b = await busyClinic();
    // Written moments ago: not yet under a seal, still valid.
    expect(await verify(a.clinic.id)).toMatchObject({ ok: true, pending: (await auditOf(a.clinic.id)).length });
    await sealAll();
    for (const clinic of [a.clinic, b.clinic]) {
      const rows = await auditOf(clinic.id);
      expect(rows.length).toBeGreaterThanOrEqual(12);
      expect(await verify(clinic.id)).toEqual({ ok: true, brokenAt: null, problem: null, count: rows.length, pending: 0 });
    }
    // Sign-ins belong to no clinic and form their own chain.
    const global = await verify(null);
    expect(global.ok).toBe(true);
    expect(global.count).toBeGreaterThanOrEqual(2);
    // A clinic with no activity has an empty, valid chain.
    const quiet = await buildClinic(t.db);
    expect(await verify(quiet.id)).toEqual({ ok: true, brokenAt: null, problem: null, count: 0, pending: 0 });
  });

  it('stays valid when many requests write and read at the same time, sealed while they run', async () => {
    const { clinic, c, childIds } = await busyClinic();
    const sealing = (async () => {
      for (let i = 0; i < 5; i++) await sealAudit(t.db);
    })();
    const results = await Promise.all([
      ...Array.from({ length: 16 }, (_, i) => c.post('/api/children', { firstName: `Par${i}`, lastName: 'Allel' })),
      ...Array.from({ length: 16 }, (_, i) => c.get(`/api/children/${childIds[i % childIds.length]}`)),
    ]);
    await sealing;
    expect(results.map((r) => r.status)).toEqual([...Array(16).fill(201), ...Array(16).fill(200)]);
    await sealAll();
    expect(await verify(clinic.id)).toEqual({ ok: true, brokenAt: null, problem: null, count: (await auditOf(clinic.id)).length, pending: 0 });
  });

  it('detects an edited row, sealed or not yet sealed', async () => {
    const { clinic } = await busyClinic();
    const other = await busyClinic();
    const unsealed = (await auditOf(clinic.id))[2];
    if (!unsealed) throw new Error('expected audit rows');
    await tamper((tx) => tx.updateTable('audit_event').set({ actor_id: other.therapist.id }).where('id', '=', unsealed.id).execute());
    expect(await verify(clinic.id)).toMatchObject({ ok: false, brokenAt: unsealed.id });
    await sealAll();
    // Sealed with its new content, the row still does not match its keyed hash.
    expect(await verify(clinic.id)).toMatchObject({ ok: false, brokenAt: unsealed.id });
    expect((await verify(other.clinic.id)).ok).toBe(true);
  });

  it('detects an edited detail or time stamp, and a hash recomputed without the key', async () => {
    const { clinic } = await busyClinic();
    await sealAll();
    const [, victim, second] = await auditOf(clinic.id);
    if (!victim || !second) throw new Error('expected audit rows');
    await tamper((tx) => sql`UPDATE audit_event SET created_at = created_at - interval '1 day' WHERE id = ${victim.id}`.execute(tx));
    expect(await verify(clinic.id)).toMatchObject({ ok: false, brokenAt: victim.id });
    await tamper((tx) => sql`UPDATE audit_event SET created_at = created_at + interval '1 day', details = '{"reason":"none"}', hash = sha256(hash) WHERE id = ${victim.id}`.execute(tx));
    expect(await verify(clinic.id)).toMatchObject({ ok: false, brokenAt: victim.id });
  });

  it('detects a removed row and an inserted one', async () => {
    const { clinic } = await busyClinic();
    await sealAll();
    const rows = await auditOf(clinic.id);
    const removed = rows[4];
    if (!removed) throw new Error('expected at least 5 audit rows');
    await tamper((tx) => tx.deleteFrom('audit_event').where('id', '=', removed.id).execute());
    expect(await verify(clinic.id)).toMatchObject({ ok: false, problem: expect.stringMatching(/removed, added or moved/) });

    const second = await busyClinic();
    await sealAll();
    const [copy] = await auditOf(second.clinic.id);
    if (!copy) throw new Error('expected audit rows');
    // A copy of a genuine row (its keyed hash included), slipped into the sealed past.
    await sql`INSERT INTO audit_event (clinic_id, actor_id, actor_role, action, subject_type, subject_id, child_id, outcome, ip, user_agent, request_id, details, created_at, hash, xact_id)
      SELECT clinic_id, actor_id, actor_role, action, subject_type, subject_id, child_id, outcome, ip, user_agent, request_id, details, created_at, hash, '1'::xid8
      FROM audit_event WHERE id = ${copy.id}`.execute(t.db);
    expect(await verify(second.clinic.id)).toMatchObject({ ok: false, problem: expect.stringMatching(/removed, added or moved/) });
  });

  it('detects the removal of the newest rows with their seals, against the seal head kept outside the database', async () => {
    const { clinic, c, childIds } = await busyClinic();
    await sealAll();
    for (const id of childIds) expect((await c.get(`/api/children/${id}`)).status).toBe(200);
    await sealAll();
    const head = (await sealHeads(t.db)).find((h) => h.chain === clinic.id);
    if (!head) throw new Error('expected a seal head');
    expect(await verify(clinic.id, head)).toMatchObject({ ok: true });
    // Remove the last seal and the rows under it: what is left is a consistent, shorter history…
    await tamper(async (tx) => {
      const last = await tx.selectFrom('audit_seal').select(['from_xact', 'to_xact']).where('chain', '=', clinic.id).where('seq', '=', head.seq).executeTakeFirstOrThrow();
      await sql`DELETE FROM audit_event WHERE clinic_id = ${clinic.id} AND xact_id >= ${last.from_xact}::xid8 AND xact_id < ${last.to_xact}::xid8`.execute(tx);
      await tx.deleteFrom('audit_seal').where('chain', '=', clinic.id).where('seq', '=', head.seq).execute();
    });
    expect(await verify(clinic.id)).toMatchObject({ ok: true });
    // …which the head kept outside the database gives away.
    expect(await verify(clinic.id, head)).toMatchObject({ ok: false, problem: expect.stringMatching(/newest audit rows were removed/) });
  });

  it('a missing seal in the middle is detected', async () => {
    const { clinic, c, childIds } = await busyClinic();
    await sealAll();
    expect((await c.get(`/api/children/${childIds[0]}`)).status).toBe(200);
    await sealAll();
    expect((await c.get(`/api/children/${childIds[1]}`)).status).toBe(200);
    await sealAll();
    await tamper((tx) => tx.deleteFrom('audit_seal').where('chain', '=', clinic.id).where('seq', '=', '2').execute());
    expect(await verify(clinic.id)).toMatchObject({ ok: false, problem: 'seal 2 is missing' });
  });

  it('the day\'s seal head goes to the clinic\'s admins by mail and into the data folder', async () => {
    const { clinic } = await busyClinic();
    const admin = clinic.admin;
    await sealAll();
    const heads = await publishSealHeads(t.deps, null, '2026-12-01');
    const head = heads.find((h) => h.chain === clinic.id);
    expect(head).toBeDefined();
    const mail = await t.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).where('to_address', '=', admin.email).executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(`seal ${head?.seq}: ${head?.seal}`);
    const kept = JSON.parse(await readFile(path.join(t.deps.config.dataDir, 'audit-seals', '2026-12-01.json'), 'utf8')) as { heads: SealHead[] };
    expect(kept.heads).toContainEqual(head);
  });
});

describe('reads are audited before they answer', () => {
  it('a read whose audit row cannot be written answers 500 without the child', async () => {
    const { c, childIds } = await busyClinic();
    const id = childIds[0] ?? '';
    const name = (await c.get(`/api/children/${id}`)).body.firstName as string;
    await sql`CREATE FUNCTION refuse_view() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store full'; END $$`.execute(t.ownerDb);
    await sql`CREATE TRIGGER refuse_view BEFORE INSERT ON audit_event FOR EACH ROW WHEN (NEW.action = 'child.view') EXECUTE FUNCTION refuse_view()`.execute(t.ownerDb);
    try {
      const res = await c.get(`/api/children/${id}`);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain(name);
    } finally {
      await sql`DROP TRIGGER refuse_view ON audit_event`.execute(t.ownerDb);
      await sql`DROP FUNCTION refuse_view()`.execute(t.ownerDb);
    }
    expect((await c.get(`/api/children/${id}`)).status).toBe(200);
  });

  it('many reads at once share few statements, and each read has its own row', async () => {
    const { c, childIds } = await busyClinic();
    const id = childIds[0] ?? '';
    const before = await t.db.selectFrom('audit_event').select((e) => e.fn.countAll<string>().as('n')).where('child_id', '=', id).where('action', '=', 'child.view').executeTakeFirstOrThrow();
    const res = await Promise.all(Array.from({ length: 40 }, () => c.get(`/api/children/${id}`)));
    expect(res.every((r) => r.status === 200)).toBe(true);
    const after = await t.db.selectFrom('audit_event').select((e) => e.fn.countAll<string>().as('n')).where('child_id', '=', id).where('action', '=', 'child.view').executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(40);
    const statements = await t.db.selectFrom('audit_event').select('xact_id').distinct().where('child_id', '=', id).where('action', '=', 'child.view').execute();
    expect(statements.length).toBeLessThan(40);
  });
});

describe('two server instances on one database', () => {
  it('write audit rows at the same time, and the seals verify', async () => {
    const { clinic, c, childIds } = await busyClinic();
    const second = await secondInstance();
    try {
      const c2 = new TestClient(second.app);
      c2.cookie = c.cookie;
      c2.csrf = c.csrf;
      const sealing = Promise.all([sealAudit(t.db), sealAudit(second.db), sealAudit(t.db), sealAudit(second.db)]);
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) => {
        const client = i % 2 === 0 ? c : c2;
        return i % 3 === 0 ? client.post('/api/children', { firstName: `Two${i}`, lastName: 'Servers' }) : client.get(`/api/children/${childIds[i % childIds.length]}`);
      }));
      await sealing;
      expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      await sealAll();
      await sealAudit(second.db);
      expect(await verify(clinic.id)).toMatchObject({ ok: true, pending: 0, count: (await auditOf(clinic.id)).length });
    } finally {
      await second.close();
    }
  });
  const verify = (clinicId: string) => verifyAudit(t.db, clinicId);
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
