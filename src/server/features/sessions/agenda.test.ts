import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_PRESETS, ROLE_PERMISSIONS } from '../../../contract/permissions.ts';
import { visibilityFor } from './sessions.service.ts';
import { addMember, buildFamily, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';

/**
 * Meetings to talk about progress over HTTP on a real database: a plan review with the family and
 * the teacher invited has a shared agenda, the family's points first; a restricted second household
 * sees only its own family's points; the agenda closes when the meeting starts (except for
 * clinicians); afterwards the plan review is recorded from the meeting with its participants.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const HOUR = 3_600_000;
const audits = (action: string, childId: string) => t.db.selectFrom('audit_event').select(['action', 'details']).where('action', '=', action).where('child_id', '=', childId).execute();
type Point = { id: string; text: string; detail: string; mine: boolean; author: { name: string; role: string } };
type M = { agenda: { family: Point[]; team: Point[] }; invited: { name: string; role: string; response: string | null; organiser: boolean }[]; canAdd: boolean; canRecordReview: boolean; started: boolean; review: { id: string; heldOn: string } | null };

/** A plan review tomorrow at 16:00 (Chicago) with the family, the teacher and the second household's dad invited. */
async function meeting() {
  t.clock.set(new Date());
  const f = await buildFamily(t.db);
  const teacher = await buildUser(t.db, 'Tess Teacher');
  // A teacher with the role's defaults (no sessions.view): invited by name, they see this meeting only.
  await addMember(t.db, f.child, teacher, 'teacher');
  const grandma = await buildUser(t.db, 'Grace Grandma');
  await addMember(t.db, f.child, grandma, 'caregiver', { permissions: ['child.view', 'plan.view', 'sessions.view', 'sessions.respond', 'messages.team'], household: 'Home' });
  const dad = await buildUser(t.db, 'Dan Otherhome');
  await addMember(t.db, f.child, dad, 'guardian', { permissions: [...INVITE_PRESETS.secondHousehold.permissions], household: 'Dad' });
  const [tc, gc, teach, gm, dc] = await Promise.all([f.therapist, f.guardian, teacher, grandma, dad].map((u) => signIn(t.app, u.email)));
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(Date.now() + 30 * HOUR));
  const res = await tc!.post(`/api/children/${f.child.id}/sessions`, {
    kind: 'plan_review', place: 'clinic', placeNote: 'Room 2', date: day, time: '16:00', durationMinutes: 60, invitees: [teacher.id, dad.id], familyInvited: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const s = res.body.sessions[0] as { id: string; startsAt: string };
  const url = `/api/children/${f.child.id}/sessions/${s.id}`;
  return { ...f, teacher, grandma, dad, tc: tc!, gc: gc!, teach: teach!, gm: gm!, dc: dc!, s, url, startsAt: new Date(s.startsAt) };
}

/** Moves the clock to `at` and signs everyone in again there (sessions before it would have expired). */
async function moveTo(m: Awaited<ReturnType<typeof meeting>>, at: Date) {
  t.clock.set(at);
  const [tc, gc, teach] = await Promise.all([m.therapist, m.guardian, m.teacher].map((u) => signIn(t.app, u.email)));
  Object.assign(m, { tc, gc, teach });
}

const texts = (ps: Point[]) => ps.map((p) => [p.text, p.author.name, p.author.role]);

describe('a meeting’s agenda', () => {
  it('lists the family’s points first (parents before carers), then the team’s, each with its author', async () => {
    const m = await meeting();
    expect((await m.teach.post(`${m.url}/agenda`, { text: 'Reading in class' })).status).toBe(201);
    expect((await m.gm.post(`${m.url}/agenda`, { text: 'Bedtime is hard' })).status).toBe(201);
    const mine = await m.gc.post(`${m.url}/agenda`, { text: '  Talking at breakfast  ', detail: 'He asks with two words now' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect((await m.tc.post(`${m.url}/agenda`, { text: 'New target for requests' })).status).toBe(201);

    const page = (await m.gc.get(`${m.url}/meeting`)).body as M;
    expect(texts(page.agenda.family)).toEqual([['Talking at breakfast', 'Gina Guardian', 'guardian'], ['Bedtime is hard', 'Grace Grandma', 'caregiver']]);
    expect(texts(page.agenda.team)).toEqual([['New target for requests', 'Theo Therapist', 'therapist'], ['Reading in class', 'Tess Teacher', 'teacher']]);
    expect(page.agenda.family[0]).toMatchObject({ detail: 'He asks with two words now', mine: true });
    expect(page.canAdd).toBe(true);
    expect(page.canRecordReview).toBe(false);
    expect(await audits('meeting.agenda_add', m.child.id)).toHaveLength(4);
    expect(await audits('meeting.view', m.child.id)).toHaveLength(1);

    // Each edits and removes only their own.
    const gina = page.agenda.family[0]!.id;
    const grace = page.agenda.family[1]!.id;
    expect((await m.gm.put(`${m.url}/agenda/${gina}`, { text: 'Mine now' })).status).toBe(404);
    expect((await m.gm.delete(`${m.url}/agenda/${gina}`)).status).toBe(404);
    const edited = await m.gc.put(`${m.url}/agenda/${gina}`, { text: 'Talking at breakfast and dinner', detail: '' });
    expect(edited.status).toBe(200);
    expect((edited.body as M).agenda.family[0]).toMatchObject({ text: 'Talking at breakfast and dinner', detail: '' });
    expect((await m.gm.delete(`${m.url}/agenda/${grace}`)).status).toBe(200);
    expect(texts(((await m.tc.get(`${m.url}/meeting`)).body as M).agenda.family)).toEqual([['Talking at breakfast and dinner', 'Gina Guardian', 'guardian']]);
    expect(await audits('meeting.agenda_edit', m.child.id)).toHaveLength(1);
    expect(await audits('meeting.agenda_remove', m.child.id)).toHaveLength(1);

    // Bad input names the field and writes nothing.
    const before = await t.db.selectFrom('session_agenda_point').select('id').where('session_id', '=', m.s.id).execute();
    for (const body of [{ text: '   ' }, { text: 'x'.repeat(201) }, { text: 'Fine', detail: 'y'.repeat(1001) }, { text: 'Fine', extra: 1 }]) {
      const bad = await m.gc.post(`${m.url}/agenda`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/text|detail|extra/);
    }
    expect(await t.db.selectFrom('session_agenda_point').select('id').where('session_id', '=', m.s.id).execute()).toHaveLength(before.length);
  });

  it('shows a restricted second household the points of clinicians, the teacher and its own household only', async () => {
    const m = await meeting();
    await m.gc.post(`${m.url}/agenda`, { text: 'Home routine' });
    await m.teach.post(`${m.url}/agenda`, { text: 'Reading in class' });
    await m.tc.post(`${m.url}/agenda`, { text: 'New target' });
    expect((await m.dc.post(`${m.url}/agenda`, { text: 'Weekends at my place' })).status).toBe(201);

    const dads = (await m.dc.get(`${m.url}/meeting`)).body as M;
    expect(texts(dads.agenda.family)).toEqual([['Weekends at my place', 'Dan Otherhome', 'guardian']]);
    expect(texts(dads.agenda.team).map((p) => p[0])).toEqual(['New target', 'Reading in class']);
    expect(JSON.stringify(dads)).not.toContain('Home routine');
    expect(JSON.stringify(dads)).not.toContain('Gina Guardian');
    expect(dads.invited.every((i) => i.response === null || i.name === 'Dan Otherhome')).toBe(true);
    // The first household and the clinicians see everything.
    expect(texts(((await m.gc.get(`${m.url}/meeting`)).body as M).agenda.family).map((p) => p[0])).toEqual(['Home routine', 'Weekends at my place']);
    const theirs = (await m.tc.get(`${m.url}/meeting`)).body as M;
    expect(theirs.agenda.family).toHaveLength(2);
    expect(theirs.invited.map((i) => [i.name, i.response])).toEqual(expect.arrayContaining([['Tess Teacher', 'pending'], ['Dan Otherhome', 'pending']]));
    // The clinician who scheduled it is listed first, as its organiser, and on the second household's page too.
    expect(theirs.invited[0]).toMatchObject({ role: 'therapist', organiser: true, response: null });
    expect(theirs.invited.filter((i) => i.organiser)).toHaveLength(1);
    expect(dads.invited[0]).toMatchObject({ role: 'therapist', organiser: true });
    // Not his to change.
    const homeId = theirs.agenda.family.find((p) => p.text === 'Home routine')!.id;
    expect((await m.dc.delete(`${m.url}/agenda/${homeId}`)).status).toBe(404);
  });

  it('is read-only once the meeting starts, except for clinicians; a therapy session has no meeting page', async () => {
    const m = await meeting();
    const added = await m.gc.post(`${m.url}/agenda`, { text: 'Before the start' });
    const id = (added.body as M).agenda.family[0]!.id;
    await moveTo(m, new Date(m.startsAt.getTime() + 60_000));
    const page = (await m.gc.get(`${m.url}/meeting`)).body as M;
    expect(page).toMatchObject({ started: true, canAdd: false });
    for (const res of [await m.gc.post(`${m.url}/agenda`, { text: 'Too late' }), await m.gc.put(`${m.url}/agenda/${id}`, { text: 'Too late' }), await m.gc.delete(`${m.url}/agenda/${id}`), await m.teach.post(`${m.url}/agenda`, { text: 'Too late' })]) {
      expect(res.status).toBe(409);
    }
    expect((await m.tc.post(`${m.url}/agenda`, { text: 'Noted during the meeting' })).status).toBe(201);
    expect(((await m.gc.get(`${m.url}/meeting`)).body as M).agenda.family.map((p) => p.text)).toEqual(['Before the start']);

    const therapy = await m.tc.post(`/api/children/${m.child.id}/sessions`, { kind: 'therapy', place: 'clinic', date: '2030-01-10', time: '09:00', durationMinutes: 45, familyInvited: true });
    const tid = therapy.body.sessions[0].id as string;
    expect((await m.gc.get(`/api/children/${m.child.id}/sessions/${tid}/meeting`)).status).toBe(404);
    expect((await m.gc.post(`/api/children/${m.child.id}/sessions/${tid}/agenda`, { text: 'x' })).status).toBe(404);
    // A teacher not invited to a meeting does not see it.
    const other = await m.tc.post(`/api/children/${m.child.id}/sessions`, { kind: 'team_meeting', place: 'school', date: '2030-01-11', time: '09:00', durationMinutes: 45, familyInvited: true });
    expect((await m.teach.get(`/api/children/${m.child.id}/sessions/${other.body.sessions[0].id as string}/meeting`)).status).toBe(404);
    expect((await m.teach.get(`/api/children/${m.child.id}/sessions?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`)).status).toBe(404);
    t.clock.set(new Date());
  });
});

describe('who opens a meeting', () => {
  it('follows the one visibility rule of sessions: without sessions.view, only what names you', async () => {
    // The rule itself: whoever manages sees all; a family member with sessions.view the family's
    // share; anyone else, or a family member without sessions.view, only their own invitations.
    expect(visibilityFor({ role: 'therapist', permissions: [...ROLE_PERMISSIONS.therapist] })).toBe('all');
    expect(visibilityFor({ role: 'guardian', permissions: [...ROLE_PERMISSIONS.guardian] })).toBe('family');
    expect(visibilityFor({ role: 'guardian', permissions: [...INVITE_PRESETS.secondHousehold.permissions] })).toBe('invited');
    expect(visibilityFor({ role: 'guardian', permissions: ['child.view'] })).toBe('invited');
    expect(visibilityFor({ role: 'teacher', permissions: [...ROLE_PERMISSIONS.teacher] })).toBe('invited');

    const m = await meeting();
    const child = `/api/children/${m.child.id}`;
    // The teacher invited by name to a therapy session: not a meeting, so not opened as one, and no sessions list without sessions.view.
    const therapy = await m.tc.post(`${child}/sessions`, { kind: 'therapy', place: 'school', date: '2030-01-10', time: '09:00', durationMinutes: 45, invitees: [m.teacher.id] });
    expect(therapy.status, JSON.stringify(therapy.body)).toBe(201);
    expect((await m.teach.get(`${child}/sessions/${therapy.body.sessions[0].id as string}/meeting`)).status).toBe(404);
    expect((await m.teach.get(`${child}/sessions/${therapy.body.sessions[0].id as string}/record`)).status).toBe(404);
    // A guardian narrowed to child.view: the family's invitation no longer opens the meeting; one by name does.
    expect((await m.gc.get(`${m.url}/meeting`)).status).toBe(200);
    await t.ownerDb.updateTable('care_team_member').set({ permissions: ['child.view'] }).where('child_id', '=', m.child.id).where('user_id', '=', m.guardian.id).execute();
    await t.heard();
    expect((await m.gc.get(`${m.url}/meeting`)).status).toBe(404);
    expect((await m.gc.post(`${m.url}/agenda`, { text: 'Let me in' })).status).toBe(404);
    await t.db.insertInto('session_invitee').values({ session_id: m.s.id, user_id: m.guardian.id }).execute();
    expect((await m.gc.get(`${m.url}/meeting`)).status).toBe(200);
    expect((await m.gc.post(`${m.url}/agenda`, { text: 'Invited by name' })).status).toBe(201);
  });
});

describe('the plan review from a meeting', () => {
  it('is recorded once, after the start, by a clinician, with those who said they would come and the agenda', async () => {
    const m = await meeting();
    await m.gc.post(`/api/children/${m.child.id}/sessions/${m.s.id}/response`, { response: 'yes' });
    await m.dc.post(`/api/children/${m.child.id}/sessions/${m.s.id}/response`, { response: 'no' });
    await t.db.updateTable('session_invitee').set({ response: 'yes' }).where('session_id', '=', m.s.id).where('user_id', '=', m.teacher.id).execute();
    await t.heard();
    await m.gc.post(`${m.url}/agenda`, { text: 'Talking at breakfast', detail: 'Two words' });
    await m.teach.post(`${m.url}/agenda`, { text: 'Reading in class' });

    expect((await m.tc.post(`${m.url}/review`, {})).status).toBe(409);
    await moveTo(m, new Date(m.startsAt.getTime() + 2 * HOUR));
    expect((await m.gc.post(`${m.url}/review`, {})).status).toBe(404);
    const bad = await m.tc.post(`${m.url}/review`, { agreed: 'z'.repeat(2001) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('agreed');
    expect((((await m.tc.get(`${m.url}/meeting`)).body) as M).canRecordReview).toBe(true);
    const res = await m.tc.post(`${m.url}/review`, { agreed: 'Aim for four two-word requests.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.participants).toBe(3);

    const review = await m.gc.get(`/api/children/${m.child.id}/reviews/${res.body.reviewId}`);
    expect(review.status).toBe(200);
    expect(review.body.heldOn).toBe(res.body.heldOn);
    expect(review.body.participants.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([['Gina Guardian', 'guardian'], ['Tess Teacher', 'teacher'], ['Theo Therapist', 'therapist']]);
    expect(review.body.agreed).toContain('Aim for four two-word requests.');
    expect(review.body.agreed).toContain('What the family wanted to talk about:\n- Talking at breakfast: Two words (Gina Guardian, Parent or guardian)');
    expect(review.body.agreed).toContain('Reading in class (Tess Teacher, Teacher or school staff)');
    const page = (await m.gc.get(`${m.url}/meeting`)).body as M;
    expect(page.review).toEqual({ id: res.body.reviewId, heldOn: res.body.heldOn });
    expect((await audits('review.record', m.child.id)).map((a) => (a.details as { sessionId?: string }).sessionId)).toEqual([m.s.id]);

    // Once per meeting.
    expect((await m.tc.post(`${m.url}/review`, {})).status).toBe(409);
    expect(await t.db.selectFrom('plan_review').select('id').where('child_id', '=', m.child.id).execute()).toHaveLength(1);
    t.clock.set(new Date());
  });
});
