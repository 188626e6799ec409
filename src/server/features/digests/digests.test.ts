import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildSignedInTeam, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';
import { sweepDigests } from './digests.ts';

/**
 * The weekly digest on a controllable clock: at each person's own local day and hour (two time
 * zones), not before, exactly once however many sweeps run, in the reader's language, saying
 * only what the reader may see.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const at = (iso: string) => t.clock.set(new Date(iso));
// The weekly mails only: assigning practice in the setup also sends its own notification.
const mails = (to: string) => t.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'html_body', 'dedupe_key', 'headers'])
  .where('to_address', '=', to).where('dedupe_key', 'like', 'digest:%').orderBy('created_at').execute();

async function setup() {
  at('2026-11-26T15:00:00Z'); // Thursday: 09:00 in Chicago, 16:00 in Madrid
  const f = await buildSignedInTeam(t);
  const url = `/api/children/${f.child.id}`;
  // A second guardian, living in Madrid and reading Spanish.
  const abuela = await buildUser(t.db, 'Ana Abuela', 'es');
  await addMember(t.db, f.child, abuela, 'guardian', { household: 'Madrid' });
  const ac = await signIn(t.app, abuela.email);
  expect((await ac.patch('/api/me', { timeZone: 'Europe/Madrid' })).status).toBe(200);
  expect((await f.gc.patch('/api/me', { timeZone: 'America/Chicago' })).status).toBe(200);

  const item = await f.tc.post(`${url}/practice`, {
    title: 'Belly breathing', steps: ['Hand on tummy', 'Breathe in for four'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-11-16',
  });
  expect(item.status).toBe(201);
  for (const date of ['2026-11-23', '2026-11-24', '2026-11-25']) {
    expect((await f.gc.post(`${url}/practice/${item.body.id}/logs`, { date, outcome: 'done' })).status).toBe(201);
  }
  const win = await f.gc.post(`${url}/milestones`, { title: 'Said “more juice” at breakfast', date: '2026-11-26' });
  expect(win.status).toBe(201);
  // An agreed goal with four weeks of measurements going up.
  const goal = await t.db.insertInto('goal').values({
    clinic_id: f.child.clinicId, child_id: f.child.id, status: 'agreed', area: 'communication', statement: 'Asks for help with words',
    measure: 'count', baseline: 1, target: 8, settings: ['home'], created_by: f.therapist.id, updated_at: new Date(),
  }).returning('id').executeTakeFirstOrThrow();
  for (const [d, v] of [['2026-11-04', 2], ['2026-11-11', 3], ['2026-11-18', 4], ['2026-11-25', 5]] as const) {
    await t.db.insertInto('measurement').values({ goal_id: goal.id, child_id: f.child.id, value: v, measured_on: d, setting: 'home', recorded_by: f.therapist.id }).execute();
  }
  const note = await f.tc.put(`${url}/digest-note`, { text: 'Leo was brave with the new game on Tuesday. Try it at bath time!' });
  expect(note.status, JSON.stringify(note.body)).toBe(200);
  return { ...f, url, abuela, ac };
}

describe('the weekly family digest', () => {
  it('comes at Sunday 17:00 where each guardian lives, once, in their language', async () => {
    const f = await setup();
    // Both chose the summary itself in the email, told that email is not private.
    for (const c of [f.ac, f.gc]) {
      const chose = await c.put('/api/me/mail', { digest: { enabled: true, weekday: 7, time: '17:00', details: true } });
      expect(chose.body.digest.details).toBe(true);
    }
    await sweepDigests(t.deps); // places every digest
    expect((await f.ac.get('/api/me/mail')).body.digest).toMatchObject({ enabled: true, weekday: 7, time: '17:00', timeZone: 'Europe/Madrid', nextAt: '2026-11-29T16:00:00.000Z' });
    expect((await f.gc.get('/api/me/mail')).body.digest.nextAt).toBe('2026-11-29T23:00:00.000Z');

    at('2026-11-29T15:59:00Z');
    await sweepDigests(t.deps);
    expect(await mails(f.abuela.email)).toEqual([]);

    at('2026-11-29T16:00:30Z'); // 17:00 in Madrid, 10:00 in Chicago
    await Promise.all([sweepDigests(t.deps), sweepDigests(t.deps)]);
    await sweepDigests(t.deps);
    const es = await mails(f.abuela.email);
    expect(es).toHaveLength(1);
    expect(es[0]?.subject).toBe('La semana de Leo: un breve resumen de CareTeam');
    expect(es[0]?.dedupe_key).toBe(`digest:${f.abuela.id}:2026-11-23`);
    const text = es[0]?.text_body ?? '';
    expect(text).toContain('Hola, Ana Abuela:');
    expect(text).toContain('3 de 7 prácticas previstas hechas esta semana');
    expect(text).toContain('Said “more juice” at breakfast');
    expect(text).toContain('Asks for help with words: Cada vez más cerca: 3 de las últimas 3 semanas subieron');
    expect(text).toContain('Leo was brave with the new game on Tuesday');
    expect(text).toContain('Dejar de recibir el resumen semanal: http://localhost:3000/unsubscribe/');
    expect(es[0]?.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(es[0]?.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/api\/unsubscribe\/[\w-]{43}>$/);
    expect(await mails(f.guardian.email)).toEqual([]);

    at('2026-11-29T23:00:30Z'); // 17:00 in Chicago
    await sweepDigests(t.deps);
    const en = await mails(f.guardian.email);
    expect(en).toHaveLength(1);
    expect(en[0]?.subject).toBe('Leo\'s week: a short summary from CareTeam');
    expect(en[0]?.text_body).toContain('3 of 7 planned practices done this week. Well done.');
    expect(en[0]?.text_body).toContain('Asks for help with words: Getting closer: 3 of the last 3 weeks went up');
    expect(en[0]?.html_body).toContain('<li style="margin:4px 0">Said “more juice” at breakfast</li>');

    // A retried job or a lost placement (the next time put back): the week's digest is not sent again.
    await t.db.updateTable('mail_preference').set({ digest_next_at: new Date('2026-11-29T23:00:00Z') }).where('user_id', '=', f.guardian.id).execute();
    await sweepDigests(t.deps);
    expect(await mails(f.guardian.email)).toHaveLength(1);
    // Next week comes next Sunday.
    expect((await t.db.selectFrom('mail_preference').select('digest_next_at').where('user_id', '=', f.guardian.id).executeTakeFirstOrThrow()).digest_next_at?.toISOString()).toBe('2026-12-06T23:00:00.000Z');
  });

  it('follows a chosen day and hour, is not sent late after a long outage, and stops when turned off', async () => {
    const f = await setup();
    const set = await f.gc.put('/api/me/mail', { digest: { enabled: true, weekday: 3, time: '07:30' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.digest).toMatchObject({ weekday: 3, time: '07:30', nextAt: '2026-12-02T13:30:00.000Z' }); // next Wednesday, 07:30 in Chicago
    at('2026-12-03T08:00:00Z'); // the server was down for a day
    await sweepDigests(t.deps);
    expect(await mails(f.guardian.email)).toEqual([]);
    const gc = await signIn(t.app, f.guardian.email); // the jump of the clock ended the old session
    expect((await gc.get('/api/me/mail')).body.digest.nextAt).toBe('2026-12-09T13:30:00.000Z');
    const off = await gc.put('/api/me/mail', { digest: { enabled: false, weekday: 3, time: '07:30' } });
    expect(off.body.digest).toMatchObject({ enabled: false, nextAt: null });
    at('2026-12-09T13:31:00Z');
    await sweepDigests(t.deps);
    expect(await mails(f.guardian.email)).toEqual([]);
    const bad = await (await signIn(t.app, f.guardian.email)).put('/api/me/mail', { digest: { enabled: true, weekday: 8, time: '7pm' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path.join('.')).sort()).toEqual(['digest.time', 'digest.weekday']);
  });

  it('without that choice, says only that the summary is ready, with a link: no child’s name, no progress', async () => {
    const f = await setup();
    expect((await f.gc.get('/api/me/mail')).body.digest.details).toBe(false);
    await sweepDigests(t.deps); // places every digest
    at('2026-11-29T16:00:30Z'); // Sunday 17:00 in Madrid
    await sweepDigests(t.deps);
    const [es] = await mails(f.abuela.email);
    expect(es?.subject).toBe('Su resumen semanal está listo en CareTeam');
    expect(es?.text_body).not.toContain('Leo');
    at('2026-11-29T23:00:30Z'); // Sunday 17:00 in Chicago
    await sweepDigests(t.deps);
    const [mail, ...rest] = await mails(f.guardian.email);
    expect(rest).toEqual([]);
    expect(mail?.subject).toBe('Your weekly summary is ready in CareTeam');
    const text = mail?.text_body ?? '';
    expect(text).toContain('Your weekly summary is ready. Open CareTeam to see how the week went');
    expect(text).toContain('because email is not private');
    expect(text).toContain('http://localhost:3000/');
    for (const said of ['Leo', 'Belly breathing', 'more juice', 'Asks for help', 'brave with the new game', 'practice']) {
      expect(text).not.toContain(said);
      expect(mail?.html_body).not.toContain(said);
    }
  });

  it('gives the therapist a Monday-morning caseload summary without clinical text', async () => {
    const f = await setup();
    expect((await f.tc.put('/api/me/mail', { digest: { enabled: true, weekday: 1, time: '08:00', details: true } })).status).toBe(200);
    // Two family messages the therapist has not answered; one earlier that she did.
    const team = (await f.gc.get(`/api/children/${f.child.id}/conversations`)).body.conversations[0];
    const say = (c: typeof f.gc, body: string) => c.post(`/api/children/${f.child.id}/conversations/${team.id}/messages`, { body });
    expect((await say(f.gc, 'Is Tuesday still on?')).status).toBe(201);
    expect((await say(f.tc, 'Yes, 4 pm.')).status).toBe(201);
    expect((await say(f.gc, 'He had a rough night.')).status).toBe(201);
    expect((await say(f.cc, 'Bedtime was 10 pm.')).status).toBe(201);
    await sweepDigests(t.deps);
    expect((await f.tc.get('/api/me/mail')).body.digest).toMatchObject({ weekday: 1, time: '08:00', nextAt: '2026-11-30T14:00:00.000Z' });
    at('2026-11-30T14:00:10Z');
    await sweepDigests(t.deps);
    const [mail, ...rest] = await mails(f.therapist.email);
    expect(rest).toEqual([]);
    expect(mail?.subject).toBe('Your caseload this week');
    expect(mail?.text_body).toContain('1 of 1 family logged practice or journal entries in the last seven days.');
    expect(mail?.text_body).toContain('Leo T.: 3 practice logs, 0 journal entries');
    expect(mail?.text_body).toContain('Messages waiting for an answer:\n\n- Leo T.: 2 messages');
    expect(mail?.text_body).not.toContain('Belly breathing');
  });

  it('lets only the child’s therapist write the note, and refuses a note that is too long', async () => {
    const f = await setup();
    expect((await f.gc.put(`${f.url}/digest-note`, { text: 'From a parent' })).status).toBe(404);
    expect((await f.teach.get(`${f.url}/digest-note`)).status).toBe(404);
    const long = await f.tc.put(`${f.url}/digest-note`, { text: 'x'.repeat(601) });
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].path).toEqual(['text']);
    const note = await f.tc.get(`${f.url}/digest-note`);
    expect(note.body).toMatchObject({ text: 'Leo was brave with the new game on Tuesday. Try it at bath time!', by: 'Theo Therapist' });
  });
});
