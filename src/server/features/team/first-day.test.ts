import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_PRESETS } from '../../../contract/permissions.ts';
import { buildClinic, buildFamily, buildTherapist, buildUser, createTestContext, freshClient, PASSWORD, signIn, type TestContext } from '../../../../test/support.ts';

/**
 * A clinic's first day without a mail server: invitations wait in the outbox, so whoever sent
 * one (and the clinic's admins) can copy a fresh link to pass on, or send it again; a child's
 * therapists are picked from the clinic; the owner's first steps are ticked from what exists.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const tokenOf = (url: string) => url.split('/invite/')[1] ?? '';
const invitationRow = (id: string) => t.db.selectFrom('invitation').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const audits = (action: string, subjectId: string) => t.db.selectFrom('audit_event').selectAll().where('action', '=', action).where('subject_id', '=', subjectId).execute();

describe('with no mail server', () => {
  it('says so: staff learn mail is kept in the outbox, and a new invitation is marked as kept there', async () => {
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const me = await tc.get('/api/me');
    expect(me.body.clinics[0].mailDelivery).toBe('outbox');
    const res = await tc.post(`/api/children/${f.child.id}/invitations`, { email: 'nana@example.org', name: 'Nana', role: 'caregiver' });
    expect(res.status).toBe(201);
    expect(res.body.delivery).toBe('outbox');
    const team = await tc.get(`/api/children/${f.child.id}/team`);
    expect(team.body.invitations[0]).toMatchObject({ id: res.body.id, delivery: 'outbox', canShare: true });
  });

  it('a sign-in link or reset asked for is said to be kept in the outbox, whether or not the account exists', async () => {
    const user = await buildUser(t.db, 'Olga Outbox');
    for (const path of ['/api/auth/link', '/api/auth/reset']) {
      for (const email of [user.email, 'no.such.person@example.org']) {
        const res = await freshClient(t.app).post(path, { email });
        expect({ path, email, status: res.status, body: res.body }).toEqual({ path, email, status: 202, body: { ok: true, delivery: 'outbox' } });
      }
    }
  });
});

describe('copying an invitation link', () => {
  it('gives its sender a fresh link that works, stops the earlier one, and is audited', async () => {
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const inv = await tc.post(`/api/children/${f.child.id}/invitations`, { email: 'dad2@example.org', name: 'Second Dad', role: 'guardian' });
    const before = await invitationRow(inv.body.id);
    const mail = await t.db.selectFrom('mail_outbox').select('text_body').where('dedupe_key', '=', `invitation:${inv.body.id}`).executeTakeFirstOrThrow();
    const oldToken = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(mail.text_body)?.[1] ?? '';

    const link = await tc.post(`/api/children/${f.child.id}/invitations/${inv.body.id}/link`);
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.url).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    expect((await invitationRow(inv.body.id)).token_hash.equals(before.token_hash)).toBe(false);
    expect(await audits('team.invitation_link', inv.body.id)).toHaveLength(1);

    expect((await freshClient(t.app).get(`/api/invitations/${oldToken}`)).status).toBe(410);
    const info = await freshClient(t.app).get(`/api/invitations/${tokenOf(link.body.url)}`);
    expect(info.status).toBe(200);
    expect(info.body.name).toBe('Second Dad');
    const joined = await freshClient(t.app).post(`/api/invitations/${tokenOf(link.body.url)}/accept`, { password: PASSWORD });
    expect(joined.status).toBe(200);
    expect(joined.body.childId).toBe(f.child.id);
  });

  it('is not found for a team member who did not send it, or for another clinic, and changes nothing', async () => {
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const inv = await tc.post(`/api/children/${f.child.id}/invitations`, { email: 'aunt@example.org', name: 'Aunt', role: 'caregiver' });
    const before = await invitationRow(inv.body.id);
    const gc = await signIn(t.app, f.guardian.email);
    expect((await gc.post(`/api/children/${f.child.id}/invitations/${inv.body.id}/link`)).status).toBe(404);
    const other = await buildFamily(t.db);
    const oc = await signIn(t.app, other.therapist.email);
    expect((await oc.post(`/api/children/${f.child.id}/invitations/${inv.body.id}/link`)).status).toBe(404);
    expect((await oc.post(`/api/children/${other.child.id}/invitations/${inv.body.id}/link`)).status).toBe(404);
    const otherAdmin = await signIn(t.app, other.clinic.admin.email);
    expect((await otherAdmin.post(`/api/admin/invitations/${inv.body.id}/link`)).status).toBe(404);
    expect((await invitationRow(inv.body.id)).token_hash.equals(before.token_hash)).toBe(true);
    const team = await gc.get(`/api/children/${f.child.id}/team`);
    expect(team.body.invitations[0].canShare).toBe(false);
    expect((await freshClient(t.app).post(`/api/children/${f.child.id}/invitations/${inv.body.id}/link`)).status).toBe(401);
    // An id that cannot name any invitation names nothing, like every malformed path id.
    const bad = await tc.post(`/api/children/${f.child.id}/invitations/not-an-id/link`);
    expect(bad.status).toBe(404);
  });

  it('lets the clinic admin copy a clinician’s invitation link and resend it into the outbox', async () => {
    const clinic = await buildClinic(t.db);
    const ac = await signIn(t.app, clinic.admin.email);
    const inv = await ac.post('/api/admin/invitations', { email: 'newtherapist@example.org', name: 'New Therapist', role: 'therapist' });
    expect(inv.status).toBe(201);
    expect(inv.body.delivery).toBe('outbox');
    const link = await ac.post(`/api/admin/invitations/${inv.body.id}/link`);
    expect(link.status).toBe(200);
    expect(await audits('invitation.link', inv.body.id)).toHaveLength(1);
    const resent = await ac.post(`/api/admin/invitations/${inv.body.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.url).toBeNull();
    expect(await audits('invitation.resend', inv.body.id)).toHaveLength(1);
    const mails = await t.db.selectFrom('mail_outbox').select(['text_body', 'status']).where('to_address', '=', 'newtherapist@example.org').orderBy('created_at').execute();
    expect(mails).toHaveLength(2);
    expect(mails[1]?.status).toBe('held');
    // The link copied before the resend no longer works; the resent one does.
    expect((await freshClient(t.app).get(`/api/invitations/${tokenOf(link.body.url)}`)).status).toBe(410);
    const resentToken = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(mails[1]?.text_body ?? '')?.[1] ?? '';
    expect((await freshClient(t.app).get(`/api/invitations/${resentToken}`)).status).toBe(200);
    const therapist = await buildTherapist(t.db, clinic.id);
    const tc = await signIn(t.app, therapist.email);
    expect((await tc.post(`/api/admin/invitations/${inv.body.id}/resend`)).status).toBe(404);
  });
});

describe('putting the clinic’s therapists on a child’s team', () => {
  it('an admin adds a child with two of the clinic’s therapists on the team', async () => {
    const clinic = await buildClinic(t.db);
    const a = await buildTherapist(t.db, clinic.id, 'Ana Speech');
    const b = await buildTherapist(t.db, clinic.id, 'Ben Play');
    const ac = await signIn(t.app, clinic.admin.email);
    const options = await ac.get('/api/clinic/clinicians');
    expect(options.body.clinicians.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Ana Speech', 'Ben Play']));
    const created = await ac.post('/api/children', { firstName: 'Mia', lastName: 'Ruiz', therapistIds: [a.id, b.id] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const team = await ac.get(`/api/children/${created.body.id}/team`);
    expect(team.body.members.map((m: { name: string; role: string }) => `${m.name}:${m.role}`).sort()).toEqual(['Ana Speech:therapist', 'Ben Play:therapist']);
    const bc = await signIn(t.app, b.email);
    expect((await bc.get(`/api/children/${created.body.id}`)).status).toBe(200);
  });

  it('refuses someone who is not a clinician of the clinic, and adds no child', async () => {
    const clinic = await buildClinic(t.db);
    const outsider = await buildUser(t.db, 'Not Staff');
    const ac = await signIn(t.app, clinic.admin.email);
    const res = await ac.post('/api/children', { firstName: 'Nobody', lastName: 'Added', therapistIds: [outsider.id] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('therapistIds');
    const children = await t.db.selectFrom('child').select('id').where('clinic_id', '=', clinic.id).execute();
    expect(children).toHaveLength(0);
  });

  it('a therapist puts a colleague on an existing child’s team; a guardian cannot', async () => {
    const f = await buildFamily(t.db);
    const colleague = await buildTherapist(t.db, f.clinic.id, 'Cleo Colleague');
    const gc = await signIn(t.app, f.guardian.email);
    expect((await gc.post(`/api/children/${f.child.id}/team/therapists`, { userId: colleague.id })).status).toBe(403);
    expect((await gc.get('/api/clinic/clinicians')).status).toBe(404);
    const tc = await signIn(t.app, f.therapist.email);
    const added = await tc.post(`/api/children/${f.child.id}/team/therapists`, { userId: colleague.id });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ name: 'Cleo Colleague', role: 'therapist' });
    expect((await tc.post(`/api/children/${f.child.id}/team/therapists`, { userId: colleague.id })).status).toBe(400);
    expect((await tc.post(`/api/children/${f.child.id}/team/therapists`, { userId: 'nope' })).status).toBe(400);
    const other = await buildFamily(t.db);
    const oc = await signIn(t.app, other.therapist.email);
    expect((await oc.post(`/api/children/${f.child.id}/team/therapists`, { userId: other.therapist.id })).status).toBe(404);
    expect((await freshClient(t.app).post(`/api/children/${f.child.id}/team/therapists`, { userId: colleague.id })).status).toBe(401);
  });
});

describe('invitation presets', () => {
  it('a guardian inviting a helper with the preset grants practice and the journal only', async () => {
    const f = await buildFamily(t.db);
    const gc = await signIn(t.app, f.guardian.email);
    const helper = INVITE_PRESETS.helper;
    const res = await gc.post(`/api/children/${f.child.id}/invitations`, { email: 'nanny@example.org', name: 'Nanny', role: helper.role, permissions: helper.permissions });
    expect(res.status).toBe(201);
    expect((await invitationRow(res.body.id)).permissions?.sort()).toEqual([...helper.permissions].sort());
  });
});

describe('the clinic owner’s first steps', () => {
  it('are ticked from what exists, and put away for good when dismissed', async () => {
    const clinic = await buildClinic(t.db);
    const ac = await signIn(t.app, clinic.admin.email);
    const first = await ac.get('/api/admin/first-steps');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ dismissed: false, steps: ['inviteTherapists', 'setUpMail', 'addChild', 'inviteFamily', 'agreeGoal', 'assignPractice'].map((id) => ({ id, done: false })) });
    await ac.post('/api/admin/invitations', { email: `t${Date.now()}@example.org`, name: 'Tina', role: 'therapist' });
    const child = await ac.post('/api/children', { firstName: 'Ola', lastName: 'Ny' });
    await ac.post(`/api/children/${child.body.id}/invitations`, { email: `p${Date.now()}@example.org`, name: 'Pat', role: 'guardian' });
    const later = await ac.get('/api/admin/first-steps');
    const done = Object.fromEntries(later.body.steps.map((s: { id: string; done: boolean }) => [s.id, s.done]));
    expect(done).toEqual({ inviteTherapists: true, setUpMail: false, addChild: true, inviteFamily: true, agreeGoal: false, assignPractice: false });
    expect((await ac.post('/api/admin/first-steps/dismiss')).status).toBe(200);
    expect((await ac.get('/api/admin/first-steps')).body.dismissed).toBe(true);
    expect(await audits('clinic.first_steps_dismiss', clinic.id)).toHaveLength(1);
  });

  it('are the admins’ own: not found for a therapist, 401 signed out', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const tc = await signIn(t.app, therapist.email);
    expect((await tc.get('/api/admin/first-steps')).status).toBe(404);
    expect((await tc.post('/api/admin/first-steps/dismiss')).status).toBe(404);
    const row = await t.db.selectFrom('clinic').select('first_steps_dismissed_at').where('id', '=', clinic.id).executeTakeFirstOrThrow();
    expect(row.first_steps_dismissed_at).toBeNull();
    expect((await freshClient(t.app).get('/api/admin/first-steps')).status).toBe(401);
  });
});
