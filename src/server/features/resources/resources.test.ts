import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClinic, buildSignedInTeam, buildTherapist, createTestContext, signIn, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * Resources for families over HTTP on a real database: the clinic library with CareTeam's starter
 * articles, a therapist giving one to a family with a note, the family opening it and saying it
 * helped, and the therapist seeing who opened what. Outsiders find nothing and change nothing.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function family() {
  const f = await buildSignedInTeam(t);
  return { ...f, url: `/api/children/${f.child.id}/resources` };
}

type R = { id: string; starter: boolean; kind: string; content: Record<string, { title: string }>; html: Record<string, string>; editable: boolean };
type CR = { id: string; note: string; resource: R; mine: { openedAt: string | null; helpful: boolean | null }; readers: { name: string; openedCount: number; helpful: boolean | null; firstOpenedAt: string | null }[] | null; fileUrl: string | null };

const starter = async (c: TestClient, title: string) => {
  const res = await c.get('/api/resources');
  expect(res.status).toBe(200);
  const found = (res.body.resources as R[]).find((r) => r.content.en?.title === title);
  if (!found) throw new Error(`no starter ${title}`);
  return found;
};
const snapshot = async () => JSON.stringify(await Promise.all(['resource', 'resource_file', 'child_resource', 'child_resource_reader'].map((table) =>
  t.db.selectFrom(table as 'resource').selectAll().execute().then((rows) => rows.map((r) => JSON.stringify(r)).sort()))));

