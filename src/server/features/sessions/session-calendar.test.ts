import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../../contract/permissions.ts';
import { addMember, buildFamily, buildUser, signIn, startTestSmtp, createTestContext, type TestContext, type TestSmtp } from '../../../../test/support.ts';
import { parseIcs } from '../../../../test/ics.ts';
import { deliverMail } from '../../mail/mail.service.ts';
import { redactUrl } from '../../http/log-redaction.ts';
import { sweepSessionReminders } from './reminders.ts';

/**
 * Sessions in the calendars people use, on a real database, a real SMTP server on loopback and a
 * controllable clock: reminders at each person's local time (across a DST change, in another zone
 * than the clinic's, out of quiet hours), never twice and never for a cancelled session; the
 * private feed and the invitation files, parsed back with ical.js.
 */

let t: TestContext;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const at = (iso: string) => t.clock.set(new Date(iso));

async function family() {
  const f = await buildFamily(t.db);
  return { ...f, url: `/api/children/${f.child.id}/sessions`, tc: await signIn(t.app, f.therapist.email), gc: await signIn(t.app, f.guardian.email) };
}

/** Reminder mails to someone, oldest first. */
const reminders = (to: string) => t.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'created_at'])
  .where('to_address', '=', to).where('dedupe_key', 'like', 'session-reminder:%').orderBy('created_at').execute();

/** Delivers every queued mail through the loopback SMTP server (the job would). */
async function deliverAll() {
  const queued = await t.db.selectFrom('mail_outbox').select('id').where('status', '=', 'queued').execute();
  for (const m of queued) await deliverMail(t.deps, m.id);
}

