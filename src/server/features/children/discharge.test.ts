import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildChild, buildFamily, buildUser, clientFrom, createTestContext, type TestContext } from '../../../../test/support.ts';
import { READ_PERMISSIONS } from '../../../contract/permissions.ts';
import { verifyAudit } from '../../access/audit-seal.ts';
import { drawPng } from '../../uploads/png.ts';
import { createUploadStore, putBytes } from '../../uploads/store.ts';
import { sweepHousekeeping } from '../../jobs/housekeeping.ts';
import { purgeChild } from './children.repository.ts';

/**
 * Leaving and retention on a real database: a discharge makes the record read-only for everyone
 * (the family keeps reading), can be taken back, and once the clinic's retention period has
 * passed the hourly housekeeping purges the child: no table holds a row of theirs (checked table
 * by table from the catalogue), their files are gone, and the audit log keeps the purge event.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const DAY = 86_400_000;
let ip = 0;
const login = (email: string) => clientFrom(t.app, `10.9.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`).login(email);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(t.clock());

/** A child with a bit of everything: goals, measurements, practice and logs, a journal photo, a strategy, messages, a milestone, a review, a session. */
async function fullRecord() {
  const f = await buildFamily(t.db);
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  const [tc, gc, ac] = [await login(f.therapist.email), await login(f.guardian.email), await login(f.clinic.admin.email)];
  const url = `/api/children/${f.child.id}`;
  const ok = async (p: Promise<{ status: number; body: any }>) => {
    const res = await p;
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  const goal = await ok(tc.post(`${url}/goals`, { area: 'communication', statement: 'Asks for help with words', measure: 'count', target: 5, settings: ['therapy', 'home'] }));
  await ok(gc.post(`${url}/goals/${goal.id}/response`, { decision: 'agree', version: 1 }));
  await ok(gc.post(`${url}/goals/${goal.id}/measurements`, { value: 2, date: today(), setting: 'home' }));
  const item = await ok(tc.post(`${url}/practice`, { title: 'Two-word requests at snack time', steps: ['Hold the snack up', 'Wait for two words'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: today() }));
  await ok(gc.post(`${url}/practice/${item.id}/logs`, { date: today(), outcome: 'done' }));
  const photo = await ok(gc.upload(`${url}/uploads?purpose=journal_photo`, drawPng(4, 4, (x, y) => [x * 50, y * 50, 90]), 'image/png'));
  await ok(gc.post(`${url}/journal`, { content: { kind: 'win', text: 'Said hello to the bus driver' }, date: today(), photoId: photo.id }));
  await ok(tc.post(`${url}/milestones`, { title: 'Said “more juice” at breakfast', date: today() }));
  await ok(tc.post(`${url}/reviews`, { heldOn: today(), participants: [f.therapist.id, f.guardian.id], agreed: 'Keep practising at breakfast.' }));
  const strategy = await ok(tc.post('/api/strategies', { settings: ['home'], content: { en: { name: 'Our own', purpose: 'Probe', steps: ['One'], tips: [] } } }));
  await ok(tc.post(`${url}/strategies`, { strategyId: strategy.id, goalIds: [goal.id], settings: ['home'] }));
  const conversation = await ok(tc.post(`${url}/conversations`, { title: 'Just us', memberIds: [f.guardian.id] }));
  await ok(tc.post(`${url}/conversations/${conversation.id}/messages`, { body: 'How was the weekend?' }));
  await ok(tc.post(`${url}/sessions`, { kind: 'therapy', place: 'clinic', date: new Date(t.clock().getTime() + 3 * DAY).toISOString().slice(0, 10), time: '10:00', durationMinutes: 45, invitees: [f.guardian.id] }));
  // This week's home check-in, answered; an article given to the family; the strategy used at home.
  const forms = (await ok(tc.get('/api/checkin-forms'))).forms as { id: string; starterKey: string }[];
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short' }).format(t.clock())) + 1;
  const checkin = await ok(tc.post(`${url}/checkins`, { formId: forms.find((x) => x.starterKey === 'weekly_home')?.id, cadence: { kind: 'weekly', weekday }, respondents: [{ kind: 'person', userId: f.guardian.id }] }));
  await ok(gc.post(`${url}/checkins/${checkin.id}/answers`, { occurrence: today(), answers: { sleep: 4, mood: 3, practice: 5 }, submit: true }));
  const library = (await ok(tc.get('/api/resources'))).resources as { id: string }[];
  await ok(tc.post(`${url}/resources`, { resourceId: library[0]?.id, note: 'Have a look before Tuesday.' }));
  const attached = (await ok(gc.get(`${url}/strategies`))).strategies as { id: string }[];
  await ok(gc.post(`${url}/strategies/${attached[0]?.id}/uses`, { date: today(), helped: 'yes' }));
  return { ...f, tc, gc, ac, url, goal };
}

/** Every table with a child_id column, from the catalogue. */
async function childTables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.columns where table_schema = 'public' and column_name = 'child_id' order by table_name`.execute(t.ownerDb);
  return rows.map((r) => r.table_name);
}

async function rowsOf(childId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await childTables()) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where child_id = ${childId}`.execute(t.ownerDb);
    out[table] = rows[0]?.n ?? 0;
  }
  return out;
}