describe('the library', () => {
  it('ships CareTeam’s starter articles in English and Spanish, rendered safely, read-only', async () => {
    const f = await family();
    const list = await f.tc.get('/api/resources');
    expect(list.status).toBe(200);
    const starters = (list.body.resources as R[]).filter((r) => r.starter);
    expect(starters.length).toBeGreaterThanOrEqual(4);
    for (const s of starters) {
      expect(s.kind).toBe('article');
      expect(s.content.en?.title).toBeTruthy();
      expect(s.content.es?.title).toBeTruthy();
      expect(s.html.en).toContain('<h2 dir="auto">');
      expect(s.editable).toBe(false);
    }
    const calm = await starter(f.tc, 'Calm-down strategies at home');
    expect((await f.tc.patch(`/api/resources/${calm.id}`, { tags: ['x'] })).status).toBe(403);
    // Search reaches Spanish words and tags; filters by language and kind.
    const es = await f.tc.get(`/api/resources?q=${encodeURIComponent('escuela')}`);
    expect((es.body.resources as R[]).map((r) => r.content.en?.title)).toContain('Talking with your child’s school');
    expect((await f.tc.get('/api/resources?kind=pdf')).body.resources).toEqual([]);
  });

  it('takes the clinic’s own article, link and PDF; markdown is sanitised; bad input names the field', async () => {
    const f = await family();
    const article = await f.tc.post('/api/resources', {
      kind: 'article', content: { en: { title: 'Our sleep tips', summary: 'Bedtime ideas', body: 'Dim the lights.<script>alert(1)</script> [more](javascript:alert(2))' } },
      therapyTypes: ['speech'], ageMin: 2, ageMax: 6, tags: ['Sleep'],
    });
    expect(article.status, JSON.stringify(article.body)).toBe(201);
    expect(article.body).toMatchObject({ starter: false, editable: true, tags: ['sleep'], therapyTypes: ['speech'], ageMin: 2, ageMax: 6 });
    expect(article.body.html.en).toContain('Dim the lights.');
    expect(article.body.html.en).not.toContain('<script');
    expect(article.body.html.en).not.toContain('javascript:');

    const noUrl = await f.tc.post('/api/resources', { kind: 'link', content: { en: { title: 'A site' } } });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error.details[0].path).toEqual(['url']);
    const noWords = await f.tc.post('/api/resources', { kind: 'link', content: {}, url: 'https://example.org' });
    expect(noWords.status).toBe(400);
    expect(noWords.body.error.details[0].path).toEqual(['content']);
    const badAges = await f.tc.post('/api/resources', { kind: 'article', content: { en: { title: 'A', body: 'B' } }, ageMin: 8, ageMax: 3 });
    expect(badAges.status).toBe(400);
    expect(badAges.body.error.details[0].path).toEqual(['ageMax']);

    // Any of the app's languages will do, alone: an article only in Vietnamese, found by its language.
    const vietnamese = await f.tc.post('/api/resources', { kind: 'article', content: { vi: { title: 'Giờ đi ngủ', body: 'Tắt bớt đèn.' } } });
    expect(vietnamese.status, JSON.stringify(vietnamese.body)).toBe(201);
    expect(vietnamese.body.html.vi).toContain('Tắt bớt đèn.');
    const inVietnamese = await f.tc.get('/api/resources?language=vi');
    expect(inVietnamese.body.resources.map((r: { id: string }) => r.id)).toContain(vietnamese.body.id);
    expect((await f.tc.get('/api/resources?language=xx')).status).toBe(400);

    const link = await f.tc.post('/api/resources', { kind: 'link', content: { es: { title: 'Guía para familias' } }, url: 'https://example.org/guia' });
    expect(link.status, JSON.stringify(link.body)).toBe(201);

    const file = await f.tc.upload('/api/resource-files', PDF, 'application/pdf');
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    expect(file.body).toMatchObject({ kind: 'pdf', contentType: 'application/pdf' });
    const notPdf = await f.tc.upload('/api/resource-files', Buffer.from('just words, no file'), 'application/pdf');
    expect(notPdf.status).toBe(415);
    const pdf = await f.tc.post('/api/resources', { kind: 'pdf', content: { en: { title: 'Visual schedule cards' } }, fileId: file.body.id });
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(201);
    expect(pdf.body.file).toMatchObject({ kind: 'pdf', byteSize: PDF.length });
    // One file, one resource.
    const again = await f.tc.post('/api/resources', { kind: 'pdf', content: { en: { title: 'Again' } }, fileId: file.body.id });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].path).toEqual(['fileId']);
    const bytes = await f.tc.fetchBytes(`/api/resources/${pdf.body.id}/file`);
    expect(bytes.status).toBe(200);
    expect(Buffer.compare(bytes.bytes, PDF)).toBe(0);

    // Archived: out of the library, still readable by id.
    expect((await f.tc.delete(`/api/resources/${link.body.id}`)).status).toBe(200);
    expect(((await f.tc.get('/api/resources')).body.resources as R[]).some((r) => r.id === link.body.id)).toBe(false);
  });

  it('does not exist for families, and a clinic’s own resources not for another clinic', async () => {
    const f = await family();
    const own = await f.tc.post('/api/resources', { kind: 'article', content: { en: { title: 'Ours', body: 'Text' } } });
    const other = await buildClinic(t.db, 'Far Away Clinic');
    const stranger = await signIn(t.app, (await buildTherapist(t.db, other.id, 'Sam Stranger')).email);
    const before = await snapshot();
    for (const c of [f.gc, stranger]) {
      expect((await c.get(`/api/resources/${own.body.id}`)).status).toBe(404);
      expect((await c.patch(`/api/resources/${own.body.id}`, { tags: ['mine'] })).status).toBe(404);
      expect((await c.delete(`/api/resources/${own.body.id}`)).status).toBe(404);
    }
    expect((await f.gc.get('/api/resources')).status).toBe(404);
    expect((await f.gc.upload('/api/resource-files', PDF, 'application/pdf')).status).toBe(404);
    expect(await snapshot()).toBe(before);
    expect(((await stranger.get('/api/resources')).body.resources as R[]).some((r) => r.id === own.body.id)).toBe(false);
    expect((await t.client().get('/api/resources')).status).toBe(401);
  });
});

