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
    await expect(t.db.deleteFrom('journal_entry_version').where('entry_id', '=', entry.body.id).execute()).rejects.toThrow(/append-only/);
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
