import { readdirSync, readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildClinic, buildFamily, buildTherapist, buildUser, clientFrom, createTestContext, type TestClient, type TestContext } from '../../../../test/support.ts';
import { drawPng } from '../../uploads/png.ts';

/**
 * Strategies over HTTP on a real database: the clinic library (starter + own), and a child's
 * strategies attached to goals and marked for home, therapy and school.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const OWN = {
  settings: ['home', 'school'],
  content: {
    en: { name: 'Dinosaur countdown', purpose: 'Counting down with his dinosaur before a change.', steps: ['Show the dinosaur.', 'Count down from five together.'], tips: ['Let him hold it.'] },
  },
};

let ip = 0;
async function family() {
  const f = await buildFamily(t.db);
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  const login = (email: string) => clientFrom(t.app, `10.2.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`).login(email);
  const tc = await login(f.therapist.email);
  const goalUrl = `/api/children/${f.child.id}/goals`;
  const homeGoal = await tc.post(goalUrl, { area: 'communication', statement: 'Asks for help with words', measure: 'count', target: 5, settings: ['therapy', 'home'] });
  const schoolGoal = await tc.post(goalUrl, { area: 'emotional_regulation', statement: 'Calms down within five minutes', measure: 'duration', baseline: 20, target: 5, lowerIsBetter: true, settings: ['home', 'school'] });
  expect(homeGoal.status).toBe(201);
  expect(schoolGoal.status).toBe(201);
  return {
    ...f,
    tc,
    gc: await login(f.guardian.email),
    teach: await login(teacher.email),
    url: `/api/children/${f.child.id}/strategies`,
    homeGoal: homeGoal.body.id as string,
    schoolGoal: schoolGoal.body.id as string,
  };
}

async function starter(c: TestClient, name: string): Promise<string> {
  const res = await c.get(`/api/strategies?q=${encodeURIComponent(name)}`);
  const found = (res.body.strategies as { id: string; starter: boolean; content: { en?: { name: string } } }[]).find((s) => s.starter && s.content.en?.name === name);
  if (!found) throw new Error(`no starter strategy ${name}`);
  return found.id;
}

/** A real 4×4 PNG with a text chunk of camera metadata that must not be stored. */
function png(): Buffer {
  const picture = drawPng(4, 4, (x, y) => [x * 60, y * 60, 120]);
  const text = Buffer.from('GPS\u000051.5,-0.1', 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(text.length, 0);
  head.write('tEXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), text])), 0);
  // After IHDR (8 + 25 bytes in).
  return Buffer.concat([picture.subarray(0, 33), head, text, crc, picture.subarray(33)]);
}

function upload(c: TestClient, url: string, bytes: Buffer, type = 'image/png') {
  return c.app.inject({ method: 'PUT', url, payload: bytes, headers: { cookie: c.cookie ?? '', 'x-csrf-token': c.csrf ?? '', 'content-type': type } });
}

const audits = (action: string, subjectId: string) =>
  t.db.selectFrom('audit_event').select(['action', 'actor_id']).where('action', '=', action).where('subject_id', '=', subjectId).execute();
const rows = (table: 'strategy' | 'child_strategy' | 'child_strategy_goal' | 'strategy_use') => t.db.selectFrom(table).selectAll().execute().then((r) => JSON.stringify(r));

describe('the clinic library', () => {
  it('holds at least 20 starter strategies in English and Spanish, with steps and tips', async () => {
    const f = await family();
    const res = await f.tc.get('/api/strategies');
    expect(res.status).toBe(200);
    const starters = res.body.strategies.filter((s: { starter: boolean }) => s.starter);
    expect(starters.length).toBeGreaterThanOrEqual(20);
    for (const s of starters) {
      for (const lang of ['en', 'es'] as const) {
        expect(s.content[lang].steps.length, s.content.en.name).toBeGreaterThanOrEqual(3);
        expect(s.content[lang].steps.length, s.content.en.name).toBeLessThanOrEqual(6);
        expect(s.content[lang].tips.length, s.content.en.name).toBeGreaterThanOrEqual(1);
        expect(s.content[lang].tips.length, s.content.en.name).toBeLessThanOrEqual(3);
      }
      expect(s.editable).toBe(false);
    }
  });

  it('searches by text in either language and filters by setting', async () => {
    const f = await family();
    const spanish = await f.tc.get(`/api/strategies?q=${encodeURIComponent('barriga')}`);
    expect(spanish.body.strategies.map((s: { content: { en: { name: string } } }) => s.content.en.name)).toEqual(['Belly breathing']);
    const home = await f.tc.get('/api/strategies?setting=home&q=bedtime');
    expect(home.body.strategies).toHaveLength(1);
    const school = await f.tc.get('/api/strategies?setting=school&q=bedtime');
    expect(school.body.strategies).toHaveLength(0);
    // The JSON keys are not content: every strategy has "tips", none says the word.
    const keys = await f.tc.get('/api/strategies?q=tips');
    expect(keys.body.strategies).toHaveLength(0);
    // Names that match come before strategies that only mention the word in a step.
    const timer = await f.tc.get('/api/strategies?q=timer');
    expect(timer.body.strategies.length).toBeGreaterThan(1);
    expect(timer.body.strategies[0].content.en.name).toBe('Visual timer');
    const bad = await f.tc.get('/api/strategies?setting=park');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/setting/);
  });

  it('lets a clinician add, edit and copy; starter strategies stay read-only; audited', async () => {
    const f = await family();
    const created = await f.tc.post('/api/strategies', OWN);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ starter: false, editable: true, settings: ['home', 'school'], copiedFrom: null });
    expect(await audits('strategy.create', created.body.id)).toHaveLength(1);

    const es = { name: 'Cuenta atrás con el dinosaurio', purpose: 'Contar hacia atrás con su dinosaurio antes de un cambio.', steps: ['Muestre el dinosaurio.', 'Cuenten juntos desde cinco.'], tips: [] };
    const edited = await f.tc.patch(`/api/strategies/${created.body.id}`, { content: { ...OWN.content, es } });
    expect(edited.status).toBe(200);
    expect(edited.body.content.es.name).toBe('Cuenta atrás con el dinosaurio');
    expect(await audits('strategy.update', created.body.id)).toHaveLength(1);

    const first = await starter(f.tc, 'First–then');
    const before = await rows('strategy');
    const refused = await f.tc.patch(`/api/strategies/${first}`, { settings: ['home'] });
    expect(refused.status).toBe(403);
    expect(await rows('strategy')).toBe(before);

    const copy = await f.tc.post(`/api/strategies/${first}/copy`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ starter: false, editable: true, copiedFrom: first, content: { en: { name: 'First–then' }, es: { name: 'Primero–después' } } });
    expect(await audits('strategy.copy', copy.body.id)).toHaveLength(1);
    const adapted = await f.tc.patch(`/api/strategies/${copy.body.id}`, { settings: ['home'] });
    expect(adapted.body.settings).toEqual(['home']);

    const one = await f.tc.get(`/api/strategies/${created.body.id}`);
    expect(one.body.content.en.name).toBe('Dinosaur countdown');
  });

  it('takes a strategy written in any of the seven languages: Arabic only is saved and read back, found by its name', async () => {
    const f = await family();
    const ar = { name: 'العد مع الديناصور', purpose: 'العد التنازلي مع الديناصور قبل أي تغيير.', steps: ['أظهر له الديناصور.', 'عدّا معاً من خمسة.'], tips: [] };
    const created = await f.tc.post('/api/strategies', { settings: ['home'], content: { ar } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.content).toEqual({ ar });
    const read = await f.tc.get(`/api/strategies/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.content.ar.steps).toEqual(ar.steps);
    const found = await f.tc.get(`/api/strategies?q=${encodeURIComponent('الديناصور')}`);
    expect(found.body.strategies.map((s: { id: string }) => s.id)).toEqual([created.body.id]);

    const fr = { name: 'Compte à rebours du dinosaure', purpose: 'Compter à rebours avec son dinosaure avant un changement.', steps: ['Montrez-lui le dinosaure.'], tips: [] };
    const french = await f.tc.post('/api/strategies', { settings: ['home'], content: { fr } });
    expect(french.status).toBe(201);
    const byName = await f.tc.get(`/api/strategies?q=${encodeURIComponent('rebours')}`);
    expect(byName.body.strategies.map((s: { id: string }) => s.id)).toEqual([french.body.id]);
    // CareTeam's starter strategies are found by their names in the other languages too.
    const starterInFrench = await f.tc.get(`/api/strategies?q=${encodeURIComponent('Respiration par le ventre')}`);
    expect(starterInFrench.body.strategies.map((s: { content: { en: { name: string } } }) => s.content.en.name)).toEqual(['Belly breathing']);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const f = await family();
    const created = await f.tc.post('/api/strategies', OWN);
    const before = await rows('strategy');
    const none = await f.tc.post('/api/strategies', { ...OWN, content: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].message).toMatch(/English, Spanish, Chinese, Vietnamese, Arabic, Portuguese or French/);
    const cases: [string, string, object, string][] = [
      ['POST', '/api/strategies', { ...OWN, content: {} }, 'content'],
      // Only the app's seven languages.
      ['POST', '/api/strategies', { ...OWN, content: { de: OWN.content.en } }, 'content'],
      ['PATCH', `/api/strategies/${created.body.id}`, { content: { en: OWN.content.en, it: OWN.content.en } }, 'content'],
      ['PATCH', `/api/strategies/${created.body.id}`, { content: {} }, 'content'],
      ['POST', '/api/strategies', { ...OWN, settings: [] }, 'settings'],
      ['POST', '/api/strategies', { ...OWN, content: { en: { ...OWN.content.en, steps: [] } } }, 'content.en.steps'],
      ['PATCH', `/api/strategies/${created.body.id}`, { content: { es: { ...OWN.content.en, name: '' } } }, 'content.es.name'],
      ['PATCH', `/api/strategies/${created.body.id}`, { settings: ['park'] }, 'settings.0'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await f.tc.request(method, url, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.details[0].path.join('.'), field).toBe(field);
    }
    expect(await rows('strategy')).toBe(before);
  });

  it('keeps each clinic’s own strategies to itself, and is not there for families', async () => {
    const f = await family();
    const created = await f.tc.post('/api/strategies', OWN);
    const other = await buildClinic(t.db, 'Elsewhere');
    const otherTherapist = await buildTherapist(t.db, other.id, 'Otto Other');
    const oc = await clientFrom(t.app, '10.2.99.1').login(otherTherapist.email);
    const list = await oc.get('/api/strategies');
    expect(list.body.strategies.some((s: { id: string }) => s.id === created.body.id)).toBe(false);
    const before = await rows('strategy');
    for (const [method, url] of [['GET', `/api/strategies/${created.body.id}`], ['PATCH', `/api/strategies/${created.body.id}`], ['POST', `/api/strategies/${created.body.id}/copy`]] as const) {
      const res = await oc.request(method, url, method === 'GET' ? undefined : { settings: ['home'] });
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    // A family member has no clinic role: the library does not exist for them.
    for (const [method, url] of [['GET', '/api/strategies'], ['POST', '/api/strategies'], ['GET', `/api/strategies/${created.body.id}`]] as const) {
      const res = await f.gc.request(method, url, method === 'GET' ? undefined : OWN);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    expect(await rows('strategy')).toBe(before);
  });
});

describe('a child’s strategies', () => {
  it('are attached to goals for home and school, read by the family, and only school ones by the teacher', async () => {
    const f = await family();
    const firstThen = await starter(f.tc, 'First–then');
    const belly = await starter(f.tc, 'Belly breathing');
    const attached = await f.tc.post(f.url, { strategyId: firstThen, goalIds: [f.homeGoal, f.schoolGoal], settings: ['home', 'school'], note: 'Use his dinosaur timer.' });
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    expect(attached.body).toMatchObject({ settings: ['home', 'school'], note: 'Use his dinosaur timer.', strategy: { content: { es: { name: 'Primero–después' } } } });
    expect(attached.body.goals.map((g: { statement: string }) => g.statement)).toEqual(['Asks for help with words', 'Calms down within five minutes']);
    expect(await audits('child_strategy.attach', attached.body.id)).toHaveLength(1);
    const therapyOnly = await f.tc.post(f.url, { strategyId: belly, goalIds: [f.schoolGoal], settings: ['therapy'] });
    expect(therapyOnly.status).toBe(201);

    const forFamily = await f.gc.get(f.url);
    expect(forFamily.status).toBe(200);
    expect(forFamily.body.strategies).toHaveLength(2);
    expect(forFamily.body.therapists).toEqual(['Theo Therapist']);

    const teacher = await f.teach.get(f.url);
    expect(teacher.body.strategies).toHaveLength(1);
    // Only the goal shared with school shows, as on the plan.
    expect(teacher.body.strategies[0].goals.map((g: { statement: string }) => g.statement)).toEqual(['Calms down within five minutes']);
    const hidden = await f.teach.patch(`${f.url}/${therapyOnly.body.id}`, { note: 'x' });
    expect(hidden.status).toBe(404);

    // Neither the family nor the teacher change the list.
    const before = await rows('child_strategy');
    expect((await f.gc.patch(`${f.url}/${attached.body.id}`, { note: 'Mine' })).status).toBe(404);
    expect((await f.teach.delete(`${f.url}/${attached.body.id}`)).status).toBe(404);
    expect(await rows('child_strategy')).toBe(before);
  });

  it('are updated and detached by the therapist, each change audited', async () => {
    const f = await family();
    const strategyId = await starter(f.tc, 'Visual timer');
    const attached = await f.tc.post(f.url, { strategyId, goalIds: [f.homeGoal], settings: ['home'] });
    const again = await f.tc.post(f.url, { strategyId, goalIds: [f.homeGoal], settings: ['home'] });
    expect(again.status).toBe(409);
    const updated = await f.tc.patch(`${f.url}/${attached.body.id}`, { settings: ['home', 'school'], goalIds: [f.schoolGoal], note: 'The sand timer from class.' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ settings: ['home', 'school'], note: 'The sand timer from class.', goals: [{ id: f.schoolGoal }] });
    expect(await audits('child_strategy.update', attached.body.id)).toHaveLength(1);
    expect((await f.teach.get(f.url)).body.strategies).toHaveLength(1);

    const removed = await f.tc.delete(`${f.url}/${attached.body.id}`);
    expect(removed.status).toBe(200);
    expect(await audits('child_strategy.detach', attached.body.id)).toHaveLength(1);
    expect((await f.gc.get(f.url)).body.strategies).toHaveLength(0);
    expect((await f.tc.delete(`${f.url}/${attached.body.id}`)).status).toBe(404);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const f = await family();
    const other = await family();
    const strategyId = await starter(f.tc, 'Break card');
    const attached = await f.tc.post(f.url, { strategyId, goalIds: [f.homeGoal], settings: ['home'] });
    const foreign = await other.tc.post('/api/strategies', OWN);
    const before = [await rows('child_strategy'), await rows('child_strategy_goal')].join();
    const cases: [string, string, object, string][] = [
      ['POST', f.url, { strategyId, goalIds: [f.homeGoal], settings: [] }, 'settings'],
      ['POST', f.url, { strategyId, goalIds: [], settings: ['home'] }, 'goalIds'],
      ['POST', f.url, { strategyId: 'nope', goalIds: [f.homeGoal], settings: ['home'] }, 'strategyId'],
      // Another clinic's own strategy is not in this clinic's library.
      ['POST', f.url, { strategyId: foreign.body.id, goalIds: [f.homeGoal], settings: ['home'] }, 'strategyId'],
      // Another child's goal is not this child's.
      ['POST', f.url, { strategyId: await starter(f.tc, 'Wait time'), goalIds: [other.homeGoal], settings: ['home'] }, 'goalIds'],
      ['PATCH', `${f.url}/${attached.body.id}`, { goalIds: [other.homeGoal] }, 'goalIds'],
      ['PATCH', `${f.url}/${attached.body.id}`, { settings: ['garden'] }, 'settings.0'],
      ['PATCH', `${f.url}/${attached.body.id}`, { note: 'x'.repeat(501) }, 'note'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await f.tc.request(method, url, body);
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.details[0].path.join('.'), field).toBe(field);
    }
    expect([await rows('child_strategy'), await rows('child_strategy_goal')].join()).toBe(before);
  });
});

describe('the starter strategies’ drawings', () => {
  it('exist for every starter strategy, drawn as plain SVG without words, and follow a copy', async () => {
    const dir = new URL('../../../web/features/strategies/illustrations/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.svg')).map((f) => f.replace(/\.svg$/, '')).sort();
    const starters = await t.db.selectFrom('strategy').select('starter_key').where('starter_key', 'is not', null).execute();
    expect(files).toEqual(starters.map((r) => r.starter_key).sort());
    expect(files).toHaveLength(24);
    for (const f of files) {
      const svg = readFileSync(new URL(`${f}.svg`, dir), 'utf8');
      expect(svg, f).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 160 120"/);
      // Nothing to read (no words to translate or mirror), nothing fetched, nothing run.
      expect(svg, f).not.toMatch(/<text|<image|<script|href=|url\(|on\w+=/i);
    }
    const f = await family();
    const timer = await starter(f.tc, 'Visual timer');
    expect((await f.tc.get(`/api/strategies/${timer}`)).body.illustration).toBe('visual-timer');
    const copy = await f.tc.post(`/api/strategies/${timer}/copy`);
    expect(copy.body.illustration).toBe('visual-timer');
    expect((await f.tc.post('/api/strategies', OWN)).body.illustration).toBeNull();
  });
});

describe('did it help?', () => {
  async function withStrategy() {
    const f = await family();
    const strategyId = await starter(f.tc, 'Visual timer');
    const attached = await f.tc.post(f.url, { strategyId, goalIds: [f.schoolGoal], settings: ['home', 'school'] });
    expect(attached.status).toBe(201);
    const list = await f.gc.get(f.url);
    return { ...f, strategyId, uses: `${f.url}/${attached.body.id}/uses`, id: attached.body.id as string, today: list.body.today as string };
  }
  const usesOf = (body: { strategies: { id: string; uses: unknown[] }[] }, id: string) => body.strategies.find((s) => s.id === id)?.uses;

  it('counts a parent’s use at home and a teacher’s at school, each in their own setting', async () => {
    const f = await withStrategy();
    expect((await f.gc.get(f.url)).body.mySetting).toBe('home');
    const home = await f.gc.post(f.uses, { date: f.today, helped: 'yes' });
    expect(home.status, JSON.stringify(home.body)).toBe(201);
    expect(home.body).toMatchObject({ childStrategyId: f.id, date: f.today, setting: 'home', helped: 'yes', note: '' });
    const school = await f.teach.post(f.uses, { date: f.today, helped: 'a_bit', note: 'Used it before lining up.' });
    expect(school.body).toMatchObject({ setting: 'school', helped: 'a_bit' });
    const therapy = await f.tc.post(f.uses, { date: f.today, helped: 'no' });
    expect(therapy.body.setting).toBe('therapy');
    // A note added later the same day is the parent's newer word, not a second use.
    expect((await f.gc.post(f.uses, { date: f.today, helped: 'yes', note: 'He set the timer himself.' })).status).toBe(201);

    const family = await f.gc.get(f.url);
    expect(usesOf(family.body, f.id)).toEqual([
      { setting: 'home', used: 1, helped: 1, aBit: 0, notHelped: 0 },
      { setting: 'therapy', used: 1, helped: 0, aBit: 0, notHelped: 1 },
      { setting: 'school', used: 1, helped: 0, aBit: 1, notHelped: 0 },
    ]);
    const mine = family.body.strategies.find((s: { id: string }) => s.id === f.id);
    expect(mine.myToday).toEqual({ helped: 'yes', note: 'He set the timer himself.' });
    // What people wrote, newest first, with who wrote it.
    expect(mine.notes).toEqual([
      { date: f.today, setting: 'home', helped: 'yes', note: 'He set the timer himself.', by: f.guardian.name },
      { date: f.today, setting: 'school', helped: 'a_bit', note: 'Used it before lining up.', by: 'Tess Teacher' },
    ]);
    // The teacher sees what happened at school only.
    const teacher = await f.teach.get(f.url);
    expect(teacher.body.mySetting).toBe('school');
    expect(usesOf(teacher.body, f.id)).toEqual([{ setting: 'school', used: 1, helped: 0, aBit: 1, notHelped: 0 }]);
    expect(teacher.body.strategies[0].notes.map((n: { setting: string }) => n.setting)).toEqual(['school']);
    expect(await audits('strategy_use.log', home.body.id)).toHaveLength(1);

    // Today shows the home strategies to the family, with their word for today.
    const today = await f.gc.get('/api/today/strategies');
    expect(today.status).toBe(200);
    expect(today.body.children).toHaveLength(1);
    expect(today.body.children[0]).toMatchObject({ childId: f.child.id, today: f.today, strategies: [{ id: f.id, myToday: { helped: 'yes' } }] });
    // Today is the family's: a teacher and a therapist have nothing there.
    expect((await f.teach.get('/api/today/strategies')).body.children).toEqual([]);
    expect((await f.tc.get('/api/today/strategies')).body.children).toEqual([]);
  });

  it('writes a retried log once when it carries the same Idempotency-Key', async () => {
    const f = await withStrategy();
    const key = `use-${f.id}`;
    const first = await f.gc.post(f.uses, { date: f.today, helped: 'a_bit' }, { 'idempotency-key': key });
    const retry = await f.gc.post(f.uses, { date: f.today, helped: 'a_bit' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    const written = await t.db.selectFrom('strategy_use').select('id').where('child_id', '=', f.child.id).execute();
    expect(written).toHaveLength(1);
  });

  it('answers 401 without a session and 404 for someone else’s child or a hidden strategy, changing nothing', async () => {
    const f = await withStrategy();
    const other = await family();
    const before = await rows('strategy_use');
    const anonymous = await clientFrom(t.app, '10.9.9.9').post(f.uses, { date: f.today, helped: 'yes' });
    expect(anonymous.status).toBe(401);
    expect((await clientFrom(t.app, '10.9.9.8').get('/api/today/strategies')).status).toBe(401);
    for (const c of [other.gc, other.tc, other.teach]) {
      const res = await c.post(f.uses, { date: f.today, helped: 'yes' });
      expect(res.status).toBe(404);
      const list = await c.get('/api/today/strategies');
      expect(JSON.stringify(list.body)).not.toContain(f.child.id);
    }
    // Another child's strategy through this child's address does not exist.
    const theirs = await other.tc.post(other.url, { strategyId: f.strategyId, goalIds: [other.homeGoal], settings: ['home'] });
    expect((await f.gc.post(`${f.url}/${theirs.body.id}/uses`, { date: f.today, helped: 'yes' })).status).toBe(404);
    // A therapy-only strategy is not the teacher's to log.
    const therapyOnly = await f.tc.post(f.url, { strategyId: await starter(f.tc, 'Wait time'), goalIds: [f.homeGoal], settings: ['therapy'] });
    expect((await f.teach.post(`${f.url}/${therapyOnly.body.id}/uses`, { date: f.today, helped: 'yes' })).status).toBe(404);
    expect(await rows('strategy_use')).toBe(before);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const f = await withStrategy();
    const before = await rows('strategy_use');
    const day = (n: number) => new Date(Date.parse(`${f.today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const cases: [object, string][] = [
      [{ date: f.today, helped: 'maybe' }, 'helped'],
      [{ date: f.today }, 'helped'],
      [{ date: 'today', helped: 'yes' }, 'date'],
      [{ date: day(1), helped: 'yes' }, 'date'],
      [{ date: day(-8), helped: 'yes' }, 'date'],
      [{ date: f.today, helped: 'yes', note: 'x'.repeat(501) }, 'note'],
      [{ date: f.today, helped: 'yes', setting: 'school' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await f.gc.post(f.uses, body);
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
      if (field) expect(res.body.error.details[0].path.join('.'), field).toBe(field);
    }
    expect(await rows('strategy_use')).toBe(before);
    // A week back is still fine (a phone that was offline).
    expect((await f.gc.post(f.uses, { date: day(-7), helped: 'no' })).status).toBe(201);
  });
});

describe('a strategy’s picture', () => {
  it('is checked by content and size, stored without metadata, and served only to those who may see it', async () => {
    const f = await family();
    const own = await f.tc.post('/api/strategies', OWN);
    const url = `/api/strategies/${own.body.id}/image`;
    const before = await rows('strategy');
    const text = await upload(f.tc, url, Buffer.from('<svg onload=alert(1)>'), 'image/png');
    expect(text.statusCode).toBe(415);
    expect(JSON.parse(text.body).error.details[0].path).toEqual(['image']);
    const huge = await upload(f.tc, url, Buffer.concat([png(), Buffer.alloc(2 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(413);
    const onStarter = await upload(f.tc, `/api/strategies/${await starter(f.tc, 'Visual timer')}/image`, png());
    expect(onStarter.statusCode).toBe(403);
    expect(await rows('strategy')).toBe(before);

    const ok = await upload(f.tc, url, png());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(JSON.parse(ok.body).hasImage).toBe(true);
    expect(await audits('strategy.image', own.body.id)).toHaveLength(1);
    const served = await f.tc.app.inject({ method: 'GET', url, headers: { cookie: f.tc.cookie ?? '' } });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
    expect(served.rawPayload.includes(Buffer.from('IDAT'))).toBe(true);

    // The family reads it through the child's strategy, the teacher only for school strategies.
    const homeOnly = await f.tc.post(f.url, { strategyId: own.body.id, goalIds: [f.homeGoal], settings: ['home'] });
    const childImage = `${f.url}/${homeOnly.body.id}/image`;
    expect((await f.gc.app.inject({ method: 'GET', url: childImage, headers: { cookie: f.gc.cookie ?? '' } })).statusCode).toBe(200);
    expect((await f.teach.app.inject({ method: 'GET', url: childImage, headers: { cookie: f.teach.cookie ?? '' } })).statusCode).toBe(404);
    expect((await f.gc.get(url)).status).toBe(404);

    // Drawn small: a copy at most 320 wide, as WebP, beside the picture as uploaded.
    const big = await upload(f.tc, url, drawPng(900, 600, (x, y) => [x % 256, y % 256, 90]));
    expect(big.statusCode).toBe(200);
    const get = (c: TestClient, path: string) => c.app.inject({ method: 'GET', url: path, headers: { cookie: c.cookie ?? '' } });
    const whole = await get(f.tc, url);
    expect(await sharp(whole.rawPayload).metadata()).toMatchObject({ format: 'png', width: 900, height: 600 });
    for (const [c, path] of [[f.tc, `${url}?w=320`], [f.gc, `${childImage}?w=320`]] as const) {
      const small = await get(c, path);
      expect(small.headers['content-type']).toBe('image/webp');
      expect(await sharp(small.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 320, height: 213 });
    }
    expect((await get(f.teach, `${childImage}?w=320`)).statusCode).toBe(404);
    const wrongWidth = await get(f.tc, `${url}?w=100`);
    expect(wrongWidth.statusCode).toBe(400);
    expect(JSON.parse(wrongWidth.body).error.details[0].path).toEqual(['w']);

    const removed = await f.tc.delete(url);
    expect(removed.body.hasImage).toBe(false);
    expect((await f.tc.get(url)).status).toBe(404);
  });
});
