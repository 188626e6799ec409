import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_PRESETS } from '../../../contract/permissions.ts';
import { zonedInstant } from '../practice/schedule.ts';
import { addDays } from '../children/calendar.ts';
import { addMember, buildChild, buildFamily, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';
import { parseIcs } from '../../../../test/ics.ts';

/**
 * Moving a session from the family's side, over HTTP on a real database: two households of a
 * split family each propose times, the therapist sees the time that suits both and takes it (the
 * session moves and everyone is told), a clash is refused, a household never sees the other's
 * proposals, a request can be declined with a reason or answered with another time, and a
 * guardian can cancel with a reason.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const ZONE = 'America/Chicago';
/** A local date this many days from now, in the child's zone. */
const day = (n: number) => addDays(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(t.clock()), n);
const at = (n: number, time: string) => zonedInstant(day(n), time, ZONE).toISOString();

type Moves = { sessionId: string; households: number; offer: { id: string; startsAt: string; canAccept: boolean } | null; requests: { id: string; household: string | null; status: string; reason: string | null; mine: boolean; times: { startsAt: string; localStart: string; suitsEveryone: boolean }[] }[] };

/** A therapist, a guardian at "Home", and a restricted second-household guardian ("Dad"), with one session both are invited to a week from now. */
async function splitFamily() {
  const f = await buildFamily(t.db);
  const dad = await buildUser(t.db, 'Dan Otherhome');
  await addMember(t.db, f.child, dad, 'guardian', { permissions: [...INVITE_PRESETS.secondHousehold.permissions], household: 'Dad' });
  const url = `/api/children/${f.child.id}`;
  const tc = await signIn(t.app, f.therapist.email);
  const made = await tc.post(`${url}/sessions`, { kind: 'therapy', place: 'clinic', date: day(7), time: '16:00', durationMinutes: 45, familyInvited: true, invitees: [dad.id] });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const sessionId = made.body.sessions[0].id as string;
  return {
    ...f, dad, url, tc, sessionId, moves: `${url}/sessions/${sessionId}/moves`,
    gc: await signIn(t.app, f.guardian.email), dc: await signIn(t.app, dad.email),
  };
}

const session = (id: string) => t.db.selectFrom('therapy_session').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const notified = (userId: string, kind: string) => t.db.selectFrom('notification').select(['kind', 'target']).where('user_id', '=', userId).where('kind', '=', kind as never).execute();
const changes = (sessionId: string) => t.db.selectFrom('session_change').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute();
const audits = (action: string, childId: string) => t.db.selectFrom('audit_event').select('action').where('action', '=', action).where('child_id', '=', childId).execute();
const movesSeenBy = async (client: { get: (u: string) => Promise<{ status: number; body: any }> }, url: string) => {
  const res = await client.get(`${url}/session-moves`);
  expect(res.status).toBe(200);
  return res.body.moves as Moves[];
};

describe('two households propose, the therapist takes the time that suits both', () => {
  it('marks the shared time, moves the session on accept, resets answers and tells everyone', async () => {
    const f = await splitFamily();
    expect((await f.gc.post(`/api/children/${f.child.id}/sessions/${f.sessionId}/response`, { response: 'no' })).status).toBe(200);
    const mum = await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }, { date: day(9), time: '17:00' }] });
    expect(mum.status, JSON.stringify(mum.body)).toBe(201);
    expect(mum.body.requests).toHaveLength(1);
    expect(mum.body.requests[0]).toMatchObject({ household: 'Home', status: 'open', mine: true });
    const dad = await f.dc.post(f.moves, { times: [{ date: day(9), time: '17:00' }] });
    expect(dad.status, JSON.stringify(dad.body)).toBe(201);

    // The therapist sees both households, the shared time marked.
    const [seen] = await movesSeenBy(f.tc, f.url);
    expect(seen?.households).toBe(2);
    expect(seen?.requests.map((r) => r.household).sort()).toEqual(['Dad', 'Home']);
    const home = seen?.requests.find((r) => r.household === 'Home');
    expect(home?.times.map((x) => [x.startsAt, x.suitsEveryone])).toEqual([[at(8, '10:00'), false], [at(9, '17:00'), true]]);
    expect(home?.times[1]?.localStart).toBe(`${day(9)}T17:00`);
    // The therapist was told of each request.
    expect(await notified(f.therapist.id, 'session_move_requested')).toHaveLength(2);

    const accepted = await f.tc.post(`${f.moves}/${home?.id}/accept`, { startsAt: at(9, '17:00') });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ id: f.sessionId, startsAt: at(9, '17:00'), localStart: `${day(9)}T17:00`, version: 2 });
    const row = await session(f.sessionId);
    expect(row.starts_at.toISOString()).toBe(at(9, '17:00'));
    // Mum's "no" was for the old time: everyone is asked again.
    const answers = await t.db.selectFrom('session_invitee').select(['user_id', 'response']).where('session_id', '=', f.sessionId).execute();
    expect(answers.every((a) => a.response === 'pending')).toBe(true);
    // The old time is kept in the record, and the step is audited.
    const moved = (await changes(f.sessionId)).filter((c) => c.action === 'moved');
    expect(moved).toHaveLength(1);
    expect(moved[0]?.from_starts_at?.toISOString()).toBe(at(7, '16:00'));
    expect(moved[0]?.to_starts_at?.toISOString()).toBe(at(9, '17:00'));
    expect(moved[0]?.actor_id).toBe(f.therapist.id);
    expect(await audits('session.move', f.child.id)).toHaveLength(1);
    // Both households are told, in the app and by a mail without the child's name.
    for (const who of [f.guardian, f.dad]) {
      expect(await notified(who.id, 'session_moved')).toEqual([{ kind: 'session_moved', target: { sessionId: f.sessionId } }]);
      const mails = await t.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', who.email).execute();
      const mail = mails.find((m) => m.text_body.includes('A session has moved'));
      expect(mail, JSON.stringify(mails)).toBeDefined();
      expect(mail?.text_body).not.toContain('Leo');
      // Its calendar file updates the same event: the same UID, a higher SEQUENCE, the new start.
      const sent = await t.db.selectFrom('mail_outbox').select('attachments').where('to_address', '=', who.email).where('dedupe_key', 'like', 'session-moved:%').executeTakeFirstOrThrow();
      const file = parseIcs(sent.attachments[0]?.content ?? '');
      expect(file.method).toBe('REQUEST');
      expect(file.events).toEqual([expect.objectContaining({ uid: `session-${f.sessionId}@careteam`, sequence: 2, start: at(9, '17:00') })]);
    }
    // Nothing is open any more, and both guardians see the new time.
    expect(await movesSeenBy(f.tc, f.url)).toEqual([]);
    const range = `from=${encodeURIComponent(at(0, '00:00'))}&to=${encodeURIComponent(at(30, '00:00'))}`;
    for (const c of [f.gc, f.dc]) {
      const list = (await c.get(`${f.url}/sessions?${range}`)).body.sessions as { id: string; startsAt: string }[];
      expect(list.find((s) => s.id === f.sessionId)?.startsAt).toBe(at(9, '17:00'));
    }
    // A request already answered cannot be taken again.
    expect((await f.tc.post(`${f.moves}/${home?.id}/accept`, { startsAt: at(9, '17:00') })).status).toBe(409);
  });

  it('keeps a restricted household to its own proposals, never the other’s', async () => {
    const f = await splitFamily();
    expect((await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }, { date: day(9), time: '17:00' }] })).status).toBe(201);
    const dadsPost = await f.dc.post(f.moves, { times: [{ date: day(9), time: '17:00' }] });
    expect(dadsPost.body.requests).toHaveLength(1);
    expect(dadsPost.body.requests[0].times).toEqual([{ startsAt: at(9, '17:00'), localStart: `${day(9)}T17:00`, suitsEveryone: false }]);

    const dads = await movesSeenBy(f.dc, f.url);
    expect(dads).toHaveLength(1);
    expect(dads[0]?.households).toBe(0);
    expect(dads[0]?.requests.map((r) => [r.household, r.mine])).toEqual([['Dad', true]]);
    expect(JSON.stringify(dads)).not.toContain(at(8, '10:00'));
    expect(JSON.stringify(dads)).not.toContain('Home');
    expect(JSON.stringify(dads)).not.toContain(f.guardian.id);
    const mums = await movesSeenBy(f.gc, f.url);
    expect(mums[0]?.requests.map((r) => r.household)).toEqual(['Home']);
    expect(JSON.stringify(mums)).not.toContain(f.dad.id);
    // Dad cannot decline, accept or take Mum's request either.
    const mumsId = mums[0]?.requests[0]?.id;
    expect((await f.dc.post(`${f.moves}/${mumsId}/accept`, { startsAt: at(8, '10:00') })).status).toBe(404);
    expect((await f.dc.post(`${f.moves}/${mumsId}/accept-offer`, {})).status).toBe(404);
    expect((await session(f.sessionId)).starts_at.toISOString()).toBe(at(7, '16:00'));
  });

  it('replaces a household’s open request with its newer one', async () => {
    const f = await splitFamily();
    expect((await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] })).status).toBe(201);
    const again = await f.gc.post(f.moves, { times: [{ date: day(10), time: '09:00' }, { date: day(11), time: '09:30' }] });
    expect(again.status).toBe(201);
    const [seen] = await movesSeenBy(f.tc, f.url);
    expect(seen?.requests).toHaveLength(1);
    expect(seen?.requests[0]?.times.map((x) => x.startsAt)).toEqual([at(10, '09:00'), at(11, '09:30')]);
    const rows = await t.db.selectFrom('session_move_request').select('status').where('session_id', '=', f.sessionId).orderBy('created_at').execute();
    expect(rows.map((r) => r.status)).toEqual(['replaced', 'open']);
    expect((await changes(f.sessionId)).filter((c) => c.action === 'move_requested')).toHaveLength(2);
  });
});

