import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildChild, buildClinic, buildFamily, buildTherapist, buildUser, createTestContext, signIn, startTestSmtp, type TestContext, type TestSmtp } from '../../../../test/support.ts';

/**
 * Family events over HTTP on a real database and a real SMTP server on loopback: a therapist
 * publishes for chosen children's families, who are told (an email without a child's name) and
 * answer with their party and an interpreter's language; seats run out with a clear 409; the
 * organiser sees the counts and the list; a cancellation tells those who answered; the calendar
 * file keeps one UID and a growing SEQUENCE. Nobody else finds the event.
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

const waitForMail = (address: string, subject: RegExp) => smtp.waitForMail(address, subject);

/** A local date some days from the clock's today, in Chicago (the test clinics' zone). */
const dayAhead = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(t.clock().getTime() + days * 86_400_000));

/**
 * A clinic where Theo has Leo (guardian Gina, caregiver Rosa, a teacher) and Mia (guardian Vu) on
 * his caseload and Sam (guardian Sara) too, and Olga has Ana (guardian Pablo); and another clinic.
 */
async function clinic() {
  const c = await buildClinic(t.db, 'Harbour Kids');
  const leo = await buildFamily(t.db, c);
  const theo = leo.therapist;
  const rosa = await buildUser(t.db, 'Rosa Grandma');
  await addMember(t.db, leo.child, rosa, 'caregiver');
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, leo.child, teacher, 'teacher');
  const mia = await buildChild(t.db, c.id, theo, 'Mia');
  const vu = await buildUser(t.db, 'Vu Nguyen');
  await addMember(t.db, mia, vu, 'guardian');
  const sam = await buildChild(t.db, c.id, theo, 'Sam');
  const sara = await buildUser(t.db, 'Sara Sam');
  await addMember(t.db, sam, sara, 'guardian');
  const olga = await buildTherapist(t.db, c.id, 'Olga Occupational');
  const ana = await buildChild(t.db, c.id, olga, 'Ana');
  const pablo = await buildUser(t.db, 'Pablo Padre', 'es');
  await addMember(t.db, ana, pablo, 'guardian');
  const elsewhere = await buildFamily(t.db);
  return { c, leo, theo, rosa, teacher, mia, vu, sam, sara, olga, ana, pablo, elsewhere, tc: await signIn(t.app, theo.email) };
}

const event = (childIds: string[], more: Record<string, unknown> = {}) => ({
  kind: 'performance', title: 'Spring concert', description: 'Our **music group** plays for families.\n\n<script>alert(1)</script>',
  date: dayAhead(10), time: '17:30', durationMinutes: 60, place: 'address', placeNote: '12 Harbour Road, Hall B',
  audience: { kind: 'children', childIds }, capacity: null, askInterpreter: true, ...more,
});

