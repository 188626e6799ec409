import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidBundle, expectValidResource } from '../../../../test/fhir.ts';
import { addMember, buildFamily, buildUser, clientFrom, createTestContext, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * The FHIR endpoint on a real database: a child's record comes out as FHIR R4 that a validator
 * built from the specification's own structure definitions accepts, with every reference inside
 * the Bundle resolving; each reader gets exactly what their place on the team shows them.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

let ip = 0;
const login = (email: string) => clientFrom(t.app, `10.7.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`).login(email);

/** A child with goals and measurements, home practice, a strategy, a session, the team conversation and a private one. */
async function record() {
  const f = await buildFamily(t.db);
  const otherParent = await buildUser(t.db, 'Omar Otherhome');
  await addMember(t.db, f.child, otherParent, 'guardian', { household: 'Dad’s' });
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  const [tc, gc, oc, teach] = [await login(f.therapist.email), await login(f.guardian.email), await login(otherParent.email), await login(teacher.email)];
  const url = `/api/children/${f.child.id}`;
  const ok = async (p: Promise<{ status: number; body: any }>) => {
    const res = await p;
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  const goal = await ok(tc.post(`${url}/goals`, {
    area: 'communication', statement: 'Tells us what he wants with two words', measure: 'count', unit: 'requests in 10 minutes',
    baseline: 1, target: 6, settings: ['therapy', 'home'], priority: 1, whyItMatters: 'So he can ask without a meltdown.',
  }));
  await ok(gc.post(`${url}/goals/${goal.id}/response`, { decision: 'agree', version: 1 }));
  const yesNo = await ok(tc.post(`${url}/goals`, { area: 'daily_living', statement: 'Puts his shoes on alone', measure: 'yes_no', target: 1, settings: ['home'] }));
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  await ok(tc.post(`${url}/goals/${goal.id}/measurements`, { value: 2, date: day(10), setting: 'therapy', note: 'With picture cards' }));
  await ok(gc.post(`${url}/goals/${goal.id}/measurements`, { value: 3, date: day(3), setting: 'home' }));
  await ok(gc.post(`${url}/goals/${yesNo.id}/measurements`, { value: 1, date: day(2), setting: 'home' }));
  await ok(tc.post(`${url}/practice`, { title: 'Two-word requests at snack time', steps: ['Hold the snack up', 'Wait for two words'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: day(20), goalIds: [goal.id] }));
  const strategy = await ok(tc.post('/api/strategies', { settings: ['home'], content: { en: { name: 'First–then board', purpose: 'Shows what comes next', steps: ['Show it'], tips: [] } } }));
  await ok(tc.post(`${url}/strategies`, { strategyId: strategy.id, goalIds: [goal.id], settings: ['home', 'school'] }));
  const local = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await ok(tc.post(`${url}/sessions`, { kind: 'therapy', place: 'clinic', date: local, time: '10:00', durationMinutes: 45, familyInvited: true }));
  const team = (await ok(tc.get(`${url}/conversations`))).conversations.find((c: { kind: string }) => c.kind === 'team');
  await ok(gc.post(`${url}/conversations/${team.id}/messages`, { body: 'He slept well this week.' }));
  const privateOne = await ok(tc.post(`${url}/conversations`, { title: 'Just us', memberIds: [f.guardian.id] }));
  await ok(tc.post(`${url}/conversations/${privateOne.id}/messages`, { body: 'A private word about the move.' }));
  // This week's home check-in and a caregiver's well-being check, both answered by the guardian.
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short' }).format(t.clock())) + 1;
  const forms = (await ok(tc.get('/api/checkin-forms'))).forms as { id: string; starterKey: string }[];
  for (const [key, answers] of [
    ['weekly_home', { sleep: 4, mood: 2, practice: 5, worked: 'The picture cards at snack time.' }],
    ['caregiver_wellbeing', { overall: 2, stress: 2, supported: 3, rest: 2, note: 'I am worn out this week.' }],
  ] as const) {
    const formId = forms.find((x) => x.starterKey === key)?.id;
    const assignment = await ok(tc.post(`${url}/checkins`, { formId, cadence: { kind: 'weekly', weekday }, respondents: [{ kind: 'person', userId: f.guardian.id }] }));
    const open = (await ok(gc.get('/api/checkins/open'))).checkins.find((c: { assignmentId: string }) => c.assignmentId === assignment.id);
    await ok(gc.post(`${url}/checkins/${assignment.id}/answers`, { occurrence: open.occurrence, answers, submit: true }));
  }
  return { ...f, tc, gc, oc, teach, goal, yesNo };
}

const everything = (c: TestClient, childId: string) => c.get(`/fhir/r4/Patient/${childId}/$everything`);

describe('the FHIR endpoint', () => {
  it('gives the therapist the whole record as a valid R4 Bundle whose references resolve', async () => {
    const r = await record();
    const res = await everything(r.tc, r.child.id);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/fhir\+json/);
    const bundle = res.body as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: bundle.entry?.length });
    const resources = expectValidBundle(bundle);
    const count = (type: string) => resources.filter((x) => x.resourceType === type).length;
    expect(count('Patient')).toBe(1);
    expect(count('RelatedPerson')).toBe(2);
    expect(count('Practitioner')).toBe(2);
    expect(count('Goal')).toBe(2);
    expect(count('Observation')).toBe(3);
    expect(count('CarePlan')).toBe(1);
    expect(count('Appointment')).toBe(1);
    expect(count('Communication')).toBe(2);
    // The home check-in as a Questionnaire and its answer; the caregiver's well-being stays in CareTeam.
    expect(count('Questionnaire')).toBe(1);
    expect(count('QuestionnaireResponse')).toBe(1);
    const answer = resources.find((x) => x.resourceType === 'QuestionnaireResponse') as Extract<Resource, { resourceType: 'QuestionnaireResponse' }>;
    expect(answer.item?.find((i) => i.linkId === 'sleep')?.answer).toEqual([{ valueInteger: 4 }]);
    expect(answer.item?.find((i) => i.linkId === 'worked')?.answer).toEqual([{ valueString: 'The picture cards at snack time.' }]);
    expect(answer.author?.reference).toMatch(/^RelatedPerson\//);
    expect(answer.extension?.find((e) => e.url === 'urn:careteam:fhir:checkin-score')?.valueDecimal).toBeGreaterThan(0);
    expect(JSON.stringify(bundle)).not.toContain('I am worn out this week.');
    const goal = resources.find((x) => x.id === r.goal.id) as Extract<Resource, { resourceType: 'Goal' }>;
    expect(goal).toMatchObject({ lifecycleStatus: 'active', description: { text: 'Tells us what he wants with two words' }, target: [{ detailQuantity: { value: 6 } }] });
    expect(goal.outcomeReference).toHaveLength(2);
    const home = resources.find((x) => x.resourceType === 'Observation' && JSON.stringify(x).includes('"code":"home"') && JSON.stringify(x).includes('"value":3'));
    expect(home).toBeDefined();
    const audit = await t.db.selectFrom('audit_event').select('action').where('child_id', '=', r.child.id).where('action', '=', 'record.fhir').execute();
    expect(audit).toHaveLength(1);
  });

  it('gives each guardian only what they see: the other household’s private conversation stays out', async () => {
    const r = await record();
    const mine = expectValidBundle((await everything(r.gc, r.child.id)).body as Bundle);
    expect(JSON.stringify(mine)).toContain('A private word about the move.');
    const other = (await everything(r.oc, r.child.id)).body as Bundle;
    const theirs = expectValidBundle(other);
    expect(JSON.stringify(theirs)).not.toContain('A private word about the move.');
    expect(JSON.stringify(theirs)).toContain('He slept well this week.');
    // Both guardians read the family's check-in answers, as in the app, never the well-being ones.
    for (const bundle of [mine, theirs]) {
      expect(bundle.filter((x) => x.resourceType === 'QuestionnaireResponse')).toHaveLength(1);
      expect(JSON.stringify(bundle)).not.toContain('I am worn out this week.');
    }
  });

  it('answers a teacher 404 unless a guardian grants record.export, then serves only what they may see', async () => {
    const r = await record();
    expect((await everything(r.teach, r.child.id)).status).toBe(404);
    expect((await r.teach.get(`/fhir/r4/Goal?patient=Patient/${r.child.id}`)).status).toBe(404);
    const teacher = await t.db.selectFrom('care_team_member').select(['id', 'permissions']).where('child_id', '=', r.child.id).where('role', '=', 'teacher').executeTakeFirstOrThrow();
    await t.ownerDb.updateTable('care_team_member').set({ permissions: [...teacher.permissions, 'record.export'] }).where('id', '=', teacher.id).execute();
    const granted = await everything(await login((await t.db.selectFrom('app_user').select('email').where('name', '=', 'Tess Teacher').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).email), r.child.id);
    expect(granted.status).toBe(200);
    const seen = expectValidBundle(granted.body as Bundle).map((x) => x.resourceType);
    // A teacher sees goals but not home practice, sessions or the family's conversations.
    expect(seen).toContain('Goal');
    expect(seen).not.toContain('Appointment');
    expect(seen).not.toContain('Communication');
    expect(JSON.stringify(granted.body)).not.toContain('Two-word requests at snack time');
  });

  it('searches goals by patient, reads the Patient, and says what it serves', async () => {
    const r = await record();
    const goals = await r.gc.get(`/fhir/r4/Goal?patient=Patient/${r.child.id}`);
    expect(goals.status).toBe(200);
    // A search's page refers to the patient on the server, read next.
    const found = expectValidBundle(goals.body as Bundle, false);
    expect(found.map((x) => x.resourceType)).toEqual(['Goal', 'Goal']);
    expect(found.every((g) => JSON.stringify(g).includes(`"reference":"Patient/${r.child.id}"`))).toBe(true);
    const patient = await r.gc.get(`/fhir/r4/Patient/${r.child.id}`);
    expect(patient.body).toMatchObject({ resourceType: 'Patient', id: r.child.id, name: [{ given: ['Leo'] }] });
    expectValidResource(patient.body as Resource);
    const metadata = await t.client().get('/fhir/r4/metadata');
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expectValidResource(metadata.body as Resource);
  });

  it('answers 401 without a session, 404 for someone else’s child, 400 naming the field', async () => {
    const r = await record();
    const stranger = await buildFamily(t.db);
    const sc = await login(stranger.guardian.email);
    expect((await everything(t.client(), r.child.id)).status).toBe(401);
    expect((await t.client().get(`/fhir/r4/Goal?patient=Patient/${r.child.id}`)).status).toBe(401);
    expect((await everything(sc, r.child.id)).status).toBe(404);
    expect((await sc.get(`/fhir/r4/Patient/${r.child.id}`)).status).toBe(404);
    expect((await sc.get(`/fhir/r4/Goal?patient=Patient/${r.child.id}`)).status).toBe(404);
    const bad = await r.tc.get('/fhir/r4/Goal?patient=Leo');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['patient']);
    const none = await r.tc.get('/fhir/r4/Goal');
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toEqual(['patient']);
  });
});
