import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFamily, createTestContext, openEvents, signIn, startSecondInstance, type TestContext } from '../../../test/support.ts';
import { publish } from './hub.ts';

let t: TestContext;
let baseUrl: string;
let second: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  t = await createTestContext();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  second = await startSecondInstance(t);
});
afterAll(async () => {
  await second.close();
  await t.close();
});

describe('server-sent events', () => {
  it('refuses a stream without a session', async () => {
    const res = await fetch(`${baseUrl}/api/events`);
    expect(res.status).toBe(401);
  });

  it('delivers a committed event to every open stream of its addressee on both instances, and nothing to others', async () => {
    const f = await buildFamily(t.db);
    const guardian = await signIn(t.app, f.guardian.email);
    const therapist = await signIn(t.app, f.therapist.email);
    const onFirst = await openEvents(baseUrl, guardian);
    const onSecond = await openEvents(second.url, guardian);
    const other = await openEvents(second.url, therapist);

    await t.db.transaction().execute(async (tx) => publish(tx, [f.guardian.id], { type: 'probe', childId: f.child.id }));

    expect(await onFirst.next('probe')).toEqual({ type: 'probe', childId: f.child.id });
    expect(await onSecond.next('probe')).toEqual({ type: 'probe', childId: f.child.id });
    await t.db.transaction().execute(async (tx) => publish(tx, [f.therapist.id], { type: 'marker' }));
    await other.next('marker');
    expect(other.received.map((e) => e.type)).toEqual(['ready', 'marker']);
    for (const s of [onFirst, onSecond, other]) s.close();
  });

  it('announces nothing from a transaction that rolled back', async () => {
    const f = await buildFamily(t.db);
    const guardian = await signIn(t.app, f.guardian.email);
    const stream = await openEvents(second.url, guardian);
    await t.db.transaction().execute(async (tx) => {
      await publish(tx, [f.guardian.id], { type: 'rolled-back' });
      throw new Error('abort');
    }).catch(() => {});
    await t.db.transaction().execute(async (tx) => publish(tx, [f.guardian.id], { type: 'committed' }));
    await stream.next('committed');
    expect(stream.received.map((e) => e.type)).toEqual(['ready', 'committed']);
    stream.close();
  });

  it('ends a session’s streams on every instance when it signs out, and keeps the person’s other sessions', async () => {
    const f = await buildFamily(t.db);
    const phone = await signIn(t.app, f.guardian.email);
    const laptop = await signIn(t.app, f.guardian.email);
    const phoneStream = await openEvents(second.url, phone);
    const laptopStream = await openEvents(second.url, laptop);
    expect((await phone.post('/api/auth/logout')).status).toBeLessThan(300);
    await phoneStream.ended;
    await t.db.transaction().execute(async (tx) => publish(tx, [f.guardian.id], { type: 'still-here' }));
    await laptopStream.next('still-here');
    laptopStream.close();
  });

  it('ends a stream when its session times out, though nobody signed out', async () => {
    const f = await buildFamily(t.db);
    const guardian = await signIn(t.app, f.guardian.email);
    // The session's twelve hours end a second and a half from now.
    await t.db.updateTable('auth_session').set({ expires_at: new Date(t.clock().getTime() + 1_500) })
      .where('user_id', '=', f.guardian.id).where('ended_at', 'is', null).execute();
    const stream = await openEvents(second.url, guardian);
    // The stream has looked at its session and waits for the deadline; then the time comes.
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.received.map((e) => e.type)).toEqual(['ready']);
    t.clock.advance(2_000);
    await stream.ended;
  });
});