const notes = (eventId: string) => t.db.selectFrom('notification').select(['user_id', 'kind']).where(sql<string>`target->>'eventId'`, '=', eventId).orderBy('user_id').execute();
const rowOf = (id: string) => t.db.selectFrom('family_event').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('publishing to chosen teams', () => {
  it('reaches the families of the chosen children only; everyone else gets 404', async () => {
    const f = await clinic();
    const made = await f.tc.post('/api/family-events', event([f.leo.child.id, f.mia.id]));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    // Entered at 17:30 on the clinic's clock, kept as an instant, shown on the reader's.
    expect(made.body).toMatchObject({ clinicStart: `${dayAhead(10)}T17:30`, clinicTimeZone: 'America/Chicago', canManage: true, canRsvp: false, sequence: 0 });
    expect(made.body.html).toContain('<strong>music group</strong>');
    expect(made.body.html).not.toContain('<script');
    expect(made.body.counts).toMatchObject({ yes: 0, no: 0, maybe: 0, seatsLeft: null });
    expect(await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', id).execute()).toEqual([{ action: 'event.create' }]);

    // Told in the app: Leo's guardian and caregiver, Mia's guardian; not the teacher, Sam's or Ana's family.
    const told = (await notes(id)).map((n) => n.user_id).sort();
    expect(told).toEqual([f.leo.guardian.id, f.rosa.id, f.vu.id].sort());
    // By email, with no child's name in it.
    const mail = await waitForMail(f.leo.guardian.email, /CareTeam/);
    expect(mail.text).toContain('invites your family to an event');
    expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toMatch(/Leo|Mia|Spring concert/);

    // In the audience: the list and the page, on their own clock.
    await t.db.updateTable('app_user').set({ time_zone: 'Europe/Madrid' }).where('id', '=', f.vu.id).execute();
    const vu = await signIn(t.app, f.vu.email);
    const list = await vu.get('/api/family-events');
    expect(list.body.canPublish).toBe(false);
    expect(list.body.events).toHaveLength(1);
    expect(list.body.events[0]).toMatchObject({ id, timeZone: 'Europe/Madrid', canRsvp: true, canManage: false, audience: null, counts: null, description: '' });
    expect(list.body.events[0].localStart).not.toBe(list.body.events[0].clinicStart);
    expect((await vu.get(`/api/family-events/${id}/ics`)).status).toBe(200);

    // Outside the audience: another family of the clinic, the teacher, another therapist, another clinic.
    for (const email of [f.sara.email, f.pablo.email, f.teacher.email, f.olga.email, f.elsewhere.guardian.email, f.elsewhere.clinic.admin.email]) {
      const other = await signIn(t.app, email);
      expect((await other.get(`/api/family-events/${id}`)).status, email).toBe(404);
      expect((await other.get(`/api/family-events/${id}/ics`)).status, email).toBe(404);
      expect((await other.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 1, children: 0 })).status, email).toBe(404);
      expect((await other.get(`/api/family-events/${id}/rsvps`)).status, email).toBe(404);
      expect(JSON.stringify((await other.get('/api/family-events')).body)).not.toContain(id);
    }
    // The clinic's admin organises every event of the clinic.
    const admin = await signIn(t.app, f.c.admin.email);
    expect((await admin.get(`/api/family-events/${id}`)).body).toMatchObject({ canManage: true, audience: { kind: 'children' } });
  });

  it('keeps a therapist to their own caseload, and names the field of bad input', async () => {
    const f = await clinic();
    const foreign = await f.tc.post('/api/family-events', event([f.leo.child.id, f.ana.id]));
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toEqual(['audience', 'childIds']);
    const everyone = await f.tc.post('/api/family-events', event([], { audience: { kind: 'all' } }));
    expect(everyone.status).toBe(400);
    expect(everyone.body.error.details[0].path).toEqual(['audience', 'kind']);
    const bad = await f.tc.post('/api/family-events', event([f.leo.child.id], { title: '', capacity: 0 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string[] }) => d.path.join('.'))).toEqual(expect.arrayContaining(['title', 'capacity']));
    const past = await f.tc.post('/api/family-events', event([f.leo.child.id], { date: dayAhead(-2) }));
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].path).toEqual(['date']);
    // A family member publishes nothing.
    const gc = await signIn(t.app, f.leo.guardian.email);
    expect((await gc.post('/api/family-events', event([f.leo.child.id]))).status).toBe(404);
    expect(await t.db.selectFrom('family_event').select('id').where('clinic_id', '=', f.c.id).execute()).toEqual([]);

    // An admin may invite all families of the clinic, or a therapy type's.
    const admin = await signIn(t.app, f.c.admin.email);
    await t.db.updateTable('child').set({ therapy_types: ['occupational'] }).where('id', '=', f.ana.id).execute();
    const preview = await admin.post('/api/family-events/preview', { description: '# Open day', audience: { kind: 'therapy_type', therapyType: 'occupational' } });
    expect(preview.body).toEqual({ html: '<h2 dir="auto">Open day</h2>\n', recipients: 1 });
    const open = await admin.post('/api/family-events', event([], { kind: 'open_day', title: 'Open day', audience: { kind: 'all' } }));
    expect(open.status).toBe(201);
    expect((await notes(open.body.id)).length).toBe(5);
  });
});