describe('resources given to a family', () => {
  it('are given with a note, opened and marked helpful by the family, and the therapist sees who opened what', async () => {
    const f = await family();
    const calm = await starter(f.tc, 'Calm-down strategies at home');
    const key = 'assign-calm-0001';
    const first = await f.tc.post(f.url, { resourceId: calm.id, note: 'The calm corner part is for Leo.' }, { 'idempotency-key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const retry = await f.tc.post(f.url, { resourceId: calm.id, note: 'The calm corner part is for Leo.' }, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await t.db.selectFrom('child_resource').select('id').where('child_id', '=', f.child.id).execute()).toHaveLength(1);
    // Given once: a second time is a conflict naming the field.
    const twice = await f.tc.post(f.url, { resourceId: calm.id });
    expect(twice.status).toBe(409);
    const id = first.body.id as string;

    const forFamily = await f.gc.get(f.url);
    expect(forFamily.status).toBe(200);
    expect(forFamily.body.canAssign).toBe(false);
    const mine = (forFamily.body.resources as CR[])[0];
    expect(mine).toMatchObject({ id, note: 'The calm corner part is for Leo.', mine: { openedAt: null, helpful: null }, readers: null });
    expect(mine?.resource.html.es).toContain('Respiración');

    expect((await f.gc.post(`${f.url}/${id}/open`)).status).toBe(200);
    const opened = await f.gc.post(`${f.url}/${id}/open`);
    expect(opened.body.mine.openedAt).not.toBeNull();
    const helpful = await f.gc.put(`${f.url}/${id}/helpful`, { helpful: true });
    expect(helpful.status).toBe(200);
    expect(helpful.body.mine.helpful).toBe(true);
    expect((await f.gc.put(`${f.url}/${id}/helpful`, { helpful: true })).body.mine.helpful).toBe(true);
    const bad = await f.gc.put(`${f.url}/${id}/helpful`, { helpful: 'very' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toEqual(['helpful']);

    const seen = await f.tc.get(f.url);
    expect(seen.body.canAssign).toBe(true);
    const readers = (seen.body.resources as CR[])[0]?.readers;
    expect(readers).toHaveLength(1);
    expect(readers?.[0]).toMatchObject({ name: 'Gina Guardian', role: 'guardian', openedCount: 2, helpful: true });
    expect(readers?.[0]?.firstOpenedAt).not.toBeNull();

    // The family's Resources page gathers each child's.
    const page = await f.cc.get('/api/family-resources');
    expect(page.status).toBe(200);
    expect(page.body.children).toEqual([expect.objectContaining({ id: f.child.id, firstName: 'Leo', resources: [expect.objectContaining({ id })] })]);
    expect((await f.tc.get('/api/family-resources')).body.children).toEqual([]);
    expect(await t.db.selectFrom('audit_event').select('id').where('action', '=', 'child_resource.open').where('subject_id', '=', id).execute()).toHaveLength(2);
  });

  it('serves a given PDF through the child to the family', async () => {
    const f = await family();
    const file = await f.tc.upload('/api/resource-files', PDF, 'application/pdf');
    const pdf = await f.tc.post('/api/resources', { kind: 'pdf', content: { en: { title: 'Cards' } }, fileId: file.body.id });
    const given = await f.tc.post(f.url, { resourceId: pdf.body.id });
    expect(given.body.fileUrl).toBe(`${f.url}/${given.body.id}/file`);
    const bytes = await f.gc.fetchBytes(given.body.fileUrl);
    expect(bytes.status).toBe(200);
    expect(bytes.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(bytes.bytes, PDF)).toBe(0);
    // The library route stays closed to the family.
    expect((await f.gc.fetchBytes(`/api/resources/${pdf.body.id}/file`)).status).toBe(404);
  });

  it('are refused to outsiders and anonymous callers with nothing changed, and bad input names the field', async () => {
    const f = await family();
    const other = await family();
    const calm = await starter(f.tc, 'Calm-down strategies at home');
    const given = await f.tc.post(f.url, { resourceId: calm.id, note: 'For you' });
    const id = given.body.id as string;
    const before = await snapshot();
    for (const c of [other.gc, other.tc]) {
      expect((await c.get(f.url)).status).toBe(404);
      expect((await c.post(f.url, { resourceId: calm.id })).status).toBe(404);
      expect((await c.post(`${f.url}/${id}/open`)).status).toBe(404);
      expect((await c.put(`${f.url}/${id}/helpful`, { helpful: false })).status).toBe(404);
      expect((await c.delete(`${f.url}/${id}`)).status).toBe(404);
      expect((await c.fetchBytes(`${f.url}/${id}/file`)).status).toBe(404);
      // Another child's resource through one's own child: not there either.
      expect((await c.post(`${other.url}/${id}/open`)).status).toBe(404);
    }
    // The family cannot give or take back.
    expect((await f.gc.post(f.url, { resourceId: calm.id })).status).toBe(404);
    expect((await f.gc.delete(`${f.url}/${id}`)).status).toBe(404);
    const anonymous = t.client();
    expect((await anonymous.get(f.url)).status).toBe(401);
    expect((await anonymous.post(`${f.url}/${id}/open`)).status).toBe(401);
    expect((await anonymous.get('/api/family-resources')).status).toBe(401);
    expect(await snapshot()).toBe(before);

    const missing = await f.tc.post(f.url, { note: 'no resource' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toEqual(['resourceId']);
    const unknown = await f.tc.post(f.url, { resourceId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toEqual(['resourceId']);

    expect((await f.tc.delete(`${f.url}/${id}`)).status).toBe(200);
    expect((await f.gc.get(f.url)).body.resources).toEqual([]);
  });
});
