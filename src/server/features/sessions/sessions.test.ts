import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { INVITE_PRESETS } from '../../../contract/permissions.ts';
import { grantSessionDefaults } from '../../db/migrations/0019-sessions.ts';
import { addMember, buildChild, buildFamily, buildTherapist, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';

/**
 * Sessions over HTTP on a real database: scheduled by the therapist once or weekly (the same local
 * time across DST), seen by each reader on their own clock and only as far as they may, answered,
 * cancelled with a reason; a clinician's time is never booked twice.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

async function family() {
  const f = await buildFamily(t.db);
  const url = `/api/children/${f.child.id}/sessions`;
  return { ...f, url, tc: await signIn(t.app, f.therapist.email), gc: await signIn(t.app, f.guardian.email) };
}

const WEEKLY = {
  kind: 'therapy', place: 'clinic', placeNote: 'Room 2', date: '2026-10-22', time: '16:00', durationMinutes: 45,
  recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TH', count: 4 },
};
const RANGE = `from=${encodeURIComponent('2026-10-01T00:00:00Z')}&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`;
type S = { id: string; startsAt: string; localStart: string; timeZone: string; status: string; myResponse: string | null; cancelReason: string | null; invitees: { userId: string }[] };
const rows = (childId: string) => t.db.selectFrom('therapy_session').selectAll().where('child_id', '=', childId).execute();
const audits = (action: string, childId: string) => t.db.selectFrom('audit_event').select('action').where('action', '=', action).where('child_id', '=', childId).execute();

describe('scheduling', () => {
  it('keeps a weekly 16:00 Chicago session at 16:00 across the 1 November change; a family in Madrid sees its own time', async () => {
    const f = await family();
    const res = await f.tc.post(f.url, { ...WEEKLY, familyInvited: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.seriesId).toEqual(expect.any(String));
    const made = res.body.sessions as S[];
    expect(made.every((s) => JSON.stringify((s as unknown as { repeats: unknown }).repeats) === JSON.stringify({ freq: 'weekly', interval: 1 }))).toBe(true);
    expect(made.map((s) => s.startsAt)).toEqual(['2026-10-22T21:00:00.000Z', '2026-10-29T21:00:00.000Z', '2026-11-05T22:00:00.000Z', '2026-11-12T22:00:00.000Z']);
    // The therapist has no zone of their own: the child's (Chicago).
    expect(made.map((s) => s.localStart)).toEqual(['2026-10-22T16:00', '2026-10-29T16:00', '2026-11-05T16:00', '2026-11-12T16:00']);
    expect(await audits('session.create', f.child.id)).toHaveLength(1);
    const series = await t.db.selectFrom('session_series').selectAll().where('child_id', '=', f.child.id).executeTakeFirstOrThrow();
    expect(series).toMatchObject({ rule: 'FREQ=WEEKLY;BYDAY=TH', time_zone: 'America/Chicago', local_time: '16:00:00', count: 4 });

    await t.db.updateTable('app_user').set({ time_zone: 'Europe/Madrid' }).where('id', '=', f.guardian.id).execute();
    const seen = await f.gc.get(`${f.url}?${RANGE}`);
    expect(seen.status).toBe(200);
    const mine = seen.body.sessions as S[];
    expect(mine.map((s) => [s.localStart, s.timeZone])).toEqual([
      ['2026-10-22T23:00', 'Europe/Madrid'], ['2026-10-29T22:00', 'Europe/Madrid'], ['2026-11-05T23:00', 'Europe/Madrid'], ['2026-11-12T23:00', 'Europe/Madrid'],
    ]);
    expect(mine.every((s) => s.myResponse === 'pending')).toBe(true);
    expect(await audits('session.list', f.child.id)).toHaveLength(1);
  });

  it('writes a series out for 26 weeks when it has no end', async () => {
    const f = await family();
    const today = new Date().toISOString().slice(0, 10);
    const res = await f.tc.post(f.url, { ...WEEKLY, date: today, recurrence: { rule: 'FREQ=WEEKLY' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.sessions.length).toBeGreaterThanOrEqual(26);
    expect(res.body.sessions.length).toBeLessThanOrEqual(27);
  });

  it('refuses a time that clashes with the therapist’s other session, naming it, and writes nothing', async () => {
    const f = await family();
    expect((await f.tc.post(f.url, WEEKLY)).status).toBe(201);
    // Another child of the same therapist, half an hour into the second Thursday.
    const other = await buildChild(t.db, f.clinic.id, f.therapist, 'Mia');
    const url = `/api/children/${other.id}/sessions`;
    const clash = await f.tc.post(url, { kind: 'parent_coaching', place: 'video', date: '2026-10-29', time: '16:30', durationMinutes: 30 });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('2026-10-29 at 16:00');
    expect(await rows(other.id)).toEqual([]);
    // Right after it ends is free.
    expect((await f.tc.post(url, { kind: 'parent_coaching', place: 'video', date: '2026-10-29', time: '16:45', durationMinutes: 30 })).status).toBe(201);
    // A colleague inviting this therapist into the same hour is refused as well.
    const colleague = await buildTherapist(t.db, f.clinic.id, 'Cora Colleague');
    await addMember(t.db, f.child, colleague, 'therapist');
    const cc = await signIn(t.app, colleague.email);
    const invited = await cc.post(f.url, { kind: 'team_meeting', place: 'clinic', date: '2026-11-05', time: '15:30', durationMinutes: 60, invitees: [f.therapist.id] });
    expect(invited.status).toBe(409);
    expect(invited.body.error.message).toContain('2026-11-05 at 16:00');
    expect((await cc.post(f.url, { kind: 'team_meeting', place: 'clinic', date: '2026-11-05', time: '15:30', durationMinutes: 60 })).status).toBe(201);
  });

  it('writes a retried request once when it carries the same Idempotency-Key', async () => {
    const f = await family();
    const key = randomUUID();
    const body = { kind: 'therapy', place: 'home', date: '2026-12-10', time: '10:00', durationMinutes: 60 };
    const first = await f.tc.post(f.url, body, { 'idempotency-key': key });
    const retry = await f.tc.post(f.url, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.sessions[0].id).toBe(first.body.sessions[0].id);
    expect(await rows(f.child.id)).toHaveLength(1);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const f = await family();
    const stranger = await buildUser(t.db, 'Stan Stranger');
    const one = { kind: 'therapy', place: 'clinic', date: '2026-12-10', time: '10:00', durationMinutes: 45 };
    const cases: [object, string][] = [
      [{ ...one, kind: 'party' }, 'kind'],
      [{ ...one, place: 'moon' }, 'place'],
      [{ ...one, date: 'tomorrow' }, 'date'],
      [{ ...one, time: '25:00' }, 'time'],
      [{ ...one, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...one, durationMinutes: 0 }, 'durationMinutes'],
      [{ ...one, durationMinutes: undefined }, 'durationMinutes'],
      [{ ...one, recurrence: { rule: 'FREQ=HOURLY' } }, 'recurrence.rule'],
      [{ ...one, recurrence: { rule: 'FREQ=WEEKLY', until: '2026-01-01' } }, 'recurrence.until'],
      [{ ...one, invitees: [stranger.id] }, 'invitees'],
      [{ ...one, invitees: ['nope'] }, 'invitees'],
      [{ ...one, colour: 'blue' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await f.tc.post(f.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(res.body.error.message, JSON.stringify(body)).toContain(field);
    }
    expect(await rows(f.child.id)).toEqual([]);
    expect((await f.tc.get(`${f.url}?from=yesterday&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`)).status).toBe(400);
    const backwards = await f.tc.get(`${f.url}?from=${encodeURIComponent('2026-12-01T00:00:00Z')}&to=${encodeURIComponent('2026-11-01T00:00:00Z')}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toContain('to');
  });
});

describe('who sees what', () => {
  it('shows a parent the sessions they or the family are invited to; a second household only its own invitations', async () => {
    const f = await family();
    const dad = await buildUser(t.db, 'Dan Otherhome');
    await addMember(t.db, f.child, dad, 'guardian', { permissions: [...INVITE_PRESETS.secondHousehold.permissions], household: 'Dad' });
    const dc = await signIn(t.app, dad.email);
    const familyWide = await f.tc.post(f.url, { kind: 'parent_coaching', place: 'clinic', date: '2026-11-02', time: '09:00', durationMinutes: 45, familyInvited: true });
    const dadOnly = await f.tc.post(f.url, { kind: 'parent_coaching', place: 'video', date: '2026-11-03', time: '09:00', durationMinutes: 45, invitees: [dad.id] });
    const clinicOnly = await f.tc.post(f.url, { kind: 'therapy', place: 'clinic', date: '2026-11-04', time: '09:00', durationMinutes: 45 });
    for (const r of [familyWide, dadOnly, clinicOnly]) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const ids = (list: S[]) => list.map((s) => s.id);
    const [fw, d, c] = [familyWide, dadOnly, clinicOnly].map((r) => r.body.sessions[0].id as string);

    expect(ids((await f.tc.get(`${f.url}?${RANGE}`)).body.sessions)).toEqual([fw, d, c]);
    expect(ids((await f.gc.get(`${f.url}?${RANGE}`)).body.sessions)).toEqual([fw]);
    const dads = (await dc.get(`${f.url}?${RANGE}`)).body.sessions as S[];
    expect(ids(dads)).toEqual([d]);
    expect(dads[0]?.invitees).toEqual([{ userId: dad.id, response: 'pending' }]);
    // Not his to see, not his to answer.
    expect((await dc.post(`${f.url}/${fw}/response`, { response: 'yes' })).status).toBe(404);
    expect((await f.gc.post(`${f.url}/${d}/response`, { response: 'yes' })).status).toBe(404);

    // Each answers their own; the therapist sees both answers.
    const yes = await f.gc.post(`${f.url}/${fw}/response`, { response: 'yes' });
    expect(yes.status).toBe(200);
    expect(yes.body.myResponse).toBe('yes');
    expect((await dc.post(`${f.url}/${d}/response`, { response: 'no' })).body.myResponse).toBe('no');
    const all = (await f.tc.get(`${f.url}?${RANGE}`)).body.sessions as { id: string; invitees: { userId: string; response: string }[] }[];
    expect(all.find((s) => s.id === fw)?.invitees).toEqual([{ userId: f.guardian.id, response: 'yes' }]);
    expect(all.find((s) => s.id === d)?.invitees).toEqual([{ userId: dad.id, response: 'no' }]);
    expect(await audits('session.respond', f.child.id)).toHaveLength(2);
    expect((await f.gc.post(`${f.url}/${fw}/response`, { response: 'maybe' })).status).toBe(400);
  });

  it('lists a therapist’s own sessions across children for at most six weeks', async () => {
    const f = await family();
    const other = await buildChild(t.db, f.clinic.id, f.therapist, 'Mia');
    expect((await f.tc.post(f.url, { ...WEEKLY, recurrence: null })).status).toBe(201);
    expect((await f.tc.post(`/api/children/${other.id}/sessions`, { ...WEEKLY, date: '2026-10-23', recurrence: null })).status).toBe(201);
    const week = `from=${encodeURIComponent('2026-10-19T00:00:00-05:00')}&to=${encodeURIComponent('2026-10-26T00:00:00-05:00')}`;
    const mine = await f.tc.get(`/api/me/sessions?${week}`);
    expect(mine.status).toBe(200);
    expect((mine.body.sessions as { childId: string }[]).map((s) => s.childId)).toEqual([f.child.id, other.id]);
    // One audit row for the read, naming both children; the clinic's audit search by child finds it.
    const read = await t.db.selectFrom('audit_event').select(['child_id', 'details']).where('action', '=', 'session.mine').where('actor_id', '=', f.therapist.id).execute();
    expect(read).toHaveLength(1);
    expect((read[0]?.details as { childIds: string[] }).childIds.sort()).toEqual([f.child.id, other.id].sort());
    const admin = await signIn(t.app, f.clinic.admin.email);
    const found = await admin.get(`/api/admin/audit?childId=${other.id}&action=session.mine`);
    expect(found.status).toBe(200);
    expect(found.body.events).toHaveLength(1);
    // The guardian is not invited to either: nothing of theirs.
    expect((await f.gc.get(`/api/me/sessions?${week}`)).body.sessions).toEqual([]);
    const tooLong = await f.tc.get(`/api/me/sessions?from=${encodeURIComponent('2026-10-01T00:00:00Z')}&to=${encodeURIComponent('2026-11-13T00:00:00Z')}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('to');
    expect((await t.client().get(`/api/me/sessions?${week}`)).status).toBe(401);
  });
});

describe('cancelling', () => {
  it('needs a reason, keeps the session with it, and cannot be answered afterwards', async () => {
    const f = await family();
    const made = await f.tc.post(f.url, { ...WEEKLY, familyInvited: true });
    const id = made.body.sessions[1].id as string;
    const noReason = await f.tc.post(`${f.url}/${id}/cancel`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('reason');
    expect((await f.tc.post(`${f.url}/${id}/cancel`, { reason: '   ' })).status).toBe(400);
    // The family cannot cancel (not theirs to manage).
    expect((await f.gc.post(`${f.url}/${id}/cancel`, { reason: 'Busy' })).status).toBe(404);

    const done = await f.tc.post(`${f.url}/${id}/cancel`, { reason: 'Therapist unwell' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id, status: 'cancelled', cancelReason: 'Therapist unwell', version: 2 });
    const kept = (await t.db.selectFrom('therapy_session').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    expect(kept).toMatchObject({ status: 'cancelled', cancel_reason: 'Therapist unwell', cancelled_by: f.therapist.id });
    expect(await rows(f.child.id)).toHaveLength(4);
    expect(await audits('session.cancel', f.child.id)).toHaveLength(1);
    const seen = (await f.gc.get(`${f.url}?${RANGE}`)).body.sessions as S[];
    expect(seen.find((s) => s.id === id)).toMatchObject({ status: 'cancelled', cancelReason: 'Therapist unwell' });
    expect((await f.gc.post(`${f.url}/${id}/response`, { response: 'yes' })).status).toBe(409);
    expect((await f.tc.post(`${f.url}/${id}/cancel`, { reason: 'Again' })).status).toBe(409);
    // The cancelled hour is free again.
    const other = await buildChild(t.db, f.clinic.id, f.therapist, 'Mia');
    expect((await f.tc.post(`/api/children/${other.id}/sessions`, { ...WEEKLY, date: '2026-10-29', recurrence: null })).status).toBe(201);
  });
});

describe('access', () => {
  it('is 401 without a session and 404 for someone else’s child, with nothing written', async () => {
    const f = await family();
    const other = await family();
    const one = { kind: 'therapy', place: 'clinic', date: '2026-12-10', time: '10:00', durationMinutes: 45 };
    expect((await t.client().get(`${f.url}?${RANGE}`)).status).toBe(401);
    expect((await t.client().post(f.url, one)).status).toBe(401);
    expect((await other.tc.post(f.url, one)).status).toBe(404);
    expect((await other.tc.get(`${f.url}?${RANGE}`)).status).toBe(404);
    expect((await other.gc.get(`${f.url}?${RANGE}`)).status).toBe(404);
    const made = await f.tc.post(f.url, one);
    const id = made.body.sessions[0].id as string;
    expect((await other.tc.post(`${f.url}/${id}/cancel`, { reason: 'Mine now' })).status).toBe(404);
    expect((await other.gc.post(`${f.url}/${id}/response`, { response: 'yes' })).status).toBe(404);
    // A session of another child through this child's address is not found either.
    expect((await other.tc.post(`${other.url}/${id}/cancel`, { reason: 'Mine now' })).status).toBe(404);
    expect((await f.tc.post(`${f.url}/${randomUUID()}/cancel`, { reason: 'x' })).status).toBe(404);
    expect((await f.tc.post(`${f.url}/nope/cancel`, { reason: 'x' })).status).toBe(404);
    expect(await rows(f.child.id)).toMatchObject([{ id, status: 'scheduled' }]);
    expect(await rows(other.child.id)).toEqual([]);
    expect(await t.db.selectFrom('session_invitee').select('user_id').where('session_id', '=', id).execute()).toEqual([]);
  });

  it('gives the new permissions by role: parents answer, therapists schedule', async () => {
    const f = await family();
    const teacher = await buildUser(t.db, 'Tess Teacher');
    await addMember(t.db, f.child, teacher, 'teacher');
    const tc = await signIn(t.app, teacher.email);
    const one = { kind: 'school_meeting', place: 'school', date: '2026-12-10', time: '10:00', durationMinutes: 45 };
    expect((await f.gc.post(f.url, one)).status).toBe(404);
    expect((await tc.post(f.url, one)).status).toBe(404);
    expect((await tc.get(`${f.url}?${RANGE}`)).status).toBe(404);
    expect((await f.tc.post(f.url, { ...one, invitees: [teacher.id] })).status).toBe(201);
  });
});

describe('the migration', () => {
  it('gives members already on a team the new defaults of their role, once', async () => {
    const f = await family();
    const teacher = await buildUser(t.db, 'Tess Teacher');
    await addMember(t.db, f.child, teacher, 'teacher');
    const strip = ['sessions.respond', 'sessions.manage', 'sessions.clinical_note'];
    const before = await t.db.selectFrom('care_team_member').select(['id', 'permissions']).where('child_id', '=', f.child.id).execute();
    for (const m of before) {
      await t.ownerDb.updateTable('care_team_member').set({ permissions: m.permissions.filter((p) => !strip.includes(p)) }).where('id', '=', m.id).execute();
    }
    await grantSessionDefaults(t.ownerDb as unknown as Kysely<unknown>);
    await grantSessionDefaults(t.ownerDb as unknown as Kysely<unknown>);
    const after = await t.db.selectFrom('care_team_member').select(['role', 'permissions']).where('child_id', '=', f.child.id).orderBy('role').execute();
    const granted = (role: string) => after.find((m) => m.role === role)?.permissions.filter((p) => p.startsWith('sessions.'));
    expect(granted('guardian')).toEqual(['sessions.view', 'sessions.respond']);
    expect(granted('therapist')).toEqual(['sessions.view', 'sessions.manage']);
    expect(granted('teacher')).toEqual([]);
  });
});
