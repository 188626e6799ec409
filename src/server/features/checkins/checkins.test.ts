import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildClinic, buildFamily, buildTherapist, buildUser, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';
import { sweepCheckins } from './checkins.service.ts';

/**
 * Check-ins over HTTP on a real database: a therapist assigns the weekly home check-in; the
 * guardian sees it open, saves half, sends it once (a retry with the same Idempotency-Key writes
 * nothing more); the score shows in the trend and the text in "since last session". A caregiver's
 * well-being answers reach only the child's therapists (a worst-end answer tells them, not the
 * clinic's admins); partnership answers are only ever a mean of five or more per therapist.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  // A Wednesday afternoon in Chicago (the test children's zone), far from a clock change.
  t.clock.set(new Date('2026-03-04T20:00:00Z'));
});
afterAll(async () => t?.close());

const WEDNESDAY = 3;

async function family() {
  const clinic = await buildClinic(t.db, 'Check-in Clinic');
  const f = await buildFamily(t.db, clinic);
  const dad = await buildUser(t.db, 'Dan Dad');
  await addMember(t.db, f.child, dad, 'guardian', { household: 'Dad’s' });
  const nana = await buildUser(t.db, 'Nina Nana');
  await addMember(t.db, f.child, nana, 'caregiver', { household: 'Home' });
  const teacher = await buildUser(t.db, 'Tara Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  return {
    ...f, dad, nana, teacher,
    tc: await signIn(t.app, f.therapist.email), gc: await signIn(t.app, f.guardian.email), dc: await signIn(t.app, dad.email),
    nc: await signIn(t.app, nana.email), teach: await signIn(t.app, teacher.email), admin: await signIn(t.app, clinic.admin.email),
  };
}

async function formId(c: TestClient, key: string): Promise<string> {
  const res = await c.get('/api/checkin-forms');
  expect(res.status).toBe(200);
  const f = res.body.forms.find((x: { starterKey: string }) => x.starterKey === key);
  expect(f, key).toBeDefined();
  return f.id;
}

describe('check-ins', () => {
  it('a weekly home check-in: assigned, answered half then whole from a phone once, scored on the chart, its text on "since last session"', async () => {
    const f = await family();
    const base = `/api/children/${f.child.id}/checkins`;
    const assigned = await f.tc.post(base, { formId: await formId(f.tc, 'weekly_home'), cadence: { kind: 'weekly', weekday: WEDNESDAY }, respondents: [{ kind: 'households' }] });
    expect(assigned.status).toBe(201);
    expect(assigned.body.respondentNames.sort()).toEqual(['Dad’s', 'Home']);

    const open = await f.gc.get('/api/checkins/open');
    expect(open.body.checkins).toHaveLength(1);
    const { assignmentId, occurrence } = open.body.checkins[0];
    expect(occurrence).toBe('2026-03-04');
    const page = await f.gc.get(`${base}/${assignmentId}/occurrences/${occurrence}`);
    expect(page.status).toBe(200);
    expect(page.body.form.definition.items.map((i: { key: string }) => i.key)).toContain('sleep');

    const half = await f.gc.post(`${base}/${assignmentId}/answers`, { occurrence, answers: { sleep: 4, mood: 3 }, submit: false });
    expect(half.body.status).toBe('draft');
    expect((await f.gc.get(`${base}/${assignmentId}/occurrences/${occurrence}`)).body.answers).toEqual({ sleep: 4, mood: 3 });
    // The same household (Nana lives at "Home") sees the half-done answer as theirs to finish.
    expect((await f.nc.get('/api/checkins/open')).body.checkins[0].status).toBe('draft');

    const key = { 'idempotency-key': 'weekly-home-submit-1' };
    const sent = await f.gc.post(`${base}/${assignmentId}/answers`, { occurrence, answers: { practice: 2, worked: 'The visual timer at bedtime' }, submit: true }, key);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'submitted', score: 3 });
    const again = await f.gc.post(`${base}/${assignmentId}/answers`, { occurrence, answers: { practice: 2, worked: 'The visual timer at bedtime' }, submit: true }, key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await t.db.selectFrom('checkin_response').select('id').where('child_id', '=', f.child.id).execute())).toHaveLength(1);
    // Sent is sent: another send is refused, and nothing is open any more for that household.
    expect((await f.gc.post(`${base}/${assignmentId}/answers`, { occurrence, answers: {}, submit: true })).status).toBe(409);
    expect((await f.gc.get('/api/checkins/open')).body.checkins).toHaveLength(0);
    // The other household still has theirs.
    expect((await f.dc.get('/api/checkins/open')).body.checkins).toHaveLength(1);

    const trend = await f.tc.get(`${base}/trend`);
    expect(trend.status).toBe(200);
    const weekly = trend.body.forms[0];
    expect(weekly.series).toHaveLength(1);
    expect(weekly.series[0]).toMatchObject({ who: 'Home', setting: 'home' });
    expect(weekly.series[0].points[0]).toMatchObject({ date: '2026-03-04', value: 3, subscores: { wellbeing: 3.5, practice: 2 } });
    expect(weekly.series[0].trend.kind).toBe('first_value');

    const texts = await f.tc.get(`${base}/texts`);
    expect(texts.body.texts.map((x: { text: string }) => x.text)).toEqual(['The visual timer at bedtime']);
    // A teacher on the team reads neither (not plan-view of home answers… but sees only their own).
    expect((await f.teach.get(`${base}/texts`)).body.texts).toEqual([]);
  });

  it('answers 401 without a session, 404 to another child’s family and therapist with nothing changed, 400 naming the field', async () => {
    const f = await family();
    const other = await buildFamily(t.db);
    const oc = await signIn(t.app, other.guardian.email);
    const ot = await signIn(t.app, other.therapist.email);
    const base = `/api/children/${f.child.id}/checkins`;
    const weekly = await formId(f.tc, 'weekly_home');
    expect((await t.client().get(base)).status).toBe(401);
    expect((await t.client().get('/api/checkin-forms')).status).toBe(401);
    const a = await f.tc.post(base, { formId: weekly, cadence: { kind: 'weekly', weekday: WEDNESDAY }, respondents: [{ kind: 'person', userId: f.guardian.id }] });
    const before = await t.db.selectFrom('checkin_response').selectAll().execute();
    for (const c of [oc, ot]) {
      expect((await c.post(base, { formId: weekly, cadence: { kind: 'monthly', day: 1 }, respondents: [{ kind: 'households' }] })).status).toBe(404);
      expect((await c.post(`${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: { sleep: 1 }, submit: true })).status).toBe(404);
      expect((await c.get(`${base}/trend`)).status).toBe(404);
      expect((await c.post(`${base}/${a.body.id}/stop`)).status).toBe(404);
    }
    expect(await t.db.selectFrom('checkin_response').selectAll().execute()).toEqual(before);
    expect((await t.db.selectFrom('checkin_assignment').select('id').where('child_id', '=', f.child.id).execute())).toHaveLength(1);
    // A family member is not a respondent of a check-in for someone else, and cannot assign.
    expect((await f.dc.post(`${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: { sleep: 1 }, submit: false })).status).toBe(404);
    expect((await f.gc.post(base, { formId: weekly, cadence: { kind: 'weekly', weekday: 1 }, respondents: [{ kind: 'households' }] })).status).toBe(404);
    // Family members have no form library.
    expect((await f.gc.get('/api/checkin-forms')).status).toBe(404);

    const bad = async (c: TestClient, url: string, body: unknown, field: string) => {
      const res = await c.post(url, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.details[0].path.join('.'), field).toBe(field);
    };
    await bad(f.tc, base, { formId: weekly, cadence: { kind: 'weekly', weekday: 8 }, respondents: [{ kind: 'households' }] }, 'cadence.weekday');
    await bad(f.tc, base, { formId: weekly, cadence: { kind: 'weekly', weekday: 1 }, respondents: [{ kind: 'teachers' }] }, 'respondents.0.kind');
    await bad(f.tc, base, { formId: weekly, cadence: { kind: 'weekly', weekday: 1 }, respondents: [{ kind: 'person', userId: f.teacher.id }] }, 'respondents.0.userId');
    await bad(f.gc, `${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: { sleep: 6 }, submit: false }, 'answers.sleep');
    await bad(f.gc, `${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: { nope: 1 }, submit: false }, 'answers.nope');
    await bad(f.gc, `${base}/${a.body.id}/answers`, { occurrence: '2026-03-03', answers: { sleep: 2 }, submit: false }, 'occurrence');
    // A starter's settings in English and Spanish only (every text of a form in each of its languages).
    const form = { ...(await f.tc.get('/api/checkin-forms')).body.forms[0].definition, title: { en: 'Calm', es: 'Calma' }, intro: { en: 'A minute.', es: 'Un minuto.' } };
    await bad(f.tc, '/api/checkin-forms', { ...form, items: [{ key: 'calm', kind: 'scale', text: { en: 'Calm?', es: '¿Calma?' } }], scoring: null }, 'items.0.low');
    await bad(f.tc, '/api/checkin-forms', { ...form, items: [{ key: 'note', kind: 'text', text: { en: 'Note', es: 'Nota' } }], scoring: { method: 'sum', items: ['note'], direction: 'higher_better', subscores: [] } }, 'scoring.items.0');
    expect(await t.db.selectFrom('checkin_response').selectAll().execute()).toEqual(before);
  });

  it('keeps a caregiver’s well-being answers to the child’s therapists, and tells them (not the clinic) of one at the worst end', async () => {
    const f = await family();
    const base = `/api/children/${f.child.id}/checkins`;
    const a = await f.tc.post(base, { formId: await formId(f.tc, 'caregiver_wellbeing'), cadence: { kind: 'weekly', weekday: WEDNESDAY }, respondents: [{ kind: 'person', userId: f.guardian.id }] });
    expect(a.status).toBe(201);
    const sent = await f.gc.post(`${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: { overall: 1, stress: 5, supported: 2, rest: 1, note: 'I have not slept in days' }, submit: true });
    expect(sent.status).toBe(200);
    // The one who answered does not get their score back either.
    expect(sent.body.score).toBeNull();

    const therapistTrend = await f.tc.get(`${base}/trend`);
    expect(therapistTrend.body.forms[0].series[0].points[0].value).toBe(1.25);
    expect((await f.tc.get(`${base}/texts`)).body.texts[0].text).toBe('I have not slept in days');
    // Admins of the clinic who are not on the team, the other guardian, a caregiver, a teacher, and the person who answered: nothing.
    const unassigned = await buildTherapist(t.db, f.clinic.id, 'Una Unassigned');
    const uc = await signIn(t.app, unassigned.email);
    for (const [who, c] of [['guardian who answered', f.gc], ['other guardian', f.dc], ['caregiver', f.nc], ['teacher', f.teach], ['admin', f.admin], ['unassigned therapist', uc]] as const) {
      for (const path of ['trend', 'texts']) {
        const res = await c.get(`${base}/${path}`);
        expect([200, 404], `${who} ${path}`).toContain(res.status);
        expect(JSON.stringify(res.body), `${who} ${path}`).not.toMatch(/slept in days|1\.25/);
      }
      expect(JSON.stringify((await c.get(`${base}/${a.body.id}/occurrences/2026-03-04`)).body), who).not.toContain('slept');
    }

    const told = await t.db.selectFrom('notification').select(['user_id', 'kind']).where('child_id', '=', f.child.id).where('kind', '=', 'checkin_wellbeing').execute();
    expect(told.map((n) => n.user_id)).toEqual([f.therapist.id]);
    // A better week tells nobody.
    const b = await f.tc.post(base, { formId: await formId(f.tc, 'caregiver_wellbeing'), cadence: { kind: 'weekly', weekday: WEDNESDAY }, respondents: [{ kind: 'person', userId: f.dad.id }] });
    await f.dc.post(`${base}/${b.body.id}/answers`, { occurrence: '2026-03-04', answers: { overall: 4, stress: 2, supported: 4, rest: 3 }, submit: true });
    expect(await t.db.selectFrom('notification').select('id').where('child_id', '=', f.child.id).where('kind', '=', 'checkin_wellbeing').execute()).toHaveLength(1);
  });

  it('shows partnership answers only as a therapist’s mean of five or more, never per person', async () => {
    const clinic = await buildClinic(t.db, 'Partnership Clinic');
    const first = await buildFamily(t.db, clinic);
    const theo = first.therapist;
    const tc = await signIn(t.app, theo.email);
    const admin = await signIn(t.app, clinic.admin.email);
    const partnership = await formId(tc, 'partnership');
    const families = [first];
    for (let i = 0; i < 4; i++) {
      const child = await t.db.insertInto('child').values({ clinic_id: clinic.id, first_name: `Kid${i}`, last_name: 'Test', time_zone: 'America/Chicago', created_by: theo.id, updated_at: new Date() }).returning(['id', 'clinic_id']).executeTakeFirstOrThrow();
      const c = { id: child.id, clinicId: child.clinic_id };
      await addMember(t.db, c, theo, 'therapist');
      const g = await buildUser(t.db, `Parent ${"abcd"[i] ?? "x"}`);
      await addMember(t.db, c, g, 'guardian');
      families.push({ ...first, child: c, guardian: g });
    }
    const answerAll = async (upTo: number) => {
      for (const [i, fam] of families.slice(0, upTo).entries()) {
        const base = `/api/children/${fam.child.id}/checkins`;
        const a = await tc.post(base, { formId: partnership, cadence: { kind: 'weekly', weekday: WEDNESDAY }, respondents: [{ kind: 'person', userId: fam.guardian.id }] });
        const gc = await signIn(t.app, fam.guardian.email);
        const res = await gc.post(`${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: { heard: i % 2 === 0 ? 5 : 4, knowWhat: 4, fits: 3 }, submit: true });
        expect(res.status).toBe(200);
        // Never per person: not in the child's trend or text, not even for the therapist.
        expect(JSON.stringify((await tc.get(`${base}/trend`)).body.forms)).toBe('[]');
      }
    };
    await answerAll(4);
    let summary = await admin.get('/api/checkins/partnership');
    expect(summary.status).toBe(200);
    expect(summary.body.therapists).toEqual([{ therapistId: theo.id, name: theo.name, answers: null, items: null }]);
    expect((await tc.get('/api/checkins/partnership')).body.therapists[0].items).toBeNull();
    await answerAll(5);
    summary = await admin.get('/api/checkins/partnership');
    const row = summary.body.therapists[0];
    expect(row.answers).toBeGreaterThanOrEqual(5);
    expect(row.items.find((x: { key: string }) => x.key === 'fits').mean).toBe(3);
    // Families have no summary to read.
    expect((await signIn(t.app, first.guardian.email).then((c) => c.get('/api/checkins/partnership'))).status).toBe(404);
  });

  it('opens a before-the-session check-in two days before each session, and follows the session when it moves', async () => {
    const f = await family();
    const base = `/api/children/${f.child.id}/checkins`;
    const a = await f.tc.post(base, { formId: await formId(f.tc, 'before_session'), cadence: { kind: 'before_session' }, respondents: [{ kind: 'person', userId: f.guardian.id }] });
    expect(a.status).toBe(201);
    // A session in three days: not open yet. (Sessions are written here as the sessions feature keeps them.)
    const session = await t.db.insertInto('therapy_session').values({
      clinic_id: f.child.clinicId, child_id: f.child.id, kind: 'therapy', place: 'clinic', starts_at: new Date('2026-03-07T16:00:00Z'), duration_minutes: 45, created_by: f.therapist.id, updated_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow();
    expect((await f.gc.get('/api/checkins/open')).body.checkins).toEqual([]);
    // Moved to tomorrow: open now, named by the session.
    await t.db.updateTable('therapy_session').set({ starts_at: new Date('2026-03-05T16:00:00Z') }).where('id', '=', session.id).execute();
    const open = (await f.gc.get('/api/checkins/open')).body.checkins;
    expect(open).toEqual([expect.objectContaining({ occurrence: `s:${session.id}`, dueDate: '2026-03-05', closesAt: '2026-03-05T16:00:00.000Z' })]);
    const half = await f.gc.post(`${base}/${a.body.id}/answers`, { occurrence: `s:${session.id}`, answers: { week: 4, topics: ['sleep', 'school'] }, submit: false });
    expect(half.status).toBe(200);
    // Moved again, to the day after: the half-done answer goes with it.
    await t.db.updateTable('therapy_session').set({ starts_at: new Date('2026-03-06T16:00:00Z') }).where('id', '=', session.id).execute();
    const page = await f.gc.get(`${base}/${a.body.id}/occurrences/s:${session.id}`);
    expect(page.body).toMatchObject({ dueDate: '2026-03-06', status: 'draft', answers: { week: 4, topics: ['sleep', 'school'] } });
    // Cancelled: nothing to answer.
    await t.db.updateTable('therapy_session').set({ status: 'cancelled', cancel_reason: 'Ill', cancelled_by: f.therapist.id, cancelled_at: new Date() }).where('id', '=', session.id).execute();
    expect((await f.gc.get('/api/checkins/open')).body.checkins).toEqual([]);
  });

  it('takes no more answers for a discharged child, whose record is read-only', async () => {
    const f = await family();
    const base = `/api/children/${f.child.id}/checkins`;
    const a = await f.tc.post(base, { formId: await formId(f.tc, 'weekly_home'), cadence: { kind: 'weekly', weekday: WEDNESDAY }, respondents: [{ kind: 'households' }] });
    expect((await f.gc.get('/api/checkins/open')).body.checkins).toHaveLength(1);
    expect((await f.tc.post(`/api/children/${f.child.id}/discharge`, { reason: 'Goals met.' })).status).toBe(200);
    expect((await f.gc.get('/api/checkins/open')).body.checkins).toEqual([]);
    expect((await f.gc.post(`${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: { sleep: 3 }, submit: true })).status).toBe(404);
    expect(await t.db.selectFrom('checkin_response').select('id').where('child_id', '=', f.child.id).execute()).toEqual([]);
  });

  it('tells each respondent once when a check-in opens and reminds them once, whatever the sweeps', async () => {
    const f = await family();
    const base = `/api/children/${f.child.id}/checkins`;
    await f.tc.post(base, { formId: await formId(f.tc, 'school'), cadence: { kind: 'weekly', weekday: WEDNESDAY }, respondents: [{ kind: 'teachers' }] });
    await sweepCheckins(t.deps);
    await sweepCheckins(t.deps);
    const notes = () => t.db.selectFrom('notification').select(['user_id', 'dedupe_key']).where('child_id', '=', f.child.id).where('kind', '=', 'checkin_due').execute();
    expect((await notes()).map((n) => n.user_id)).toEqual([f.teacher.id]);
    // Five days later (two before it closes): one reminder; more sweeps add nothing.
    t.clock.set(new Date('2026-03-09T20:00:00Z'));
    await t.db.updateTable('checkin_assignment').set({ next_check_at: t.clock() }).where('child_id', '=', f.child.id).execute();
    await sweepCheckins(t.deps);
    await sweepCheckins(t.deps);
    expect(await notes()).toHaveLength(2);
    t.clock.set(new Date('2026-03-04T20:00:00Z'));
  });
});
