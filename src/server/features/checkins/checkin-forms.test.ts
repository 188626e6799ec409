import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writtenIn } from '../../../contract/locales.ts';
import { buildClinic, buildFamily, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * The check-in form editor over HTTP on a real database: a clinician copies a starter form or
 * builds one from scratch with every kind of question, in any of the app's languages (here English and
 * Spanish; one only in Vietnamese is answered and read across languages); the server
 * refuses what cannot work (naming the field); starter forms stay read-only; another clinic's form
 * does not exist; a question with answers keeps what its answers need, so they stay readable.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  t.clock.set(new Date('2026-03-04T20:00:00Z')); // a Wednesday afternoon in Chicago
});
afterAll(async () => t?.close());

const L = (en: string, es: string) => ({ en, es });

/** A form with one question of each kind, a sum of the scoreable ones and a sub-score. */
const everyKind = () => ({
  title: L('Evenings at home', 'Las tardes en casa'),
  intro: L('A minute about the evenings.', 'Un minuto sobre las tardes.'),
  respondent: 'family',
  privacy: 'team',
  items: [
    { key: 'calm', kind: 'scale', text: L('How calm were evenings?', '¿Qué tan tranquilas fueron las tardes?'), low: L('Stormy', 'Agitadas'), high: L('Calm', 'Tranquilas') },
    { key: 'meltdowns', kind: 'scale', text: L('How many meltdowns?', '¿Cuántas rabietas?'), low: L('None', 'Ninguna'), high: L('Many', 'Muchas'), reversed: true },
    { key: 'routine', kind: 'yes_no', text: L('Did the routine chart help?', '¿Ayudó el cuadro de rutina?') },
    {
      key: 'hardest', kind: 'single', text: L('Hardest moment?', '¿El momento más difícil?'),
      options: [{ key: 'dinner', text: L('Dinner', 'La cena') }, { key: 'bath', text: L('Bath', 'El baño') }],
    },
    {
      key: 'helped', kind: 'multiple', text: L('What helped?', '¿Qué ayudó?'),
      options: [{ key: 'timer', text: L('A timer', 'Un temporizador') }, { key: 'choices', text: L('Two choices', 'Dos opciones') }, { key: 'music', text: L('Music', 'Música') }],
    },
    { key: 'minutes', kind: 'number', text: L('Minutes to fall asleep', 'Minutos para dormirse'), min: 0, max: 120 },
    { key: 'note', kind: 'text', text: L('Anything else?', '¿Algo más?') },
  ],
  scoring: {
    method: 'sum', items: ['calm', 'meltdowns', 'routine'], direction: 'higher_better',
    subscores: [{ key: 'mood', label: L('Mood', 'Ánimo'), items: ['calm', 'meltdowns'] }],
  },
});
type Def = ReturnType<typeof everyKind>;

async function clinic() {
  const c = await buildClinic(t.db, 'Editor Clinic');
  const f = await buildFamily(t.db, c);
  const other = await buildFamily(t.db);
  return {
    ...f, other,
    tc: await signIn(t.app, f.therapist.email), gc: await signIn(t.app, f.guardian.email), admin: await signIn(t.app, c.admin.email),
    otherTc: await signIn(t.app, other.therapist.email), otherAdmin: await signIn(t.app, other.clinic.admin.email),
  };
}

const forms = () => t.db.selectFrom('checkin_form').select(['id', 'definition', 'updated_at']).orderBy('id').execute();
const audits = (id: string) => t.db.selectFrom('audit_event').select('action').where('subject_id', '=', id).orderBy('created_at').execute().then((r) => r.map((x) => x.action));

async function bad(c: TestClient, method: 'post' | 'put', url: string, body: unknown, field: string) {
  const res = await c[method](url, body);
  expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.body.error.details[0].path.join('.'), field).toBe(field);
}

