import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildSignedInTeam, buildUser, createTestContext, deliveredTo, signIn, startTestSmtp, type TestClient, type TestContext, type TestSmtp } from '../../../../test/support.ts';
import { sweepNotifications } from '../notifications/notify.ts';

/**
 * A resource given to a family tells the family members who may read it, in the app and by their
 * channel and hours, through a real SMTP server on loopback: an email with a generic sentence, no
 * child's name and no resource title; the daily digest counts it on a line of its own.
 */

let t: TestContext;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t?.close();
  await smtp.close();
});

const at = (iso: string) => t.clock.set(new Date(iso));
const delivered = (address: string) => deliveredTo(t, smtp, address);
const notes = (childId: string) => t.db.selectFrom('notification').select(['user_id', 'kind', 'target', 'email_state']).where('child_id', '=', childId)
  .where('kind', '=', 'resource_shared').execute();
async function choose(c: TestClient, kinds: { kind: string; mode: string }[] = []) {
  const res = await c.put('/api/notifications/settings', { channel: 'email', digestTime: '18:00', kinds });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
async function ownResource(c: TestClient, title: string) {
  const res = await c.post('/api/resources', { kind: 'article', content: { en: { title, body: 'Read this together.' } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe('a resource given to a family', () => {
  it('tells the guardians and caregivers who may read it, by email without the child’s name or the resource’s title', async () => {
    at('2026-11-23T15:00:00Z'); // 09:00 in Chicago
    const f = await buildSignedInTeam(t);
    // A caregiver the guardians keep away from the plan is not told.
    const aunt = await buildUser(t.db, 'Aunt Without Plan');
    await addMember(t.db, f.child, aunt, 'caregiver', { permissions: ['practice.view'] });
    await choose(f.gc);
    await choose(f.cc);
    const resourceId = await ownResource(f.tc, 'Bedtime without tears');

    const given = await f.tc.post(`/api/children/${f.child.id}/resources`, { resourceId, note: 'Try the first part tonight.' });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const told = await notes(f.child.id);
    expect(told.map((n) => n.user_id).sort()).toEqual([f.guardian.id, f.caregiver.id].sort());
    expect(told[0]?.target).toEqual({ childResourceId: given.body.id });

    // In the app, the bell names the therapist and the child, never the resource.
    const bell = await f.gc.get('/api/notifications');
    expect(bell.status).toBe(200);
    expect(bell.body.notifications[0]).toMatchObject({ kind: 'resource_shared', childName: 'Leo', target: { childResourceId: given.body.id } });
    expect(JSON.stringify(bell.body)).not.toContain('Bedtime');

    await sweepNotifications(t.deps);
    for (const who of [f.guardian, f.caregiver]) {
      const [mail] = await delivered(who.email);
      expect(mail?.subject).toBe('There is something new for you in CareTeam');
      expect(mail?.text).toContain('Your therapist has shared something to read or watch in CareTeam.');
      expect(`${mail?.subject} ${mail?.text} ${mail?.html}`).not.toMatch(/Leo|Bedtime|tonight/);
    }
    expect(smtp.mailsTo(f.teacher.email)).toEqual([]);
    expect(smtp.mailsTo(f.therapist.email)).toEqual([]);
    expect(smtp.mailsTo(aunt.email)).toEqual([]);

    // Given again it is a 409, and nobody is told twice.
    expect((await f.tc.post(`/api/children/${f.child.id}/resources`, { resourceId, note: '' })).status).toBe(409);
    expect(await notes(f.child.id)).toHaveLength(2);
  });

  it('waits for the end of quiet hours, and goes into the digest on a line of its own for those who chose it', async () => {
    at('2026-11-24T04:00:00Z'); // 22:00 in Chicago
    const f = await buildSignedInTeam(t);
    expect((await f.gc.patch('/api/me', { timeZone: 'America/Chicago', quietHours: { start: '21:00', end: '07:00' } })).status).toBe(200);
    await choose(f.gc);
    await choose(f.cc, [{ kind: 'resource_shared', mode: 'digest' }]);
    expect((await f.cc.patch('/api/me', { timeZone: 'America/Chicago' })).status).toBe(200);
    for (const title of ['Calm corner', 'Morning routine']) {
      expect((await f.tc.post(`/api/children/${f.child.id}/resources`, { resourceId: await ownResource(f.tc, title), note: '' })).status).toBe(201);
    }
    await sweepNotifications(t.deps);
    expect(await delivered(f.guardian.email)).toEqual([]);

    at('2026-11-24T13:00:30Z'); // 07:00 in Chicago: quiet hours are over
    await sweepNotifications(t.deps);
    expect((await delivered(f.guardian.email)).map((m) => m.subject)).toEqual(['There is something new for you in CareTeam', 'There is something new for you in CareTeam']);
    expect(await delivered(f.caregiver.email)).toEqual([]);

    at('2026-11-25T00:00:30Z'); // 18:00 in Chicago: the caregiver's digest
    await sweepNotifications(t.deps);
    const [digest] = await delivered(f.caregiver.email);
    expect(digest?.subject).toBe('Your CareTeam day: 2 new things');
    expect(digest?.text).toContain('- 2 resources shared with your family');
    expect(digest?.text).not.toMatch(/Leo|Calm|Morning/);
  });
});
