import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Permission } from '../../../contract/access.ts';
import { buildClinic, buildTherapist, buildUser, createTestContext, PASSWORD, TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * A child's care team grows by invitation: the therapist brings in the guardians, a guardian
 * brings in a grandparent or the school (with recorded consent), and anyone can be removed with
 * effect on their very next request. Everything goes through HTTP on a real database.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

// Each person browses from their own address, as in life; rate limits are per address.
let ipSeq = 10;
function client(ip = `10.0.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`): TestClient {
  const app = t.app;
  const routed = { inject: (opts: object) => app.inject({ ...opts, remoteAddress: ip }) };
  return new TestClient(routed as unknown as ConstructorParameters<typeof TestClient>[0]);
}

let emailSeq = 0;
const email = (who: string) => `${who}.${Date.now().toString(36)}${(emailSeq++).toString(36)}@example.org`;

/** The invitation link is read from the mail the invitee would get (held in the outbox: no SMTP). */
async function tokenFromMail(invitationId: string): Promise<string> {
  const mail = await t.db.selectFrom('mail_outbox').select(['status', 'text_body', 'to_address'])
    .where('dedupe_key', '=', `invitation:${invitationId}`).executeTakeFirstOrThrow();
  expect(mail.status).toBe('held');
  const m = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(mail.text_body);
  if (!m?.[1]) throw new Error(`no invitation link in: ${mail.text_body}`);
  return m[1];
}

async function audit(action: string, where: { childId?: string | undefined; subjectId?: string | undefined; actorId?: string | undefined } = {}) {
  for (const [k, v] of Object.entries(where)) if (!v) throw new Error(`audit(${action}): ${k} is missing`);
  let q = t.db.selectFrom('audit_event').selectAll().where('action', '=', action);
  if (where.childId) q = q.where('child_id', '=', where.childId);
  if (where.subjectId) q = q.where('subject_id', '=', where.subjectId);
  if (where.actorId) q = q.where('actor_id', '=', where.actorId);
  return q.orderBy('id').execute();
}

type Invite = { email: string; name: string; role: string; household?: string; permissions?: Permission[]; consentNote?: string; locale?: 'en' | 'es' };

/** Invites, reads the link from the outbox, and accepts as a new person; returns their signed-in client. */
async function inviteAndJoin(inviter: TestClient, childId: string, inv: Invite) {
  const res = await inviter.post(`/api/children/${childId}/invitations`, inv);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const token = await tokenFromMail(res.body.id);
  const c = client();
  const accepted = await c.post(`/api/invitations/${token}/accept`, { password: PASSWORD });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  expect(accepted.body.childId).toBe(childId);
  await c.refreshCsrf();
  const me = await c.get('/api/me');
  expect(me.status).toBe(200);
  return { client: c, invitationId: res.body.id as string, userId: me.body.user.id as string, token };
}

/** A clinic, its therapist signed in, and a child the therapist has just added. */
async function therapistWithChild(firstName = 'Leo') {
  const clinic = await buildClinic(t.db);
  const therapist = await buildTherapist(t.db, clinic.id, 'Theo Therapist');
  const tc = await client().login(therapist.email);
  const created = await tc.post('/api/children', { firstName, lastName: 'Martínez', therapyTypes: ['speech'] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { clinic, therapist, tc, childId: created.body.id as string, child: created.body };
}

/** The therapist's child with two guardians in two households; the second one restricted. */
async function familyOfTwoHouseholds() {
  const base = await therapistWithChild();
  const dadEmail = email('dad');
  const mumEmail = email('mum');
  const dad = await inviteAndJoin(base.tc, base.childId, { email: dadEmail, name: 'Diego Martínez', role: 'guardian', household: "Dad's home" });
  const mum = await inviteAndJoin(base.tc, base.childId, {
    email: mumEmail, name: 'Maria Lopez', role: 'guardian', household: "Mum's home",
    permissions: ROLE_PERMISSIONS.guardian.filter((p) => p !== 'team.contacts' && p !== 'messages.team'),
  });
  return { ...base, dad: { ...dad, email: dadEmail }, mum: { ...mum, email: mumEmail } };
}

type Member = { id: string; name: string; email: string | null; role: string };
const memberByName = (team: { members: Member[] }, name: string) => team.members.find((m) => m.name === name);

describe('a therapist adds a child', () => {
  it('is on the new child’s team with every permission, and the creation is audited', async () => {
    const { tc, childId, child, therapist } = await therapistWithChild();
    expect(child.myRole).toBe('therapist');
    const team = await tc.get(`/api/children/${childId}/team`);
    expect(team.status).toBe(200);
    expect(team.body.members).toEqual([expect.objectContaining({ userId: therapist.id, role: 'therapist', email: therapist.email })]);
    const list = await tc.get('/api/children');
    expect(list.body.children).toEqual([expect.objectContaining({ id: childId, myRole: 'therapist', therapists: ['Theo Therapist'] })]);
    expect(await audit('child.create', { childId })).toHaveLength(1);
  });

  it('refuses a child without a name, and adds nothing', async () => {
    const { tc } = await therapistWithChild();
    const res = await tc.post('/api/children', { firstName: '', lastName: 'X' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('firstName');
    expect((await tc.get('/api/children')).body.children).toHaveLength(1);
  });
});

describe('guardians in two households join by invitation', () => {
  it('each invitee reads who invited them, creates an account, is signed in and sees the child', async () => {
    const { tc, childId, therapist } = await therapistWithChild();
    const invited = await tc.post(`/api/children/${childId}/invitations`, { email: 'Diego.Dad@Example.org', name: 'Diego Martínez', role: 'guardian', household: "Dad's home" });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'diego.dad@example.org', role: 'guardian', household: "Dad's home" });
    // The therapist sees the invitation pending on the team page.
    const pending = await tc.get(`/api/children/${childId}/team`);
    expect(pending.body.invitations).toEqual([expect.objectContaining({ id: invited.body.id, email: 'diego.dad@example.org' })]);

    const token = await tokenFromMail(invited.body.id);
    const anon = client();
    const info = await anon.get(`/api/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      kind: 'team', email: 'diego.dad@example.org', name: 'Diego Martínez', teamRole: 'guardian',
      childFirstName: 'Leo', invitedBy: 'Theo Therapist', accountExists: false,
    });

    const accepted = await anon.post(`/api/invitations/${token}/accept`, { password: PASSWORD, name: 'Diego M.' });
    expect(accepted.status).toBe(200);
    await anon.refreshCsrf();
    const me = await anon.get('/api/me');
    expect(me.body.user).toMatchObject({ email: 'diego.dad@example.org', name: 'Diego M.' });
    const list = await anon.get('/api/children');
    expect(list.body.children).toEqual([expect.objectContaining({ id: childId, myRole: 'guardian', guardians: ['Diego M.'] })]);
    // The new account can sign in with its password later.
    await client().login('diego.dad@example.org');

    const [invite] = await audit('team.invite', { subjectId: invited.body.id });
    expect(invite).toMatchObject({ actor_id: therapist.id, child_id: childId });
    const [join] = await audit('team.join', { childId, actorId: me.body.user.id });
    expect(join).toMatchObject({ actor_role: 'guardian' });
    // Accepted invitations leave the pending list.
    expect((await tc.get(`/api/children/${childId}/team`)).body.invitations).toEqual([]);
  });

  it('the restricted guardian does not see the other household’s email, and lacks what was removed', async () => {
    const f = await familyOfTwoHouseholds();
    const url = `/api/children/${f.childId}/team`;

    const mumView = await f.mum.client.get(url);
    expect(mumView.status).toBe(200);
    expect(memberByName(mumView.body, 'Diego Martínez')).toMatchObject({ household: "Dad's home", email: null });
    expect(memberByName(mumView.body, 'Maria Lopez')?.email).toBe(f.mum.email);
    expect(memberByName(mumView.body, 'Theo Therapist')?.email).toBe(f.therapist.email);
    expect(JSON.stringify(mumView.body)).not.toContain(f.dad.email);

    for (const viewer of [f.tc, f.dad.client]) {
      const view = await viewer.get(url);
      expect(memberByName(view.body, 'Diego Martínez')?.email).toBe(f.dad.email);
      expect(memberByName(view.body, 'Maria Lopez')?.email).toBe(f.mum.email);
    }

    const mumChild = await f.mum.client.get(`/api/children/${f.childId}`);
    expect(mumChild.status).toBe(200);
    expect(mumChild.body.myRole).toBe('guardian');
    expect(mumChild.body.abilities).not.toContain('team.contacts');
    expect(mumChild.body.abilities).not.toContain('messages.team');
    expect(mumChild.body.abilities).toContain('messages.send');
    const dadChild = await f.dad.client.get(`/api/children/${f.childId}`);
    expect(dadChild.body.abilities).toEqual(expect.arrayContaining(['team.contacts', 'messages.team']));

    for (const g of [f.dad, f.mum]) {
      const list = await g.client.get('/api/children');
      expect(list.body.children.map((c: { id: string }) => c.id)).toEqual([f.childId]);
    }
    const invites = await audit('team.invite', { childId: f.childId });
    expect(invites).toHaveLength(2);
    expect(invites[1]?.details).toMatchObject({ role: 'guardian' });
    expect((invites[1]?.details as { permissions: string[] }).permissions).not.toContain('team.contacts');
    expect(await audit('team.join', { childId: f.childId })).toHaveLength(2);
  });

  it('an invitation can be used only once', async () => {
    const { tc, childId } = await therapistWithChild();
    const inv = await tc.post(`/api/children/${childId}/invitations`, { email: email('once'), name: 'Once Only', role: 'guardian' });
    const token = await tokenFromMail(inv.body.id);
    expect((await client().post(`/api/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(200);
    const again = client();
    const second = await again.post(`/api/invitations/${token}/accept`, { password: 'another calm long sentence' });
    expect(second.status).toBe(410);
    expect(second.body.error.code).toBe('gone');
    expect(again.cookie).toBeUndefined();
    expect((await client().get(`/api/invitations/${token}`)).status).toBe(410);
    expect(await audit('team.join', { childId })).toHaveLength(1);
  });

  it('accepting while signed in as someone else asks first, and only then signs that person out', async () => {
    const { tc, childId } = await therapistWithChild();
    const parentEmail = email('switch');
    const inv = await tc.post(`/api/children/${childId}/invitations`, { email: parentEmail, name: 'New Parent', role: 'guardian' });
    const token = await tokenFromMail(inv.body.id);
    const therapistSession = tc.cookie;
    // The therapist opens the link on her own laptop: nothing happens without her say.
    const asked = await tc.post(`/api/invitations/${token}/accept`, { password: PASSWORD, name: 'New Parent' });
    expect(asked.status).toBe(409);
    expect(asked.body.error.code).toBe('conflict');
    expect(tc.cookie).toBe(therapistSession);
    expect((await t.db.selectFrom('invitation').select('accepted_at').where('id', '=', inv.body.id).executeTakeFirstOrThrow()).accepted_at).toBeNull();
    expect((await tc.get('/api/children')).status).toBe(200);
    // Told, she chooses to switch: her session ends and the browser is the new parent's.
    const switched = await tc.post(`/api/invitations/${token}/accept`, { password: PASSWORD, name: 'New Parent', switchAccount: true });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    expect(tc.cookie).not.toBe(therapistSession);
    await tc.refreshCsrf();
    expect((await tc.get('/api/me')).body.user.email).toBe(parentEmail);
    const old = client();
    old.cookie = therapistSession;
    expect((await old.get('/api/me')).status).toBe(401);
  });

  it('a cancelled invitation no longer works, and the cancellation is audited', async () => {
    const { tc, childId } = await therapistWithChild();
    const inv = await tc.post(`/api/children/${childId}/invitations`, { email: email('cancel'), name: 'Not After All', role: 'guardian' });
    const token = await tokenFromMail(inv.body.id);
    const cancelled = await tc.delete(`/api/children/${childId}/invitations/${inv.body.id}`);
    expect(cancelled.status).toBe(200);
    expect((await tc.get(`/api/children/${childId}/team`)).body.invitations).toEqual([]);
    expect((await client().get(`/api/invitations/${token}`)).status).toBe(410);
    const anon = client();
    expect((await anon.post(`/api/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(410);
    expect(anon.cookie).toBeUndefined();
    expect(await audit('team.invitation_cancel', { subjectId: inv.body.id })).toHaveLength(1);
    expect(await audit('team.join', { childId })).toHaveLength(0);
    // Cancelling twice finds nothing to cancel.
    expect((await tc.delete(`/api/children/${childId}/invitations/${inv.body.id}`)).status).toBe(404);
  });

  it('inviting someone already on the team is a conflict, whatever the letter case', async () => {
    const f = await familyOfTwoHouseholds();
    const before = await t.db.selectFrom('invitation').select('id').where('child_id', '=', f.childId).execute();
    const res = await f.tc.post(`/api/children/${f.childId}/invitations`, { email: f.dad.email.toUpperCase(), name: 'Diego again', role: 'guardian' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: ['email'] })]);
    const after = await t.db.selectFrom('invitation').select('id').where('child_id', '=', f.childId).execute();
    expect(after).toHaveLength(before.length);
    expect(await audit('team.invite', { childId: f.childId })).toHaveLength(2);
  });

  it('refuses a bad email, and a guardian cannot add a therapist', async () => {
    const f = await familyOfTwoHouseholds();
    const bad = await f.tc.post(`/api/children/${f.childId}/invitations`, { email: 'not-an-email', name: 'X', role: 'guardian' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('email');
    const therapist = await f.dad.client.post(`/api/children/${f.childId}/invitations`, { email: email('ther'), name: 'Other Therapist', role: 'therapist' });
    expect(therapist.status).toBe(400);
    expect(therapist.body.error.message).toContain('role');
    expect(await audit('team.invite', { childId: f.childId })).toHaveLength(2);
  });
});

describe('an invitation expires after seven days', () => {
  it('says it works for 7 days, in the invitee’s language, and is gone once the clock has moved eight days on', async () => {
    const { tc, childId } = await therapistWithChild();
    const inv = await tc.post(`/api/children/${childId}/invitations`, { email: email('late'), name: 'Late Comer', role: 'guardian', locale: 'es' });
    const token = await tokenFromMail(inv.body.id);
    // Days, not 168 hours, in the words of a Spanish reader, in both parts of the mail.
    const mail = await t.db.selectFrom('mail_outbox').select(['text_body', 'html_body']).where('dedupe_key', '=', `invitation:${inv.body.id}`).executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('Este enlace funciona una sola vez y caduca en 7 días.');
    expect(mail.html_body).toContain('caduca en 7 días.');
    expect(mail.text_body).not.toMatch(/\d+ horas?/u);
    const start = t.clock();
    t.clock.advance(8 * 86_400_000);
    try {
      expect((await client().get(`/api/invitations/${token}`)).status).toBe(410);
      const anon = client();
      const res = await anon.post(`/api/invitations/${token}/accept`, { password: PASSWORD });
      expect(res.status).toBe(410);
      expect(anon.cookie).toBeUndefined();
      const user = await t.db.selectFrom('app_user').select('id').where('email', '=', inv.body.email).executeTakeFirst();
      expect(user).toBeUndefined();
    } finally {
      t.clock.set(start);
    }
  });
});

describe('the family brings in more people', () => {
  it('a guardian invites a grandmother as caregiver, who gets no more than the guardian holds', async () => {
    const f = await familyOfTwoHouseholds();
    // Asking for 'plan.edit', which no guardian holds, grants only what is allowed.
    const gran = await inviteAndJoin(f.dad.client, f.childId, {
      email: email('gran'), name: 'Rosa (Grandma)', role: 'caregiver', household: "Dad's home",
      permissions: ['child.view', 'plan.view', 'plan.edit', 'practice.log'],
    });
    const granChild = await gran.client.get(`/api/children/${f.childId}`);
    expect(granChild.status).toBe(200);
    expect(granChild.body.myRole).toBe('caregiver');
    expect(granChild.body.abilities).not.toContain('plan.edit');
    expect(granChild.body.abilities).toEqual(expect.arrayContaining(['child.view', 'plan.view', 'practice.log']));
    expect(granChild.body.abilities).not.toContain('messages.send');
    // The restricted guardian cannot pass on what was kept from her, even with the role's defaults.
    const nanny = await inviteAndJoin(f.mum.client, f.childId, { email: email('nanny'), name: 'Nina Nanny', role: 'caregiver', household: "Mum's home" });
    const nannyChild = await nanny.client.get(`/api/children/${f.childId}`);
    expect(nannyChild.body.abilities).not.toContain('messages.team');
    expect(nannyChild.body.abilities).toContain('messages.send');
    // The caregiver cannot invite anyone.
    const tries = await gran.client.post(`/api/children/${f.childId}/invitations`, { email: email('x'), name: 'X', role: 'caregiver' });
    expect(tries.status).toBe(404);

    const [invite] = await audit('team.invite', { subjectId: gran.invitationId });
    expect(invite).toMatchObject({ actor_id: f.dad.userId, child_id: f.childId });
    expect((invite?.details as { permissions: string[] }).permissions).not.toContain('plan.edit');
    expect(await audit('team.join', { childId: f.childId, actorId: gran.userId })).toHaveLength(1);
  });

  it('a teacher joins only with a guardian’s recorded consent, and loses access the moment they are removed', async () => {
    const f = await familyOfTwoHouseholds();
    const teacherEmail = email('teacher');
    const url = `/api/children/${f.childId}/invitations`;

    const noConsent = await f.dad.client.post(url, { email: teacherEmail, name: 'Ms Taylor', role: 'teacher' });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.message).toContain('consentNote');
    expect(noConsent.body.error.details).toEqual([expect.objectContaining({ path: ['consentNote'] })]);

    const byTherapist = await f.tc.post(url, { email: teacherEmail, name: 'Ms Taylor', role: 'teacher', consentNote: 'The school may see the strategies.' });
    expect(byTherapist.status).toBe(400);
    expect(await t.db.selectFrom('consent').select('id').where('child_id', '=', f.childId).execute()).toEqual([]);
    expect(await t.db.selectFrom('invitation').select('id').where('email', '=', teacherEmail).execute()).toEqual([]);

    const teacher = await inviteAndJoin(f.dad.client, f.childId, {
      email: teacherEmail, name: 'Ms Taylor', role: 'teacher', consentNote: 'Leo’s class teacher may see and use the strategies.',
    });
    const consent = await t.db.selectFrom('consent').selectAll().where('child_id', '=', f.childId).executeTakeFirstOrThrow();
    expect(consent).toMatchObject({ granted_by: f.dad.userId, subject_email: teacherEmail, kind: 'school_access', revoked_at: null });
    expect(await audit('consent.grant', { subjectId: consent.id })).toEqual([expect.objectContaining({ actor_id: f.dad.userId, child_id: f.childId })]);

    const seen = await teacher.client.get(`/api/children/${f.childId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.myRole).toBe('teacher');
    expect(seen.body.abilities).not.toContain('journal.view');
    expect((await teacher.client.get('/api/children')).body.children.map((c: { id: string }) => c.id)).toEqual([f.childId]);

    const team = await f.dad.client.get(`/api/children/${f.childId}/team`);
    const member = memberByName(team.body, 'Ms Taylor');
    expect(member?.role).toBe('teacher');
    const removed = await f.dad.client.delete(`/api/children/${f.childId}/team/${member?.id}`);
    expect(removed.status).toBe(200);

    // Checklist 38: no access without an active consent, from the next request on.
    expect((await teacher.client.get(`/api/children/${f.childId}`)).status).toBe(404);
    expect((await teacher.client.get(`/api/children/${f.childId}/team`)).status).toBe(404);
    expect((await teacher.client.get('/api/children')).body.children).toEqual([]);
    const after = await t.db.selectFrom('consent').selectAll().where('id', '=', consent.id).executeTakeFirstOrThrow();
    expect(after.revoked_at).not.toBeNull();
    expect(after.revoked_by).toBe(f.dad.userId);
    expect(await audit('consent.revoke', { subjectId: consent.id })).toHaveLength(1);
    expect(await audit('team.revoke', { subjectId: member?.id })).toEqual([expect.objectContaining({ actor_id: f.dad.userId })]);
    expect((await audit('access_denied', { actorId: teacher.userId })).length).toBeGreaterThan(0);
    expect(memberByName((await f.dad.client.get(`/api/children/${f.childId}/team`)).body, 'Ms Taylor')).toBeUndefined();
  });

  it('a teacher invitation cancelled before it is accepted withdraws the consent with it', async () => {
    const f = await familyOfTwoHouseholds();
    const inv = await f.dad.client.post(`/api/children/${f.childId}/invitations`, {
      email: email('teacher'), name: 'Mr Brown', role: 'teacher', consentNote: 'For this school year.',
    });
    expect(inv.status).toBe(201);
    const token = await tokenFromMail(inv.body.id);
    expect((await f.dad.client.delete(`/api/children/${f.childId}/invitations/${inv.body.id}`)).status).toBe(200);
    const consent = await t.db.selectFrom('consent').select('revoked_at').where('child_id', '=', f.childId).executeTakeFirstOrThrow();
    expect(consent.revoked_at).not.toBeNull();
    expect((await client().post(`/api/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(410);
  });
});

describe('removing someone from the team', () => {
  it('a revoked guardian finds the child gone on their very next request', async () => {
    const f = await familyOfTwoHouseholds();
    expect((await f.mum.client.get(`/api/children/${f.childId}`)).status).toBe(200);
    const team = await f.tc.get(`/api/children/${f.childId}/team`);
    const mum = memberByName(team.body, 'Maria Lopez');
    const res = await f.tc.delete(`/api/children/${f.childId}/team/${mum?.id}`);
    expect(res.status).toBe(200);

    for (const path of [`/api/children/${f.childId}`, `/api/children/${f.childId}/team`]) {
      const r = await f.mum.client.get(path);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
    }
    expect((await f.mum.client.get('/api/children')).body.children).toEqual([]);
    const reinvite = await f.mum.client.post(`/api/children/${f.childId}/invitations`, { email: email('x'), name: 'X', role: 'caregiver' });
    expect(reinvite.status).toBe(404);
    // The other guardian keeps the child, and no longer sees the removed one.
    expect((await f.dad.client.get(`/api/children/${f.childId}`)).status).toBe(200);
    const dadTeam = await f.dad.client.get(`/api/children/${f.childId}/team`);
    expect(memberByName(dadTeam.body, 'Maria Lopez')).toBeUndefined();
    expect((await f.dad.client.get('/api/children')).body.children[0].guardians).toEqual(['Diego Martínez']);

    expect(await audit('team.revoke', { subjectId: mum?.id })).toEqual([
      expect.objectContaining({ actor_id: f.therapist.id, child_id: f.childId }),
    ]);
    expect((await audit('access_denied', { actorId: f.mum.userId, childId: f.childId })).length).toBeGreaterThanOrEqual(2);
  });

  it('one parent cannot remove the other or narrow their access; only the clinic can', async () => {
    const f = await familyOfTwoHouseholds();
    const url = `/api/children/${f.childId}/team`;
    const before = (await f.tc.get(url)).body;
    const mum = memberByName(before, 'Maria Lopez');
    const dad = memberByName(before, 'Diego Martínez');
    const removed = await f.dad.client.delete(`${url}/${mum?.id}`);
    expect(removed.status).toBe(403);
    expect(removed.body.error.message).toMatch(/Only the clinic/);
    expect((await f.mum.client.patch(`${url}/${dad?.id}`, { permissions: ['child.view'] })).status).toBe(403);
    expect((await f.tc.get(url)).body).toEqual(before);
    expect((await f.mum.client.get(`/api/children/${f.childId}`)).status).toBe(200);
    expect(await audit('team.revoke', { childId: f.childId })).toEqual([]);
    expect(await audit('team.update', { childId: f.childId })).toEqual([]);
  });

  it('a guardian cannot remove themselves or the therapist, and a stranger cannot remove anyone', async () => {
    const f = await familyOfTwoHouseholds();
    const team = (await f.tc.get(`/api/children/${f.childId}/team`)).body;
    const dad = memberByName(team, 'Diego Martínez');
    const therapist = memberByName(team, 'Theo Therapist');
    expect((await f.dad.client.delete(`/api/children/${f.childId}/team/${dad?.id}`)).status).toBe(409);
    expect((await f.dad.client.delete(`/api/children/${f.childId}/team/${therapist?.id}`)).status).toBe(403);

    const other = await therapistWithChild('Ava');
    const stranger = await other.tc.delete(`/api/children/${f.childId}/team/${dad?.id}`);
    expect(stranger.status).toBe(404);
    expect((await client().delete(`/api/children/${f.childId}/team/${dad?.id}`)).status).toBe(401);
    expect((await f.dad.client.get(`/api/children/${f.childId}`)).status).toBe(200);
    expect(memberByName((await f.tc.get(`/api/children/${f.childId}/team`)).body, 'Diego Martínez')).toBeDefined();
    expect(await audit('team.revoke', { childId: f.childId })).toEqual([]);
  });
});

describe('another family or no session', () => {
  it('an unrelated therapist or guardian gets 404 and no invitation is created; no session gets 401', async () => {
    const f = await familyOfTwoHouseholds();
    const other = await familyOfTwoHouseholds();
    const body = { email: email('sneaky'), name: 'Sneaky', role: 'guardian' };
    for (const c of [other.tc, other.dad.client]) {
      expect((await c.post(`/api/children/${f.childId}/invitations`, body)).status).toBe(404);
      expect((await c.get(`/api/children/${f.childId}/team`)).status).toBe(404);
    }
    expect((await client().post(`/api/children/${f.childId}/invitations`, body)).status).toBe(401);
    expect((await client().get(`/api/children/${f.childId}/team`)).status).toBe(401);
    expect(await t.db.selectFrom('invitation').select('id').where('email', '=', body.email).execute()).toEqual([]);
    expect((await audit('access_denied', { actorId: other.therapist.id, childId: f.childId })).length).toBeGreaterThan(0);
  });
});

describe('invitations accepted at the front desk', () => {
  it('families behind one address each have their own allowance; a password guessed through invitations is slowed like a sign-in', async () => {
    const desk = '10.9.9.9';
    const { tc, childId } = await therapistWithChild('Ana');
    // Twelve families accept their invitations one after another on their phones, on the clinic's Wi-Fi.
    for (let i = 0; i < 12; i++) {
      const inv = await tc.post(`/api/children/${childId}/invitations`, { email: email(`desk${i}`), name: `Parent ${i}`, role: 'guardian' });
      expect(inv.status).toBe(201);
      const token = await tokenFromMail(inv.body.id);
      const phone = client(desk);
      expect((await phone.get(`/api/invitations/${token}`)).status).toBe(200);
      const accepted = await phone.post(`/api/invitations/${token}/accept`, { password: PASSWORD });
      expect(accepted.status, `family ${i}: ${JSON.stringify(accepted.body)}`).toBe(200);
    }
    // An existing account's password guessed through invitations: slowed like a sign-in (per
    // account, from any address), and every failure is audited.
    const f = await familyOfTwoHouseholds();
    const sibling = await f.tc.post('/api/children', { firstName: 'Lucia', lastName: 'Martínez' });
    const inv = await f.tc.post(`/api/children/${sibling.body.id}/invitations`, { email: f.dad.email, name: 'Diego', role: 'guardian', household: "Dad's home" });
    expect(inv.status).toBe(201);
    const token = await tokenFromMail(inv.body.id);
    for (let i = 0; i < 5; i++) expect((await client().post(`/api/invitations/${token}/accept`, { password: `wrong guess number ${i}` })).status).toBe(400);
    const slowed = await client().post(`/api/invitations/${token}/accept`, { password: PASSWORD });
    expect(slowed.status).toBe(429);
    expect(slowed.headers['retry-after']).toBeDefined();
    expect((await t.db.selectFrom('invitation').select('accepted_at').where('id', '=', inv.body.id).executeTakeFirstOrThrow()).accepted_at).toBeNull();
    const failed = (await audit('auth.sign_in', { actorId: f.dad.userId })).filter((a) => a.outcome === 'failed');
    expect(failed.map((a) => (a.details as { via?: string }).via)).toEqual(['invitation', 'invitation', 'invitation', 'invitation', 'invitation']);
    // Once the wait is over, the right password joins.
    t.clock.advance(60_000);
    expect((await client().post(`/api/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(200);
  });
});

describe('one login for siblings', () => {
  it('a guardian invited to a second child accepts with their password and then sees both children', async () => {
    const f = await familyOfTwoHouseholds();
    const sibling = await f.tc.post('/api/children', { firstName: 'Lucia', lastName: 'Martínez' });
    expect(sibling.status).toBe(201);
    const inv = await f.tc.post(`/api/children/${sibling.body.id}/invitations`, { email: f.dad.email, name: 'Diego Martínez', role: 'guardian', household: "Dad's home" });
    expect(inv.status).toBe(201);
    const token = await tokenFromMail(inv.body.id);

    const phone = client();
    const info = await phone.get(`/api/invitations/${token}`);
    expect(info.body).toMatchObject({ accountExists: true, childFirstName: 'Lucia' });
    const wrong = await phone.post(`/api/invitations/${token}/accept`, { password: 'not my password at all' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('password');
    expect((await phone.get(`/api/invitations/${token}`)).status).toBe(200);

    const ok = await phone.post(`/api/invitations/${token}/accept`, { password: PASSWORD });
    expect(ok.status).toBe(200);
    await phone.refreshCsrf();
    const list = await phone.get('/api/children');
    expect(list.body.children.map((c: { firstName: string }) => c.firstName)).toEqual(['Leo', 'Lucia']);
    // Still one account.
    const users = await t.db.selectFrom('app_user').select('id').where('email', '=', f.dad.email).execute();
    expect(users).toEqual([{ id: f.dad.userId }]);
    expect(await audit('team.join', { childId: sibling.body.id, actorId: f.dad.userId })).toHaveLength(1);
  });

  it('a guardian already signed in accepts without typing the password again', async () => {
    const f = await familyOfTwoHouseholds();
    const sibling = await f.tc.post('/api/children', { firstName: 'Mateo', lastName: 'Martínez' });
    const inv = await f.tc.post(`/api/children/${sibling.body.id}/invitations`, { email: f.mum.email, name: 'Maria Lopez', role: 'guardian', household: "Mum's home" });
    const token = await tokenFromMail(inv.body.id);
    const sessionBefore = f.mum.client.cookie;
    const ok = await f.mum.client.post(`/api/invitations/${token}/accept`, {});
    expect(ok.status).toBe(200);
    expect(f.mum.client.cookie).toBe(sessionBefore);
    const list = await f.mum.client.get('/api/children');
    expect(list.body.children.map((c: { firstName: string }) => c.firstName)).toEqual(['Leo', 'Mateo']);
    // A different person signed in on the same device still has to prove it is them.
    const dadTries = await f.tc.post(`/api/children/${sibling.body.id}/invitations`, { email: f.dad.email, name: 'Diego Martínez', role: 'guardian' });
    const dadToken = await tokenFromMail(dadTries.body.id);
    expect((await f.mum.client.post(`/api/invitations/${dadToken}/accept`, {})).status).toBe(409);
    const asMum = await f.mum.client.post(`/api/invitations/${dadToken}/accept`, { switchAccount: true });
    expect(asMum.status).toBe(400);
    expect(asMum.body.error.message).toContain('password');
    expect((await f.dad.client.get('/api/children')).body.children).toHaveLength(1);
  });
});

describe('clinic admin invites clinicians', () => {
  it('an invited therapist accepts, appears among the clinicians, and can add a child', async () => {
    const clinic = await buildClinic(t.db);
    const admin = await client().login(clinic.admin.email);
    const therapistEmail = email('new.therapist');
    const inv = await admin.post('/api/admin/invitations', { email: therapistEmail, name: 'Olivia OT', role: 'therapist' });
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({ email: therapistEmail, kind: 'clinician', role: 'therapist' });
    const listed = await admin.get('/api/admin/clinicians');
    expect(listed.body.invitations).toEqual([expect.objectContaining({ id: inv.body.id, email: therapistEmail })]);
    const outbox = await admin.get('/api/admin/outbox');
    expect(outbox.body.smtpConfigured).toBe(false);
    expect(outbox.body.mails).toEqual([expect.objectContaining({ to: therapistEmail, status: 'held' })]);

    const token = await tokenFromMail(inv.body.id);
    const newcomer = client();
    const info = await newcomer.get(`/api/invitations/${token}`);
    expect(info.body).toMatchObject({ kind: 'clinician', clinicRole: 'therapist', teamRole: null, childFirstName: null, accountExists: false });
    const accepted = await newcomer.post(`/api/invitations/${token}/accept`, { password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body.childId).toBeNull();
    await newcomer.refreshCsrf();
    const me = await newcomer.get('/api/me');
    expect(me.body.clinics).toEqual([expect.objectContaining({ id: clinic.id, role: 'therapist' })]);

    const clinicians = await admin.get('/api/admin/clinicians');
    expect(clinicians.status).toBe(200);
    expect(clinicians.body.clinicians).toEqual(expect.arrayContaining([
      expect.objectContaining({ email: therapistEmail, name: 'Olivia OT', role: 'therapist', childCount: 0 }),
      expect.objectContaining({ email: clinic.admin.email, role: 'admin' }),
    ]));
    expect(clinicians.body.invitations).toEqual([]);

    const child = await newcomer.post('/api/children', { firstName: 'Noah', lastName: 'Johnson', therapyTypes: ['occupational'] });
    expect(child.status).toBe(201);
    expect((await admin.get('/api/admin/clinicians')).body.clinicians.find((c: { email: string }) => c.email === therapistEmail).childCount).toBe(1);

    const auditPage = await admin.get('/api/admin/audit?action=clinician.');
    expect(auditPage.body.events.map((e: { action: string }) => e.action).sort()).toEqual(['clinician.invite', 'clinician.join']);
    expect(await audit('clinician.join', { actorId: me.body.user.id })).toHaveLength(1);
    // Accepting twice does not work.
    expect((await client().post(`/api/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(410);
  });

  it('inviting an existing clinician is a conflict; a bad role is refused', async () => {
    const clinic = await buildClinic(t.db);
    const therapist = await buildTherapist(t.db, clinic.id);
    const admin = await client().login(clinic.admin.email);
    const dup = await admin.post('/api/admin/invitations', { email: therapist.email, name: 'Again', role: 'therapist' });
    expect(dup.status).toBe(409);
    const bad = await admin.post('/api/admin/invitations', { email: email('x'), name: 'X', role: 'guardian' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('role');
    expect(await t.db.selectFrom('invitation').select('id').where('clinic_id', '=', clinic.id).execute()).toEqual([]);
  });

  it('admin pages do not exist for a therapist, a guardian or another clinic’s people; no session → 401', async () => {
    const f = await familyOfTwoHouseholds();
    const adminOfOther = await buildClinic(t.db);
    const outsider = await buildUser(t.db, 'Just Someone');
    const people = [f.tc, f.dad.client, await client().login(outsider.email)];
    const reads = ['/api/admin/clinicians', '/api/admin/outbox', '/api/admin/audit', '/api/admin/clinic'];
    for (const c of people) {
      for (const path of reads) {
        const r = await c.get(path);
        expect(r.status, `${path}`).toBe(404);
        expect(r.body).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
      }
      const inv = await c.post('/api/admin/invitations', { email: email('sneak'), name: 'Sneak', role: 'admin' });
      expect(inv.status).toBe(404);
    }
    for (const path of reads) expect((await client().get(path)).status).toBe(401);
    expect(await t.db.selectFrom('invitation').select('id').where('kind', '=', 'clinician').where('clinic_id', '=', f.clinic.id).execute()).toEqual([]);
    // Another clinic's admin sees only their own clinic.
    const other = await client().login(adminOfOther.admin.email);
    const list = await other.get('/api/admin/clinicians');
    expect(list.body.clinicians.map((c: { email: string }) => c.email)).toEqual([adminOfOther.admin.email]);
  });
});
