import { describe, expect, it } from 'vitest';
import {
  buildClinic, buildFamily, buildTherapist, freshClient, signIn, startSecondInstance, type TestContext, type TestSmtp, waitingTransactions, whileTranslating, withTranslator,
} from '../../../../test/support.ts';
import type { TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { sendDueNewsletters } from './newsletter-send.ts';

/**
 * A newsletter written in English reaches a parent who reads Arabic in Arabic, in the app and by
 * mail, through the LibreTranslate stand-in; the markdown source is translated and rendered after.
 * An admin corrects the translation by hand and the correction is what families then read.
 */

let t: TestContext;
let smtp: TestSmtp;
let standIn: TranslateStandIn;
withTranslator((made) => {
  ({ t, standIn } = made);
  if (made.smtp) smtp = made.smtp;
}, { mail: true, withJobs: true });

const NEWS = { title: 'Summer reading club', body: 'Every **Friday** at the library.', audience: { kind: 'all' } };
const HUMAN = { title: 'نادي القراءة الصيفي', body: 'كل **يوم جمعة** في المكتبة.' };

/** A clinic whose family reads Arabic, one English-reading family, and a newsletter of the admin's (a draft). */
async function clinic() {
  const c = await buildClinic(t.db, 'Harbour Kids');
  const arabic = await buildFamily(t.db, c);
  await t.db.updateTable('app_user').set({ locale: 'ar' }).where('id', '=', arabic.guardian.id).execute();
  const english = await buildFamily(t.db, c);
  const admin = await signIn(t.app, c.admin.email);
  const created = await admin.post('/api/admin/newsletters', NEWS);
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const send = async () => {
    expect((await admin.post(`/api/admin/newsletters/${id}/send`, { at: null })).status).toBe(200);
    await sendDueNewsletters(t.deps);
  };
  const editor = (language = 'ar', newsletterId = id) => `/api/translations/newsletter/${newsletterId}/${language}`;
  return { c, arabic, english, admin, id, send, editor };
}

describe('a newsletter in each reader’s language', () => {
  it('is machine-translated for the Arabic parent in the app and in the mail, markdown kept; the English parent reads it as written', async () => {
    const f = await clinic();
    await f.send();
    const mail = await smtp.waitForMail(f.arabic.guardian.email, /\[ar\] Summer reading club/);
    expect(mail.html).toContain('[ar] Every <strong>Friday</strong> at the library.');
    expect(mail.text).toContain('[ar] Every **Friday** at the library.');
    const english = await smtp.waitForMail(f.english.guardian.email, /Summer reading club/);
    expect(english.subject).toBe('Harbour Kids: Summer reading club');

    const gc = await signIn(t.app, f.arabic.guardian.email);
    const page = await gc.get(`/api/newsletters/${f.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ title: NEWS.title, html: '<p dir="auto">Every <strong>Friday</strong> at the library.</p>\n' });
    expect(page.body.translation).toMatchObject({
      language: 'en', unavailable: false,
      translated: { language: 'ar', by: 'machine', fields: { title: `[ar] ${NEWS.title}`, html: '<p dir="auto">[ar] Every <strong>Friday</strong> at the library.</p>\n' } },
    });
    // The list shows the title in Arabic too, the title alone; the mail, the page and the list made one call for it.
    const list = await gc.get('/api/newsletters');
    expect(list.body.newsletters).toEqual([expect.objectContaining({
      id: f.id, title: NEWS.title, translation: { language: 'en', unavailable: false, translated: { language: 'ar', by: 'machine', fields: { title: `[ar] ${NEWS.title}` } } },
    })]);
    expect(standIn.calls.filter((c) => c.q === NEWS.title && c.target === 'ar')).toHaveLength(1);
    const en = await signIn(t.app, f.english.guardian.email);
    expect((await en.get(`/api/newsletters/${f.id}`)).body.translation).toEqual({ language: 'en', translated: null, unavailable: false });
    expect((await en.get('/api/newsletters')).body.newsletters[0].translation).toEqual({ language: 'en', translated: null, unavailable: false });
  });

  it('is translated before the sending transaction opens: no transaction waits on the translation service', async () => {
    const f = await clinic();
    // "Send now" also wakes the sending job: whichever sends it, the translation is held a while.
    const { during } = await whileTranslating(standIn, 300, f.send, () => waitingTransactions(t.db));
    expect(during).toEqual([]);
    await smtp.waitForMail(f.arabic.guardian.email, /\[ar\] Summer reading club/);
    expect((await t.db.selectFrom('newsletter').select('status').where('id', '=', f.id).executeTakeFirstOrThrow()).status).toBe('sent');
  });

  it('is translated once when two server instances reach it at the same moment, and sent once', async () => {
    const f = await clinic();
    const at = new Date(t.clock().getTime() + 3600_000);
    expect((await f.admin.post(`/api/admin/newsletters/${f.id}/send`, { at: at.toISOString() })).status).toBe(200);
    t.clock.set(new Date(at.getTime() + 1000));
    const other = await startSecondInstance(t);
    try {
      const asked = () => standIn.calls.filter((c) => c.q === NEWS.title && c.target === 'ar').length;
      const before = asked();
      // Both sweep while the translation service is slow: the one that claimed it translates and sends it.
      const { work } = await whileTranslating(standIn, 300, () => Promise.all([sendDueNewsletters(t.deps), sendDueNewsletters(other.deps)]), async () => {});
      expect(asked() - before).toBe(1);
      expect(work.reduce((a, b) => a + b, 0)).toBe(2);
      await smtp.waitForMail(f.arabic.guardian.email, /\[ar\] Summer reading club/);
      expect(await t.db.selectFrom('mail_outbox').select('id').where('dedupe_key', 'like', `newsletter:${f.id}:%`).execute()).toHaveLength(2);
      expect(await t.db.selectFrom('newsletter').select(['status', 'translating_until']).where('id', '=', f.id).executeTakeFirstOrThrow()).toEqual({ status: 'sent', translating_until: null });
    } finally {
      await other.close();
    }
  });

  it('left claimed by an instance that stopped while translating it, is sent once the claim runs out', async () => {
    const f = await clinic();
    const at = new Date(t.clock().getTime() + 3600_000);
    expect((await f.admin.post(`/api/admin/newsletters/${f.id}/send`, { at: at.toISOString() })).status).toBe(200);
    t.clock.set(new Date(at.getTime() + 1000));
    await t.db.updateTable('newsletter').set({ translating_until: new Date(t.clock().getTime() + 60_000) }).where('id', '=', f.id).execute();
    expect(await sendDueNewsletters(t.deps)).toBe(0);
    expect((await t.db.selectFrom('newsletter').select('status').where('id', '=', f.id).executeTakeFirstOrThrow()).status).toBe('scheduled');
    t.clock.advance(60_000);
    expect(await sendDueNewsletters(t.deps)).toBe(2);
    await smtp.waitForMail(f.arabic.guardian.email, /\[ar\] Summer reading club/);
  });

  it('an admin’s own translation wins, in the mail and the app, named; audited once', async () => {
    const f = await clinic();
    const draft = await f.admin.get(f.editor());
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ subjectType: 'newsletter', source: { language: 'en', fields: { title: NEWS.title, body: NEWS.body } }, machine: { title: `[ar] ${NEWS.title}` }, human: null });
    const saved = await f.admin.put(f.editor(), { fields: HUMAN });
    expect(saved.status).toBe(200);
    expect(saved.body.human).toMatchObject({ fields: HUMAN, byName: 'Clinic Admin', outdated: false });
    expect(await t.db.selectFrom('audit_event').select(['action', 'child_id']).where('subject_id', '=', f.id).where('action', '=', 'translation.correct').execute())
      .toEqual([{ action: 'translation.correct', child_id: null }]);

    await f.send();
    const mail = await smtp.waitForMail(f.arabic.guardian.email, new RegExp(HUMAN.title));
    expect(mail.html).toContain('كل <strong>يوم جمعة</strong> في المكتبة.');
    const gc = await signIn(t.app, f.arabic.guardian.email);
    expect((await gc.get(`/api/newsletters/${f.id}`)).body.translation.translated).toMatchObject({ by: 'human', byName: 'Clinic Admin', fields: { title: HUMAN.title } });
  });

  it('refuses bad input naming the field; needs a session; another clinic’s admin, a therapist and a parent get 404, the data unchanged', async () => {
    const f = await clinic();
    const missing = await f.admin.put(f.editor(), { fields: { title: HUMAN.title } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toEqual(['fields', 'body']);
    const extra = await f.admin.put(f.editor(), { fields: { ...HUMAN, html: '<p>x</p>' } });
    expect(extra.body.error.details[0].path).toEqual(['fields', 'html']);

    expect((await freshClient(t.app).get(f.editor())).status).toBe(401);
    expect((await freshClient(t.app).put(f.editor(), { fields: HUMAN })).status).toBe(401);
    const before = await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.id).execute();
    const elsewhere = await buildClinic(t.db, 'Elsewhere');
    const otherAdmin = await signIn(t.app, elsewhere.admin.email);
    const therapist = await signIn(t.app, (await buildTherapist(t.db, f.c.id, 'Tara Therapist')).email);
    const parent = await signIn(t.app, f.arabic.guardian.email);
    for (const who of [otherAdmin, therapist, parent]) {
      expect((await who.get(f.editor())).status).toBe(404);
      expect((await who.put(f.editor(), { fields: HUMAN })).status).toBe(404);
    }
    expect(await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.id).execute()).toEqual(before);
  });
});
