import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildChild, buildClinic, buildTherapist, buildUser, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * A therapist's own partnership summary: the mean answers of the families on their caseload, the
 * same rule as the clinic's view — nothing (not even a count) until five families have answered,
 * never per person, never another therapist's families.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  t.clock.set(new Date('2026-03-04T20:00:00Z')); // a Wednesday in Chicago
});
afterAll(async () => t?.close());

type Therapist = Awaited<ReturnType<typeof buildTherapist>>;

/** A family on this therapist's caseload answers the partnership check, `times` times (once per assignment). */
async function answers(tc: TestClient, therapist: Therapist, clinicId: string, formId: string, n: number, values: { heard: number; knowWhat: number; fits: number }, times = 1, parent?: { id: string; email: string }) {
  const child = await buildChild(t.db, clinicId, therapist, `Kid${n}`);
  const guardian = parent ?? await buildUser(t.db, `Parent ${"ABCDEFGHIJKLMNOP"[n] ?? "Z"}`);
  await addMember(t.db, child, guardian, 'guardian');
  const base = `/api/children/${child.id}/checkins`;
  const gc = await signIn(t.app, guardian.email);
  for (let i = 0; i < times; i++) {
    const a = await tc.post(base, { formId, cadence: { kind: 'weekly', weekday: 3 }, respondents: [{ kind: 'person', userId: guardian.id }] });
    expect(a.status).toBe(201);
    const res = await gc.post(`${base}/${a.body.id}/answers`, { occurrence: '2026-03-04', answers: values, submit: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return { child, guardian, gc };
}

describe('a therapist’s own partnership summary', () => {
  it('shows nothing below five families (however often they answer), then only means; never another therapist’s families', async () => {
    const clinic = await buildClinic(t.db, 'Together Clinic');
    const theo = await buildTherapist(t.db, clinic.id, 'Theo Therapist');
    const olga = await buildTherapist(t.db, clinic.id, 'Olga Other');
    const tc = await signIn(t.app, theo.email);
    const oc = await signIn(t.app, olga.email);
    const admin = await signIn(t.app, clinic.admin.email);
    expect((await t.client().get('/api/checkins/partnership')).status).toBe(401);
    const forms = (await tc.get('/api/checkin-forms')).body.forms as { id: string; starterKey: string | null }[];
    const formId = forms.find((f) => f.starterKey === 'partnership')?.id ?? '';

    // Nothing answered: no row at all.
    expect((await tc.get('/api/checkins/partnership')).body).toEqual({ minimum: 5, therapists: [] });
    // One family answering five weeks running is still one family: nothing shown, not even a count.
    const first = await answers(tc, theo, clinic.id, formId, 0, { heard: 5, knowWhat: 5, fits: 5 }, 5);
    for (let i = 1; i < 4; i++) await answers(tc, theo, clinic.id, formId, i, { heard: 4, knowWhat: 3, fits: 2 });
    expect((await tc.get('/api/checkins/partnership')).body.therapists).toEqual([{ therapistId: theo.id, name: 'Theo Therapist', answers: null, items: null }]);
    // The first family's second child (the same parent answering): five children, still four families.
    await answers(tc, theo, clinic.id, formId, 5, { heard: 5, knowWhat: 5, fits: 5 }, 1, first.guardian);
    expect((await tc.get('/api/checkins/partnership')).body.therapists).toEqual([{ therapistId: theo.id, name: 'Theo Therapist', answers: null, items: null }]);
    // Olga's five families answer: her summary shows, Theo's stays hidden, and neither sees the other.
    for (let i = 10; i < 15; i++) await answers(oc, olga, clinic.id, formId, i, { heard: 1, knowWhat: 1, fits: 1 });
    const theoView = (await tc.get('/api/checkins/partnership')).body;
    expect(theoView.therapists.map((r: { therapistId: string }) => r.therapistId)).toEqual([theo.id]);
    expect(theoView.therapists[0].items).toBeNull();
    const olgaView = (await oc.get('/api/checkins/partnership')).body;
    expect(olgaView.therapists).toEqual([{ therapistId: olga.id, name: 'Olga Other', answers: 5, items: expect.arrayContaining([expect.objectContaining({ key: 'heard', mean: 1 })]) }]);

    // Theo's fifth family: now his means show — over all ten answers of five families, never per person.
    await answers(tc, theo, clinic.id, formId, 4, { heard: 4, knowWhat: 3, fits: 2 });
    const view = (await tc.get('/api/checkins/partnership')).body;
    expect(view.therapists).toHaveLength(1);
    expect(view.therapists[0]).toMatchObject({ therapistId: theo.id, answers: 10 });
    const mean = (key: string) => view.therapists[0].items.find((x: { key: string }) => x.key === key)?.mean;
    expect(mean('heard')).toBe(4.6);
    expect(mean('fits')).toBe(3.8);
    expect(JSON.stringify(view)).not.toMatch(/Parent|Kid|guardian/i);
    expect(JSON.stringify(view)).not.toContain(olga.id);
    // The clinic's admin sees both therapists, by the same rule.
    expect((await admin.get('/api/checkins/partnership')).body.therapists.map((r: { name: string; answers: number }) => [r.name, r.answers]).sort())
      .toEqual([['Olga Other', 5], ['Theo Therapist', 10]]);
    // The families see no summary, and never their own answer in the child's record.
    expect((await first.gc.get('/api/checkins/partnership')).status).toBe(404);
    expect((await tc.get(`/api/children/${first.child.id}/checkins/trend`)).body.forms).toEqual([]);
  });
});
