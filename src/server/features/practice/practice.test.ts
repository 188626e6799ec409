import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildChild, buildSignedInTeam, createTestContext, type TestContext } from '../../../../test/support.ts';

/**
 * Home practice over HTTP on a real database: a therapist assigns it, the family sees what is due
 * today and logs it in a tap, a retried log writes once, and the history keeps every change.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const SNACK = {
  title: 'Two-word requests at snack time',
  steps: ['Sit face to face and hold the snack where he can see it.', 'Wait five seconds for him to ask.', 'If he says one word, say two ("more apple") and wait again.'],
  schedule: { rule: 'FREQ=DAILY', timesPerWeek: null },
  minutes: 10,
  watchFor: 'Stop if he gets upset; try again tomorrow.',
};

async function family() {
  const f = await buildSignedInTeam(t);
  return { ...f, url: `/api/children/${f.child.id}/practice` };
}

const count = (table: 'practice_item' | 'practice_event' | 'practice_log', childId: string) =>
  t.db.selectFrom(table).select((e) => e.fn.countAll<string>().as('n')).where('child_id', '=', childId).executeTakeFirstOrThrow().then((r) => Number(r.n));

describe('home practice', () => {
  it('is assigned by the therapist, due today for the family, and logged in one tap', async () => {
    const f = await family();
    const created = await f.tc.post(f.url, { ...SNACK, startDate: shift(today(), -3) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', version: 1, dueToday: true, schedule: { rule: 'FREQ=DAILY' } });
    expect(created.body.week).toHaveLength(7);

    const logged = await f.gc.post(`${f.url}/${created.body.id}/logs`, { date: today(), outcome: 'done', howItWent: 4 });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body).toMatchObject({ outcome: 'done', howItWent: 4, by: { name: f.guardian.name, role: 'guardian' } });

    const list = await f.gc.get(f.url);
    expect(list.status).toBe(200);
    expect(list.body.today).toBe(today());
    expect(list.body.items[0].week.find((d: { date: string }) => d.date === today()).state).toBe('done');
    expect(await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', logged.body.id).execute()).toEqual([{ action: 'practice.log' }]);
  });

  it('writes a retried log once when it carries the same Idempotency-Key', async () => {
    const f = await family();
    const item = await f.tc.post(f.url, { ...SNACK, startDate: shift(today(), -3) });
    const key = randomUUID();
    const body = { date: today(), outcome: 'partial', note: 'Sent again after the train tunnel' };
    const first = await f.gc.post(`${f.url}/${item.body.id}/logs`, body, { 'idempotency-key': key });
    const retry = await f.gc.post(`${f.url}/${item.body.id}/logs`, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await count('practice_log', f.child.id)).toBe(1);
  });

  it('keeps "3 times a week" due until three are done', async () => {
    const f = await family();
    const item = await f.tc.post(f.url, { ...SNACK, schedule: { rule: 'FREQ=DAILY', timesPerWeek: 3 }, startDate: shift(today(), -14) });
    expect(item.body.remainingThisWeek).toBeGreaterThan(0);
    const monday = item.body.week[0].date as string;
    const days = [monday, shift(monday, 1), shift(monday, 2)].filter((d) => d <= today());
    for (const date of days) expect((await f.gc.post(`${f.url}/${item.body.id}/logs`, { date, outcome: 'done' })).status).toBe(201);
    const after = await f.gc.get(f.url);
    expect(after.body.items[0].remainingThisWeek).toBe(3 - days.length);
  });

  it('keeps every revision in the history, and the history cannot be rewritten', async () => {
    const f = await family();
    const item = await f.tc.post(f.url, { ...SNACK, startDate: shift(today(), -3) });
    const revised = await f.tc.patch(`${f.url}/${item.body.id}`, { schedule: { rule: 'FREQ=WEEKLY;BYDAY=FR,MO,WE', timesPerWeek: null }, minutes: 5 });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ version: 2, minutes: 5, schedule: { rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR' } });
    const paused = await f.tc.post(`${f.url}/${item.body.id}/status`, { status: 'paused', reason: 'Holiday week' });
    expect(paused.body).toMatchObject({ status: 'paused', dueToday: false });
    const history = await f.gc.get(`${f.url}/${item.body.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'revised', 'status_changed']);
    expect(history.body.events[1].changes.minutes).toEqual({ before: 10, after: 5 });
    await expect(t.ownerDb.updateTable('practice_event').set({ comment: 'rewritten' }).where('item_id', '=', item.body.id).execute()).rejects.toThrow(/append-only/);
  });

  it('lets only the therapist assign and change practice; a teacher does not see it', async () => {
    const f = await family();
    expect((await f.gc.post(f.url, { ...SNACK, startDate: today() })).status).toBe(404);
    expect((await f.teach.get(f.url)).status).toBe(404);
    expect(await count('practice_item', f.child.id)).toBe(0);
  });
});

describe('bad input changes nothing and names the field', () => {
  it('refuses schedules, dates, goals and logs that make no sense', async () => {
    const f = await family();
    const other = await family();
    const otherGoal = await other.tc.post(`/api/children/${other.child.id}/goals`, { area: 'communication', statement: 'Says hi', measure: 'count', target: 3, settings: ['home'] });
    const cases: [object, string][] = [
      [{ ...SNACK, startDate: today(), schedule: { rule: 'FREQ=HOURLY', timesPerWeek: null } }, 'schedule.rule'],
      [{ ...SNACK, startDate: '2026-11-23', endDate: '2026-11-27', schedule: { rule: 'FREQ=WEEKLY;BYDAY=SA,SU', timesPerWeek: null } }, 'schedule.rule'],
      [{ ...SNACK, startDate: today(), endDate: shift(today(), -1) }, 'endDate'],
      [{ ...SNACK, startDate: today(), goalIds: [otherGoal.body.id] }, 'goalIds'],
      [{ ...SNACK, startDate: today(), steps: [] }, 'steps'],
      [{ ...SNACK, startDate: today(), minutes: 0 }, 'minutes'],
      [{ ...SNACK, startDate: 'tomorrow' }, 'startDate'],
    ];
    for (const [body, field] of cases) {
      const res = await f.tc.post(f.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details[0].path.join('.'), JSON.stringify(res.body)).toBe(field);
    }
    expect(await count('practice_item', f.child.id)).toBe(0);

    const item = await f.tc.post(f.url, { ...SNACK, startDate: shift(today(), -3) });
    const logs = `${f.url}/${item.body.id}/logs`;
    for (const [body, field] of [
      [{ date: shift(today(), 1), outcome: 'done' }, 'date'],
      [{ date: shift(today(), -30), outcome: 'done' }, 'date'],
      [{ date: shift(today(), -5), outcome: 'done' }, 'date'],
      [{ date: today(), outcome: 'finished' }, 'outcome'],
      [{ date: today(), outcome: 'done', howItWent: 6 }, 'howItWent'],
    ] as const) {
      const res = await f.gc.post(logs, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details[0].path.join('.')).toBe(field);
    }
    const bad = await f.tc.patch(`${f.url}/${item.body.id}`, { schedule: { rule: 'FREQ=WEEKLY;BYDAY=1MO', timesPerWeek: null } });
    expect(bad.status).toBe(400);
    const bogus = await f.tc.post(`${f.url}/${item.body.id}/status`, { status: 'active' });
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.details[0].path).toEqual(['status']);
    expect(await count('practice_item', f.child.id)).toBe(1);
    expect(await count('practice_event', f.child.id)).toBe(1);
    expect(await count('practice_log', f.child.id)).toBe(0);
  });
});

describe('the Today screen', () => {
  it('shows each of a parent’s children with today’s practice, and nothing to people who do not practise', async () => {
    const f = await family();
    const second = await buildChild(t.db, f.clinic.id, f.therapist, 'Mia');
    await addMember(t.db, second, f.guardian, 'guardian');
    await f.tc.post(f.url, { ...SNACK, startDate: shift(today(), -3) });
    await f.tc.post(`/api/children/${second.id}/practice`, { ...SNACK, title: 'Belly breathing at bedtime', startDate: shift(today(), -3) });
    await f.tc.post(f.url, { ...SNACK, title: 'Starts next month', startDate: shift(today(), 40) });

    const res = await f.gc.get('/api/today');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.children.map((c: { firstName: string; items: { title: string }[] }) => [c.firstName, c.items.map((i) => i.title)]));
    expect(byName).toEqual({ Leo: ['Two-word requests at snack time'], Mia: ['Belly breathing at bedtime'] });
    expect((await f.teach.get('/api/today')).body).toEqual({ children: [] });
    expect((await f.tc.get('/api/today')).body.children.map((c: { firstName: string }) => c.firstName)).toEqual([]);
  });
});

describe('the caseload', () => {
  it('flags a child whose family logged nothing for a week, and stops once they do', async () => {
    const f = await family();
    const item = await f.tc.post(f.url, { ...SNACK, startDate: shift(today(), -20) });
    const flag = async () => ((await f.tc.get('/api/children')).body.children as { id: string; quietForAWeek: boolean }[]).find((c) => c.id === f.child.id)?.quietForAWeek;
    // Just assigned: not quiet yet.
    expect(await flag()).toBe(false);
    await sql`update practice_item set created_at = now() - interval '10 days' where id = ${item.body.id}`.execute(t.db);
    expect(await flag()).toBe(true);
    await f.gc.post('/api/children/' + f.child.id + '/journal', { content: { kind: 'win', text: 'Tied his shoes' }, date: today() });
    expect(await flag()).toBe(false);
  });
});
