import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedInTeam, createTestContext, signIn, type TestContext } from './support.ts';

/**
 * The three kinds of bad input that used to reach the database as a server error: a path id with
 * a control character, an id of a row that does not exist or is not the caller's, and an update
 * with nothing to change. Each is now a 4xx, audited where it is a refusal, and writes nothing.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const count = (table: 'journal_entry' | 'practice_item', childId: string) =>
  t.db.selectFrom(table).select((e) => e.fn.countAll<string>().as('n')).where('child_id', '=', childId).executeTakeFirstOrThrow().then((r) => Number(r.n));

describe('a path id with control characters', () => {
  it('is a 404 for a child, and the refusal is audited with the id made printable', async () => {
    const f = await buildSignedInTeam(t);
    for (const bad of ['\u0000', `${f.child.id}\u0000`, 'a\u0007\u001b\u007fb']) {
      const res = await f.gc.get(`/api/children/${encodeURIComponent(bad)}/goals`);
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const refusals = await t.db.selectFrom('audit_event').select(['details', 'outcome'])
      .where('actor_id', '=', f.guardian.id).where('action', '=', 'access_denied').execute();
    expect(refusals).toHaveLength(3);
    const ids = refusals.map((r) => (r.details as { childIds: string[] }).childIds[0]);
    expect(ids).toContain(`${f.child.id}\ufffd`);
    expect(ids).toContain('a\ufffd\ufffd\ufffdb');
    for (const r of refusals) expect(r.outcome).toBe('denied');
  });

  it('an address that is not valid UTF-8, or a path part too long for any id → a 4xx in the API\'s error shape', async () => {
    const f = await buildSignedInTeam(t);
    const bad = await f.gc.get('/api/children/%ED%A0%80x/goals');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    const long = await f.gc.get(`/api/children/${'0'.repeat(400)}/goals`);
    expect(long.status).toBe(404);
    expect(long.body.error.code).toBe('not_found');
  });

  it('is a 404 for any other id in the path, which names no row', async () => {
    const f = await buildSignedInTeam(t);
    for (const bad of ['not-a-uuid', '\u0000', '1', `${randomUUID()}x`]) {
      const res = await f.tc.delete(`/api/children/${f.child.id}/invitations/${encodeURIComponent(bad)}`);
      expect([400, 404], JSON.stringify(res.body)).toContain(res.status);
      const patch = await f.tc.patch(`/api/children/${f.child.id}/team/${encodeURIComponent(bad)}`, { household: 'Home' });
      expect([400, 404], JSON.stringify(patch.body)).toContain(patch.status);
    }
  });
});

describe('an id of a row that does not exist or is not the caller\'s', () => {
  it('a journal entry with an unknown photo → 400 naming photoId, nothing written', async () => {
    const f = await buildSignedInTeam(t);
    const url = `/api/children/${f.child.id}/journal`;
    const res = await f.gc.post(url, { content: { kind: 'win', text: 'Said "more" at lunch.' }, date: today(), photoId: randomUUID() });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details[0].path).toEqual(['photoId']);
    expect(await count('journal_entry', f.child.id)).toBe(0);

    // A correction naming an unknown photo is refused the same way, and the entry stays as it was.
    const entry = await f.gc.post(url, { content: { kind: 'win', text: 'Said "more" at lunch.' }, date: today() });
    expect(entry.status).toBe(201);
    const fix = await f.gc.put(`${url}/${entry.body.id}`, { content: { kind: 'win', text: 'Changed' }, date: today(), time: null, visibility: 'team', photoId: randomUUID() });
    expect(fix.status, JSON.stringify(fix.body)).toBe(400);
    expect(fix.body.error.details[0].path).toEqual(['photoId']);
    const kept = await t.db.selectFrom('journal_entry').select(['version', 'content']).where('id', '=', entry.body.id).executeTakeFirstOrThrow();
    expect(kept.version).toBe(1);
  });

  it('a practice item with an unknown clip → 400 naming clipId, nothing written', async () => {
    const f = await buildSignedInTeam(t);
    const res = await f.tc.post(`/api/children/${f.child.id}/practice`, {
      title: 'Two-word requests', steps: ['Wait five seconds.'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, minutes: 10, watchFor: '', startDate: today(), clipId: randomUUID(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details[0].path).toEqual(['clipId']);
    expect(await count('practice_item', f.child.id)).toBe(0);
  });
});

describe('an update with nothing to change', () => {
  it('PATCH /api/me with no field → 400, nothing changed', async () => {
    const f = await buildSignedInTeam(t);
    const res = await f.gc.patch('/api/me', {});
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const audited = await t.db.selectFrom('audit_event').select('id').where('actor_id', '=', f.guardian.id).where('action', '=', 'account.update').execute();
    expect(audited).toEqual([]);
  });

  it('PATCH /api/admin/clinic with no field → 400, nothing changed', async () => {
    const f = await buildSignedInTeam(t);
    const admin = await signIn(t.app, f.clinic.admin.email);
    const res = await admin.patch('/api/admin/clinic', {});
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const clinic = await t.db.selectFrom('clinic').select('name').where('id', '=', f.clinic.id).executeTakeFirstOrThrow();
    expect(clinic.name).toBe('Sunrise Therapy');
  });
});