describe('answers', () => {
  it('counts parties and interpreter requests per language, refuses a yes beyond the seats left, and lets a family change its answer', async () => {
    const f = await clinic();
    const made = await f.tc.post('/api/family-events', event([f.leo.child.id, f.mia.id, f.sam.id], { capacity: 6 }));
    const id = made.body.id as string;
    const vu = await signIn(t.app, f.vu.email);
    const gina = await signIn(t.app, f.leo.guardian.email);
    const sara = await signIn(t.app, f.sara.email);

    const yes = await vu.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 2, children: 1, interpreterLanguage: 'vi' });
    expect(yes.status, JSON.stringify(yes.body)).toBe(200);
    expect(yes.body).toMatchObject({ myRsvp: { answer: 'yes', adults: 2, children: 1, interpreterLanguage: 'vi' }, seatsLeft: 3, counts: null });
    // Four more would be seven seats of six: refused, with what is left.
    const full = await gina.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 2, children: 2, interpreterLanguage: 'es' });
    expect(full.status).toBe(409);
    expect(full.body.error.message).toBe('Only 3 seats are left: answer for fewer people, or "maybe".');
    expect(await t.db.selectFrom('family_event_rsvp').select('user_id').where('event_id', '=', id).execute()).toHaveLength(1);
    expect((await gina.put(`/api/family-events/${id}/rsvp`, { answer: 'maybe', adults: 2, children: 2, interpreterLanguage: 'es' })).status).toBe(200);
    expect((await sara.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 1, children: 1, interpreterLanguage: 'vi' })).status).toBe(200);
    const nobody = await sara.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 0, children: 0 });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.details[0].path).toEqual(['adults']);
    const badLanguage = await sara.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 1, children: 0, interpreterLanguage: 'Vietnamese!' });
    expect(badLanguage.status).toBe(400);
    expect(badLanguage.body.error.details[0].path).toEqual(['interpreterLanguage']);

    const list = await f.tc.get(`/api/family-events/${id}/rsvps`);
    expect(list.status).toBe(200);
    expect(list.body.event.counts).toEqual({
      yes: 2, no: 0, maybe: 1, adults: 3, children: 2, seatsLeft: 1,
      interpreters: [{ language: 'vi', requests: 2, people: 5 }, { language: 'es', requests: 1, people: 4 }],
    });
    expect(list.body.rsvps).toEqual([
      expect.objectContaining({ name: 'Gina Guardian', children: ['Leo'], answer: 'maybe', adults: 2, childrenCount: 2, interpreterLanguage: 'es' }),
      expect.objectContaining({ name: 'Sara Sam', children: ['Sam'], answer: 'yes', adults: 1, childrenCount: 1, interpreterLanguage: 'vi' }),
      expect.objectContaining({ name: 'Vu Nguyen', children: ['Mia'], answer: 'yes', adults: 2, childrenCount: 1, interpreterLanguage: 'vi' }),
    ]);
    // The organiser's reading of the list is recorded; a family cannot read it.
    expect(await t.db.selectFrom('audit_event').select('actor_id').where('action', '=', 'event.rsvps').where('subject_id', '=', id).execute()).toEqual([{ actor_id: f.theo.id }]);
    expect((await vu.get(`/api/family-events/${id}/rsvps`)).status).toBe(404);

    // Changing the answer frees the seats: now Gina's four fit.
    expect((await vu.put(`/api/family-events/${id}/rsvp`, { answer: 'no' })).body.myRsvp).toEqual({ answer: 'no', adults: 0, children: 0, interpreterLanguage: null });
    expect((await gina.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 2, children: 2, interpreterLanguage: 'es' })).body.seatsLeft).toBe(0);
    expect(await t.db.selectFrom('audit_event').select('action').where('action', '=', 'event.rsvp').where('subject_id', '=', id).execute()).toHaveLength(5);
    // The organiser cannot lower the capacity under the seats taken.
    const lower = await f.tc.put(`/api/family-events/${id}`, event([f.leo.child.id, f.mia.id, f.sam.id], { capacity: 2 }));
    expect(lower.status).toBe(400);
    expect(lower.body.error.details[0].path).toEqual(['capacity']);
  });
});

