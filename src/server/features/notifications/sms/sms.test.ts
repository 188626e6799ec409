import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../../../contract/common.ts';
import { NOTIFICATION_KINDS } from '../../../../contract/notification-kinds.ts';
import { addMember, buildSignedInTeam, buildUser, createTestContext, signIn, type TestClient, type TestContext } from '../../../../../test/support.ts';
import { startSmsStandIn, type SmsStandIn } from '../../../../../test/sms-stand-in.ts';
import { sweepNotifications } from '../notify.ts';
import { deliverText, noticeText } from './sms.service.ts';
import { twilioSignature, validSignature } from './twilio.client.ts';

/**
 * Text messages against a stand-in provider on loopback speaking Twilio's Messages API: in each
 * person's language, held through quiet hours, STOP and START through the signed webhook, a forged
 * webhook refused, retried on a provider error without sending twice, and never a clinical word.
 */

let t: TestContext;
let sms: SmsStandIn;

beforeAll(async () => {
  sms = await startSmsStandIn();
  t = await createTestContext({ config: { sms: { apiUrl: sms.url, accountSid: sms.accountSid, authToken: sms.authToken, from: '+15005550006' } } });
});
afterAll(async () => {
  await t?.close();
  await sms?.close();
});

const at = (iso: string) => t.clock.set(new Date(iso));
const GOAL = { area: 'communication', statement: 'Asks for help with two words', measure: 'count', target: 5, settings: ['home', 'therapy'] };
const SECRETS = ['Leo', 'Asks for help', 'two words', 'Theo', 'Gina', 'slept', 'fever', 'Thursday'];

/** Sends every queued text, as the sms.deliver job does, and returns what the provider accepted for this number. */
async function textsTo(phone: string) {
  const queued = await t.db.selectFrom('sms_outbox').select('id').where('status', '=', 'queued').execute();
  for (const { id } of queued) await deliverText(t.deps, id);
  return sms.textsTo(phone).map((x) => x.body);
}
const outbox = (to: string) => t.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', to).execute();

