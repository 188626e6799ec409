import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedInTeam, buildUser, addMember, createTestContext, deliveredTo, signIn, startTestSmtp, type TestClient, type TestContext, type TestSmtp } from '../../../../test/support.ts';
import { sweepReminders } from '../practice/reminders.ts';
import { sweepDigests, sweepNotifications } from './notify.ts';

/**
 * Notifications on a controllable clock with a real SMTP server on loopback: each person's choice
 * per kind, their quiet hours and digest time in their own zone, urgent notices that always get
 * through, and never a mail twice.
 */

let t: TestContext;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t?.close();
  await smtp.close();
});

const at = (iso: string) => t.clock.set(new Date(iso));
const delivered = (address: string) => deliveredTo(t, smtp, address);
/** Everything queued for this address: the only way a mail reaches SMTP. */
const outbox = (to: string) => t.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'html_body', 'dedupe_key']).where('to_address', '=', to).orderBy('created_at').execute();
const rows = (userId: string) => t.db.selectFrom('notification').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();

const GOAL = { area: 'communication', statement: 'Asks for help with two words', measure: 'count', target: 5, settings: ['home', 'therapy'] };

async function team() {
  const f = await buildSignedInTeam(t);
  return { ...f, url: `/api/children/${f.child.id}` };
}
async function choose(c: TestClient, body: { channel?: 'in_app' | 'email'; digestTime?: string; kinds?: { kind: string; mode: string }[] }) {
  const res = await c.put('/api/notifications/settings', { channel: 'email', digestTime: '18:00', kinds: [], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('notifications', () => {
  it('tell the family at once when a goal is proposed: in the app, and by an email with no child’s name or content', async () => {
    at('2026-11-23T15:00:00Z');
    const f = await team();
    const goal = await f.tc.post(`${f.url}/goals`, GOAL);
    expect(goal.status).toBe(201);

    const list = await f.gc.get('/api/notifications');
    expect(list.status).toBe(200);
    expect(list.body.unread).toBe(1);
    expect(list.body.notifications).toEqual([expect.objectContaining({
      kind: 'goal_proposed', childId: f.child.id, childName: 'Leo', actorName: 'Theo Therapist', target: { goalId: goal.body.id }, readAt: null, notice: null,
    })]);
    // Only the guardians agree to goals; the therapist did it, so hears nothing of it.
    expect(await rows(f.caregiver.id)).toEqual([]);
    expect(await rows(f.therapist.id)).toEqual([]);
    expect(await rows(f.teacher.id)).toEqual([]);

    const [mail] = await delivered(f.guardian.email);
    expect(mail?.subject).toBe('There is something new for you in CareTeam');
    expect(mail?.text).toContain('A goal is waiting for your agreement in CareTeam.');
    expect(mail?.text).toContain('http://localhost:3000/notifications');
    for (const secret of ['Leo', 'Asks for help', 'Theo']) {
      expect(mail?.text).not.toContain(secret);
      expect(mail?.html || '').not.toContain(secret);
    }

    // The guardian agrees: the therapist hears of it; the guardian's own action tells them nothing.
    const agreed = await f.gc.post(`${f.url}/goals/${goal.body.id}/response`, { decision: 'agree', version: goal.body.version, comment: '' });
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    expect((await rows(f.therapist.id)).map((r) => r.kind)).toEqual(['goal_agreed']);
    expect((await rows(f.guardian.id)).map((r) => r.kind)).toEqual(['goal_proposed']);

    // Read one; then all.
    const read = await f.gc.post(`/api/notifications/${list.body.notifications[0].id}/read`);
    expect(read.body).toEqual({ unread: 0 });
    expect((await f.tc.get('/api/notifications/unread')).body).toEqual({ unread: 1 });
    expect((await f.tc.post('/api/notifications/read-all')).body).toEqual({ read: 1, unread: 0 });
    expect((await f.tc.get('/api/notifications/unread')).body).toEqual({ unread: 0 });
  });

  it('follow each person’s choice per kind: off is nothing, in-app only is no email', async () => {
    at('2026-11-23T15:00:00Z');
    const f = await team();
    const second = await buildUser(t.db, 'Gus Guardian');
    await addMember(t.db, f.child, second, 'guardian', { household: 'Dad' });
    const gc2 = await signIn(t.app, second.email);
    await choose(f.gc, { kinds: [{ kind: 'goal_proposed', mode: 'off' }] });
    await choose(gc2, { channel: 'in_app' });
    expect((await f.gc.get('/api/notifications/settings')).body).toMatchObject({
      channel: 'email', digestTime: '18:00', kinds: expect.arrayContaining([{ kind: 'goal_proposed', mode: 'off', channel: null }, { kind: 'message', mode: 'immediately', channel: null }]),
    });

    expect((await f.tc.post(`${f.url}/goals`, GOAL)).status).toBe(201);
    await sweepNotifications(t.deps);
    expect(await rows(f.guardian.id)).toEqual([]);
    expect(await outbox(f.guardian.email)).toEqual([]);
    expect((await rows(second.id)).map((r) => [r.kind, r.channel, r.email_state])).toEqual([['goal_proposed', 'in_app', 'none']]);
    expect(await outbox(second.email)).toEqual([]);

    // A practice reminder cannot wait for the digest; a kind that does not exist is refused.
    const bad = await f.gc.put('/api/notifications/settings', { channel: 'email', digestTime: '18:00', kinds: [{ kind: 'practice_reminder', mode: 'digest' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path.map(String)).toEqual(['kinds', '0', 'mode']);
    expect((await f.gc.put('/api/notifications/settings', { channel: 'email', digestTime: '6pm', kinds: [] })).body.error.details[0].path).toEqual(['digestTime']);
  });

  it('hold an email through quiet hours in the person’s own zone, and send it when they end', async () => {
    at('2026-11-23T13:00:00Z'); // 22:00 in Tokyo, 07:00 in Chicago
    const f = await team();
    const far = await buildUser(t.db, 'Kenji Guardian');
    await addMember(t.db, f.child, far, 'guardian', { household: 'Tokyo' });
    const kc = await signIn(t.app, far.email);
    expect((await kc.patch('/api/me', { timeZone: 'Asia/Tokyo', quietHours: { start: '21:00', end: '07:00' } })).status).toBe(200);
    expect((await f.gc.patch('/api/me', { timeZone: 'America/Chicago', quietHours: { start: '21:00', end: '07:00' } })).status).toBe(200);

    expect((await f.tc.post(`${f.url}/goals`, GOAL)).status).toBe(201);
    await delivered(f.guardian.email); // Chicago: 07:00, quiet hours just ended
    const [held] = await rows(far.id);
    expect(held).toMatchObject({ email_state: 'waiting', email_due_at: new Date('2026-11-23T22:00:00Z') });

    at('2026-11-23T21:59:00Z'); // 06:59 in Tokyo
    await sweepNotifications(t.deps);
    expect(await outbox(far.email)).toEqual([]);
    at('2026-11-23T22:00:30Z');
    await Promise.all([sweepNotifications(t.deps), sweepNotifications(t.deps)]);
    await sweepNotifications(t.deps);
    expect(await outbox(far.email)).toHaveLength(1);
    const [mail] = await delivered(far.email);
    expect(mail?.subject).toBe('There is something new for you in CareTeam');
    expect((await rows(far.id))[0]).toMatchObject({ email_state: 'sent' });
  });

  it('gather digest choices into one email a day at 18:00 where each person lives, never twice', async () => {
    at('2026-11-23T12:00:00Z');
    const f = await team();
    const west = await buildUser(t.db, 'Lola Guardian');
    await addMember(t.db, f.child, west, 'guardian', { household: 'West' });
    const wc = await signIn(t.app, west.email);
    expect((await f.gc.patch('/api/me', { timeZone: 'Europe/Madrid' })).status).toBe(200);
    expect((await wc.patch('/api/me', { timeZone: 'America/Los_Angeles' })).status).toBe(200);
    for (const c of [f.gc, wc]) await choose(c, { kinds: [{ kind: 'milestone', mode: 'digest' }, { kind: 'practice_assigned', mode: 'digest' }] });

    expect((await f.tc.post(`${f.url}/milestones`, { title: 'Said “more juice” at breakfast', date: '2026-11-23', goalId: null })).status).toBe(201);
    expect((await f.cc.post(`${f.url}/milestones`, { title: 'Put on shoes alone', date: '2026-11-23', goalId: null })).status).toBe(201);
    expect((await f.tc.post(`${f.url}/practice`, {
      title: 'Belly breathing', steps: ['Hand on tummy'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-11-23',
    })).status).toBe(201);
    expect((await rows(f.guardian.id)).map((r) => r.email_state)).toEqual(['digest', 'digest', 'digest']);

    at('2026-11-23T16:59:00Z'); // 17:59 in Madrid
    await sweepDigests(t.deps);
    expect(await outbox(f.guardian.email)).toEqual([]);

    at('2026-11-23T17:00:30Z'); // 18:00 in Madrid, 09:00 in Los Angeles
    await Promise.all([sweepNotifications(t.deps), sweepNotifications(t.deps)]);
    await sweepNotifications(t.deps);
    expect(await outbox(f.guardian.email)).toHaveLength(1);
    expect(await outbox(west.email)).toEqual([]);
    const [mail] = await delivered(f.guardian.email);
    expect(mail?.subject).toBe('Your CareTeam day: 3 new things');
    expect(mail?.text).toContain('- 2 wins to celebrate');
    expect(mail?.text).toContain('- 1 new practice item');
    for (const secret of ['Leo', 'juice', 'shoes', 'Belly']) expect(mail?.text).not.toContain(secret);

    // Something after today's digest time waits for tomorrow's.
    at('2026-11-23T20:00:00Z');
    const tc = await signIn(t.app, f.therapist.email);
    expect((await tc.post(`${f.url}/milestones`, { title: 'Waved bye', date: '2026-11-23', goalId: null })).status).toBe(201);
    await sweepNotifications(t.deps);
    expect(await outbox(f.guardian.email)).toHaveLength(1);

    at('2026-11-24T02:00:30Z'); // 18:00 in Los Angeles
    await sweepNotifications(t.deps);
    await sweepNotifications(t.deps);
    expect((await outbox(west.email)).map((m) => m.subject)).toEqual(['Your CareTeam day: 4 new things']);

    at('2026-11-24T17:00:30Z'); // the next evening in Madrid
    await sweepNotifications(t.deps);
    expect((await outbox(f.guardian.email)).map((m) => m.subject)).toEqual(['Your CareTeam day: 3 new things', 'Your CareTeam day: 1 new thing']);
    expect((await outbox(f.guardian.email)).map((m) => m.dedupe_key)).toEqual([`notification-digest:${f.guardian.id}:2026-11-23`, `notification-digest:${f.guardian.id}:2026-11-24`]);
  });

  it('deliver an urgent clinic notice to every family in the app and by email, whatever they chose, once', async () => {
    at('2026-11-23T13:00:00Z'); // 22:00 in Tokyo
    const f = await team();
    await choose(f.gc, { channel: 'in_app', kinds: [{ kind: 'message', mode: 'off' }] });
    expect((await f.gc.patch('/api/me', { timeZone: 'Asia/Tokyo', quietHours: { start: '21:00', end: '07:00' } })).status).toBe(200);
    const admin = await signIn(t.app, f.clinic.admin.email);

    const bad = await admin.post('/api/admin/notices', { audience: 'families', body: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['body']);
    expect((await f.gc.post('/api/admin/notices', { audience: 'families', body: 'Closed' })).status).toBe(404);

    const sent = await admin.post('/api/admin/notices', { audience: 'families', body: 'The clinic is closed today because of the snow.' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ audience: 'families', recipients: 2 }); // the guardian and grandma; not the teacher nor staff
    await sweepNotifications(t.deps);
    await sweepNotifications(t.deps);
    for (const who of [f.guardian, f.caregiver]) {
      expect((await rows(who.id)).map((r) => r.kind)).toEqual(['urgent_notice']);
      expect(await outbox(who.email)).toHaveLength(1);
      const [mail] = await delivered(who.email);
      expect(mail?.subject).toBe('Urgent notice from Sunrise Therapy');
      expect(mail?.text).toContain('The clinic is closed today because of the snow.');
    }
    expect(await rows(f.therapist.id)).toEqual([]);
    expect(await rows(f.teacher.id)).toEqual([]);
    const list = await f.gc.get('/api/notifications');
    expect(list.body.notifications[0]).toMatchObject({ kind: 'urgent_notice', notice: 'The clinic is closed today because of the snow.', childId: null });
    expect((await admin.get('/api/admin/notices')).body.notices).toEqual([expect.objectContaining({ body: 'The clinic is closed today because of the snow.', recipients: 2 })]);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'subject_id']).where('action', '=', 'notice.send').where('subject_id', '=', sent.body.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('carry practice reminders in the app, and by email only for those who want email', async () => {
    at('2026-11-23T12:00:00Z'); // Monday: 06:00 in Chicago
    const f = await team();
    expect((await f.tc.post(`${f.url}/practice`, {
      title: 'Belly breathing', steps: ['Hand on tummy'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-11-20',
    })).status).toBe(201);
    await choose(f.gc, { channel: 'in_app' });
    expect((await f.gc.put(`${f.url}/reminder`, { enabled: true, time: '18:00' })).status).toBe(200);
    expect((await f.cc.put(`${f.url}/reminder`, { enabled: true, time: '18:00' })).status).toBe(200);
    at('2026-11-24T00:00:30Z'); // 18:00 in Chicago
    await sweepReminders(t.deps);
    await sweepReminders(t.deps);
    expect((await rows(f.guardian.id)).filter((r) => r.kind === 'practice_reminder')).toEqual([
      expect.objectContaining({ target: { date: '2026-11-23' }, channel: 'in_app', email_state: 'none' }),
    ]);
    expect((await outbox(f.guardian.email)).filter((m) => m.subject.startsWith('Practice'))).toEqual([]);
    // Grandma kept the default: in the app and by the reminder's own email.
    expect((await rows(f.caregiver.id)).filter((r) => r.kind === 'practice_reminder')).toHaveLength(1);
    const mails = await delivered(f.caregiver.email);
    expect(mails.map((m) => m.subject)).toContain('Practice time with Leo');
  });

  it('tell the therapists of a journal entry flagged for them, never of one only for parents', async () => {
    at('2026-11-23T15:00:00Z');
    const f = await team();
    const entry = await f.cc.post(`${f.url}/journal`, { content: { kind: 'note', text: 'Bad night, cried a lot' }, date: '2026-11-23', flagged: true });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    expect(entry.body.flagged).toBe(true);
    expect((await rows(f.therapist.id)).map((r) => [r.kind, r.target])).toEqual([['journal_flagged', { entryId: entry.body.id }]]);
    expect(await rows(f.guardian.id)).toEqual([]);
    const refused = await f.gc.post(`${f.url}/journal`, { content: { kind: 'note', text: 'Private' }, date: '2026-11-23', visibility: 'guardians', flagged: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toEqual(['flagged']);
    // Flagging on correction tells them then, once.
    const plain = await f.gc.post(`${f.url}/journal`, { content: { kind: 'note', text: 'Ate well' }, date: '2026-11-23' });
    const body = { content: { kind: 'note', text: 'Ate well' }, date: '2026-11-23', time: null, visibility: 'team', flagged: true };
    expect((await f.gc.put(`${f.url}/journal/${plain.body.id}`, body)).status).toBe(200);
    expect((await f.gc.put(`${f.url}/journal/${plain.body.id}`, body)).status).toBe(200);
    expect((await rows(f.therapist.id)).map((r) => r.kind)).toEqual(['journal_flagged', 'journal_flagged']);
  });

  it('tell the inviter when the invitation is accepted', async () => {
    at('2026-11-23T15:00:00Z');
    const f = await team();
    const inv = await f.gc.post(`${f.url}/invitations`, { email: `uncle.${Date.now()}@example.org`, name: 'Uncle Bo', role: 'caregiver' });
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    const mail = (await outbox(inv.body.email)).at(-1);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1] ?? /invite\/([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
    expect(token).toBeTruthy();
    const accepted = await t.client().post(`/api/invitations/${token}/accept`, { password: 'a long and calm sentence', name: 'Uncle Bo' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const list = await f.gc.get('/api/notifications');
    expect(list.body.notifications[0]).toMatchObject({ kind: 'invitation_accepted', actorName: 'Uncle Bo', childName: 'Leo' });
  });

  it('are each person’s own: another’s notification is not found, and a removed member no longer sees the child’s', async () => {
    at('2026-11-23T15:00:00Z');
    const f = await team();
    expect((await f.tc.post(`${f.url}/goals`, GOAL)).status).toBe(201);
    const [mine] = await rows(f.guardian.id);
    const other = await signIn(t.app, f.caregiver.email);
    expect((await other.post(`/api/notifications/${mine?.id}/read`)).status).toBe(404);
    expect((await other.post('/api/notifications/not-a-uuid/read')).status).toBe(404);
    expect((await rows(f.guardian.id))[0]?.read_at).toBeNull();
    expect((await other.get('/api/notifications')).body.notifications).toEqual([]);

    await t.db.updateTable('care_team_member').set({ revoked_at: t.clock() }).where('child_id', '=', f.child.id).where('user_id', '=', f.guardian.id).execute();
    const after = await f.gc.get('/api/notifications');
    expect(after.body).toMatchObject({ notifications: [], unread: 0 });
  });

  it('email a message unread for 30 minutes once, without its words, out of quiet hours, and not once it is read', async () => {
    at('2026-11-23T15:00:00Z'); // 09:00 in Chicago
    const f = await team();
    const base = `${f.url}/conversations`;
    const teamId = (await f.gc.get(base)).body.conversations.find((c: { kind: string }) => c.kind === 'team').id as string;
    const msgs = `${base}/${teamId}/messages`;
    await choose(f.cc, { kinds: [{ kind: 'message', mode: 'off' }] });
    // Three messages in a row: one notification for the conversation, one email at most.
    for (const body of ['Leo slept badly, cried for an hour', 'He had a fever too', 'Should we skip Thursday?']) {
      expect((await f.gc.post(msgs, { body })).status).toBe(201);
    }
    const [note] = await rows(f.therapist.id);
    expect(note).toMatchObject({ kind: 'message', count: 3, email_state: 'waiting', email_due_at: new Date('2026-11-23T15:30:00Z') });
    expect(await rows(f.guardian.id)).toEqual([]); // the author
    expect(await rows(f.caregiver.id)).toEqual([]); // chose off
    expect((await f.tc.get('/api/notifications')).body.notifications[0]).toMatchObject({ kind: 'message', count: 3, actorName: 'Gina Guardian', childName: 'Leo' });

    at('2026-11-23T15:29:00Z');
    await sweepNotifications(t.deps);
    expect(await outbox(f.therapist.email)).toEqual([]);
    at('2026-11-23T15:30:30Z');
    await Promise.all([sweepNotifications(t.deps), sweepNotifications(t.deps)]);
    await sweepNotifications(t.deps);
    const mails = await delivered(f.therapist.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('You have a new message in CareTeam.');
    for (const secret of ['slept', 'fever', 'Thursday', 'Leo', 'Gina']) expect(mails[0]?.text).not.toContain(secret);

    // Read before the half hour: no email. The teacher is not in the team conversation at all.
    at('2026-11-23T16:00:00Z');
    const gc = await signIn(t.app, f.guardian.email);
    const tc = await signIn(t.app, f.therapist.email);
    const sent = await tc.post(msgs, { body: 'Yes, rest first' });
    expect((await rows(f.guardian.id)).map((r) => r.email_state)).toEqual(['waiting']);
    expect((await gc.post(`${base}/${teamId}/read`, { messageId: sent.body.id })).status).toBe(200);
    expect((await gc.get('/api/notifications/unread')).body).toEqual({ unread: 0 });
    at('2026-11-23T16:31:00Z');
    await sweepNotifications(t.deps);
    expect(await outbox(f.guardian.email)).toEqual([]);
    expect((await rows(f.guardian.id)).map((r) => r.email_state)).toEqual(['skipped']);
    expect(await rows(f.teacher.id)).toEqual([]);

    // Unread at night: held until the quiet hours end, then sent once.
    at('2026-11-24T03:00:00Z'); // 21:00 in Chicago
    const gc2 = await signIn(t.app, f.guardian.email);
    expect((await gc2.patch('/api/me', { quietHours: { start: '21:00', end: '07:00' } })).status).toBe(200);
    const tc2 = await signIn(t.app, f.therapist.email);
    expect((await tc2.post(msgs, { body: 'Good night note' })).status).toBe(201);
    at('2026-11-24T03:31:00Z');
    await sweepNotifications(t.deps);
    expect(await outbox(f.guardian.email)).toEqual([]);
    at('2026-11-24T13:00:30Z'); // 07:00 in Chicago
    await sweepNotifications(t.deps);
    await sweepNotifications(t.deps);
    expect(await outbox(f.guardian.email)).toHaveLength(1);
  });
});