describe('the check-in form editor', () => {
  it('builds a form of every kind from scratch, reads it back, and changes it; all audited', async () => {
    const f = await clinic();
    const made = await f.tc.post('/api/checkin-forms', everyKind());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    expect(made.body.scoreRange).toEqual({ min: 2, max: 11 });

    const read = await f.admin.get(`/api/checkin-forms/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, starterKey: null, editable: true, answeredItems: [], answeredOptions: {}, activeAssignments: 0 });
    expect(read.body.definition).toEqual(everyKind());

    // Reordered, reworded, a question added, the scoring now a mean: the admin may change the therapist's form.
    const def = everyKind();
    const changed: Def = { ...def, title: L('Evenings', 'Las tardes'), items: [def.items[6], ...def.items.slice(0, 6)] as Def['items'], scoring: { ...def.scoring, method: 'mean' } };
    const put = await f.admin.put(`/api/checkin-forms/${id}`, changed);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.definition.items.map((i: { key: string }) => i.key)).toEqual(['note', 'calm', 'meltdowns', 'routine', 'hardest', 'helped', 'minutes']);
    expect(put.body.scoreRange).toEqual({ min: 0.67, max: 3.67 });
    expect(await audits(id)).toEqual(['checkin.form_create', 'checkin.form_update']);
    // The library lists it beside the starters.
    expect((await f.tc.get('/api/checkin-forms')).body.forms.some((x: { id: string; definition: Def }) => x.id === id && x.definition.title.en === 'Evenings')).toBe(true);
  });

  it('copies a starter form to edit it; the starter itself stays read-only', async () => {
    const f = await clinic();
    const starter = (await f.tc.get('/api/checkin-forms')).body.forms.find((x: { starterKey: string }) => x.starterKey === 'weekly_home');
    expect((await f.tc.get(`/api/checkin-forms/${starter.id}`)).body).toMatchObject({ editable: false, starterKey: 'weekly_home' });
    const before = await forms();
    const put = await f.tc.put(`/api/checkin-forms/${starter.id}`, starter.definition);
    expect(put.status).toBe(403);
    expect(await forms()).toEqual(before);

    const copy = await f.tc.post(`/api/checkin-forms/${starter.id}/copy`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ starterKey: null, editable: true, definition: starter.definition });
    expect(await audits(copy.body.id)).toEqual(['checkin.form_copy']);
    // Every starter form passes the editor's own checks unchanged.
    const again = await f.tc.put(`/api/checkin-forms/${copy.body.id}`, copy.body.definition);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    for (const s of (await f.tc.get('/api/checkin-forms')).body.forms.filter((x: { starterKey: string | null }) => x.starterKey !== null)) {
      const c = await f.tc.post(`/api/checkin-forms/${s.id}/copy`);
      expect((await f.tc.put(`/api/checkin-forms/${c.body.id}`, c.body.definition)).status, s.starterKey).toBe(200);
    }
  });

  it('is for the clinic’s clinicians only: no session 401, families and other clinics 404, the forms unchanged', async () => {
    const f = await clinic();
    const id = (await f.tc.post('/api/checkin-forms', everyKind())).body.id as string;
    const anon = t.client();
    expect((await anon.get(`/api/checkin-forms/${id}`)).status).toBe(401);
    expect((await anon.put(`/api/checkin-forms/${id}`, everyKind())).status).toBe(401);
    expect((await anon.post(`/api/checkin-forms/${id}/copy`)).status).toBe(401);
    const before = await forms();
    for (const [who, c] of [['guardian', f.gc], ['other clinic’s therapist', f.otherTc], ['other clinic’s admin', f.otherAdmin]] as const) {
      expect((await c.get(`/api/checkin-forms/${id}`)).status, who).toBe(404);
      expect((await c.put(`/api/checkin-forms/${id}`, { ...everyKind(), title: L('Mine', 'Mío') })).status, who).toBe(404);
      expect((await c.post(`/api/checkin-forms/${id}/copy`)).status, who).toBe(404);
    }
    // Even a bad body from a family member is a 404: the library does not exist for them.
    expect((await f.gc.put(`/api/checkin-forms/${id}`, { nonsense: true })).status).toBe(404);
    expect((await f.tc.get('/api/checkin-forms/not-a-form')).status).toBe(404);
    expect((await f.tc.put('/api/checkin-forms/00000000-0000-4000-8000-000000000000', everyKind())).status).toBe(404);
    expect(await forms()).toEqual(before);
  });

  it('refuses what cannot work with a 400 naming the field, changing nothing', async () => {
    const f = await clinic();
    const id = (await f.tc.post('/api/checkin-forms', everyKind())).body.id as string;
    const before = await forms();
    const url = `/api/checkin-forms/${id}`;
    const d = everyKind;
    const item = (i: number, patch: Record<string, unknown>) => {
      const def = d();
      const items: Record<string, unknown>[] = def.items.map((x) => ({ ...x }));
      items[i] = { ...items[i], ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete items[i]?.[k];
      return { ...def, items };
    };
    // Every text in each of the form's languages: the form's and each question's; at least one language.
    await bad(f.tc, 'put', url, { ...d(), title: { en: 'Only English' } }, 'title.es');
    await bad(f.tc, 'put', url, { ...d(), title: { ...L('Evenings', 'Tardes'), ar: 'الأمسيات' } }, 'intro.ar');
    await bad(f.tc, 'put', url, { ...d(), items: d().items.map((x, i) => (i === 0 ? x : { ...x, text: { ...x.text, ar: 'سؤال' } })), title: { ...d().title, ar: 'الأمسيات' }, intro: { ...d().intro, ar: 'دقيقة' } }, 'items.0.text.ar');
    await bad(f.tc, 'put', url, { ...d(), title: {} }, 'title');
    await bad(f.tc, 'put', url, { ...d(), intro: { ...d().intro, vi: ' ' } }, 'intro.vi');
    await bad(f.tc, 'put', url, { ...d(), intro: { en: 'Hi', es: '  ' } }, 'intro.es');
    await bad(f.tc, 'post', '/api/checkin-forms', item(0, { text: { es: 'Solo español' } }), 'items.0.text.en');
    await bad(f.tc, 'put', url, item(3, { options: [{ key: 'dinner', text: { en: 'Dinner' } }, { key: 'bath', text: L('Bath', 'Baño') }] }), 'items.3.options.0.text.es');
    // Each kind with what it needs, and nothing it does not take.
    await bad(f.tc, 'put', url, item(0, { low: undefined }), 'items.0.low');
    await bad(f.tc, 'put', url, item(0, { high: undefined }), 'items.0.high');
    await bad(f.tc, 'put', url, item(0, { high: { en: 'Calm', es: '' } }), 'items.0.high.es');
    await bad(f.tc, 'put', url, item(2, { low: L('No', 'No') }), 'items.2.low');
    await bad(f.tc, 'put', url, item(3, { options: undefined }), 'items.3.options');
    await bad(f.tc, 'put', url, item(4, { options: [{ key: 'timer', text: L('A', 'A') }] }), 'items.4.options');
    await bad(f.tc, 'put', url, item(4, { options: [{ key: 'timer', text: L('A', 'A') }, { key: 'timer', text: L('B', 'B') }] }), 'items.4.options.1.key');
    await bad(f.tc, 'put', url, item(5, { min: 10, max: 10 }), 'items.5.max');
    await bad(f.tc, 'put', url, item(5, { options: d().items[3]?.options }), 'items.5.options');
    await bad(f.tc, 'put', url, item(6, { reversed: true }), 'items.6.reversed');
    await bad(f.tc, 'put', url, item(6, { kind: 'essay' }), 'items.6.kind');
    await bad(f.tc, 'put', url, item(1, { key: 'calm' }), 'items.1.key');
    await bad(f.tc, 'put', url, item(1, { key: 'Not a key' }), 'items.1.key');
    await bad(f.tc, 'put', url, { ...d(), items: [] }, 'items');
    // Scoring names only existing questions that can score, each once.
    const scoring = (s: Partial<Def['scoring']>) => ({ ...d(), scoring: { ...d().scoring, ...s } });
    await bad(f.tc, 'put', url, scoring({ items: ['calm', 'nowhere'] }), 'scoring.items.1');
    await bad(f.tc, 'put', url, scoring({ items: ['calm', 'note'] }), 'scoring.items.1');
    await bad(f.tc, 'put', url, scoring({ items: ['calm', 'hardest'] }), 'scoring.items.1');
    await bad(f.tc, 'put', url, scoring({ items: ['calm', 'calm'] }), 'scoring.items.1');
    await bad(f.tc, 'put', url, scoring({ items: [] }), 'scoring.items');
    await bad(f.tc, 'put', url, scoring({ method: 'median' as 'sum' }), 'scoring.method');
    await bad(f.tc, 'put', url, scoring({ direction: 'sideways' as 'higher_better' }), 'scoring.direction');
    await bad(f.tc, 'put', url, scoring({ subscores: [{ key: 'mood', label: L('Mood', 'Ánimo'), items: ['helped'] }] }), 'scoring.subscores.0.items.0');
    await bad(f.tc, 'put', url, scoring({ subscores: [{ key: 'mood', label: { en: 'Mood' } as { en: string; es: string }, items: ['calm'] }] }), 'scoring.subscores.0.label.es');
    await bad(f.tc, 'put', url, scoring({ subscores: [{ key: 'm', label: L('A', 'A'), items: ['calm'] }, { key: 'm', label: L('B', 'B'), items: ['routine'] }] }), 'scoring.subscores.1.key');
    // A number counts only with both bounds.
    await bad(f.tc, 'put', url, { ...item(5, { max: undefined }), scoring: { ...d().scoring, items: ['calm', 'minutes'] } }, 'scoring.items.1');
    expect(await forms()).toEqual(before);
  });

  it('keeps answered questions readable: they are reworded, never removed or changed in kind, and their chosen options stay', async () => {
    const f = await clinic();
    const id = (await f.tc.post('/api/checkin-forms', everyKind())).body.id as string;
    const base = `/api/children/${f.child.id}/checkins`;
    const a = await f.tc.post(base, { formId: id, cadence: { kind: 'weekly', weekday: 3 }, respondents: [{ kind: 'person', userId: f.guardian.id }] });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const sent = await f.gc.post(`${base}/${a.body.id}/answers`, {
      occurrence: '2026-03-04', submit: true, answers: { calm: 4, meltdowns: 2, routine: true, hardest: 'bath', helped: ['timer', 'music'], minutes: 30, note: 'Bath time was a battle' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.score).toBe(9);

    const detail = (await f.tc.get(`/api/checkin-forms/${id}`)).body;
    expect(detail).toMatchObject({ activeAssignments: 1, answeredOptions: { hardest: ['bath'], helped: ['music', 'timer'] } });
    expect([...detail.answeredItems].sort()).toEqual(['calm', 'hardest', 'helped', 'meltdowns', 'minutes', 'note', 'routine']);

    const before = await forms();
    const url = `/api/checkin-forms/${id}`;
    const d = everyKind();
    await bad(f.tc, 'put', url, { ...d, items: d.items.filter((i) => i.key !== 'note') }, 'items');
    await bad(f.tc, 'put', url, { ...d, items: d.items.map((i) => (i.key === 'note' ? { key: 'note', kind: 'number', text: i.text } : i)) }, 'items.6.kind');
    const dropBath = d.items.map((i) => (i.key === 'hardest' ? { ...i, options: [{ key: 'dinner', text: L('Dinner', 'La cena') }, { key: 'bedtime', text: L('Bedtime', 'Acostarse') }] } : i));
    await bad(f.tc, 'put', url, { ...d, items: dropBath }, 'items.3.options');
    await bad(f.tc, 'put', url, { ...d, respondent: 'teacher' }, 'respondent');
    expect(await forms()).toEqual(before);

    // Reworded, an unchosen option dropped, a question added: fine.
    const reworded = d.items.map((i) => (i.key === 'note' ? { ...i, text: L('Anything to tell us?', '¿Algo que contarnos?') } : i.key === 'helped' ? { ...i, options: i.options?.filter((o) => o.key !== 'choices') } : i));
    const put = await f.tc.put(url, { ...d, items: [...reworded, { key: 'bedtime', kind: 'yes_no', text: L('Bed by eight?', '¿En la cama a las ocho?') }] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // The old answer reads as before: its score on the chart, its text with the question's words.
    const trend = await f.tc.get(`${base}/trend`);
    expect(trend.body.forms[0].series[0].points[0].value).toBe(9);
    const texts = await f.tc.get(`${base}/texts`);
    expect(texts.body.texts).toEqual([expect.objectContaining({ text: 'Bath time was a battle', question: L('Anything to tell us?', '¿Algo que contarnos?') })]);
    // Once the check-in is stopped, who answers may change.
    expect((await f.tc.post(`${base}/${a.body.id}/stop`)).status).toBe(200);
    expect((await f.tc.put(url, { ...put.body.definition, respondent: 'teacher' })).status).toBe(200);
  });

  it('takes a form written only in Vietnamese: a Vietnamese parent answers it, an English therapist reads it marked as Vietnamese', async () => {
    const f = await clinic();
    const vi = (text: string) => ({ vi: text });
    const form = {
      title: vi('Buổi tối ở nhà'), intro: vi('Một phút về các buổi tối tuần này.'), respondent: 'family', privacy: 'team',
      items: [
        { key: 'calm', kind: 'scale', text: vi('Các buổi tối yên bình thế nào?'), low: vi('Căng thẳng'), high: vi('Yên bình') },
        { key: 'note', kind: 'text', text: vi('Còn điều gì nữa không?') },
      ],
      scoring: { method: 'mean', items: ['calm'], direction: 'higher_better', subscores: [] },
    };
    const made = await f.tc.post('/api/checkin-forms', form);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.definition).toEqual(form);
    const base = `/api/children/${f.child.id}/checkins`;
    const a = await f.tc.post(base, { formId: made.body.id, cadence: { kind: 'weekly', weekday: 3 }, respondents: [{ kind: 'person', userId: f.guardian.id }] });
    expect(a.status, JSON.stringify(a.body)).toBe(201);

    expect((await f.gc.patch('/api/me', { locale: 'vi' })).status).toBe(200);
    const open = (await f.gc.get('/api/checkins/open')).body.checkins;
    expect(open).toEqual([expect.objectContaining({ assignmentId: a.body.id, title: vi('Buổi tối ở nhà') })]);
    expect(writtenIn(open[0].title, 'vi')).toEqual({ lang: 'vi', value: 'Buổi tối ở nhà' });
    const sent = await f.gc.post(`${base}/${a.body.id}/answers`, { occurrence: open[0].occurrence, submit: true, answers: { calm: 4, note: 'Bé ngủ sớm hơn' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.score).toBe(4);

    // The English-speaking therapist reads the Vietnamese words, marked as Vietnamese (no English to fall back on).
    const texts = (await f.tc.get(`${base}/texts`)).body.texts;
    expect(texts).toEqual([expect.objectContaining({ text: 'Bé ngủ sớm hơn', question: vi('Còn điều gì nữa không?'), title: vi('Buổi tối ở nhà') })]);
    expect(writtenIn(texts[0].question, 'en')).toEqual({ lang: 'vi', value: 'Còn điều gì nữa không?' });
    const trend = (await f.tc.get(`${base}/trend`)).body.forms;
    expect(trend[0].title).toEqual(vi('Buổi tối ở nhà'));
    expect(trend[0].series[0].points[0].value).toBe(4);
  });

  it('copies a starter form whole in each of its languages, ready to edit', async () => {
    const f = await clinic();
    const starter = (await f.tc.get('/api/checkin-forms')).body.forms.find((x: { starterKey: string | null }) => x.starterKey === 'weekly_home');
    const copy = await f.tc.post(`/api/checkin-forms/${starter.id}/copy`);
    expect(copy.status).toBe(201);
    // Saved back unchanged, it passes the rule that every text is in each of the form's languages.
    const saved = await f.tc.put(`/api/checkin-forms/${copy.body.id}`, copy.body.definition);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(Object.keys(saved.body.definition.title).sort()).toEqual(['ar', 'en', 'es', 'fr', 'pt', 'vi', 'zh']);
  });
});