let nextNumber = 100;
/** A person with a mobile number who chose texts as their usual channel. */
async function textMe(c: TestClient): Promise<string> {
  const phone = `+1555010${nextNumber++}`;
  expect((await c.patch('/api/me', { phone })).status).toBe(200);
  const res = await c.put('/api/notifications/settings', { channel: 'sms', digestTime: '18:00', kinds: [] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return phone;
}

/** The provider's webhook as the provider sends it: form-encoded, signed with the auth token over the public URL. */
function reply(from: string, body: string, sign: (params: Record<string, string>) => string | undefined = (p) => twilioSignature(sms.authToken, 'http://localhost:3000/api/sms/inbound', p)) {
  const params = { MessageSid: 'SM0123456789abcdef0123456789abcdef', AccountSid: sms.accountSid, From: from, To: '+15005550006', Body: body, NumMedia: '0' };
  const signature = sign(params);
  return t.app.inject({
    method: 'POST', url: '/api/sms/inbound', payload: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
  });
}

async function team() {
  const f = await buildSignedInTeam(t);
  return { ...f, url: `/api/children/${f.child.id}` };
}

describe('text messages', () => {
  it('signs webhooks as Twilio documents it', () => {
    // Twilio's own example: the auth token 12345 over this URL and these parameters.
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(validSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(true);
    expect(validSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=3', params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(false);
    expect(validSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params, undefined)).toBe(false);
  });

  it('text each person in their own language, with only the kind of thing and a link: no child, goal or message', async () => {
    at('2026-11-23T16:00:00Z'); // 10:00 in Chicago
    const f = await team();
    const lola = await buildUser(t.db, 'Lola Guardian', 'es');
    await addMember(t.db, f.child, lola, 'guardian', { household: 'Abuela' });
    const lc = await signIn(t.app, lola.email);
    const ginaPhone = await textMe(f.gc);
    const lolaPhone = await textMe(lc);

    expect((await f.tc.post(`${f.url}/goals`, GOAL)).status).toBe(201);
    expect(await textsTo(ginaPhone)).toEqual(['CareTeam (Sunrise Therapy): A goal is waiting for your agreement. Sign in to see it: http://localhost:3000/notifications Reply STOP to stop texts.']);
    expect(await textsTo(lolaPhone)).toEqual(['CareTeam (Sunrise Therapy): Hay una meta esperando su acuerdo. Entre para verlo: http://localhost:3000/notifications Responda STOP para no recibir más mensajes de texto.']);
    // Texts instead of emails; the sender is the configured number.
    expect(await outbox(f.guardian.email)).toEqual([]);
    expect(sms.textsTo(ginaPhone)[0]).toMatchObject({ from: '+15005550006', messagingServiceSid: null });
    const [row] = await t.db.selectFrom('notification').select(['channel', 'email_state', 'sms_id', 'mail_id']).where('user_id', '=', lola.id).execute();
    expect(row).toMatchObject({ channel: 'sms', email_state: 'sent', mail_id: null, sms_id: expect.any(String) });

    // A message left unread half an hour: the therapist chose texts for messages only.
    const theoPhone = '+15550109999';
    expect((await f.tc.patch('/api/me', { phone: theoPhone })).status).toBe(200);
    expect((await f.tc.put('/api/notifications/settings', { channel: 'email', digestTime: '18:00', kinds: [{ kind: 'message', mode: 'immediately', channel: 'sms' }] })).status).toBe(200);
    const base = `${f.url}/conversations`;
    const teamId = (await f.gc.get(base)).body.conversations.find((c: { kind: string }) => c.kind === 'team').id as string;
    for (const body of ['Leo slept badly, cried for an hour', 'He had a fever too', 'Should we skip Thursday?']) {
      expect((await f.gc.post(`${base}/${teamId}/messages`, { body })).status).toBe(201);
    }
    at('2026-11-23T16:31:00Z');
    await sweepNotifications(t.deps);
    expect(await textsTo(theoPhone)).toEqual([expect.stringContaining('You have a new message.')]);
    expect(await outbox(f.therapist.email)).toEqual([]);

    const sent = await t.db.selectFrom('sms_outbox').select('body').execute();
    // Goal proposed: Gina and Lola; the message: Theo and Lola (Gina wrote it).
    expect(await textsTo(lolaPhone)).toEqual([expect.any(String), expect.stringContaining('Tiene un mensaje nuevo.')]);
    expect(sent.length).toBe(4);
    for (const text of [...sent.map((s) => s.body), ...sms.texts.map((x) => x.body)]) {
      for (const secret of SECRETS) expect(text, text).not.toContain(secret);
    }
  });

  it('every kind’s text in every language says only what kind of thing is waiting, and links to the app', () => {
    const link = 'http://localhost:3000/notifications';
    for (const locale of LOCALES) {
      for (const kind of NOTIFICATION_KINDS) {
        const text = noticeText(locale, { kind, clinic: 'Sunrise Therapy', link });
        expect(text, `${locale} ${kind}`).toContain(link);
        expect(text).not.toMatch(/[{}]/);
        for (const secret of SECRETS) expect(text, `${locale} ${kind}`).not.toContain(secret);
      }
    }
    // Each kind says its own thing (in English and Spanish, written for texts).
    for (const locale of ['en', 'es']) {
      const texts = new Set(NOTIFICATION_KINDS.map((kind) => noticeText(locale, { kind, clinic: 'C', link })));
      expect(texts.size).toBe(NOTIFICATION_KINDS.length);
    }
  });

  it('hold a text through quiet hours and send it when they end; an urgent notice goes at once', async () => {
    at('2026-11-24T04:00:00Z'); // 22:00 in Chicago
    const f = await team();
    const phone = await textMe(f.gc);
    expect((await f.gc.patch('/api/me', { timeZone: 'America/Chicago', quietHours: { start: '21:00', end: '07:00' } })).status).toBe(200);
    expect((await f.tc.post(`${f.url}/goals`, GOAL)).status).toBe(201);
    const [held] = await t.db.selectFrom('notification').selectAll().where('user_id', '=', f.guardian.id).execute();
    expect(held).toMatchObject({ channel: 'sms', email_state: 'waiting', email_due_at: new Date('2026-11-24T13:00:00Z') });
    await sweepNotifications(t.deps);
    expect(await textsTo(phone)).toEqual([]);

    // An urgent clinic notice does not wait.
    const admin = await signIn(t.app, f.clinic.admin.email);
    expect((await admin.post('/api/admin/notices', { audience: 'families', body: 'The clinic is closed today: the heating broke.' })).status).toBe(201);
    const urgent = await textsTo(phone);
    expect(urgent).toEqual([expect.stringContaining('Your clinic sent an urgent notice.')]);
    expect(urgent[0]).not.toContain('heating');

    at('2026-11-24T12:59:00Z'); // 06:59
    await sweepNotifications(t.deps);
    expect(await textsTo(phone)).toHaveLength(1);
    at('2026-11-24T13:00:30Z');
    await Promise.all([sweepNotifications(t.deps), sweepNotifications(t.deps)]);
    await sweepNotifications(t.deps);
    expect(await textsTo(phone)).toEqual([urgent[0], expect.stringContaining('A goal is waiting for your agreement.')]);
  });

  it('STOP ends texts to that number (their notices go by email), START brings them back', async () => {
    at('2026-11-25T16:00:00Z');
    const f = await team();
    const phone = await textMe(f.gc);

    const stop = await reply(phone, ' stop ');
    expect(stop.statusCode).toBe(200);
    expect(stop.headers['content-type']).toMatch(/^text\/xml/);
    expect(stop.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await f.gc.get('/api/notifications/settings')).body.texts).toEqual({ configured: true, phone, stopped: true });
    const audit = await t.db.selectFrom('audit_event').select(['action', 'actor_id']).where('action', 'like', 'sms.%').where('actor_id', '=', f.guardian.id).execute();
    expect(audit).toEqual([{ action: 'sms.stop', actor_id: f.guardian.id }]);

    expect((await f.tc.post(`${f.url}/goals`, GOAL)).status).toBe(201);
    expect(await textsTo(phone)).toEqual([]);
    expect(await outbox(f.guardian.email)).toEqual([{ text_body: expect.stringContaining('A goal is waiting for your agreement in CareTeam.') }]);

    // A text queued before the STOP is not sent after it.
    expect((await reply(phone, 'START')).statusCode).toBe(200);
    expect((await f.tc.post(`${f.url}/goals`, { ...GOAL, statement: 'Waits for a turn' })).status).toBe(201);
    expect((await reply(phone, 'UNSUBSCRIBE')).statusCode).toBe(200);
    expect(await textsTo(phone)).toEqual([]);
    expect(await t.db.selectFrom('sms_outbox').select('status').where('to_number', '=', phone).execute()).toEqual([{ status: 'skipped' }]);

    // START again: texts again. Other words change nothing.
    expect((await reply(phone, 'unstop')).statusCode).toBe(200);
    expect((await reply(phone, 'Thank you!')).statusCode).toBe(200);
    expect((await f.gc.get('/api/notifications/settings')).body.texts.stopped).toBe(false);
    expect((await f.tc.post(`${f.url}/goals`, { ...GOAL, statement: 'Says hello' })).status).toBe(201);
    expect(await textsTo(phone)).toEqual([expect.stringContaining('A goal is waiting for your agreement.')]);
    const actions = await t.db.selectFrom('audit_event').select('action').where('action', 'like', 'sms.%').where('actor_id', '=', f.guardian.id).orderBy('created_at').execute();
    expect(actions.map((a) => a.action)).toEqual(['sms.stop', 'sms.start', 'sms.stop', 'sms.start']);
  });

  it('refuse a forged or unsigned reply: 403, and nothing changes', async () => {
    at('2026-11-26T16:00:00Z');
    const f = await team();
    const phone = await textMe(f.gc);
    const optOuts = () => t.db.selectFrom('sms_opt_out').selectAll().execute();
    const before = await optOuts();
    const forged = [
      await reply(phone, 'STOP', () => undefined),
      await reply(phone, 'STOP', (p) => twilioSignature('not-the-auth-token', 'http://localhost:3000/api/sms/inbound', p)),
      // Signed for another address, or for other words than those sent.
      await reply(phone, 'STOP', (p) => twilioSignature(sms.authToken, 'https://evil.example/api/sms/inbound', p)),
      await reply(phone, 'STOP', (p) => twilioSignature(sms.authToken, 'http://localhost:3000/api/sms/inbound', { ...p, Body: 'Hello' })),
      await reply(phone, 'STOP', () => 'short'),
    ];
    for (const res of forged) {
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(await optOuts()).toEqual(before);
    expect((await f.gc.get('/api/notifications/settings')).body.texts.stopped).toBe(false);

    // Without From: 400 naming it.
    const params = { Body: 'STOP' };
    const bad = await t.app.inject({
      method: 'POST', url: '/api/sms/inbound', payload: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(sms.authToken, 'http://localhost:3000/api/sms/inbound', params) },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.details[0].path).toEqual(['From']);
    expect(await optOuts()).toEqual(before);
  });

  it('retry a text the provider failed with a 500 once, and never send it twice', async () => {
    at('2026-11-27T16:00:00Z');
    const f = await team();
    const phone = await textMe(f.gc);
    expect((await f.tc.post(`${f.url}/goals`, GOAL)).status).toBe(201);
    const [queued] = await t.db.selectFrom('sms_outbox').select('id').where('to_number', '=', phone).execute();
    if (!queued) throw new Error('no text queued');
    const requests = sms.requests;

    sms.failNext(1, 500);
    await expect(deliverText(t.deps, queued.id)).rejects.toThrow(/HTTP 500/);
    expect(await t.db.selectFrom('sms_outbox').select(['status', 'attempts', 'last_error']).where('id', '=', queued.id).executeTakeFirst())
      .toEqual({ status: 'queued', attempts: 1, last_error: 'HTTP 500 (20500): Internal Server Error' });
    expect(sms.textsTo(phone)).toEqual([]);

    // The job's retry, and a late second run (or another instance): one text.
    await Promise.all([deliverText(t.deps, queued.id), deliverText(t.deps, queued.id)]);
    await deliverText(t.deps, queued.id);
    expect(sms.textsTo(phone)).toHaveLength(1);
    expect(sms.requests - requests).toBe(2);
    expect(await t.db.selectFrom('sms_outbox').select(['status', 'attempts', 'provider_id']).where('id', '=', queued.id).executeTakeFirst())
      .toEqual({ status: 'sent', attempts: 2, provider_id: sms.textsTo(phone)[0]?.sid });

    // A refusal (a bad number) is not retried.
    expect((await f.tc.post(`${f.url}/goals`, { ...GOAL, statement: 'Waits for a turn' })).status).toBe(201);
    const [second] = await t.db.selectFrom('sms_outbox').select('id').where('to_number', '=', phone).where('status', '=', 'queued').execute();
    if (!second) throw new Error('no text queued');
    sms.failNext(1, 400);
    await deliverText(t.deps, second.id);
    expect(await t.db.selectFrom('sms_outbox').select(['status', 'attempts']).where('id', '=', second.id).executeTakeFirst()).toEqual({ status: 'failed', attempts: 1 });
  });

  it('offer texts only with a number, refuse a number not in international form, and keep it out of others’ view', async () => {
    const f = await team();
    const none = await f.gc.put('/api/notifications/settings', { channel: 'sms', digestTime: '18:00', kinds: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toEqual(['channel']);
    const perKind = await f.gc.put('/api/notifications/settings', { channel: 'email', digestTime: '18:00', kinds: [{ kind: 'milestone', mode: 'immediately', channel: 'sms' }] });
    expect(perKind.status).toBe(400);
    expect(perKind.body.error.details[0].path.map(String)).toEqual(['kinds', '0', 'channel']);
    expect((await f.gc.get('/api/notifications/settings')).body).toMatchObject({ channel: 'email', texts: { configured: true, phone: null, stopped: false } });

    for (const phone of ['555 0100', '0015550100', '+1 555 0100', '+0123456789']) {
      const bad = await f.gc.patch('/api/me', { phone });
      expect(bad.status, phone).toBe(400);
      expect(bad.body.error.details[0].path).toEqual(['phone']);
    }
    expect((await f.gc.get('/api/me')).body.user.phone).toBeNull();
    expect((await f.gc.patch('/api/me', { phone: '+34600111222' })).body.user.phone).toBe('+34600111222');
    expect((await f.gc.get('/api/me')).body.user.phone).toBe('+34600111222');
    // Nobody else's answers carry it.
    for (const c of [f.tc, f.cc, f.teach]) {
      expect(JSON.stringify((await c.get(`${f.url}/team`)).body)).not.toContain('600111222');
    }
    expect((await f.gc.patch('/api/me', { phone: null })).body.user.phone).toBeNull();

    const anon = await t.app.inject({ method: 'PUT', url: '/api/notifications/settings', payload: { channel: 'sms', digestTime: '18:00', kinds: [] } });
    expect(anon.statusCode).toBe(401);
  });

  it('fall back to email when texts are not set up', async () => {
    const plain = await createTestContext();
    try {
      const f = await buildSignedInTeam(plain);
      expect((await f.gc.patch('/api/me', { phone: '+15550100001' })).status).toBe(200);
      const res = await f.gc.put('/api/notifications/settings', { channel: 'sms', digestTime: '18:00', kinds: [] });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['channel']);
      expect((await f.gc.get('/api/notifications/settings')).body.texts).toEqual({ configured: false, phone: '+15550100001', stopped: false });
      // Even a webhook signed with some token is refused when no provider is set up.
      const res2 = await plain.app.inject({ method: 'POST', url: '/api/sms/inbound', payload: 'From=%2B15550100001&Body=STOP', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' } });
      expect(res2.statusCode).toBe(403);
    } finally {
      await plain.close();
    }
  });
});
