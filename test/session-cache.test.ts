// Each server instance keeps what a session may do, so most requests need no round trip for it.
// These tests warm a second instance's copy, make the change on the first, and check that the
// second instance's very next answer already reflects it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/server/features/auth/totp.ts';
import { addMember, buildFamily, buildUser, createTestContext, PASSWORD, signIn, startSecondInstance, type TestClient, type TestContext } from './support.ts';

let t: TestContext;
let second: Awaited<ReturnType<typeof startSecondInstance>>;

beforeAll(async () => {
  t = await createTestContext();
  second = await startSecondInstance(t);
});
afterAll(async () => {
  await second.close();
  await t.close();
});

/** A request on the second instance with the client's session. */
async function onSecond(client: TestClient, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${second.url}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Reads twice on the second instance, so its answer now comes from its kept copy. */
async function warm(client: TestClient, path: string): Promise<void> {
  expect((await onSecond(client, path)).status).toBe(200);
  expect((await onSecond(client, path)).status).toBe(200);
}

describe('what a session may do, kept per instance', () => {
  it('signing out on one instance ends the session on the other at once', async () => {
    const f = await buildFamily(t.db);
    const guardian = await signIn(t.app, f.guardian.email);
    const session = guardian.cookie;
    await warm(guardian, `/api/children/${f.child.id}`);
    expect((await guardian.post('/api/auth/logout')).status).toBeLessThan(300);
    guardian.cookie = session;
    expect((await onSecond(guardian, `/api/children/${f.child.id}`)).status).toBe(401);
  });

  it('changing the password with "sign out everywhere" ends the other sessions on the other instance', async () => {
    const f = await buildFamily(t.db);
    const phone = await signIn(t.app, f.guardian.email);
    const laptop = await signIn(t.app, f.guardian.email);
    await warm(phone, `/api/children/${f.child.id}`);
    const changed = await laptop.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'another long and calm sentence', signOutEverywhere: true });
    expect(changed.status).toBe(200);
    expect((await onSecond(phone, `/api/children/${f.child.id}`)).status).toBe(401);
  });

  it('turning on two-factor sign-in shows on the other instance at once', async () => {
    const f = await buildFamily(t.db);
    const phone = await signIn(t.app, f.guardian.email);
    const laptop = await signIn(t.app, f.guardian.email);
    await warm(phone, '/api/me');
    expect((await onSecond(phone, '/api/me')).body.user.totpEnabled).toBe(false);
    const secret: string = (await laptop.post('/api/me/totp/setup')).body.secret;
    expect((await laptop.post('/api/me/totp/enable', { code: totpCode(secret, t.clock()) })).status).toBe(200);
    expect((await onSecond(phone, '/api/me')).body.user.totpEnabled).toBe(true);
  });

  it('removing a member closes the child to them on the other instance at once', async () => {
    const f = await buildFamily(t.db);
    const grandma = await buildUser(t.db, 'Rosa Grandma');
    const member = await addMember(t.db, f.child, grandma, 'caregiver');
    const guardian = await signIn(t.app, f.guardian.email);
    const caregiver = await signIn(t.app, grandma.email);
    await warm(caregiver, `/api/children/${f.child.id}`);
    expect((await guardian.delete(`/api/children/${f.child.id}/team/${member.id}`)).status).toBe(200);
    expect((await onSecond(caregiver, `/api/children/${f.child.id}`)).status).toBe(404);
  });

  it('narrowed permissions apply on the other instance at once, and the rest stays open', async () => {
    const f = await buildFamily(t.db);
    const grandma = await buildUser(t.db, 'Rosa Grandma');
    const member = await addMember(t.db, f.child, grandma, 'caregiver');
    const guardian = await signIn(t.app, f.guardian.email);
    const caregiver = await signIn(t.app, grandma.email);
    await warm(caregiver, `/api/children/${f.child.id}/practice`);
    const narrowed = await guardian.patch(`/api/children/${f.child.id}/team/${member.id}`, { permissions: ['child.view', 'team.view', 'journal.write'] });
    expect(narrowed.status).toBe(200);
    expect((await onSecond(caregiver, `/api/children/${f.child.id}/practice`)).status).toBe(404);
    expect((await onSecond(caregiver, `/api/children/${f.child.id}`)).status).toBe(200);
  });

  it("a clinician's sessions across their children follow a new child and a child's new time zone on the other instance at once", async () => {
    const f = await buildFamily(t.db);
    const therapist = await signIn(t.app, f.therapist.email);
    const week = `/api/me/sessions?from=${encodeURIComponent('2026-11-02T00:00:00Z')}&to=${encodeURIComponent('2026-11-09T00:00:00Z')}`;
    const schedule = async (childId: string, time: string) => {
      const res = await therapist.post(`/api/children/${childId}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-11-04', time, durationMinutes: 45 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await schedule(f.child.id, '16:00');
    await warm(therapist, week);
    const localStarts = async () => (await onSecond(therapist, week)).body.sessions.map((s: { childId: string; localStart: string }) => `${s.childId === f.child.id ? 'first' : 'new'} ${s.localStart}`);
    expect(await localStarts()).toEqual(['first 2026-11-04T16:00']);
    // A child the therapist adds (their team now) shows with its session on the other instance's next
    // answer, on its family's clock (sessions are scheduled on the clinic's, Chicago).
    const added = await therapist.post('/api/children', { firstName: 'Nia', lastName: 'New', profile: { timeZone: 'America/New_York' } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await schedule(added.body.id, '10:00');
    await warm(therapist, week);
    expect(await localStarts()).toEqual(['new 2026-11-04T11:00', 'first 2026-11-04T16:00']);
    // The first child's family moves to New York: the same instant reads an hour later there.
    const moved = await therapist.patch(`/api/children/${f.child.id}`, { profile: { timeZone: 'America/New_York' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await localStarts()).toEqual(['new 2026-11-04T11:00', 'first 2026-11-04T17:00']);
  });

  it('a revoked consent closes the child to the teacher it let in, on the other instance at once', async () => {
    const f = await buildFamily(t.db);
    const teacherUser = await buildUser(t.db, 'Tess Teacher');
    await addMember(t.db, f.child, teacherUser, 'teacher');
    const teacher = await signIn(t.app, teacherUser.email);
    await warm(teacher, `/api/children/${f.child.id}/strategies`);
    // Revoked as an operator would, outside any request: the database announces it all the same.
    await t.db.updateTable('consent').set({ revoked_at: new Date() }).where('child_id', '=', f.child.id).execute();
    await second.heard();
    expect((await onSecond(teacher, `/api/children/${f.child.id}/strategies`)).status).toBe(404);
  });

  it('a kept session still times out when it has been idle too long', async () => {
    const f = await buildFamily(t.db);
    const guardian = await signIn(t.app, f.guardian.email);
    await warm(guardian, `/api/children/${f.child.id}`);
    t.clock.advance(31 * 60_000);
    expect((await onSecond(guardian, `/api/children/${f.child.id}`)).status).toBe(401);
  });
});