describe('changes, cancellation and the calendar file', () => {
  it('keeps one UID, grows SEQUENCE, tells those who answered, and ends CANCELLED', async () => {
    const f = await clinic();
    const made = await f.tc.post('/api/family-events', event([f.leo.child.id, f.mia.id]));
    const id = made.body.id as string;
    const vu = await signIn(t.app, f.vu.email);
    await vu.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 2, children: 1, interpreterLanguage: 'vi' });

    const parse = async () => {
      const res = await vu.get(`/api/family-events/${id}/ics`);
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/calendar/);
      const vevent = new ICAL.Component(ICAL.parse(res.body as string)).getFirstSubcomponent('vevent');
      if (!vevent) throw new Error('no VEVENT');
      const e = new ICAL.Event(vevent);
      return { uid: e.uid, sequence: e.sequence, status: vevent.getFirstPropertyValue('status'), start: e.startDate.toJSDate(), summary: e.summary, location: e.location };
    };
    const first = await parse();
    expect(first).toMatchObject({ sequence: 0, status: 'CONFIRMED', summary: 'Spring concert', location: '12 Harbour Road, Hall B' });
    expect(first.start.toISOString()).toBe(made.body.startsAt);

    const moved = await f.tc.put(`/api/family-events/${id}`, event([f.leo.child.id, f.mia.id], { time: '18:00' }));
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const second = await parse();
    expect(second).toMatchObject({ uid: first.uid, sequence: 1 });
    expect(second.start.getTime() - first.start.getTime()).toBe(30 * 60_000);
    expect((await notes(id)).filter((n) => n.kind === 'event_changed').map((n) => n.user_id)).toEqual([f.vu.id]);

    // Someone else's clinic: 404, and nothing changes.
    const otherAdmin = await signIn(t.app, f.elsewhere.clinic.admin.email);
    const before = await rowOf(id);
    expect((await otherAdmin.put(`/api/family-events/${id}`, event([f.elsewhere.child.id]))).status).toBe(404);
    expect((await otherAdmin.post(`/api/family-events/${id}/cancel`, { reason: 'Mine now' })).status).toBe(404);
    // A family member of the audience cannot change or cancel it either.
    expect((await vu.post(`/api/family-events/${id}/cancel`, { reason: 'No' })).status).toBe(404);
    expect(await rowOf(id)).toEqual(before);

    const noReason = await f.tc.post(`/api/family-events/${id}/cancel`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toEqual(['reason']);
    const cancelled = await f.tc.post(`/api/family-events/${id}/cancel`, { reason: 'The hall is flooded.' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'The hall is flooded.', sequence: 2 });
    // Told: the family who answered; not those who did not.
    expect((await notes(id)).filter((n) => n.kind === 'event_cancelled').map((n) => n.user_id)).toEqual([f.vu.id]);
    const mail = await waitForMail(f.vu.email, /CareTeam/);
    expect(`${mail.subject} ${mail.text}`).not.toMatch(/Leo|Mia/);
    expect(await parse()).toMatchObject({ uid: first.uid, sequence: 2, status: 'CANCELLED' });
    const late = await vu.put(`/api/family-events/${id}/rsvp`, { answer: 'yes', adults: 1, children: 0 });
    expect(late.status).toBe(409);
    expect((await vu.get(`/api/family-events/${id}`)).body).toMatchObject({ status: 'cancelled', cancelReason: 'The hall is flooded.', canRsvp: false });
    expect(await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', id).orderBy('created_at').execute())
      .toEqual([{ action: 'event.create' }, { action: 'event.rsvp' }, { action: 'event.update' }, { action: 'event.cancel' }]);
  });
});
