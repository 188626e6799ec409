import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildChild, buildClinic, buildFamily, buildTherapist, buildUser, createTestContext, signIn, startTestSmtp, type TestContext, type TestSmtp } from '../../../../test/support.ts';
import { sweepDigests } from '../digests/digests.ts';
import { sendDueNewsletters } from './newsletter-send.ts';

/**
 * Newsletters and optional mail on a real SMTP server on loopback: the family gets the mail with
 * a working unsubscribe link (and the one-click headers), following it stops newsletter mail but
 * not the in-app copy, the audience is the families chosen, and the admin sees the counts.
 */

let t: TestContext;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ smtpUrl: smtp.url, withJobs: true });
});
afterAll(async () => {
  await t?.close();
  await smtp.close();
});

/** A header exactly as it came over SMTP. */
const header = (m: ParsedMail, key: string) => m.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, '');
const mailsTo = (address: string) => smtp.mailsTo(address);
const waitForMail = (address: string, subject: RegExp) => smtp.waitForMail(address, subject);
/** Waits until every queued mail has been handed to the SMTP server. */
async function drained(): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 100) {
    const left = await t.db.selectFrom('mail_outbox').select('id').where('status', '=', 'queued').execute();
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Mail still queued');
}

/**
 * Sends what is due and waits until this newsletter is sent: the job worker may be sending it at
 * the same moment (then this call skips it, locked) and commits a moment later.
 */
async function sendNow(newsletterId: string): Promise<void> {
  await sendDueNewsletters(t.deps);
  for (let waited = 0; waited < 20_000; waited += 100) {
    const n = await t.db.selectFrom('newsletter').select('status').where('id', '=', newsletterId).executeTakeFirstOrThrow();
    if (n.status === 'sent') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The newsletter was not sent');
}

async function clinicWithFamilies() {
  const clinic = await buildClinic(t.db, 'Harbour Kids');
  const speech = await buildFamily(t.db, clinic); // therapist Theo, child Leo, guardian Gina
  await t.db.updateTable('child').set({ therapy_types: ['speech'] }).where('id', '=', speech.child.id).execute();
  const otTherapist = await buildTherapist(t.db, clinic.id, 'Olga Occupational');
  const otChild = await buildChild(t.db, clinic.id, otTherapist, 'Mia');
  await t.db.updateTable('child').set({ therapy_types: ['occupational'] }).where('id', '=', otChild.id).execute();
  const otParent = await buildUser(t.db, 'Pablo Padre', 'es');
  await addMember(t.db, otChild, otParent, 'guardian');
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, otChild, teacher, 'teacher');
  const elsewhere = await buildFamily(t.db); // another clinic's family
  return { clinic, speech, otTherapist, otChild, otParent, teacher, elsewhere, admin: await signIn(t.app, clinic.admin.email) };
}