describe('session reminders', () => {
  it('come the day before and an hour before on the family’s clock in Madrid, though the clinic is in Chicago, and follow the DST change', async () => {
    at('2026-10-20T15:00:00Z');
    const f = await family();
    await t.db.updateTable('app_user').set({ time_zone: 'Europe/Madrid' }).where('id', '=', f.guardian.id).execute();
    // Thursdays 16:00 in Chicago: 21:00 UTC on 29 October, 22:00 UTC on 5 November (Chicago left summer time on 1 November).
    const res = await f.tc.post(f.url, { kind: 'therapy', place: 'clinic', placeNote: 'Room 2', date: '2026-10-29', time: '16:00', durationMinutes: 45, recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TH', count: 2 }, familyInvited: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The invitation: the first session as a REQUEST, and the series as a file of its own.
    const invite = await t.db.selectFrom('mail_outbox').select('attachments').where('to_address', '=', f.guardian.email).where('dedupe_key', 'like', 'session-scheduled:%').executeTakeFirstOrThrow();
    expect(invite.attachments.map((a) => [a.filename, a.method ?? null])).toEqual([['session.ics', 'REQUEST'], ['sessions.ics', null]]);
    const [request, series] = invite.attachments.map((a) => parseIcs(a.content));
    expect(request?.events.map((e) => [e.uid, e.start])).toEqual([[`session-${res.body.sessions[0].id}@careteam`, '2026-10-29T21:00:00.000Z']]);
    expect(series?.method).toBeNull();
    expect(series?.events.map((e) => e.start)).toEqual(['2026-10-29T21:00:00.000Z', '2026-11-05T22:00:00.000Z']);

    at('2026-10-28T20:59:00Z');
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toEqual([]);

    at('2026-10-28T21:00:30Z'); // 22:00 in Madrid, the day before
    await sweepSessionReminders(t.deps);
    let got = await reminders(f.guardian.email);
    expect(got).toHaveLength(1);
    expect(got[0]?.subject).toBe('Therapy session: Thursday, October 29, 2026, 10:00 PM');
    expect(got[0]?.text_body).toContain('starts Thursday, October 29, 2026 at 10:00 PM (Europe/Madrid), At the clinic');
    expect(got[0]?.text_body).not.toContain('Room 2');
    // The therapist who runs it is reminded on the child's clock.
    expect((await reminders(f.therapist.email))[0]?.subject).toBe('Therapy session: Thursday, October 29, 2026, 4:00 PM');

    at('2026-10-29T20:00:30Z'); // one hour before
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toHaveLength(2);

    // After the change: the same 16:00 in Chicago is an hour later in UTC, and the reminder with it.
    at('2026-11-04T21:00:30Z');
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toHaveLength(2);
    at('2026-11-04T22:00:30Z');
    await sweepSessionReminders(t.deps);
    got = await reminders(f.guardian.email);
    expect(got).toHaveLength(3);
    expect(got[2]?.subject).toBe('Therapy session: Thursday, November 5, 2026, 11:00 PM');
    // In the app too.
    const inApp = await t.db.selectFrom('notification').select('kind').where('user_id', '=', f.guardian.id).where('kind', '=', 'session_reminder').execute();
    expect(inApp).toHaveLength(3);
  });

  it('are sent once by two sweeps at once and after a restart, and a long pause sends only the nearest one', async () => {
    at('2026-11-10T12:00:00Z');
    const f = await family();
    const res = await f.tc.post(f.url, { kind: 'parent_coaching', place: 'video', date: '2026-11-12', time: '10:00', durationMinutes: 30, invitees: [f.guardian.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The server was down the day before: at 9:10 in Chicago both the day-before and the hour-before are owed.
    at('2026-11-12T15:10:00Z');
    await Promise.all([sweepSessionReminders(t.deps), sweepSessionReminders(t.deps)]);
    await sweepSessionReminders(t.deps); // the restarted server sweeps again
    const got = await reminders(f.guardian.email);
    expect(got).toHaveLength(1);
    expect(got[0]?.subject).toBe('Parent coaching: Thursday, November 12, 2026, 10:00 AM');
    const claimed = await t.db.selectFrom('session_reminder_sent').select('lead_minutes').where('user_id', '=', f.guardian.id).execute();
    expect(claimed).toEqual([{ lead_minutes: 60 }]);
  });

  it('wait for quiet hours to end, unless the session starts inside them', async () => {
    at('2026-11-16T12:00:00Z');
    const f = await family();
    await t.db.updateTable('app_user').set({ quiet_start: '21:00', quiet_end: '07:00' }).where('id', '=', f.guardian.id).execute();
    // 07:30 in Chicago: the hour-before (06:30) falls in the quiet hours and waits until 07:00.
    const early = await f.tc.post(f.url, { kind: 'therapy', place: 'clinic', date: '2026-11-18', time: '07:30', durationMinutes: 30, invitees: [f.guardian.id] });
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    // 22:00 in Chicago starts inside them: its hour-before comes at 21:00, quiet or not.
    const late = await f.tc.post(f.url, { kind: 'team_meeting', place: 'video', date: '2026-11-18', time: '22:00', durationMinutes: 30, invitees: [f.guardian.id] });
    expect(late.status, JSON.stringify(late.body)).toBe(201);

    at('2026-11-17T13:30:30Z'); // 07:30 the day before the early one
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toHaveLength(1);
    at('2026-11-18T04:00:30Z'); // 22:00 the day before the late one: quiet, but it starts in quiet hours too
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toHaveLength(2);
    const held = await t.db.selectFrom('notification').select(['email_state']).where('user_id', '=', f.guardian.id).where('kind', '=', 'session_reminder').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(held.email_state).toBe('sent');
    at('2026-11-18T12:30:30Z'); // 06:30, the early one's hour-before: quiet, and it starts after them
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toHaveLength(2);
    at('2026-11-18T13:00:30Z'); // 07:00: the quiet hours are over
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toHaveLength(3);
    at('2026-11-19T03:00:30Z'); // 21:00, quiet hours, an hour before the 22:00 meeting
    await sweepSessionReminders(t.deps);
    expect((await reminders(f.guardian.email)).map((m) => m.subject)).toEqual([
      'Therapy session: Wednesday, November 18, 2026, 7:30 AM',
      'Team meeting: Wednesday, November 18, 2026, 10:00 PM',
      'Therapy session: Wednesday, November 18, 2026, 7:30 AM',
      'Team meeting: Wednesday, November 18, 2026, 10:00 PM',
    ]);
    const n = await t.db.selectFrom('notification').select(['email_state']).where('user_id', '=', f.guardian.id).where('kind', '=', 'session_reminder').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(n.email_state).toBe('sent');
  });

  it('never come for a cancelled session, nor to someone who can’t make it or chose none; a moved session reminds at its new time', async () => {
    at('2026-11-23T12:00:00Z');
    const f = await family();
    const caregiver = await buildUser(t.db, 'Rosa Grandma');
    await addMember(t.db, f.child, caregiver, 'caregiver', { permissions: [...ROLE_PERMISSIONS.caregiver, 'sessions.view'] });
    const cc = await signIn(t.app, caregiver.email);
    const a = await f.tc.post(f.url, { kind: 'therapy', place: 'clinic', date: '2026-11-25', time: '16:00', durationMinutes: 45, familyInvited: true });
    const b = await f.tc.post(f.url, { kind: 'therapy', place: 'home', date: '2026-11-26', time: '16:00', durationMinutes: 45, familyInvited: true });
    expect([a.status, b.status]).toEqual([201, 201]);
    const first = a.body.sessions[0].id as string;
    const second = b.body.sessions[0].id as string;
    expect((await f.tc.post(`${f.url}/${first}/cancel`, { reason: 'Therapist unwell' })).status).toBe(200);
    expect((await f.gc.post(`${f.url}/${second}/response`, { response: 'no' })).status).toBe(200);
    const none = await cc.put('/api/me/session-reminders', { leads: [] });
    expect(none.body).toEqual({ leads: [], chosen: true });

    at('2026-11-25T21:00:30Z'); // the cancelled one's hour-before
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.guardian.email)).toEqual([]);
    expect(await reminders(f.therapist.email)).toEqual([]);

    // Moved (as a move does: a new start, a new version), it is reminded at the new time, not the old one.
    await t.db.updateTable('therapy_session').set((eb) => ({ starts_at: new Date('2026-11-27T18:00:00Z'), version: eb('version', '+', 1), updated_at: t.clock() })).where('id', '=', second).execute();
    at('2026-11-25T22:00:30Z'); // the old day-before
    await sweepSessionReminders(t.deps);
    expect(await reminders(f.therapist.email)).toEqual([]);
    at('2026-11-26T18:00:30Z'); // the new day-before
    await sweepSessionReminders(t.deps);
    // Not to the guardian who can't make it, nor the caregiver who chose no reminders.
    expect(await reminders(f.guardian.email)).toEqual([]);
    expect(await reminders(caregiver.email)).toEqual([]);
    expect((await reminders(f.therapist.email)).map((m) => m.subject)).toEqual(['Therapy session: Friday, November 27, 2026, 12:00 PM']);
  });

  it('lead times are each person’s own choice, checked', async () => {
    const f = await family();
    expect((await f.gc.get('/api/me/session-reminders')).body).toEqual({ leads: [1440, 60], chosen: false });
    const set = await f.gc.put('/api/me/session-reminders', { leads: [30, 2880] });
    expect(set.body).toEqual({ leads: [2880, 30], chosen: true });
    const bad = await f.gc.put('/api/me/session-reminders', { leads: [7] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['leads', '0']);
    const many = await f.gc.put('/api/me/session-reminders', { leads: [15, 30, 60, 120] });
    expect(many.status).toBe(400);
    expect(many.body.error.details[0].path).toEqual(['leads']);
    expect((await f.gc.get('/api/me/session-reminders')).body.leads).toEqual([2880, 30]);
  });
});

describe('the private calendar feed', () => {
  it('lists only the sessions its owner may see, keeps one UID with a growing SEQUENCE, and a reset address answers 404', async () => {
    at('2026-12-01T12:00:00Z');
    const f = await family();
    const teacher = await buildUser(t.db, 'Tess Teacher');
    await addMember(t.db, f.child, teacher, 'teacher', { permissions: ['sessions.view', 'strategies.view'] });
    const teach = await signIn(t.app, teacher.email);
    // A second household whose guardian does not see the team's contacts: only their own invitations.
    const dad = await buildUser(t.db, 'Dario Dad');
    await addMember(t.db, f.child, dad, 'guardian', { household: 'Dad', permissions: ROLE_PERMISSIONS.guardian.filter((p) => p !== 'team.contacts') });
    const dc = await signIn(t.app, dad.email);
    const other = await family();
    const res = await f.tc.post(f.url, { kind: 'therapy', place: 'clinic', placeNote: 'Room 2, sensory corner', date: '2026-12-03', time: '16:00', durationMinutes: 45, familyInvited: true });
    expect(res.status).toBe(201);
    const sessionId = res.body.sessions[0].id as string;

    expect((await f.gc.get('/api/me/calendar-feed')).body).toEqual({ feed: null });
    const made = await f.gc.post('/api/me/calendar-feed');
    expect(made.status).toBe(200);
    const url = made.body.feed.url as string;
    expect(url).toMatch(/^http:\/\/localhost:3000\/api\/calendar\/[\w-]{43}\.ics$/);
    expect((await f.gc.get('/api/me/calendar-feed')).body.feed.url).toBe(url);
    const token = url.split('/').pop()?.replace('.ics', '') ?? '';
    // Only a hash is kept.
    const stored = await t.db.selectFrom('calendar_feed').selectAll().where('user_id', '=', f.guardian.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(redactUrl(`/api/calendar/${token}.ics`)).toBe('/api/calendar/[redacted]');

    const path = new URL(url).pathname;
    const read = await t.client().get(path);
    expect(read.status).toBe(200);
    expect(read.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const feed = parseIcs(read.body as string);
    expect(feed.events).toEqual([expect.objectContaining({ uid: `session-${sessionId}@careteam`, sequence: 1, start: '2026-12-03T22:00:00.000Z', status: 'CONFIRMED', summary: 'Leo: Therapy session', location: 'At the clinic' })]);
    expect(read.body as string).not.toContain('Room 2');
    expect(read.body as string).not.toContain('Test'); // the child's last name
    const audited = await t.db.selectFrom('audit_event').select(['action', 'actor_id']).where('child_id', '=', f.child.id).where('action', '=', 'session.feed').execute();
    expect(audited).toEqual([{ action: 'session.feed', actor_id: f.guardian.id }]);

    // Cancelled: the same event, a later SEQUENCE, STATUS:CANCELLED.
    expect((await f.tc.post(`${f.url}/${sessionId}/cancel`, { reason: 'Snow day' })).status).toBe(200);
    const after = parseIcs((await t.client().get(path)).body as string);
    expect(after.events).toEqual([expect.objectContaining({ uid: `session-${sessionId}@careteam`, sequence: 2, status: 'CANCELLED' })]);

    // Someone who may not see it: a teacher not invited, the restricted second household, another family.
    for (const c of [teach, dc, other.gc]) {
      const own = await c.post('/api/me/calendar-feed');
      const body = (await t.client().get(new URL(own.body.feed.url as string).pathname)).body as string;
      expect(parseIcs(body).events).toEqual([]);
    }

    const reset = await f.gc.post('/api/me/calendar-feed');
    expect(reset.body.feed.url).not.toBe(url);
    const gone = await t.client().get(path);
    expect(gone.status).toBe(404);
    expect((await t.client().get(new URL(reset.body.feed.url as string).pathname)).status).toBe(200);
    expect((await t.client().get('/api/calendar/not-a-token.ics')).status).toBe(404);
  });
});

describe('invitation files', () => {
  it('an invitation mail carries a REQUEST, its cancellation a CANCEL of the same event; one session downloads as .ics', async () => {
    at('2026-12-07T12:00:00Z');
    const f = await family();
    const caregiver = await buildUser(t.db, 'Rosa Grandma');
    await addMember(t.db, f.child, caregiver, 'caregiver', { permissions: [...ROLE_PERMISSIONS.caregiver, 'sessions.view'] });
    // The caregiver wants to hear only in the app: no email for them.
    await t.db.insertInto('notification_setting').values({ user_id: caregiver.id, channel: 'in_app', updated_at: new Date() }).execute();
    const res = await f.tc.post(f.url, { kind: 'plan_review', place: 'school', date: '2026-12-10', time: '09:00', durationMinutes: 60, invitees: [f.guardian.id, caregiver.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.sessions[0].id as string;
    await deliverAll();
    const invite = smtp.mailsTo(f.guardian.email).find((m) => m.subject?.startsWith('Plan review:'));
    expect(invite?.subject).toBe('Plan review: Thursday, December 10, 2026, 9:00 AM');
    const file = invite?.attachments.find((a) => a.filename === 'session.ics');
    expect(file).toBeDefined();
    const req = parseIcs(file?.content.toString('utf8') ?? '');
    expect(req.method).toBe('REQUEST');
    expect(req.events).toEqual([expect.objectContaining({ uid: `session-${id}@careteam`, sequence: 1, start: '2026-12-10T15:00:00.000Z', status: 'CONFIRMED', summary: 'Plan review · CareTeam', location: 'At school' })]);
    // A mail, its calendar file included, never names the child.
    expect(invite?.text).not.toContain('Leo');
    expect(file?.content.toString('utf8')).not.toContain('Leo');
    expect(smtp.mailsTo(caregiver.email)).toEqual([]);
    expect(smtp.mailsTo(f.therapist.email)).toEqual([]); // who scheduled it is not told
    const told = await t.db.selectFrom('notification').select('user_id').where('kind', '=', 'session_scheduled').where('child_id', '=', f.child.id).execute();
    expect(told.map((r) => r.user_id).sort()).toEqual([f.guardian.id, caregiver.id].sort());

    // One session's file, for someone who may see it.
    const dl = await f.gc.get(`${f.url}/${id}/ics`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toBe('attachment; filename="session.ics"');
    expect(parseIcs(dl.body as string).events[0]).toMatchObject({ uid: `session-${id}@careteam`, sequence: 1 });
    const stranger = await family();
    expect((await stranger.gc.get(`${f.url}/${id}/ics`)).status).toBe(404);
    expect((await f.gc.get(`${f.url}/not-a-session/ics`)).status).toBe(404);

    expect((await f.tc.post(`${f.url}/${id}/cancel`, { reason: 'The school is closed' })).status).toBe(200);
    await deliverAll();
    const cancel = smtp.mailsTo(f.guardian.email).find((m) => m.subject?.startsWith('Cancelled'));
    expect(cancel?.subject).toBe('Cancelled: Plan review, Thursday, December 10, 2026');
    expect(cancel?.text).not.toContain('The school is closed');
    const c = parseIcs(cancel?.attachments.find((a) => a.filename?.endsWith('.ics'))?.content.toString('utf8') ?? '');
    expect(c.method).toBe('CANCEL');
    expect(c.events).toEqual([expect.objectContaining({ uid: `session-${id}@careteam`, sequence: 2, status: 'CANCELLED' })]);
  });
});

describe('the family profile’s contact preferences', () => {
  it('are the defaults of a new parent or caregiver: its channel, and quiet hours outside its contact hours', async () => {
    const f = await family();
    await t.db.updateTable('child').set({ contact_channel: 'in_app', contact_hours: 'Weekdays 17:00–20:00, please' }).where('id', '=', f.child.id).execute();
    const email = `rosa.${Date.now()}@example.org`;
    const inv = await f.tc.post(`/api/children/${f.child.id}/invitations`, { email, name: 'Rosa Grandma', role: 'caregiver' });
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    const mail = await t.db.selectFrom('mail_outbox').select('text_body').where('dedupe_key', '=', `invitation:${inv.body.id}`).executeTakeFirstOrThrow();
    const token = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(mail.text_body)?.[1] ?? '';
    const c = t.client();
    expect((await c.post(`/api/invitations/${token}/accept`, { password: 'a long and calm sentence' })).status).toBe(200);
    await c.refreshCsrf();
    expect((await c.get('/api/notifications/settings')).body.channel).toBe('in_app');
    expect((await c.get('/api/me')).body.user.quietHours).toEqual({ start: '20:00', end: '17:00' });
    // Someone who already chose keeps their own.
    const own = await buildUser(t.db, 'Omar Own');
    await t.db.insertInto('notification_setting').values({ user_id: own.id, channel: 'email', updated_at: new Date() }).execute();
    await t.db.updateTable('app_user').set({ quiet_start: '22:00', quiet_end: '06:00' }).where('id', '=', own.id).execute();
    const inv2 = await f.tc.post(`/api/children/${f.child.id}/invitations`, { email: own.email, name: 'Omar Own', role: 'guardian', household: 'Dad' });
    expect(inv2.status, JSON.stringify(inv2.body)).toBe(201);
    const mail2 = await t.db.selectFrom('mail_outbox').select('text_body').where('dedupe_key', '=', `invitation:${inv2.body.id}`).executeTakeFirstOrThrow();
    const oc = t.client();
    expect((await oc.post(`/api/invitations/${/\/invite\/([A-Za-z0-9_-]{20,})/.exec(mail2.text_body)?.[1] ?? ''}/accept`, { password: 'a long and calm sentence' })).status).toBe(200);
    await oc.refreshCsrf();
    expect((await oc.get('/api/notifications/settings')).body.channel).toBe('email');
    expect((await oc.get('/api/me')).body.user.quietHours).toEqual({ start: '22:00', end: '06:00' });
  });
});