describe('discharging a child', () => {
  it('is for a therapist on the team or an admin: 401 signed out, 404 for the family and for someone else’s child, 400 naming the field', async () => {
    const r = await fullRecord();
    const other = await buildFamily(t.db);
    const before = await t.db.selectFrom('child').select(['discharged_at']).where('id', 'in', [r.child.id, other.child.id]).execute();
    expect((await t.client().post(`${r.url}/discharge`, { reason: 'Moved away' })).status).toBe(401);
    expect((await r.gc.post(`${r.url}/discharge`, { reason: 'Moved away' })).status).toBe(404);
    expect((await r.tc.post(`/api/children/${other.child.id}/discharge`, { reason: 'Moved away' })).status).toBe(404);
    const bad = await r.tc.post(`${r.url}/discharge`, { reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['reason']);
    expect(await t.db.selectFrom('child').select(['discharged_at']).where('id', 'in', [r.child.id, other.child.id]).execute()).toEqual(before);
  });

  it('makes the record read-only for everyone, the family still reading it; taken back, everything returns', async () => {
    const r = await fullRecord();
    const res = await r.tc.post(`${r.url}/discharge`, { reason: 'Therapy goals met; moving to school support.' });
    expect(res.status).toBe(200);
    expect(res.body.discharge).toMatchObject({ reason: 'Therapy goals met; moving to school support.', by: 'Theo Therapist' });
    expect(Date.parse(res.body.discharge.purgeAfter) - Date.parse(res.body.discharge.at)).toBe(730 * DAY);
    expect(res.body.abilities.every((p: string) => READ_PERMISSIONS.has(p as never))).toBe(true);
    expect((await r.tc.post(`${r.url}/discharge`, { reason: 'Again' })).status).toBe(409);

    // Reading goes on, for the therapist and the family; writing is refused.
    expect((await r.gc.get(`${r.url}/goals`)).status).toBe(200);
    expect((await r.gc.get(r.url)).body.abilities).toContain('plan.view');
    expect((await r.gc.post(`${r.url}/goals/${r.goal.id}/measurements`, { value: 3, date: today(), setting: 'home' })).status).toBe(404);
    expect((await r.tc.post(`${r.url}/goals`, { area: 'communication', statement: 'Another', measure: 'count', target: 5, settings: ['therapy'] })).status).toBe(404);
    expect((await r.gc.patch(r.url, { pronouns: 'he' })).status).toBe(404);

    const back = await r.ac.post(`${r.url}/readmit`);
    expect(back.status).toBe(200);
    expect(back.body.discharge).toBeNull();
    expect((await r.gc.post(`${r.url}/goals/${r.goal.id}/measurements`, { value: 3, date: today(), setting: 'home' })).status).toBe(201);
    expect((await r.ac.post(`${r.url}/readmit`)).status).toBe(409);
    const actions = await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', r.child.id).where('action', 'in', ['child.discharge', 'child.readmit']).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['child.discharge', 'child.readmit']);
  });
});

describe('the purge at the end of the retention period', () => {
  it('deletes every row that names the child and its files, keeps the audit log with the purge event, and touches no other child', async () => {
    const r = await fullRecord();
    const sibling = await buildChild(t.db, r.clinic.id, r.therapist, 'Mia');
    await addMember(t.db, sibling, r.guardian, 'guardian');
    expect((await r.ac.patch('/api/admin/clinic', { retentionDays: 30 })).status).toBe(200);
    const bad = await r.ac.patch('/api/admin/clinic', { retentionDays: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['retentionDays']);
    expect((await r.tc.post(`${r.url}/discharge`, { reason: 'Family moved away.' })).status).toBe(200);

    const store = createUploadStore(t.deps.config);
    const uploads = await t.db.selectFrom('upload').select(['storage_key', 'variants']).where('child_id', '=', r.child.id).execute();
    const keys = uploads.flatMap((u) => [u.storage_key, ...u.variants.map((v) => v.key)]);
    expect(keys.length).toBeGreaterThan(0);
    const before = await rowsOf(r.child.id);
    for (const table of ['goal', 'goal_event', 'measurement', 'practice_item', 'practice_log', 'journal_entry', 'journal_entry_version', 'milestone', 'plan_review', 'message', 'therapy_session', 'upload', 'care_team_member',
      'checkin_assignment', 'checkin_response', 'child_resource', 'child_strategy', 'strategy_use']) {
      expect(before[table], table).toBeGreaterThan(0);
    }
    const siblingBefore = await rowsOf(sibling.id);

    // Not due yet: the sweep leaves it, and the purge itself refuses.
    t.clock.advance(29 * DAY);
    await sweepHousekeeping(t.deps, store);
    expect(await t.db.selectFrom('child').select('id').where('id', '=', r.child.id).executeTakeFirst()).toBeDefined();
    await expect(t.ownerDb.transaction().execute((tx) => purgeChild(tx, r.child.id, t.clock()))).rejects.toThrow(/not due/);

    // The app's own connection cannot use the purge's door to history: it has no right to delete there.
    await expect(t.db.transaction().execute(async (tx) => {
      await sql`select set_config('careteam.purging', 'on', true)`.execute(tx);
      await sql`delete from goal_event where child_id = ${r.child.id}`.execute(tx);
    })).rejects.toThrow(/permission denied/);

    // A report made on the record's last day is still within its own day when the purge comes.
    const reportPdf = await putBytes(store, Buffer.from('%PDF-1.7 a report of the record'), 'application/pdf');
    await t.db.insertInto('progress_report').values({
      clinic_id: r.clinic.id, child_id: r.child.id, requested_by: r.therapist.id, locale: 'en', period_from: '2026-01-01', period_to: '2026-03-01',
      goal_ids: [], status: 'ready', storage_key: reportPdf, expires_at: new Date(t.clock().getTime() + 3 * DAY),
    }).execute();
    keys.push(reportPdf);

    t.clock.advance(2 * DAY);
    const swept = await sweepHousekeeping(t.deps, store);
    expect(swept.purgedChildren).toBe(1);
    const after = await rowsOf(r.child.id);
    for (const [table, n] of Object.entries(after)) {
      if (table === 'audit_event') continue;
      expect(n, table).toBe(0);
    }
    expect(after.audit_event).toBeGreaterThan(0);
    expect(await t.db.selectFrom('child').select('id').where('id', '=', r.child.id).executeTakeFirst()).toBeUndefined();
    for (const key of keys) expect(await store.read(key), key).toBeNull();
    const purge = await t.db.selectFrom('audit_event').select(['actor_role', 'details']).where('action', '=', 'child.purge').where('subject_id', '=', r.child.id).executeTakeFirstOrThrow();
    expect(purge.actor_role).toBe('system');
    const details = purge.details as { rows: Record<string, number>; dischargedBy: string; files: number };
    expect(details.dischargedBy).toBe(r.therapist.id);
    expect(details.rows.measurement).toBe(before.measurement);
    expect(details.files).toBe(keys.length);
    expect(JSON.stringify(purge.details)).not.toContain('Said hello');
    // The child's sibling, and the family's people, are untouched.
    expect(await rowsOf(sibling.id)).toEqual(siblingBefore);
    expect(await t.db.selectFrom('app_user').select('id').where('id', '=', r.guardian.id).executeTakeFirst()).toBeDefined();
    // The audit log, kept whole, still verifies.
    expect(await verifyAudit(t.db, r.clinic.id)).toMatchObject({ ok: true });
  });
});
