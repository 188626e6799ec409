import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedInTeam, createTestContext, type TestContext } from '../../../../test/support.ts';
import { sweepReminders } from './reminders.ts';

/**
 * Practice reminders on a controllable clock: at the family's own local time, out of quiet hours,
 * never for a day already logged, never twice, never late after the server was down.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const at = (iso: string) => t.clock.set(new Date(iso));
/** Read from the database: a jump of the clock ends the test's sessions, as it would in life. */
const nextAt = (f: { guardian: { id: string }; child: { id: string } }) =>
  t.db.selectFrom('practice_reminder').select('next_at').where('user_id', '=', f.guardian.id).where('child_id', '=', f.child.id).executeTakeFirstOrThrow().then((r) => r.next_at?.toISOString());
/** Reminder mails only: assigning the practice also told the family, by its own notification mail. */
const mails = (to: string) => t.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'dedupe_key']).where('to_address', '=', to).where('dedupe_key', 'like', 'practice-reminder:%').orderBy('created_at').execute();

async function setup() {
  at('2026-11-23T12:00:00Z'); // Monday: 06:00 in Chicago, 13:00 in Madrid
  const f = await buildSignedInTeam(t);
  const url = `/api/children/${f.child.id}`;
  const item = await f.tc.post(`${url}/practice`, {
    title: 'Belly breathing', steps: ['Hand on tummy', 'Breathe in for four'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-11-20',
  });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  return { ...f, url, itemId: item.body.id as string };
}

describe('practice reminders', () => {
  it('come at 18:00 where the parent lives, though the child’s clinic is in Chicago, once a day', async () => {
    const f = await setup();
    expect((await f.gc.patch('/api/me', { timeZone: 'Europe/Madrid' })).status).toBe(200);
    const set = await f.gc.put(`${f.url}/reminder`, { enabled: true, time: '18:00' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({ enabled: true, time: '18:00', timeZone: 'Europe/Madrid', nextAt: '2026-11-23T17:00:00.000Z' });

    at('2026-11-23T16:59:00Z');
    await sweepReminders(t.deps);
    expect(await mails(f.guardian.email)).toEqual([]);

    at('2026-11-23T17:00:30Z');
    // Two instances sweeping at once still send one mail.
    await Promise.all([sweepReminders(t.deps), sweepReminders(t.deps)]);
    await sweepReminders(t.deps);
    const sent = await mails(f.guardian.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: 'Practice time with Leo', dedupe_key: `practice-reminder:${f.guardian.id}:${f.child.id}:2026-11-23` });
    expect(sent[0]?.text_body).toContain('Leo has 1 thing to practise today');
    expect(sent[0]?.text_body).toContain('http://localhost:3000/today');
    expect(sent[0]?.text_body).not.toContain('Belly breathing'); // no clinical details in email
    expect(await nextAt(f)).toBe('2026-11-24T17:00:00.000Z');
  });

  it('skip a day already logged', async () => {
    const f = await setup();
    await f.gc.put(`${f.url}/reminder`, { enabled: true, time: '18:00' });
    expect((await f.gc.post(`${f.url}/practice/${f.itemId}/logs`, { date: '2026-11-23', outcome: 'skipped', note: 'Sick day' })).status).toBe(201);
    at('2026-11-24T00:01:00Z'); // 18:01 in Chicago
    await sweepReminders(t.deps);
    expect(await mails(f.guardian.email)).toEqual([]);
    expect(await nextAt(f)).toBe('2026-11-25T00:00:00.000Z');
  });

  it('are not sent late after the server was down, and the next one is placed', async () => {
    const f = await setup();
    await f.gc.put(`${f.url}/reminder`, { enabled: true, time: '18:00' });
    at('2026-11-25T15:00:00Z'); // two days later, 09:00 in Chicago
    await sweepReminders(t.deps);
    expect(await mails(f.guardian.email)).toEqual([]);
    expect(await nextAt(f)).toBe('2026-11-26T00:00:00.000Z');
  });

  it('move out of quiet hours, and stop when turned off', async () => {
    const f = await setup();
    expect((await f.gc.patch('/api/me', { quietHours: { start: '21:00', end: '07:00' } })).status).toBe(200);
    const set = await f.gc.put(`${f.url}/reminder`, { enabled: true, time: '22:00' });
    expect(set.body.nextAt).toBe('2026-11-24T02:45:00.000Z'); // 20:45 in Chicago
    const off = await f.gc.put(`${f.url}/reminder`, { enabled: false, time: '22:00' });
    expect(off.body).toMatchObject({ enabled: false, nextAt: null });
    at('2026-11-24T03:00:00Z');
    await sweepReminders(t.deps);
    expect(await mails(f.guardian.email)).toEqual([]);
  });

  it('are for the family, and refuse a time that is not a time', async () => {
    const f = await setup();
    expect((await f.tc.put(`${f.url}/reminder`, { enabled: true, time: '18:00' })).status).toBe(403);
    expect((await f.teach.put(`${f.url}/reminder`, { enabled: true, time: '18:00' })).status).toBe(404);
    const bad = await f.gc.put(`${f.url}/reminder`, { enabled: true, time: '6pm' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['time']);
    const quiet = await f.gc.patch('/api/me', { quietHours: { start: '21:00', end: '21:00' } });
    expect(quiet.status).toBe(400);
    expect(quiet.body.error.details[0].path).toEqual(['quietHours', 'end']);
    expect(await t.db.selectFrom('practice_reminder').selectAll().where('child_id', '=', f.child.id).execute()).toEqual([]);
  });
});
