import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember, buildChild, buildFamily, buildTherapist, buildUser, createTestContext, openEvents, signIn, startSecondInstance, type TestClient, type TestContext,
} from '../../../../test/support.ts';
import { loadConfig } from '../../config.ts';
import { sweepSessionReminders } from '../sessions/reminders.ts';
import { iceServersFor, turnCredential } from './turn.ts';

let t: TestContext;
let baseUrl: string;
let second: Awaited<ReturnType<typeof startSecondInstance>>;

beforeAll(async () => {
  t = await createTestContext();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  second = await startSecondInstance(t);
});
afterAll(async () => {
  await second.close();
  await t.close();
});

const MINUTE = 60_000;

/** A family with a video session twenty minutes from now: the guardian invited by name, the family not. */
async function videoSession(opts: { familyInvited?: boolean; place?: string; minutesAhead?: number } = {}) {
  const f = await buildFamily(t.db);
  const tc = await signIn(t.app, f.therapist.email);
  const gc = await signIn(t.app, f.guardian.email);
  // The clinic's wall clock (Chicago) twenty minutes from now; people sign in now, so moving the
  // clock within the session's half hour keeps them signed in.
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(t.clock().getTime() + (opts.minutesAhead ?? 20) * MINUTE));
  const [date, time] = local.split(' ');
  const res = await tc.post(`/api/children/${f.child.id}/sessions`, {
    kind: 'therapy', place: opts.place ?? 'video', date, time, durationMinutes: 30, invitees: [f.guardian.id], familyInvited: opts.familyInvited ?? false,
  });
  expect(res.status).toBe(201);
  const session = res.body.sessions[0] as { id: string; startsAt: string };
  return { ...f, tc, gc, sessionId: session.id, startsAt: new Date(session.startsAt), room: `/api/video/rooms/${session.id}` };
}

const join = async (c: TestClient, room: string, headers: Record<string, string> = {}) => c.post(`${room}/join`, { audio: true, video: true }, headers);

describe('TURN credentials', () => {
  it('are the TURN REST API’s: username expiry:id, password base64(HMAC-SHA1(secret, username)), as coturn computes it', () => {
    const expires = new Date('2026-12-02T12:00:00Z');
    const c = turnCredential('coturn shared secret', expires, 'participant-1');
    expect(c.username).toBe(`${expires.getTime() / 1000}:participant-1`);
    // The formula coturn documents for use-auth-secret, computed by another implementation.
    const expected = execFileSync('sh', ['-c', `printf %s "$U" | openssl dgst -sha1 -hmac "$S" -binary | base64`], { env: { ...process.env, U: c.username, S: 'coturn shared secret' } }).toString().trim();
    expect(c.credential).toBe(expected);
  });

  it('come from ICE_SERVERS, TURN_SECRET and TURN_URLS, each checked at start', () => {
    const c = loadConfig({ NODE_ENV: 'test', ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]', TURN_SECRET: 's3cret', TURN_URLS: 'turn:a.example.org:3478, turns:a.example.org:5349' }, false);
    expect(c.video).toEqual({ iceServers: [{ urls: 'stun:stun.example.org:3478' }], turn: { secret: 's3cret', urls: ['turn:a.example.org:3478', 'turns:a.example.org:5349'] } });
    expect(loadConfig({ NODE_ENV: 'test' }, false).video).toEqual({ iceServers: [], turn: null });
    expect(() => loadConfig({ NODE_ENV: 'test', ICE_SERVERS: 'stun:x' }, false)).toThrow(/ICE_SERVERS/);
    expect(() => loadConfig({ NODE_ENV: 'test', TURN_SECRET: 's3cret' }, false)).toThrow(/TURN_URLS/);
  });

  it('are given with the configured servers, living past the call’s end', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const ends = new Date(now.getTime() + 3 * 3600_000);
    const servers = iceServersFor({ iceServers: [{ urls: 'stun:stun.example.org:3478' }], turn: { secret: 's', urls: ['turn:turn.example.org:3478'] } }, now, ends, 'p');
    expect(servers[0]).toEqual({ urls: 'stun:stun.example.org:3478' });
    const turn = servers[1]!;
    expect(turn.urls).toEqual(['turn:turn.example.org:3478']);
    expect(Number(turn.username!.split(':')[0])).toBe(ends.getTime() / 1000 + 15 * 60);
    expect(iceServersFor({ iceServers: [], turn: null }, now, ends, 'p')).toEqual([]);
  });
});