describe('who hears of a request', () => {
  it('tells the session’s own clinicians, not the rest of the team; every manager once none of them is left', async () => {
    const f = await splitFamily();
    const colleague = await buildUser(t.db, 'Cara Colleague');
    await addMember(t.db, f.child, colleague, 'therapist');
    expect((await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] })).status).toBe(201);
    expect(await notified(f.therapist.id, 'session_move_requested')).toHaveLength(1);
    expect(await notified(colleague.id, 'session_move_requested')).toEqual([]);
    // Neither household hears of the other's request.
    expect(await notified(f.dad.id, 'session_move_requested')).toEqual([]);

    // The therapist who scheduled it leaves the team: the colleague who manages sessions hears of the next one.
    await t.ownerDb.updateTable('care_team_member').set({ revoked_at: new Date() }).where('child_id', '=', f.child.id).where('user_id', '=', f.therapist.id).execute();
    await t.heard();
    expect((await f.dc.post(f.moves, { times: [{ date: day(9), time: '17:00' }] })).status).toBe(201);
    expect(await notified(colleague.id, 'session_move_requested')).toHaveLength(1);
    expect(await notified(f.guardian.id, 'session_move_requested')).toEqual([]);
  });
});

describe('the therapist’s other answers', () => {
  it('refuses a proposed time that clashes with the therapist’s other session (409), changing nothing', async () => {
    const f = await splitFamily();
    const other = await buildChild(t.db, f.clinic.id, f.therapist, 'Mia');
    expect((await f.tc.post(`/api/children/${other.id}/sessions`, { kind: 'therapy', place: 'clinic', date: day(8), time: '10:15', durationMinutes: 30 })).status).toBe(201);
    const mum = await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] });
    const res = await f.tc.post(`${f.moves}/${mum.body.requests[0].id}/accept`, { startsAt: at(8, '10:00') });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(`${day(8)} at 10:15`);
    expect((await session(f.sessionId)).starts_at.toISOString()).toBe(at(7, '16:00'));
    expect((await movesSeenBy(f.tc, f.url))[0]?.requests[0]?.status).toBe('open');
  });

  it('declines with a reason that only the asking household reads', async () => {
    const f = await splitFamily();
    const mum = await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] });
    expect((await f.dc.post(f.moves, { times: [{ date: day(8), time: '11:00' }] })).status).toBe(201);
    const id = mum.body.requests[0].id as string;
    const noReason = await f.tc.post(`${f.moves}/${id}/decline`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('reason');
    const declined = await f.tc.post(`${f.moves}/${id}/decline`, { reason: 'The clinic is closed that morning' });
    expect(declined.status).toBe(200);
    const mums = await movesSeenBy(f.gc, f.url);
    expect(mums[0]?.requests[0]).toMatchObject({ status: 'declined', reason: 'The clinic is closed that morning', mine: true });
    expect(JSON.stringify(await movesSeenBy(f.dc, f.url))).not.toContain('closed that morning');
    expect(await notified(f.guardian.id, 'session_move_declined')).toHaveLength(1);
    expect(await notified(f.dad.id, 'session_move_declined')).toEqual([]);
    expect((await changes(f.sessionId)).find((c) => c.action === 'move_declined')).toMatchObject({ reason: 'The clinic is closed that morning', actor_id: f.therapist.id, household: 'Home' });
    expect(await audits('session.move_decline', f.child.id)).toHaveLength(1);
    expect((await f.tc.post(`${f.moves}/${id}/decline`, { reason: 'Again' })).status).toBe(409);
  });

  it('offers another time that the households see and one of them takes', async () => {
    const f = await splitFamily();
    expect((await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] })).status).toBe(201);
    const offered = await f.tc.post(`${f.moves}/offer`, { date: day(12), time: '15:00' });
    expect(offered.status, JSON.stringify(offered.body)).toBe(201);
    expect(offered.body.offer).toMatchObject({ startsAt: at(12, '15:00'), canAccept: false });
    // Only Mum's household asked: Dad is not offered it.
    expect(await movesSeenBy(f.dc, f.url)).toEqual([]);
    expect(await notified(f.dad.id, 'session_move_offered')).toEqual([]);
    expect(await notified(f.guardian.id, 'session_move_offered')).toHaveLength(1);
    const mums = await movesSeenBy(f.gc, f.url);
    expect(mums[0]?.offer).toMatchObject({ startsAt: at(12, '15:00'), canAccept: true });
    const taken = await f.gc.post(`${f.moves}/${mums[0]?.offer?.id}/accept-offer`, {});
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body).toMatchObject({ startsAt: at(12, '15:00'), version: 2, myResponse: 'yes' });
    expect(await notified(f.therapist.id, 'session_moved')).toHaveLength(1);
    expect(await notified(f.dad.id, 'session_moved')).toHaveLength(1);
    expect((await changes(f.sessionId)).map((c) => c.action)).toEqual(['move_requested', 'move_offered', 'moved']);
  });
});

