import { describe, expect, it } from 'vitest';
import { buildClinic, buildTeamReadingIn, freshClient, signIn, type TestContext, type TestSmtp, waitingTransactions, whileTranslating, withTranslator } from '../../../../test/support.ts';
import type { TranslateStandIn } from '../../../../test/translate-stand-in.ts';

/**
 * An urgent notice written in English reaches a parent who reads Arabic in Arabic, in the
 * notification centre and in its email, through the LibreTranslate stand-in; an admin corrects
 * the translation by hand and the centre shows the correction, named.
 */

let t: TestContext;
let smtp: TestSmtp;
let standIn: TranslateStandIn;
withTranslator((made) => {
  ({ t, standIn } = made);
  if (made.smtp) smtp = made.smtp;
}, { mail: true });

const BODY = 'The clinic is closed today because of the snow.';
const HUMAN = { body: 'العيادة مغلقة اليوم بسبب الثلج.' };
const outbox = (to: string) => t.db.selectFrom('mail_outbox').select(['text_body', 'html_body']).where('to_address', '=', to).execute();

async function noticeSent() {
  const f = await buildTeamReadingIn(t, 'ar');
  const admin = await signIn(t.app, f.clinic.admin.email);
  const sent = await admin.post('/api/admin/notices', { audience: 'families', body: BODY });
  expect(sent.status).toBe(201);
  const id = sent.body.id as string;
  const editor = (language = 'ar') => `/api/translations/urgent_notice/${id}/${language}`;
  return { ...f, admin, id, editor };
}

describe('an urgent notice in each reader’s language', () => {
  it('is machine-translated for the Arabic parent in the email and the notification centre; the English caregiver reads it as written', async () => {
    const f = await noticeSent();
    const [mail] = await outbox(f.guardian.email);
    expect(mail?.text_body).toContain(`[ar] ${BODY}`);
    const [english] = await outbox(f.caregiver.email);
    expect(english?.text_body).toContain(BODY);
    expect(english?.text_body).not.toContain('[ar]');

    const list = await f.gc.get('/api/notifications');
    expect(list.body.notifications[0]).toMatchObject({
      kind: 'urgent_notice', notice: BODY,
      translation: { language: 'en', unavailable: false, translated: { language: 'ar', by: 'machine', fields: { body: `[ar] ${BODY}` } } },
    });
    // The mail's translation is the centre's, from the cache.
    expect(standIn.calls.filter((c) => c.q === BODY && c.target === 'ar')).toHaveLength(1);
    expect((await f.cc.get('/api/notifications')).body.notifications[0].translation).toEqual({ language: 'en', translated: null, unavailable: false });
  });

  it('is translated before the sending transaction opens: no transaction waits on the translation service', async () => {
    const f = await buildTeamReadingIn(t, 'ar');
    const admin = await signIn(t.app, f.clinic.admin.email);
    const { during, work: sent } = await whileTranslating(standIn, 300, () => admin.post('/api/admin/notices', { audience: 'families', body: BODY }), () => waitingTransactions(t.db));
    expect(during).toEqual([]);
    expect(sent.status).toBe(201);
    expect((await outbox(f.guardian.email))[0]?.text_body).toContain(`[ar] ${BODY}`);
  });

  it('an admin’s own translation wins in the centre, named, audited once', async () => {
    const f = await noticeSent();
    const draft = await f.admin.get(f.editor());
    expect(draft.body).toMatchObject({ subjectType: 'urgent_notice', source: { language: 'en', fields: { body: BODY } }, machine: { body: `[ar] ${BODY}` }, human: null });
    expect((await f.admin.put(f.editor(), { fields: HUMAN })).status).toBe(200);
    expect((await f.admin.put(f.editor(), { fields: HUMAN })).status).toBe(200);
    expect(await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', f.id).where('action', '=', 'translation.correct').execute()).toHaveLength(1);
    const list = await f.gc.get('/api/notifications');
    expect(list.body.notifications[0].translation.translated).toEqual({ language: 'ar', by: 'human', byName: 'Clinic Admin', fields: HUMAN });
  });

  it('refuses bad input naming the field; needs a session; another clinic’s admin, a therapist and a parent get 404, the data unchanged', async () => {
    const f = await noticeSent();
    const empty = await f.admin.put(f.editor(), { fields: { body: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toEqual(['fields', 'body']);
    expect((await f.admin.put(f.editor('xx'), { fields: HUMAN })).status).toBe(400);

    expect((await freshClient(t.app).get(f.editor())).status).toBe(401);
    expect((await freshClient(t.app).put(f.editor(), { fields: HUMAN })).status).toBe(401);
    const before = await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.id).execute();
    const otherAdmin = await signIn(t.app, (await buildClinic(t.db, 'Elsewhere')).admin.email);
    for (const who of [otherAdmin, f.tc, f.gc]) {
      expect((await who.get(f.editor())).status).toBe(404);
      expect((await who.put(f.editor(), { fields: HUMAN })).status).toBe(404);
    }
    expect(await t.db.selectFrom('content_translation').selectAll().where('subject_id', '=', f.id).execute()).toEqual(before);
  });
});