describe('a video room', () => {
  it('opens ten minutes before: the host is in, an invited guardian waits, is let in, signals cross instances, is muted, and the call ends for all', async () => {
    const s = await videoSession();
    t.clock.set(new Date(s.startsAt.getTime() - 11 * MINUTE));
    const early = await join(s.tc, s.room);
    expect(early.status).toBe(409);
    expect((await s.tc.get(s.room)).body.status).toBe('not_yet');

    t.clock.set(new Date(s.startsAt.getTime() - 5 * MINUTE));
    // The guardian comes first: they wait, and see only themself.
    const g = await join(s.gc, s.room);
    expect(g.status).toBe(200);
    expect(g.body.state).toBe('waiting');
    const gStream = await openEvents(second.url, s.gc, `${s.room}/stream?participantId=${g.body.participantId}`);
    const firstRoom = await gStream.next('room');
    expect(firstRoom.participants).toHaveLength(1);

    const h = await join(s.tc, s.room);
    expect(h.body.state).toBe('admitted');
    const hStream = await openEvents(baseUrl, s.tc, `${s.room}/stream?participantId=${h.body.participantId}`);
    const hostView = await hStream.next('room');
    expect((hostView.participants as { name: string; state: string }[]).map((p) => [p.name, p.state]).sort()).toEqual([['Gina Guardian', 'waiting'], ['Theo Therapist', 'admitted']]);

    // A signal to someone still waiting goes nowhere.
    expect((await s.tc.post(`${s.room}/signal`, { from: h.body.participantId, to: g.body.participantId, kind: 'offer', data: '{}' })).status).toBe(404);
    expect((await s.gc.post(`${s.room}/host`, { participantId: g.body.participantId, action: 'admit', target: g.body.participantId })).status).toBe(404);
    expect((await s.tc.post(`${s.room}/host`, { participantId: h.body.participantId, action: 'admit', target: g.body.participantId })).status).toBe(200);
    for (;;) {
      const r = await gStream.next('room');
      if ((r.participants as unknown[]).length === 2) break;
    }

    // A large offer crosses from the first instance to a stream on the second, whole.
    const sdp = JSON.stringify({ type: 'offer', sdp: 'v=0\r\n'.repeat(2_000) });
    const sent = await s.tc.post(`${s.room}/signal`, { from: h.body.participantId, to: g.body.participantId, kind: 'offer', data: sdp });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const offer = await gStream.next('signal');
    expect(offer).toEqual({ type: 'signal', from: h.body.participantId, kind: 'offer', data: sdp });
    // Nobody can speak as someone else.
    expect((await s.gc.post(`${s.room}/signal`, { from: h.body.participantId, to: g.body.participantId, kind: 'ice', data: '{}' })).status).toBe(404);

    expect((await s.tc.post(`${s.room}/host`, { participantId: h.body.participantId, action: 'mute', target: g.body.participantId })).status).toBe(200);
    for (;;) {
      const r = await hStream.next('room');
      const guardian = (r.participants as { id: string; audio: boolean; mutedByHost: boolean }[]).find((p) => p.id === g.body.participantId);
      if (guardian?.mutedByHost) {
        expect(guardian.audio).toBe(false);
        break;
      }
    }

    expect((await s.tc.post(`${s.room}/host`, { participantId: h.body.participantId, action: 'end', target: null })).status).toBe(200);
    await gStream.next('ended');
    await gStream.ended;
    await hStream.next('ended');
    expect((await join(s.gc, s.room)).status).toBe(409);
    expect((await s.gc.get(s.room)).body.status).toBe('ended');

    const audit = await t.db.selectFrom('audit_event').select(['action', 'actor_id', 'details']).where('subject_id', '=', s.sessionId).where('action', 'like', 'video.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['video.join', 'video.join', 'video.admit', 'video.mute', 'video.leave', 'video.leave', 'video.end']);
    // Who and when, never what was said: no signal is audited or kept.
    expect(JSON.stringify(audit)).not.toContain('v=0');
  });

  it('lets a person who was let in come straight back, and counts a closed stream as leaving', async () => {
    const s = await videoSession();
    t.clock.set(new Date(s.startsAt.getTime() + 5 * MINUTE));
    const h = await join(s.tc, s.room);
    const g = await join(s.gc, s.room);
    await s.tc.post(`${s.room}/host`, { participantId: h.body.participantId, action: 'admit', target: g.body.participantId });
    const gStream = await openEvents(baseUrl, s.gc, `${s.room}/stream?participantId=${g.body.participantId}`);
    gStream.close();
    await expect.poll(async () => (await t.db.selectFrom('video_participant').select('state').where('id', '=', g.body.participantId).executeTakeFirstOrThrow()).state).toBe('left');
    const back = await join(s.gc, s.room);
    expect(back.body.state).toBe('admitted');
    const actions = await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', s.sessionId).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toContain('video.leave');
  });
});

describe('the reminder of a video session', () => {
  it('leads straight to the call', async () => {
    const s = await videoSession({ minutesAhead: 90 });
    // An hour before, the guardian is reminded.
    t.clock.set(new Date(s.startsAt.getTime() - 59 * MINUTE));
    expect(await sweepSessionReminders(t.deps)).toBeGreaterThan(0);
    const mail = await t.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', s.guardian.email).where('text_body', 'like', '%A reminder%').executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(`/video/${s.sessionId}`);
  });
});

describe('a person taken off the child’s team during a call', () => {
  it('is out of the call at once, on every instance', async () => {
    const s = await videoSession();
    t.clock.set(new Date(s.startsAt.getTime() - 5 * MINUTE));
    const h = await join(s.tc, s.room);
    const g = await join(s.gc, s.room);
    await s.tc.post(`${s.room}/host`, { participantId: h.body.participantId, action: 'admit', target: g.body.participantId });
    const stream = await openEvents(second.url, s.gc, `${s.room}/stream?participantId=${g.body.participantId}`);
    await t.db.updateTable('care_team_member').set({ revoked_at: new Date() }).where('child_id', '=', s.child.id).where('user_id', '=', s.guardian.id).execute();
    await stream.next('removed');
    await stream.ended;
    await expect.poll(async () => (await t.db.selectFrom('video_participant').select('state').where('id', '=', g.body.participantId).executeTakeFirstOrThrow()).state).toBe('left');
    expect((await s.gc.get(s.room)).status).toBe(404);
  });

  it('signing out ends the call for that browser', async () => {
    const s = await videoSession();
    t.clock.set(new Date(s.startsAt.getTime() - 5 * MINUTE));
    const h = await join(s.tc, s.room);
    const stream = await openEvents(second.url, s.tc, `${s.room}/stream?participantId=${h.body.participantId}`);
    expect((await s.tc.post('/api/auth/logout')).status).toBeLessThan(300);
    await stream.ended;
  });
});

describe('the signalling allowance', () => {
  it('is per person: one who sends too much is slowed, another behind the same address is not', async () => {
    const s = await videoSession();
    t.clock.set(new Date(s.startsAt.getTime() - 5 * MINUTE));
    const h = await join(s.tc, s.room);
    const g = await join(s.gc, s.room);
    const to = randomUUID();
    // Both come from the same address (in tests, every request does). The host spends their minute's allowance…
    let status = 0;
    for (let n = 0; n < 601 && status !== 429; n++) status = (await s.tc.post(`${s.room}/signal`, { from: h.body.participantId, to, kind: 'ice', data: '{}' })).status;
    expect(status).toBe(429);
    // …and the guardian still has theirs.
    expect((await s.gc.post(`${s.room}/signal`, { from: g.body.participantId, to, kind: 'ice', data: '{}' })).status).toBe(404);
  });
});

describe('interpreter guest links', () => {
  it('mail a one-time link without the child’s name; the guest joins with it, sees only names, and reaches nothing else', async () => {
    const s = await videoSession();
    const added = await s.tc.post(`${s.room}/guests`, { name: 'Ivan Interpreter', email: 'ivan@example.org', language: 'vi' });
    expect(added.status).toBe(201);
    const mail = await t.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'html_body', 'to_address']).where('to_address', '=', 'ivan@example.org').executeTakeFirstOrThrow();
    expect(mail.text_body).not.toContain('Leo');
    expect(mail.html_body).not.toContain('Leo');
    const token = /\/video\/[0-9a-f-]+\/guest#([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
    // Only its hash is kept.
    expect(JSON.stringify(await t.db.selectFrom('video_guest_pass').selectAll().execute())).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const guest = t.client();

    // Too early: the link does not exist yet.
    t.clock.set(new Date(s.startsAt.getTime() - 11 * MINUTE));
    expect((await guest.request('GET', s.room, undefined, bearer)).status).toBe(404);
    t.clock.set(new Date(s.startsAt.getTime() - 9 * MINUTE));
    const room = await guest.request('GET', s.room, undefined, bearer);
    expect(room.status).toBe(200);
    expect(room.body.me).toEqual({ name: 'Ivan Interpreter', guest: true });
    expect(JSON.stringify(room.body)).not.toContain('Leo');

    const h = await join(s.tc, s.room);
    const gj = await join(guest, s.room, bearer);
    expect(gj.body.state).toBe('waiting');
    await s.tc.post(`${s.room}/host`, { participantId: h.body.participantId, action: 'admit', target: gj.body.participantId });
    const stream = await openEvents(second.url, guest, `${s.room}/stream?participantId=${gj.body.participantId}`, bearer);
    const view = await stream.next('room');
    expect((view.participants as { name: string }[]).map((p) => p.name).sort()).toEqual(['Ivan Interpreter', 'Theo Therapist']);
    expect(JSON.stringify(view)).not.toContain('Leo');

    // The token is no key anywhere else: not the app's routes, not another session's room, not the host's.
    for (const url of ['/api/me', '/api/children', `/api/children/${s.child.id}`, `/api/children/${s.child.id}/sessions?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`, '/api/events', '/api/me/sessions?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z']) {
      expect((await guest.request('GET', url, undefined, bearer)).status, url).toBe(401);
    }
    const other = await videoSession();
    expect((await guest.request('GET', other.room, undefined, bearer)).status).toBe(404);
    expect((await guest.request('GET', `${s.room}/guests`, undefined, bearer)).status).toBe(404);
    expect((await guest.post(`${s.room}/host`, { participantId: gj.body.participantId, action: 'end', target: null }, bearer)).status).toBe(404);

    // Revoked: out of the call at once, and the link is dead.
    expect((await s.tc.delete(`${s.room}/guests/${added.body.id}`)).status).toBe(200);
    await stream.next('removed');
    expect((await guest.request('GET', s.room, undefined, bearer)).status).toBe(404);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'actor_id', 'actor_role']).where('subject_id', 'in', [s.sessionId, added.body.id]).orderBy('id').execute();
    expect(audit.filter((a) => a.actor_role === 'guest').map((a) => [a.action, a.actor_id])).toEqual([['video.join', null]]);
    expect(audit.map((a) => a.action)).toContain('video.guest_revoke');
  });

  it('refuses bad input naming the field', async () => {
    const s = await videoSession();
    const bad = await s.tc.post(`${s.room}/guests`, { name: 'Ivan', email: 'not an email', language: 'vi' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['email']);
    const lang = await s.tc.post(`${s.room}/guests`, { name: 'Ivan', email: 'ivan3@example.org', language: 'Vietnamese please' });
    expect(lang.status).toBe(400);
    expect(lang.body.error.details[0].path).toEqual(['language']);
    const kind = await s.tc.post(`${s.room}/signal`, { from: randomUUID(), to: randomUUID(), kind: 'chat', data: '{}' });
    expect(kind.status).toBe(400);
    expect(kind.body.error.details[0].path).toEqual(['kind']);
  });

  it('is dead after the session, even when it was used before', async () => {
    const s = await videoSession();
    await s.tc.post(`${s.room}/guests`, { name: 'Ivan Interpreter', email: 'ivan2@example.org', language: 'es' });
    const mail = await t.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', 'ivan2@example.org').executeTakeFirstOrThrow();
    expect(mail.subject).toContain('intérprete');
    const token = /guest#([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
    const bearer = { authorization: `Bearer ${token}` };
    t.clock.set(new Date(s.startsAt.getTime() + 10 * MINUTE));
    expect((await join(t.client(), s.room, bearer)).status).toBe(200);
    t.clock.set(new Date(s.startsAt.getTime() + 31 * MINUTE));
    expect((await t.client().request('GET', s.room, undefined, bearer)).status).toBe(404);
    expect((await join(t.client(), s.room, bearer)).status).toBe(404);
  });
});

