import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { INVITE_PRESETS, ROLE_PERMISSIONS } from '../../../contract/permissions.ts';
import { grantCaregiverSessionView } from '../../db/migrations/0024-session-views.ts';
import { addMember, buildChild, buildFamily, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';
import { extendSeries } from './series-extension.ts';

/**
 * A person's own sessions across their children (a family member sees every session of theirs
 * they may see, not only the ones naming them), caregivers seeing the sessions they answer, and
 * recurring series written further ahead as time goes by.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const DAY = 86_400_000;
const range = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
const one = { kind: 'therapy', place: 'clinic', time: '16:00', durationMinutes: 45 };

describe('GET /api/me/sessions for a family', () => {
  it('gives a guardian the family-invited sessions of each of their children and their own invitations, not the rest', async () => {
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const gc = await signIn(t.app, f.guardian.email);
    const sister = await buildChild(t.db, f.clinic.id, f.therapist, 'Ana');
    await addMember(t.db, sister, f.guardian, 'guardian', { household: 'Home' });
    const dad = await buildUser(t.db, 'Dan Dad');
    await addMember(t.db, f.child, dad, 'guardian', { permissions: [...INVITE_PRESETS.secondHousehold.permissions], household: 'Dad' });
    const nanny = await buildUser(t.db, 'Nia Nanny');
    await addMember(t.db, f.child, nanny, 'caregiver', { household: 'Home' });

    const at = async (childId: string, date: string, extra: object) => {
      const res = await tc.post(`/api/children/${childId}/sessions`, { ...one, date, ...extra });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.sessions[0].id as string;
    };
    const familyOne = await at(f.child.id, '2026-11-02', { familyInvited: true });
    const sisters = await at(sister.id, '2026-11-03', { familyInvited: true });
    const clinicOnly = await at(f.child.id, '2026-11-04', {});
    const dadsOwn = await at(f.child.id, '2026-11-05', { invitees: [dad.id] });
    const week = range('2026-11-02T00:00:00-06:00', '2026-11-09T00:00:00-06:00');

    const ids = (body: { sessions: { id: string }[] }) => body.sessions.map((s) => s.id);
    const mine = await gc.get(`/api/me/sessions?${week}`);
    expect(mine.status).toBe(200);
    expect(ids(mine.body)).toEqual([familyOne, sisters]);
    expect(mine.body.sessions.map((s: { myResponse: string }) => s.myResponse)).toEqual(['pending', 'pending']);
    // The second household: only what names them.
    expect(ids((await (await signIn(t.app, dad.email)).get(`/api/me/sessions?${week}`)).body)).toEqual([dadsOwn]);
    // A caregiver with the new defaults sees the family's sessions they may answer.
    expect(ids((await (await signIn(t.app, nanny.email)).get(`/api/me/sessions?${week}`)).body)).toEqual([familyOne]);
    // The therapist: all four are theirs.
    expect(ids((await tc.get(`/api/me/sessions?${week}`)).body)).toEqual([familyOne, sisters, clinicOnly, dadsOwn]);
  });

  it('grants existing caregivers who answer sessions the right to see them, once', async () => {
    const f = await buildFamily(t.db);
    const nanny = await buildUser(t.db, 'Nora Nanny');
    const helper = await buildUser(t.db, 'Hal Helper');
    const old = ROLE_PERMISSIONS.caregiver.filter((p) => p !== 'sessions.view');
    const a = await addMember(t.db, f.child, nanny, 'caregiver', { permissions: [...old], household: 'Home' });
    const b = await addMember(t.db, f.child, helper, 'caregiver', { permissions: [...INVITE_PRESETS.helper.permissions], household: 'Home' });
    await grantCaregiverSessionView(t.ownerDb as unknown as Kysely<unknown>);
    await grantCaregiverSessionView(t.ownerDb as unknown as Kysely<unknown>);
    const perms = async (id: string) => (await t.db.selectFrom('care_team_member').select('permissions').where('id', '=', id).executeTakeFirstOrThrow()).permissions;
    expect((await perms(a.id)).filter((p) => p === 'sessions.view')).toEqual(['sessions.view']);
    // A helper who may not answer sessions is left as they were.
    expect(await perms(b.id)).toEqual([...INVITE_PRESETS.helper.permissions]);
    expect(ROLE_PERMISSIONS.caregiver).toContain('sessions.view');
  });
});

describe('extending series', () => {
  it('writes the following weeks as time goes by, skipping a clash with a record, once even when run twice at the same time', async () => {
    // Thursday 7 January 2027, 09:00 in Chicago.
    t.clock.set(new Date('2027-01-07T15:00:00Z'));
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const colleague = await buildUser(t.db, 'Cal Colleague');
    await addMember(t.db, f.child, colleague, 'therapist');
    const made = await tc.post(`/api/children/${f.child.id}/sessions`, {
      ...one, place: 'home', placeNote: 'Kitchen', date: '2027-01-07', familyInvited: true, invitees: [colleague.id, f.guardian.id],
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TH' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const seriesId = made.body.seriesId as string;
    const series = () => t.db.selectFrom('session_series').select(['materialised_until']).where('id', '=', seriesId).executeTakeFirstOrThrow();
    const sessions = () => t.db.selectFrom('therapy_session').selectAll().where('series_id', '=', seriesId).orderBy('starts_at').execute();
    // 7 January to 8 July: 27 Thursdays.
    expect(await sessions()).toHaveLength(27);
    expect((await series()).materialised_until).toBe('2027-07-08');

    // Nothing is due yet: a run writes nothing.
    await extendSeries(t.deps);
    expect(await sessions()).toHaveLength(27);

    // The colleague has another child's session on Thursday 22 July at 16:15 (Chicago).
    const other = await buildChild(t.db, f.clinic.id, f.therapist, 'Mia');
    await addMember(t.db, other, colleague, 'therapist');
    const cc = await signIn(t.app, colleague.email);
    expect((await cc.post(`/api/children/${other.id}/sessions`, { ...one, date: '2027-07-22', time: '16:15', durationMinutes: 30 })).status).toBe(201);

    // Three weeks on (Thursday 28 January), two instances run at once.
    t.clock.advance(21 * DAY);
    await Promise.all([extendSeries(t.deps), extendSeries(t.deps)]);
    const after = await sessions();
    expect((await series()).materialised_until).toBe('2027-07-29');
    const localDates = after.map((s) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(s.starts_at));
    expect(localDates.slice(-3)).toEqual(['2027-07-08', '2027-07-15', '2027-07-29']);
    expect(new Set(localDates).size).toBe(after.length);
    expect(after).toHaveLength(29);
    // Still 16:00 in Chicago, as the series' latest session, with the same people invited.
    const last = after.at(-1);
    expect(last).toMatchObject({ place: 'home', place_note: 'Kitchen', family_invited: true, duration_minutes: 45, created_by: f.therapist.id, status: 'scheduled' });
    expect(last?.starts_at.toISOString()).toBe('2027-07-29T21:00:00.000Z');
    const invited = await t.db.selectFrom('session_invitee').select(['user_id', 'response']).where('session_id', '=', last?.id ?? '').orderBy('user_id').execute();
    expect(invited).toEqual([colleague.id, f.guardian.id].sort().map((u) => ({ user_id: u, response: 'pending' })));
    const skips = await t.db.selectFrom('audit_event').select(['details', 'actor_role']).where('subject_id', '=', seriesId).where('action', '=', 'session.series_skip').execute();
    expect(skips).toHaveLength(1);
    expect(skips[0]?.details).toMatchObject({ startsAt: '2027-07-22T21:00:00.000Z', localStart: '2027-07-22T16:00', reason: 'clash' });
    expect(await t.db.selectFrom('audit_event').select('id').where('subject_id', '=', seriesId).where('action', '=', 'session.series_extend').execute()).toHaveLength(1);

    // Again: nothing more.
    await extendSeries(t.deps);
    expect(await sessions()).toHaveLength(29);
  });

  it('keeps counting a series with a count from its first date and stops at it', async () => {
    t.clock.set(new Date('2027-03-01T15:00:00Z'));
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    // Every Monday and Wednesday, 55 times: 53 fit in the first 26 weeks.
    const made = await tc.post(`/api/children/${f.child.id}/sessions`, { ...one, date: '2027-03-01', recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,WE', count: 55 } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const seriesId = made.body.seriesId as string;
    const count = async () => (await t.db.selectFrom('therapy_session').select('id').where('series_id', '=', seriesId).execute()).length;
    expect(await count()).toBe(53);
    t.clock.advance(28 * DAY);
    await extendSeries(t.deps);
    expect(await count()).toBe(55);
    t.clock.advance(28 * DAY);
    await extendSeries(t.deps);
    expect(await count()).toBe(55);
  });

  it('does not go past a series’ last date', async () => {
    t.clock.set(new Date('2027-05-03T15:00:00Z'));
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const made = await tc.post(`/api/children/${f.child.id}/sessions`, { ...one, date: '2027-05-03', recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', until: '2027-11-15' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const seriesId = made.body.seriesId as string;
    const starts = async () => (await t.db.selectFrom('therapy_session').select('starts_at').where('series_id', '=', seriesId).orderBy('starts_at').execute()).map((s) => s.starts_at.toISOString());
    expect(await starts()).toHaveLength(27);
    t.clock.advance(56 * DAY);
    await extendSeries(t.deps);
    const all = await starts();
    expect(all).toHaveLength(29);
    expect(all.at(-1)).toBe('2027-11-15T22:00:00.000Z');
  });
});
