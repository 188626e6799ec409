import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../../contract/common.ts';
import { INVITE_PRESETS } from '../../../contract/permissions.ts';
import { trendSentence } from '../../../contract/trend-sentence.ts';
import { addMember, buildFamily, buildSignedInTeam, buildUser, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';
import { mailText } from '../../mail/templates.ts';
import { sweepHousekeeping } from '../../jobs/housekeeping.ts';
import { createUploadStore } from '../../uploads/store.ts';
import { runReportJob } from './reports.service.ts';

/**
 * Progress reports on a real database, read back as text from the PDF: the child, every goal and
 * its trend sentence in the language asked for, "page 1 of N" — and never a clinician's private
 * note or what another household may not see.
 */

let t: TestContext;
let dir: string;
beforeAll(async () => {
  t = await createTestContext();
  dir = mkdtempSync(path.join(tmpdir(), 'report-test-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOTE = 'Suspected apraxia of speech; reassess oral praxis next visit.';
const PRIVATE_SUMMARY = 'Talked about the move between the two homes.';
const WELLBEING = 'I have not slept properly in weeks.';
const GOALS = [
  { area: 'communication', statement: 'Asks for help with two words', measure: 'count', baseline: 1, target: 6, settings: ['therapy', 'home'], whyItMatters: 'So mornings are calmer.' },
  { area: 'daily_living', statement: 'Brushes teeth with one reminder', measure: 'percent', baseline: 20, target: 80, settings: ['home', 'school'] },
];

/** The PDF's text, with its line breaks as spaces. */
function pdfText(bytes: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile(bytes), '-']).toString('utf8').replace(/\s+/g, ' ');
}

function pdfFile(bytes: Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

async function family() {
  t.clock.set(new Date('2026-11-26T15:00:00Z')); // Thursday, 09:00 in Chicago
  const f = await buildSignedInTeam(t);
  const url = `/api/children/${f.child.id}`;
  // A parent in a second home, who sees only the sessions they are invited to.
  const other = await buildUser(t.db, 'Olga Otherhome');
  await addMember(t.db, f.child, other, 'guardian', { household: 'Second home', permissions: [...INVITE_PRESETS.secondHousehold.permissions] });
  const oc = await signIn(t.app, other.email);
  const goals: { id: string }[] = [];
  for (const g of GOALS) {
    const res = await f.tc.post(`${url}/goals`, g);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    goals.push(res.body);
  }
  const values = [[1, 2, 2, 3, 4, 4, 5], [20, 30, 25, 40, 50, 55, 60]];
  for (const [gi, goal] of goals.entries()) {
    for (const [i, value] of (values[gi] ?? []).entries()) {
      const date = new Date(Date.parse('2026-10-01T12:00:00Z') + i * 8 * 86_400_000).toISOString().slice(0, 10);
      const body = { value, date, setting: i % 2 === 0 ? 'home' : (gi === 0 ? 'therapy' : 'school'), ...(gi === 1 ? { opportunities: 10 } : {}) };
      const res = await f.tc.post(`${url}/goals/${goal.id}/measurements`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }
  // A session for everyone with a summary and a private note; one only the first home is invited to.
  const everyone = await f.tc.post(`${url}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-11-24', time: '16:00', durationMinutes: 45, familyInvited: true });
  const firstHome = await f.tc.post(`${url}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-11-17', time: '16:00', durationMinutes: 45, familyInvited: false, invitees: [f.guardian.id] });
  expect([everyone.status, firstHome.status]).toEqual([201, 201]);
  const s1 = everyone.body.sessions[0].id as string;
  const s2 = firstHome.body.sessions[0].id as string;
  expect((await f.tc.put(`${url}/sessions/${s1}/record`, { workedOn: 'Two-word requests in play.', wentWell: 'He waited for his turn.' })).status).toBe(200);
  expect((await f.tc.put(`${url}/sessions/${s1}/clinical-note`, { text: NOTE })).status).toBe(200);
  expect((await f.tc.put(`${url}/sessions/${s2}/record`, { workedOn: PRIVATE_SUMMARY })).status).toBe(200);
  expect((await f.gc.post(`${url}/milestones`, { title: 'Said “more juice” at breakfast', date: '2026-11-20' })).status).toBe(201);
  // Home practice every day from 16 November, done on three days.
  const item = await f.tc.post(`${url}/practice`, { title: 'More at snack time', steps: ['Hold the snack', 'Wait for “more”'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-11-16' });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  for (const date of ['2026-11-23', '2026-11-24', '2026-11-25']) {
    expect((await f.gc.post(`${url}/practice/${item.body.id}/logs`, { date, outcome: 'done' })).status).toBe(201);
  }
  // This week's home check-in and a caregiver's well-being check, answered by the guardian.
  const forms = (await f.tc.get('/api/checkin-forms')).body.forms as { id: string; starterKey: string }[];
  for (const [key, answers] of [['weekly_home', { sleep: 4, mood: 3, practice: 5 }], ['caregiver_wellbeing', { overall: 2, stress: 2, supported: 3, rest: 2, note: WELLBEING }]] as const) {
    const assigned = await f.tc.post(`${url}/checkins`, { formId: forms.find((x) => x.starterKey === key)?.id, cadence: { kind: 'weekly', weekday: 4 }, respondents: [{ kind: 'person', userId: f.guardian.id }] });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const sent = await f.gc.post(`${url}/checkins/${assigned.body.id}/answers`, { occurrence: '2026-11-26', answers, submit: true });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  }
  // A strategy used at home (it helped) and in therapy (a bit).
  const strategy = await f.tc.post('/api/strategies', { settings: ['home'], content: { en: { name: 'Visual timer', purpose: 'Shows how long is left', steps: ['Set it'], tips: [] } } });
  const childStrategy = await f.tc.post(`${url}/strategies`, { strategyId: strategy.body.id, goalIds: [goals[0]?.id], settings: ['home', 'therapy'] });
  expect(childStrategy.status, JSON.stringify(childStrategy.body)).toBe(201);
  expect((await f.gc.post(`${url}/strategies/${childStrategy.body.id}/uses`, { date: '2026-11-25', helped: 'yes' })).status).toBe(201);
  expect((await f.tc.post(`${url}/strategies/${childStrategy.body.id}/uses`, { date: '2026-11-26', helped: 'a_bit' })).status).toBe(201);
  const goalIds = goals.map((g) => g.id);
  const ask = (c: TestClient, body: object = {}, headers?: Record<string, string>) =>
    c.post(`${url}/reports`, { from: '2026-09-01', to: '2026-11-26', goalIds, locale: 'en', ...body }, headers);
  const download = async (c: TestClient, body: object = {}) => {
    const made = await ask(c, body);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const pdf = await c.fetchBytes(made.body.url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    return { report: made.body as { id: string; url: string; pageCount: number }, text: pdfText(pdf.bytes), bytes: pdf.bytes };
  };
  return { ...f, url, oc, goalIds, ask, download, strategyId: strategy.body.id as string };
}

/** The trend sentence the app shows above each goal's chart, in a language. */
async function sentences(c: TestClient, url: string, locale: Locale) {
  const goals = (await c.get(`${url}/goals`)).body.goals as { trend: { kind: 'improving'; params: Record<string, number> }; lowerIsBetter: boolean }[];
  return goals.map((g) => trendSentence(g, mailText(locale)));
}

describe('a progress report', () => {
  it('is a PDF with the child, each goal and its trend sentence, in English and in Spanish, page x of y on every page', async () => {
    const f = await family();
    // The clinic's letterhead is an admin's to write.
    const admin = await signIn(t.app, f.clinic.admin.email);
    const patched = await admin.patch('/api/admin/clinic', { letterhead: '12 Harbour Road, Springfield · 555 0100' });
    expect(patched.body).toMatchObject({ letterhead: '12 Harbour Road, Springfield · 555 0100' });
    const en = await f.download(f.tc, { closing: 'Leo has worked hard this term.' });
    expect(en.text).toContain('12 Harbour Road, Springfield · 555 0100');
    expect(en.text).toContain('Leo Test');
    expect(en.text).toContain('Sunrise Therapy');
    for (const g of GOALS) expect(en.text).toContain(g.statement);
    expect(en.text).toContain('So mornings are calmer.');
    const enSentences = await sentences(f.tc, f.url, 'en');
    expect(enSentences.some((s) => s.startsWith('Getting closer'))).toBe(true);
    for (const s of enSentences) expect(en.text).toContain(s);
    const pages = Number(/Page 1 of (\d+)/.exec(en.text)?.[1]);
    expect(pages).toBe(en.report.pageCount);
    for (let p = 1; p <= pages; p++) expect(en.text).toContain(`Page ${p} of ${pages}`);
    expect(en.text).toContain('Generated November 26, 2026');
    expect(en.text).toContain('Two-word requests in play.');
    expect(en.text).toContain('Said “more juice” at breakfast');
    expect(en.text).toContain('Leo has worked hard this term.');
    expect(en.text).toContain('In all, 3 of 11 planned practice days were done.');
    expect(en.text).toContain('More at snack time');
    // How often each strategy helped, per setting; the check-in scores of the period.
    expect(en.text).toContain('Visual timer');
    expect(en.text).toContain('Home: used on 1 day — helped 1, a bit 0, not 0');
    expect(en.text).toContain('Therapy: used on 1 day — helped 0, a bit 1, not 0');
    expect(en.text).toContain('Check-ins');
    expect(en.text).toContain('Weekly home check-in');
    expect(en.text).toMatch(/Scores from 1 to 5; higher is better\./);

    // The clinic's own strategy, written in English, is named in Spanish as the therapist translated it.
    const visualTimer = { name: 'Temporizador visual', purpose: 'Muestra cuánto falta', 'steps.0': 'Póngalo' };
    expect((await f.tc.put(`/api/translations/strategy/${f.strategyId}/es`, { fields: visualTimer })).status).toBe(200);
    const es = await f.download(f.tc, { locale: 'es' });
    expect(es.text).toContain('Informe de progreso');
    expect(es.text).toContain('Temporizador visual');
    for (const g of GOALS) expect(es.text).toContain(g.statement);
    const esSentences = await sentences(f.tc, f.url, 'es');
    expect(esSentences).not.toEqual(enSentences);
    for (const s of esSentences) expect(es.text).toContain(s);
    expect(es.text).toMatch(/Página 1 de \d+/);
    expect(es.text).toContain('Generado el 26 de noviembre de 2026');
    expect(es.text).toContain('Seguimientos');
    expect(es.text).toContain('se usó 1 día — ayudó 1, un poco 0, no 0');

    // Every generation and every download is audited.
    const audits = await t.db.selectFrom('audit_event').select(['action', 'subject_id']).where('child_id', '=', f.child.id).where('action', 'like', 'report.%').execute();
    expect(audits.filter((a) => a.action === 'report.create').map((a) => a.subject_id).sort()).toEqual([en.report.id, es.report.id].sort());
    expect(audits.filter((a) => a.action === 'report.download')).toHaveLength(2);
  });

  it('never holds a clinician’s private note, nor what another household may not see', async () => {
    const f = await family();
    const therapist = await f.download(f.tc);
    expect(therapist.text).toContain(PRIVATE_SUMMARY);
    const firstHome = await f.download(f.gc);
    expect(firstHome.text).toContain(PRIVATE_SUMMARY);
    expect(firstHome.text).toContain('Two-word requests in play.');
    const secondHome = await f.download(f.oc);
    expect(secondHome.text).toContain('Leo Test');
    expect(secondHome.text).not.toContain(PRIVATE_SUMMARY);
    for (const r of [therapist, firstHome, secondHome]) {
      expect(r.text).not.toMatch(/apraxia|praxis/i);
      // A caregiver's well-being answers are the therapist's to read in CareTeam, never in a report.
      expect(r.text).not.toContain(WELLBEING);
      expect(r.text).not.toContain('How are you doing?');
    }
  });

  it('is only for the therapist and the guardians, and only the person who asked downloads it', async () => {
    const f = await family();
    const before = await t.db.selectFrom('progress_report').select('id').execute();
    expect((await f.ask(t.client())).status).toBe(401);
    for (const c of [f.cc, f.teach]) {
      const res = await f.ask(c);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const stranger = await buildFamily(t.db);
    const sc = await signIn(t.app, stranger.guardian.email);
    expect((await f.ask(sc)).status).toBe(404);
    expect(await t.db.selectFrom('progress_report').select('id').execute()).toEqual(before);

    const mine = await f.ask(f.tc);
    expect(mine.status).toBe(201);
    for (const c of [f.gc, f.teach, sc]) {
      expect((await c.get(`${f.url}/reports/${mine.body.id}`)).status).toBe(404);
      expect((await c.fetchBytes(mine.body.url)).status).toBe(404);
    }
    expect((await f.tc.get(`${f.url}/reports/${mine.body.id}`)).body).toEqual(mine.body);
    // Kept for a day, then gone.
    expect(Date.parse(mine.body.expiresAt) - t.clock().getTime()).toBe(24 * 3600_000);
    await t.db.updateTable('progress_report').set({ expires_at: t.clock() }).where('id', '=', mine.body.id).execute();
    const late = await f.tc.fetchBytes(mine.body.url);
    expect(late.status).toBe(410);
    // The hourly sweep removes the file and says so on the row.
    const store = createUploadStore(t.deps.config);
    const key = (await t.db.selectFrom('progress_report').select('storage_key').where('id', '=', mine.body.id).executeTakeFirstOrThrow()).storage_key ?? '';
    expect(await store.read(key)).not.toBeNull();
    expect((await sweepHousekeeping(t.deps, store)).reports).toBeGreaterThanOrEqual(1);
    expect(await store.read(key)).toBeNull();
    expect((await f.tc.get(`${f.url}/reports/${mine.body.id}`)).body).toMatchObject({ status: 'expired', url: null });
  });

  it('refuses bad requests naming the field, and writes once per Idempotency-Key', async () => {
    const f = await family();
    const field = async (body: object, c: TestClient = f.tc) => {
      const res = await f.ask(c, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      return (res.body.error.details as { path: string[] }[]).map((d) => d.path.join('.'));
    };
    expect(await field({ goalIds: [] })).toContain('goalIds');
    expect(await field({ from: '2026-11-20', to: '2026-11-01' })).toContain('to');
    expect(await field({ locale: 'de' })).toContain('locale');
    expect(await field({ from: '2020-01-01' })).toContain('from');
    const other = await buildFamily(t.db);
    const foreign = await signIn(t.app, other.therapist.email);
    const theirs = await foreign.post(`/api/children/${other.child.id}/goals`, GOALS[0]);
    expect(await field({ goalIds: [theirs.body.id] })).toContain('goalIds');
    expect(await field({ closing: 'From a parent' }, f.gc)).toContain('closing');
    expect(await t.db.selectFrom('progress_report').select('id').where('child_id', '=', f.child.id).execute()).toEqual([]);

    const headers = { 'Idempotency-Key': 'report-once-1234' };
    const first = await f.ask(f.tc, {}, headers);
    const again = await f.ask(f.tc, {}, headers);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await t.db.selectFrom('progress_report').select('id').where('child_id', '=', f.child.id).execute()).toHaveLength(1);
  });

  it('writes a long period in a job, kept to download for a day', async () => {
    const f = await family();
    const res = await f.ask(f.tc, { from: '2025-06-01', closing: 'Two good years.' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending', url: null });
    expect((await f.tc.fetchBytes(`${f.url}/reports/${res.body.id}/pdf`)).status).toBe(409);
    await runReportJob(t.deps, createUploadStore(t.deps.config), { id: res.body.id });
    const ready = await f.tc.get(`${f.url}/reports/${res.body.id}`);
    expect(ready.body).toMatchObject({ status: 'ready', url: `${f.url}/reports/${res.body.id}/pdf` });
    const pdf = await f.tc.fetchBytes(ready.body.url);
    const text = pdfText(pdf.bytes);
    expect(text).toContain('Leo Test');
    expect(text).toContain('Two good years.');
    for (const g of GOALS) expect(text).toContain(g.statement);
    // The closing words are not kept once they are in the PDF.
    expect((await t.db.selectFrom('progress_report').select('closing').where('id', '=', res.body.id).executeTakeFirstOrThrow()).closing).toBe('');
  });

  it('is written in Chinese and in Arabic with each script in its own embedded font, Arabic right to left', async () => {
    const f = await family();
    const shots = path.resolve('screenshots');
    mkdirSync(shots, { recursive: true });
    for (const locale of ['zh', 'ar'] as const) {
      const closing = locale === 'zh' ? 'Leo 这学期进步很大。' : 'بذل Leo جهدًا كبيرًا هذا الفصل.';
      const r = await f.download(f.tc, { locale, closing });
      // pdftotext marks where the direction changes; the words are what is compared.
      r.text = r.text.replace(/[\u202a-\u202e]/g, '');
      const file = pdfFile(r.bytes);
      // The title, the child's name, every goal and its trend sentence in the report's language. Arabic
      // words carry their letters as ActualText (joined letters share glyphs), which pdftotext reads
      // word by word but does not put back into lines: there every word must be found.
      const said = await sentences(f.tc, f.url, locale);
      const expected = [mailText(locale)('reports.pdf.title'), 'Leo Test', ...GOALS.map((g) => g.statement), ...said, closing, mailText(locale)('reports.pdf.page', { page: 1, pages: r.report.pageCount })];
      const words = (s: string) => s.split(/[\s:.,،؛()]+/).flatMap((w) => w.split(/(?<=\d)(?=\D)|(?<=\D)(?=\d)/)).filter(Boolean);
      const found = new Set(words(r.text));
      for (const s of expected) {
        if (locale === 'zh') expect(r.text).toContain(s);
        else for (const w of words(s)) expect(found, `${w} (${s})`).toContain(w);
      }
      // Noto Sans for Latin words and digits, and the script's own Noto font, each embedded as a subset.
      const fonts = execFileSync('pdffonts', [file]).toString('utf8').split('\n').slice(2).filter(Boolean);
      const family = locale === 'zh' ? 'NotoSansSC' : 'NotoSansArabic';
      expect(fonts.some((l) => /\+NotoSans-Regular /.test(l))).toBe(true);
      for (const weight of ['Regular', 'Bold']) {
        const line = fonts.find((l) => new RegExp(`^[A-Z]{6}\\+${family}-${weight} `).test(l));
        expect(line, fonts.join('\n')).toBeDefined();
        expect(line).toMatch(/ yes +yes +yes /); // embedded, subset, with a ToUnicode map: real, searchable text
      }
      // No glyph is missing: every character maps back to itself.
      expect(r.text).not.toMatch(/[\ufffd\u25a1]/);
      execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, `report-${locale}`)]);
      copyFileSync(path.join(dir, `report-${locale}.png`), path.join(shots, `report-${locale}-page1.png`));
    }
  });
});