describe('who reaches a room', () => {
  it('answers 404 on every video route to anyone not invited, signed out, or holding a dead link, and changes nothing', async () => {
    const s = await videoSession();
    t.clock.set(new Date(s.startsAt.getTime() - 5 * MINUTE));
    const h = await join(s.tc, s.room);
    const g = await join(s.gc, s.room);
    // A team member who is not invited: a second therapist who manages the child's sessions, and a caregiver.
    const colleague = await buildUser(t.db, 'Cora Colleague');
    await t.db.insertInto('clinic_member').values({ clinic_id: s.clinic.id, user_id: colleague.id, role: 'therapist' }).execute();
    await addMember(t.db, s.child, colleague, 'therapist');
    const grandma = await buildUser(t.db, 'Rosa Grandma');
    await addMember(t.db, s.child, grandma, 'caregiver');
    const otherFamily = await buildFamily(t.db, s.clinic);
    // Links: revoked, and one for another session.
    const revoked = await s.tc.post(`${s.room}/guests`, { name: 'Rev Oked', email: 'revoked@example.org', language: 'vi' });
    await s.tc.delete(`${s.room}/guests/${revoked.body.id}`);
    const revokedToken = /guest#([A-Za-z0-9_-]+)/.exec((await t.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', 'revoked@example.org').executeTakeFirstOrThrow()).text_body)![1]!;
    const elsewhere = await videoSession();
    await elsewhere.tc.post(`${elsewhere.room}/guests`, { name: 'Else Where', email: 'elsewhere@example.org', language: 'vi' });
    const elsewhereToken = /guest#([A-Za-z0-9_-]+)/.exec((await t.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', 'elsewhere@example.org').executeTakeFirstOrThrow()).text_body)![1]!;

    const outsiders: [string, TestClient, Record<string, string>][] = [
      ['colleague not invited', await signIn(t.app, colleague.email), {}],
      ['caregiver not invited', await signIn(t.app, grandma.email), {}],
      ['guardian of another family', await signIn(t.app, otherFamily.guardian.email), {}],
      ['therapist of another family', await signIn(t.app, otherFamily.therapist.email), {}],
      ['signed out', t.client(), {}],
      ['revoked link', t.client(), { authorization: `Bearer ${revokedToken}` }],
      ['another session’s link', t.client(), { authorization: `Bearer ${elsewhereToken}` }],
      ['made-up link', t.client(), { authorization: `Bearer ${'x'.repeat(43)}` }],
    ];
    // Every video route of the OpenAPI document, so a new one is covered without editing this test.
    const doc = (await s.tc.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/video/')).flatMap(([p, ops]) => Object.keys(ops).map((m) => [m.toUpperCase(), p] as const));
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const bodies: Record<string, unknown> = {
      join: { audio: true, video: true },
      signal: { from: g.body.participantId, to: h.body.participantId, kind: 'offer', data: '{}' },
      media: { participantId: g.body.participantId, audio: false, video: false },
      leave: { participantId: g.body.participantId },
      host: { participantId: h.body.participantId, action: 'end', target: null },
      guests: { name: 'Probe', email: 'probe@example.org', language: 'vi' },
    };
    const snapshot = async () => JSON.stringify(await Promise.all(['video_room', 'video_participant', 'video_guest_pass', 'mail_outbox'].map((tb) => t.db.selectFrom(tb as 'video_room').selectAll().execute())));
    for (const [who, client, headers] of outsiders) {
      for (const [method, path] of routes) {
        const url = path.replace('{roomId}', s.sessionId).replace('{guestId}', revoked.body.id) + (path.endsWith('/stream') ? `?participantId=${g.body.participantId}` : '');
        const before = await snapshot();
        const last = path.split('/').pop()!;
        const res = await client.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : bodies[last] ?? {}, headers);
        expect(res.status, `${who}: ${method} ${path}`).toBe(404);
        expect(await snapshot(), `${who}: ${method} ${path}`).toBe(before);
      }
    }
    // A session not held by video has no room, even for its host.
    const inClinic = await videoSession({ place: 'clinic' });
    expect((await inClinic.tc.get(inClinic.room)).status).toBe(404);
    // The family invited as a whole: the caregiver may come.
    const family = await videoSession({ familyInvited: true });
    const cg = await buildUser(t.db, 'Carl Caregiver');
    await addMember(t.db, family.child, cg, 'caregiver');
    expect((await (await signIn(t.app, cg.email)).get(family.room)).status).toBe(200);
    // A denied signed-in person is audited.
    const denied = await t.db.selectFrom('audit_event').select('actor_id').where('action', '=', 'access_denied').where('subject_id', '=', s.sessionId).execute();
    expect(denied.map((d) => d.actor_id)).toContain(colleague.id);
  }, 120_000);
});

