import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClinic, buildFamily, buildTherapist, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';

/** Quick replies (a clinician's own) and clinic templates (kept by admins), in any of the app's languages. */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const REMINDER = {
  title: { en: 'Session reminder', es: 'Recordatorio de sesión' },
  text: { en: 'See you on Thursday at 3 pm.', es: 'Nos vemos el jueves a las 3 de la tarde.' },
};

async function rows() {
  return (await t.db.selectFrom('quick_reply').selectAll().orderBy('id').execute()).map((r) => JSON.stringify(r));
}

describe('a clinician’s own quick replies', () => {
  it('are created, listed with the clinic’s templates, edited and deleted by their owner, and audited', async () => {
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const admin = await signIn(t.app, f.clinic.admin.email);
    const template = await admin.post('/api/admin/templates', { title: { en: 'Welcome' }, text: { en: 'Welcome to the team!', es: '¡Bienvenidos al equipo!' } });
    expect(template.status).toBe(201);
    expect(template.body).toMatchObject({ scope: 'clinic', title: { en: 'Welcome' }, editable: true });

    const created = await tc.post('/api/quick-replies', REMINDER, { 'idempotency-key': 'quick-reply-0001' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: 'mine', ...REMINDER, editable: true });
    const again = await tc.post('/api/quick-replies', REMINDER, { 'idempotency-key': 'quick-reply-0001' });
    expect(again.body.id).toBe(created.body.id);

    const list = await tc.get('/api/quick-replies');
    expect(list.status).toBe(200);
    expect(list.body.quickReplies.map((q: { id: string; editable: boolean }) => [q.id, q.editable])).toEqual([
      [created.body.id, true],
      [template.body.id, false],
    ]);

    // Any one language is fine (Arabic and Vietnamese here); nothing at all is not.
    const edited = await tc.put(`/api/quick-replies/${created.body.id}`, { title: { ar: 'تذكير' }, text: { ar: 'نراكم يوم الخميس.', vi: 'Hẹn gặp lại vào thứ Năm.' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: { ar: 'تذكير' }, text: { ar: 'نراكم يوم الخميس.', vi: 'Hẹn gặp lại vào thứ Năm.' } });
    expect(edited.body.text).not.toHaveProperty('en');
    const stored = await t.db.selectFrom('quick_reply').select(['title', 'text']).where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: { ar: 'تذكير' }, text: { ar: 'نراكم يوم الخميس.', vi: 'Hẹn gặp lại vào thứ Năm.' } });
    const beforeBad = await rows();
    const refused = async (body: unknown, path: string) => {
      const res = await tc.put(`/api/quick-replies/${created.body.id}`, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.details[0].path.join('.'), path).toBe(path);
    };
    await refused({ title: { en: 'Nothing' }, text: {} }, 'text');
    await refused({ title: {}, text: { ar: '  ' } }, 'text.ar');
    await refused({ title: { fr: 'Rappel' }, text: { en: 'See you.' } }, 'text.fr');
    await refused({ title: {}, text: { de: 'Bis Donnerstag.' } }, 'text');
    expect(await rows()).toEqual(beforeBad);
    const tooLong = await tc.post('/api/quick-replies', { title: {}, text: { en: 'x'.repeat(2001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toEqual(['text', 'en']);

    // The clinic's template is the admins' to change.
    const before = await rows();
    expect((await tc.put(`/api/quick-replies/${template.body.id}`, REMINDER)).status).toBe(403);
    expect((await tc.delete(`/api/quick-replies/${template.body.id}`)).status).toBe(403);
    expect(await rows()).toEqual(before);

    expect((await tc.delete(`/api/quick-replies/${created.body.id}`)).status).toBe(200);
    expect((await tc.get('/api/quick-replies')).body.quickReplies.map((q: { id: string }) => q.id)).toEqual([template.body.id]);
    const audit = await t.db.selectFrom('audit_event').select('action').where('subject_id', 'in', [created.body.id, template.body.id]).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['template.create', 'quick_reply.create', 'quick_reply.update', 'quick_reply.delete']);
  });

  it('are nobody else’s: another clinician, another clinic and families get 404 and change nothing', async () => {
    const f = await buildFamily(t.db);
    const tc = await signIn(t.app, f.therapist.email);
    const mine = await tc.post('/api/quick-replies', REMINDER);
    const admin = await signIn(t.app, f.clinic.admin.email);
    const template = await admin.post('/api/admin/templates', REMINDER);
    const colleague = await signIn(t.app, (await buildTherapist(t.db, f.clinic.id, 'Cole Colleague')).email);
    const other = await buildClinic(t.db, 'Elsewhere');
    const otherTherapist = await signIn(t.app, (await buildTherapist(t.db, other.id, 'Otto Other')).email);
    const otherAdmin = await signIn(t.app, other.admin.email);
    const guardian = await signIn(t.app, f.guardian.email);
    const anon = t.client();
    expect((await anon.get('/api/quick-replies')).status).toBe(401);
    expect((await anon.post('/api/quick-replies', REMINDER)).status).toBe(401);
    expect((await anon.put(`/api/quick-replies/${mine.body.id}`, REMINDER)).status).toBe(401);
    expect((await anon.delete(`/api/admin/templates/${template.body.id}`)).status).toBe(401);

    // A colleague sees the clinic's template but not my own.
    const seen = (await colleague.get('/api/quick-replies')).body.quickReplies.map((q: { id: string }) => q.id);
    expect(seen).toEqual([template.body.id]);
    expect((await otherTherapist.get('/api/quick-replies')).body.quickReplies).toEqual([]);
    expect((await otherAdmin.get('/api/admin/templates')).body.quickReplies).toEqual([]);
    expect((await guardian.get('/api/quick-replies')).status).toBe(404);
    expect((await guardian.post('/api/quick-replies', REMINDER)).status).toBe(404);

    const before = await rows();
    for (const c of [colleague, otherTherapist, otherAdmin, guardian]) {
      expect((await c.put(`/api/quick-replies/${mine.body.id}`, REMINDER)).status).toBe(404);
      expect((await c.delete(`/api/quick-replies/${mine.body.id}`)).status).toBe(404);
    }
    for (const c of [colleague, otherTherapist, otherAdmin, guardian, tc]) {
      expect((await c.put(`/api/admin/templates/${template.body.id}`, REMINDER)).status).toBe(404);
      expect((await c.delete(`/api/admin/templates/${template.body.id}`)).status).toBe(404);
    }
    expect((await tc.post('/api/admin/templates', REMINDER)).status).toBe(404);
    expect(await rows()).toEqual(before);
  });
});