describe('a family’s cancellation', () => {
  it('lets a guardian cancel with a reason the therapist is told of; a caregiver may not', async () => {
    const f = await splitFamily();
    const grandma = await buildUser(t.db, 'Rosa Grandma');
    await addMember(t.db, f.child, grandma, 'caregiver', { household: 'Home' });
    const cc = await signIn(t.app, grandma.email);
    const byCaregiver = await cc.post(`${f.url}/sessions/${f.sessionId}/family-cancel`, { reason: 'Flu' });
    expect(byCaregiver.status).toBe(403);
    expect((await f.gc.post(`${f.url}/sessions/${f.sessionId}/family-cancel`, {})).status).toBe(400);
    const done = await f.gc.post(`${f.url}/sessions/${f.sessionId}/family-cancel`, { reason: 'Leo has the flu' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'cancelled', cancelReason: 'Leo has the flu' });
    expect(await session(f.sessionId)).toMatchObject({ status: 'cancelled', cancelled_by: f.guardian.id, cancel_reason: 'Leo has the flu' });
    expect(await notified(f.therapist.id, 'session_cancelled_by_family')).toHaveLength(1);
    expect((await changes(f.sessionId)).map((c) => [c.action, c.actor_id, c.reason])).toEqual([['cancelled_by_family', f.guardian.id, 'Leo has the flu']]);
    expect((await f.gc.post(`${f.url}/sessions/${f.sessionId}/family-cancel`, { reason: 'Again' })).status).toBe(409);
    expect((await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] })).status).toBe(409);
  });

  it('refuses (403) a guardian cancelling a meeting the clinic runs, and leaves it on', async () => {
    const f = await splitFamily();
    for (const kind of ['plan_review', 'team_meeting', 'school_meeting']) {
      const made = await f.tc.post(`${f.url}/sessions`, { kind, place: 'clinic', date: day(10), time: kind === 'plan_review' ? '09:00' : kind === 'team_meeting' ? '11:00' : '13:00', durationMinutes: 45, familyInvited: true });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const id = made.body.sessions[0].id as string;
      const refused = await f.gc.post(`${f.url}/sessions/${id}/family-cancel`, { reason: 'Busy' });
      expect(refused.status, kind).toBe(403);
      expect(await session(id)).toMatchObject({ status: 'scheduled', cancelled_by: null });
      expect(await changes(id)).toEqual([]);
    }
  });
});