describe('newsletters', () => {
  it('reach the chosen families by email and in the app; unsubscribing stops the mail; the admin sees the counts', async () => {
    const c = await clinicWithFamilies();
    const compose = { title: 'Summer reading club', body: '# Join us\n\nEvery **Friday** at the library.\n\n<script>alert(1)</script>', audience: { kind: 'all' } };
    const preview = await c.admin.post('/api/admin/newsletters/preview', { body: compose.body, audience: compose.audience });
    expect(preview.body).toEqual({ html: '<h2 dir="auto">Join us</h2>\n<p dir="auto">Every <strong>Friday</strong> at the library.</p>\n', recipients: 2 });
    const created = await c.admin.post('/api/admin/newsletters', compose);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', counts: { recipients: 0, emailed: 0, opened: 0 } });
    const sent = await c.admin.post(`/api/admin/newsletters/${created.body.id}/send`, { at: null });
    expect(sent.status).toBe(200);

    // The job fans it out; each family member gets one mail in their language's frame.
    const gina = await waitForMail(c.speech.guardian.email, /Summer reading club/);
    expect(gina.subject).toBe('Harbour Kids: Summer reading club');
    expect(gina.text).toContain('Every **Friday** at the library.');
    expect(gina.html).toContain('<strong>Friday</strong>');
    expect(gina.html).not.toContain('<script');
    expect(header(gina, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const pablo = await waitForMail(c.otParent.email, /Summer reading club/);
    expect(pablo.text).toContain('Hola, Pablo Padre:');
    expect(pablo.text).toContain(`Leer en CareTeam: http://localhost:3000/newsletters/${created.body.id}`);
    await drained();
    expect(mailsTo(c.teacher.email)).toEqual([]);
    expect(mailsTo(c.elsewhere.guardian.email)).toEqual([]);
    expect(mailsTo(c.speech.therapist.email)).toEqual([]);

    // In the app: the parent's list, the reading page, and reading it counts as opened.
    const gc = await signIn(t.app, c.speech.guardian.email);
    const list = await gc.get('/api/newsletters');
    expect(list.body).toMatchObject({ unread: 1, newsletters: [{ id: created.body.id, title: 'Summer reading club', clinic: 'Harbour Kids', read: false }] });
    const page = await gc.get(`/api/newsletters/${created.body.id}`);
    expect(page.body.html).toContain('<h2 dir="auto">Join us</h2>');
    expect((await gc.post(`/api/newsletters/${created.body.id}/read`)).status).toBe(200);
    expect((await gc.post(`/api/newsletters/${created.body.id}/read`)).status).toBe(200);
    const counted = await c.admin.get(`/api/admin/newsletters/${created.body.id}`);
    expect(counted.body).toMatchObject({ status: 'sent', counts: { recipients: 2, emailed: 2, opened: 1 } });

    // The unsubscribe link in the mail: the page asks first (GET changes nothing), then stops it.
    const link = /http:\/\/localhost:3000\/unsubscribe\/([\w-]+)/.exec(gina.text ?? '');
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';
    const anonymous = t.client();
    expect((await anonymous.get(`/api/unsubscribe/${token}`)).body).toEqual({ kind: 'newsletter', clinic: 'Harbour Kids', done: false });
    expect((await gc.get('/api/me/mail')).body.newsletters).toBe(true);
    // A mail program's one-click unsubscribe is a form post to the List-Unsubscribe address.
    const oneClick = /<http:\/\/localhost:3000(\/api\/unsubscribe\/[\w-]+)>/.exec(header(gina, 'list-unsubscribe') ?? '');
    const res = await t.app.inject({ method: 'POST', url: oneClick?.[1] ?? '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    expect((await anonymous.get(`/api/unsubscribe/${token}`)).body.done).toBe(true);
    expect((await gc.get('/api/me/mail')).body.newsletters).toBe(false);
    expect(await t.db.selectFrom('audit_event').select('actor_id').where('action', '=', 'mail.unsubscribe').execute()).toEqual([{ actor_id: c.speech.guardian.id }]);

    // The next newsletter: no mail for Gina, but she can still read it in the app.
    const second = await c.admin.post('/api/admin/newsletters', { title: 'Autumn open day', body: 'Come and see us.', audience: { kind: 'all' } });
    await c.admin.post(`/api/admin/newsletters/${second.body.id}/send`, { at: null });
    await waitForMail(c.otParent.email, /Autumn open day/);
    await drained();
    expect(mailsTo(c.speech.guardian.email).filter((m) => /Autumn/.test(m.subject ?? ''))).toEqual([]);
    expect((await gc.get('/api/newsletters')).body.unread).toBe(1);
    expect((await c.admin.get(`/api/admin/newsletters/${second.body.id}`)).body.counts).toEqual({ recipients: 2, emailed: 1, opened: 0 });
  });

  it('go to the families of one therapist or one therapy type, at the time chosen, once', async () => {
    const c = await clinicWithFamilies();
    const byTherapist = await c.admin.post('/api/admin/newsletters/preview', { body: 'x', audience: { kind: 'therapist', therapistId: c.otTherapist.id } });
    expect(byTherapist.body.recipients).toBe(1);
    const foreign = await c.admin.post('/api/admin/newsletters/preview', { body: 'x', audience: { kind: 'therapist', therapistId: c.elsewhere.therapist.id } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toEqual(['audience', 'therapistId']);

    const n = await c.admin.post('/api/admin/newsletters', { title: 'Speech corner', body: 'Sounds to play with.', audience: { kind: 'therapy_type', therapyType: 'speech' } });
    const when = new Date(t.clock().getTime() + 3 * 3600_000);
    const scheduled = await c.admin.post(`/api/admin/newsletters/${n.body.id}/send`, { at: when.toISOString() });
    expect(scheduled.body).toMatchObject({ status: 'scheduled', sendAt: when.toISOString() });
    await sendDueNewsletters(t.deps);
    expect((await t.db.selectFrom('newsletter_recipient').select('user_id').where('newsletter_id', '=', n.body.id).execute())).toEqual([]);
    t.clock.set(new Date(when.getTime() + 1000));
    await Promise.all([sendDueNewsletters(t.deps), sendDueNewsletters(t.deps)]);
    await sendNow(n.body.id);
    const got = await t.db.selectFrom('newsletter_recipient').select('user_id').where('newsletter_id', '=', n.body.id).execute();
    expect(got).toEqual([{ user_id: c.speech.guardian.id }]);
    expect(await t.db.selectFrom('mail_outbox').select('id').where('dedupe_key', 'like', `newsletter:${n.body.id}:%`).execute()).toHaveLength(1);
    // Sent is sent: it cannot be sent again, changed or deleted.
    const admin = await signIn(t.app, c.clinic.admin.email);
    expect((await admin.post(`/api/admin/newsletters/${n.body.id}/send`, { at: null })).status).toBe(409);
    expect((await admin.delete(`/api/admin/newsletters/${n.body.id}`)).status).toBe(409);
  });

  it('are not found by anyone they were not sent to', async () => {
    const c = await clinicWithFamilies();
    const n = await c.admin.post('/api/admin/newsletters', { title: 'For OT families', body: 'Hello', audience: { kind: 'therapy_type', therapyType: 'occupational' } });
    await c.admin.post(`/api/admin/newsletters/${n.body.id}/send`, { at: null });
    await sendNow(n.body.id);
    const before = await t.db.selectFrom('newsletter_recipient').selectAll().where('newsletter_id', '=', n.body.id).execute();
    for (const email of [c.speech.guardian.email, c.teacher.email, c.elsewhere.guardian.email, c.elsewhere.clinic.admin.email, c.speech.therapist.email]) {
      const client = await signIn(t.app, email);
      expect((await client.get(`/api/newsletters/${n.body.id}`)).status, email).toBe(404);
      expect((await client.post(`/api/newsletters/${n.body.id}/read`)).status, email).toBe(404);
      expect((await client.get(`/api/newsletters/${n.body.id}/image`)).status, email).toBe(404);
      expect((await client.get(`/api/admin/newsletters/${n.body.id}`)).status, email).toBe(404);
      expect(JSON.stringify((await client.get('/api/newsletters')).body)).not.toContain(n.body.id);
    }
    expect(await t.db.selectFrom('newsletter_recipient').selectAll().where('newsletter_id', '=', n.body.id).execute()).toEqual(before);
    const bad = await c.admin.post('/api/admin/newsletters', { title: '', body: 'x', audience: { kind: 'everyone' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual(expect.arrayContaining(['title']));
  });
});

describe('the digest by real mail', () => {
  it('arrives with a working unsubscribe link; following it stops the digest', async () => {
    const f = await buildFamily(t.db);
    const gc = await signIn(t.app, f.guardian.email);
    const tc = await signIn(t.app, f.therapist.email);
    expect((await tc.put(`/api/children/${f.child.id}/digest-note`, { text: 'A calm week. Keep the bedtime story going!' })).status).toBe(200);
    // She chose the summary itself in the email.
    expect((await gc.put('/api/me/mail', { digest: { enabled: true, weekday: 7, time: '17:00', details: true } })).status).toBe(200);
    // Due now: the next Sunday 17:00 is placed, then the clock reaches it.
    await sweepDigests(t.deps);
    const next = (await gc.get('/api/me/mail')).body.digest.nextAt as string;
    t.clock.set(new Date(new Date(next).getTime() + 30_000));
    await sweepDigests(t.deps);
    const mail = await waitForMail(f.guardian.email, /Leo's week/);
    expect(mail.text).toContain('A calm week. Keep the bedtime story going!');
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const token = /\/unsubscribe\/([\w-]+)/.exec(mail.text ?? '')?.[1] ?? '';
    const page = t.client();
    expect((await page.get(`/api/unsubscribe/${token}`)).body).toMatchObject({ kind: 'digest', done: false });
    expect((await page.post(`/api/unsubscribe/${token}`, {})).status).toBe(200);
    const after = await signIn(t.app, f.guardian.email);
    expect((await after.get('/api/me/mail')).body.digest).toMatchObject({ enabled: false, nextAt: null });
    t.clock.set(new Date(new Date(next).getTime() + 7 * 86_400_000 + 30_000));
    await sweepDigests(t.deps);
    await drained();
    expect(mailsTo(f.guardian.email)).toHaveLength(1);
    expect((await t.client().get('/api/unsubscribe/not-a-real-token-at-all-000000')).status).toBe(404);
  });
});
