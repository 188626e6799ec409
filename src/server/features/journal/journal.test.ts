import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedInTeam, createTestContext, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * The home journal over HTTP: entries written in seconds, read by exactly the people their
 * visibility names, corrected only by their author with every wording kept.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const yesterday = () => new Date(Date.parse(`${today()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const MELTDOWN = {
  kind: 'behaviour', before: 'We turned off the tablet for dinner.', behaviour: 'Screamed and threw his fork.', after: 'A five-minute timer warning next time; he calmed on the beanbag.',
  intensity: 4, minutes: 10, place: 'home',
};

async function family() {
  const f = await buildSignedInTeam(t);
  return { ...f, url: `/api/children/${f.child.id}/journal` };
}

const ids = async (c: TestClient, url: string) => {
  const res = await c.get(url);
  expect(res.status).toBe(200);
  return (res.body.entries as { id: string }[]).map((e) => e.id).sort();
};

describe('the home journal', () => {
  it('takes each kind of entry and lists them newest first with their author', async () => {
    const f = await family();
    const bodies = [
      { content: MELTDOWN, date: today(), time: '18:10' },
      { content: { kind: 'sleep', bedtime: '20:30', wakeTime: '06:15', nightWakings: 2, rested: 2 }, date: today() },
      { content: { kind: 'eating', meals: 'Pasta, apple', newFoods: 'Touched a carrot', hard: 'Breakfast' }, date: yesterday() },
      { content: { kind: 'mood', mood: 4, routineNote: 'Grandma visited' }, date: yesterday() },
      { content: { kind: 'win', text: 'Asked for "more juice" in two words!' }, date: yesterday(), time: '08:00' },
      { content: { kind: 'note', text: 'He has a cold this week.' }, date: yesterday() },
    ];
    for (const b of bodies) {
      const res = await f.gc.post(f.url, b);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ content: b.content, visibility: 'team', version: 1, mine: true, by: { name: f.guardian.name, role: 'guardian' } });
    }
    const list = await f.tc.get(f.url);
    expect(list.body.entries.map((e: { content: { kind: string } }) => e.content.kind)).toEqual(['behaviour', 'sleep', 'win', 'note', 'mood', 'eating']);
    expect(list.body.entries[0]).toMatchObject({ time: '18:10', mine: false });
    const sleepOnly = await f.tc.get(`${f.url}?kind=sleep`);
    expect(sleepOnly.body.entries).toHaveLength(1);
  });

  it('shows a "therapists only" entry to therapists and its author, not to a caregiver or a teacher', async () => {
    const f = await family();
    const secret = await f.gc.post(f.url, { content: { kind: 'note', text: 'Dad moved out this week.' }, date: today(), visibility: 'therapists' });
    const forParents = await f.tc.post(f.url, { content: { kind: 'note', text: 'Ideas for the weekend.' }, date: today(), visibility: 'guardians' });
    const open = await f.gc.post(f.url, { content: MELTDOWN, date: today() });
    const byCarer = await f.cc.post(f.url, { content: { kind: 'win', text: 'Ate a whole sandwich' }, date: today() });
    expect(await ids(f.tc, f.url)).toEqual([secret.body.id, forParents.body.id, open.body.id, byCarer.body.id].sort());
    expect(await ids(f.gc, f.url)).toEqual([secret.body.id, forParents.body.id, open.body.id, byCarer.body.id].sort());
    // A caregiver and a teacher write in the journal but read only their own entries.
    expect(await ids(f.cc, f.url)).toEqual([byCarer.body.id]);
    expect(await ids(f.teach, f.url)).toEqual([]);
    expect((await f.cc.get(`${f.url}/${secret.body.id}/history`)).status).toBe(404);
    expect((await f.teach.get(`${f.url}/${secret.body.id}/history`)).status).toBe(404);
  });

  it('uses the family’s default visibility, which a guardian sets', async () => {
    const f = await family();
    expect((await f.gc.put(`/api/children/${f.child.id}/journal-settings`, { defaultVisibility: 'therapists' })).status).toBe(200);
    const entry = await f.gc.post(f.url, { content: MELTDOWN, date: today() });
    expect(entry.body.visibility).toBe('therapists');
    expect((await f.cc.put(`/api/children/${f.child.id}/journal-settings`, { defaultVisibility: 'team' })).status).toBe(404);
  });

  it('is corrected only by its author, and keeps every wording', async () => {
    const f = await family();
    const entry = await f.gc.post(f.url, { content: MELTDOWN, date: today(), time: '18:10' });
    const fixed = await f.gc.put(`${f.url}/${entry.body.id}`, { content: { ...MELTDOWN, intensity: 3 }, date: today(), time: '18:40', visibility: 'team' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body).toMatchObject({ version: 2, time: '18:40', content: { intensity: 3 } });
    expect(fixed.body.correctedAt).not.toBeNull();
    const history = await f.tc.get(`${f.url}/${entry.body.id}/history`);
    expect(history.body.versions.map((v: { content: { intensity: number }; time: string }) => [v.content.intensity, v.time])).toEqual([[4, '18:10'], [3, '18:40']]);
    const byOther = await f.tc.put(`${f.url}/${entry.body.id}`, { content: MELTDOWN, date: today(), time: null, visibility: 'team' });
    expect(byOther.status).toBe(403);
    await expect(t.ownerDb.deleteFrom('journal_entry_version').where('entry_id', '=', entry.body.id).execute()).rejects.toThrow(/append-only/);
  });
});

describe('bad journal input changes nothing and names the field', () => {
  it('refuses entries that make no sense', async () => {
    const f = await family();
    const entry = await f.gc.post(f.url, { content: MELTDOWN, date: today() });
    const cases: [object, string][] = [
      [{ content: { ...MELTDOWN, intensity: 9 }, date: today() }, 'content.intensity'],
      [{ content: { ...MELTDOWN, behaviour: '' }, date: today() }, 'content.behaviour'],
      [{ content: { kind: 'sleep', bedtime: '25:00', wakeTime: '06:00', nightWakings: 0, rested: 3 }, date: today() }, 'content.bedtime'],
      [{ content: { kind: 'dream', text: 'x' }, date: today() }, 'content.kind'],
      [{ content: MELTDOWN, date: '2099-01-01' }, 'date'],
      [{ content: MELTDOWN, date: '2020-01-01' }, 'date'],
      [{ content: MELTDOWN, date: today(), visibility: 'everyone' }, 'visibility'],
    ];
    for (const [body, field] of cases) {
      const res = await f.gc.post(f.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details[0].path.join('.'), JSON.stringify(res.body)).toBe(field);
    }
    const wrongKind = await f.gc.put(`${f.url}/${entry.body.id}`, { content: { kind: 'win', text: 'x' }, date: today(), time: null, visibility: 'team' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.details[0].path).toEqual(['content', 'kind']);
    const rows = await t.db.selectFrom('journal_entry').select(['version']).where('child_id', '=', f.child.id).execute();
    expect(rows).toEqual([{ version: 1 }]);
  });
});

describe('since last session', () => {
  const back = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

  it('shows practice done against planned, the week’s journal, and patterns with their numbers', async () => {
    const f = await family();
    const item = await f.tc.post(`/api/children/${f.child.id}/practice`, {
      title: 'Belly breathing', steps: ['Hand on tummy', 'Breathe in for 4'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: back(6),
    });
    const logs = `/api/children/${f.child.id}/practice/${item.body.id}/logs`;
    await f.gc.post(logs, { date: back(1), outcome: 'done', howItWent: 4 });
    await f.cc.post(logs, { date: back(1), outcome: 'done', howItWent: 5, note: 'He loved the feather' });
    await f.gc.post(logs, { date: back(2), outcome: 'done', howItWent: 2 });
    await f.gc.post(logs, { date: back(3), outcome: 'partial' });

    // Five weeks of nights: every fourth night short (7 h against a usual 10 h), two incidents the day after.
    const rows = [];
    for (let n = 1; n <= 35; n++) {
      const short = n % 4 === 0;
      rows.push({ kind: 'sleep' as const, content: { kind: 'sleep', bedtime: short ? '23:00' : '20:00', wakeTime: '06:00', nightWakings: 0, rested: short ? 2 : 4 }, date: back(n), time: null });
      if (short) for (const time of ['07:30', '08:10']) rows.push({ kind: 'behaviour' as const, content: { ...MELTDOWN }, date: back(n), time });
    }
    await t.db.insertInto('journal_entry').values(rows.map((r) => ({
      clinic_id: f.clinic.id, child_id: f.child.id, kind: r.kind, content: JSON.stringify(r.content), entry_date: r.date, entry_time: r.time,
      visibility: 'team' as const, author_id: f.guardian.id, author_role: 'guardian',
    }))).execute();

    const res = await f.tc.get(`/api/children/${f.child.id}/since`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ from: back(7), to: today() });
    expect(res.body.practice).toEqual([{
      itemId: item.body.id, title: 'Belly breathing', status: 'active', planned: 7, done: 2, partial: 1, skipped: 0, howItWent: 3.5,
      notes: [{ date: back(1), note: 'He loved the feather', by: 'Rosa Grandma' }],
    }]);
    // The week's entries only; the patterns look back eight weeks.
    expect(res.body.entries.every((e: { date: string }) => e.date >= back(7))).toBe(true);
    expect(res.body.patterns.incidents).toBe(16);
    expect(res.body.patterns.timeOfDay.peak).toBe('morning');
    expect(res.body.patterns.sleep).toMatchObject({ kind: 'compared', usualHours: 10, shortNights: 8, perDayAfterShort: 2, otherNights: 27, perDayAfterOther: 0, comparison: 'more' });

    const older = await f.tc.get(`/api/children/${f.child.id}/since?from=${back(30)}`);
    expect(older.body.entries.length).toBeGreaterThan(res.body.entries.length);
  });

  it('is for those who read the journal, and refuses a date in the future', async () => {
    const f = await family();
    expect((await f.cc.get(`/api/children/${f.child.id}/since`)).status).toBe(404);
    expect((await f.teach.get(`/api/children/${f.child.id}/since`)).status).toBe(404);
    const bad = await f.tc.get(`/api/children/${f.child.id}/since?from=2099-01-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['from']);
  });
});