describe('bad input and other people’s children', () => {
  it('answers 400 naming the field and writes nothing', async () => {
    const f = await splitFamily();
    const four = [8, 9, 10, 11].map((n) => ({ date: day(n), time: '10:00' }));
    const cases: [object, string][] = [
      [{ times: four }, 'times'],
      [{ times: [] }, 'times'],
      [{ times: [{ date: day(-1), time: '10:00' }] }, 'times.0'],
      [{ times: [{ date: day(8), time: '10:00' }, { date: day(8), time: '10:00' }] }, 'times.1'],
      [{ times: [{ date: day(7), time: '16:00' }] }, 'times.0'],
      [{ times: [{ date: day(8), time: '25:00' }] }, 'times.0.time'],
      [{ times: [{ date: day(8), time: '10:00' }], timeZone: 'Mars/Olympus' }, 'timeZone'],
    ];
    for (const [body, field] of cases) {
      const res = await f.gc.post(f.moves, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message, JSON.stringify(body)).toContain(field);
    }
    expect(await t.db.selectFrom('session_move_request').select('id').where('session_id', '=', f.sessionId).execute()).toEqual([]);
    const mum = await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] });
    const notProposed = await f.tc.post(`${f.moves}/${mum.body.requests[0].id}/accept`, { startsAt: at(8, '11:00') });
    expect(notProposed.status).toBe(400);
    expect(notProposed.body.error.message).toContain('startsAt');
    const pastOffer = await f.tc.post(`${f.moves}/offer`, { date: day(-2), time: '10:00' });
    expect(pastOffer.status).toBe(400);
    expect(pastOffer.body.error.message).toContain('time');
    expect((await session(f.sessionId)).version).toBe(1);
  });

  it('is 404 for someone else’s child or session, and changes nothing', async () => {
    const f = await splitFamily();
    const other = await splitFamily();
    const mum = await f.gc.post(f.moves, { times: [{ date: day(8), time: '10:00' }] });
    const id = mum.body.requests[0].id as string;
    const before = JSON.stringify(await t.db.selectFrom('session_move_request').selectAll().orderBy('id').execute());
    expect((await other.gc.post(f.moves, { times: [{ date: day(8), time: '11:00' }] })).status).toBe(404);
    expect((await other.gc.get(`${f.url}/session-moves`)).status).toBe(404);
    expect((await other.tc.post(`${f.moves}/${id}/accept`, { startsAt: at(8, '10:00') })).status).toBe(404);
    expect((await other.tc.post(`${f.moves}/${id}/decline`, { reason: 'No' })).status).toBe(404);
    expect((await other.tc.post(`${f.moves}/offer`, { date: day(9), time: '10:00' })).status).toBe(404);
    expect((await other.gc.post(`${f.url}/sessions/${f.sessionId}/family-cancel`, { reason: 'No' })).status).toBe(404);
    // Another child's session or request through this child's address is not found either.
    expect((await other.tc.post(`${other.moves}/${id}/accept`, { startsAt: at(8, '10:00') })).status).toBe(404);
    expect((await f.tc.post(`${f.moves}/${randomUUID()}/accept`, { startsAt: at(8, '10:00') })).status).toBe(404);
    expect((await f.tc.post(`${f.moves}/nope/decline`, { reason: 'x' })).status).toBe(404);
    expect((await t.client().get(`${f.url}/session-moves`)).status).toBe(401);
    expect(JSON.stringify(await t.db.selectFrom('session_move_request').selectAll().orderBy('id').execute())).toBe(before);
    expect(await session(f.sessionId)).toMatchObject({ status: 'scheduled', version: 1 });
  });
});