/** A clinic's family event held by video twenty minutes from now, published by the family's therapist for the child's family. */
async function videoEvent() {
  const s = await videoSession({ place: 'clinic' });
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(t.clock().getTime() + 20 * MINUTE));
  const [date, time] = local.split(' ');
  const res = await s.tc.post('/api/family-events', {
    kind: 'parent_group', title: 'Bedtime routines group', description: 'We share what helps at bedtime.', date, time, durationMinutes: 45,
    place: 'video', placeNote: '', audience: { kind: 'children', childIds: [s.child.id] }, capacity: null, askInterpreter: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const eventId = res.body.id as string;
  return { ...s, eventId, eventStart: new Date(res.body.startsAt as string), eventRoom: `/api/video/rooms/${eventId}` };
}

describe('a family event’s room', () => {
  it('takes the families it is for and its organisers, not the clinic’s other people; an interpreter asked for in an answer gets a seat', async () => {
    const e = await videoEvent();
    // A family of the same clinic the event is not for, another therapist of the clinic, another clinic's family.
    const otherTherapist = await buildTherapist(t.db, e.clinic.id, 'Olga Other');
    const otherChild = await buildChild(t.db, e.clinic.id, otherTherapist, 'Ana');
    const otherParent = await buildUser(t.db, 'Pablo Padre');
    await addMember(t.db, otherChild, otherParent, 'guardian');
    const elsewhere = await buildFamily(t.db);
    const outsiders = [await signIn(t.app, otherParent.email), await signIn(t.app, otherTherapist.email), await signIn(t.app, elsewhere.guardian.email), t.client()];
    const admin = await signIn(t.app, e.clinic.admin.email);

    // The guardian asks for a Spanish interpreter when answering.
    expect((await e.gc.put(`/api/family-events/${e.eventId}/rsvp`, { answer: 'yes', adults: 1, children: 0, interpreterLanguage: 'es' })).status).toBe(200);

    t.clock.set(new Date(e.eventStart.getTime() - 5 * MINUTE));
    const room = await e.gc.get(e.eventRoom);
    expect(room.status).toBe(200);
    expect(room.body).toMatchObject({ roomId: e.eventId, kind: 'event', status: 'open', isHost: false });
    for (const c of outsiders) {
      expect((await c.get(e.eventRoom)).status).toBe(404);
      expect((await join(c, e.eventRoom)).status).toBe(404);
    }
    // A session's guest-pass routes do not open an event's room from a session's id, nor the reverse.
    expect((await e.gc.get(`/api/video/rooms/${e.sessionId}`)).status).toBe(404);

    const g = await join(e.gc, e.eventRoom);
    expect(g.body.state).toBe('waiting');
    const h = await join(e.tc, e.eventRoom);
    expect(h.body.state).toBe('admitted');
    // The clinic's admin organises it too: they host.
    expect((await admin.get(e.eventRoom)).body.isHost).toBe(true);
    expect((await e.tc.post(`${e.eventRoom}/host`, { participantId: h.body.participantId, action: 'admit', target: g.body.participantId })).status).toBe(200);
    const stream = await openEvents(second.url, e.gc, `${e.eventRoom}/stream?participantId=${g.body.participantId}`);
    const view = await stream.next('room');
    expect((view.participants as { name: string }[]).map((p) => p.name).sort()).toEqual(['Gina Guardian', 'Theo Therapist']);

    // The request is answered the same way as a session's: a one-time link, mailed in the language asked for, naming the event and no child.
    const added = await e.tc.post(`${e.eventRoom}/guests`, { name: 'Inés Intérprete', email: 'ines@example.org', language: 'es' });
    expect(added.status).toBe(201);
    const mail = await t.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', 'ines@example.org').executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`Su enlace de intérprete para «Bedtime routines group» el ${/el (.+)$/.exec(mail.subject)![1]}`);
    expect(mail.text_body).toContain('solo para este evento');
    expect(mail.text_body).not.toContain('Leo');
    const token = new RegExp(`/video/${e.eventId}/guest#([A-Za-z0-9_-]+)`).exec(mail.text_body)![1]!;
    const bearer = { authorization: `Bearer ${token}` };
    const guest = t.client();
    expect((await guest.request('GET', e.eventRoom, undefined, bearer)).body).toMatchObject({ kind: 'event', me: { name: 'Inés Intérprete', guest: true } });
    expect((await guest.request('GET', `/api/video/rooms/${e.sessionId}`, undefined, bearer)).status).toBe(404);
    expect((await guest.request('GET', `/api/family-events/${e.eventId}`, undefined, bearer)).status).toBe(401);
    const gj = await join(guest, e.eventRoom, bearer);
    expect(gj.body.state).toBe('waiting');

    // Joining and leaving are in the audit log against the event, with no child.
    const audit = await t.db.selectFrom('audit_event').select(['action', 'child_id', 'actor_role']).where('subject_id', '=', e.eventId).where('action', 'like', 'video.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['video.join', 'video.join', 'video.admit', 'video.join']);
    expect(audit.every((a) => a.child_id === null)).toBe(true);
    const rows = await t.db.selectFrom('video_participant').select(['room_id', 'event_id', 'session_id', 'child_id']).where('room_id', '=', e.eventId).execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.event_id === e.eventId && r.session_id === null && r.child_id === null)).toBe(true);

    // Cancelled, the event has no room: everyone gets 404, the guest's link is dead.
    expect((await e.tc.post(`/api/family-events/${e.eventId}/cancel`, { reason: 'The host is ill.' })).status).toBe(200);
    expect((await e.gc.get(e.eventRoom)).status).toBe(404);
    expect((await guest.request('GET', e.eventRoom, undefined, bearer)).status).toBe(404);
  });

  it('is not there for an event held at an address', async () => {
    const e = await videoEvent();
    const put = await e.tc.put(`/api/family-events/${e.eventId}`, {
      kind: 'parent_group', title: 'Bedtime routines group', description: 'In person now.', date: '2027-01-12', time: '18:00', durationMinutes: 45,
      place: 'address', placeNote: '12 Harbour Road', audience: { kind: 'children', childIds: [e.child.id] }, capacity: null, askInterpreter: true,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await e.tc.get(e.eventRoom)).status).toBe(404);
    expect((await e.tc.post(`${e.eventRoom}/guests`, { name: 'Ivan', email: 'ivan9@example.org', language: 'vi' })).status).toBe(404);
  });
});

