import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClinic, buildUser, createTestContext, freshClient, signIn, type TestContext } from '../../../test/support.ts';
import { newToken } from './tokens.ts';
import { redactUrl } from './log-redaction.ts';

describe('one-time secrets never reach the request log', () => {
  let t: TestContext;
  let log = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    // A real pino logger at the production default level.
    t = await createTestContext({ withJobs: true, logger: pino({ level: 'info' }, sink) });
  });
  afterAll(async () => t.close());

  /** The newest held mail to this address whose text names `path`, waiting up to 15 s. */
  async function tokenMailedTo(address: string, path: string, already = 0): Promise<string> {
    const re = new RegExp(`http://localhost:3000${path.replace('?', '\\?')}([A-Za-z0-9_-]+)`, 'g');
    for (let waited = 0; waited < 15_000; waited += 100) {
      const rows = await t.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', address).orderBy('created_at').execute();
      const tokens = rows.flatMap((r) => [...r.text_body.matchAll(re)].map((m) => m[1] ?? ''));
      if (tokens.length > already) return tokens[tokens.length - 1] ?? '';
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${path} mail to ${address}`);
  }

  it('redacts invitation, sign-in-link, reset and unsubscribe tokens from every logged address', async () => {
    const issued: string[] = [];

    // An invitation: the admin invites, the invitee opens the page and accepts.
    const clinic = await buildClinic(t.db);
    const admin = await signIn(t.app, clinic.admin.email);
    const inviteeEmail = `new.therapist.${Date.now()}@example.org`;
    expect((await admin.post('/api/admin/invitations', { email: inviteeEmail, name: 'Nina New', role: 'therapist' })).status).toBe(201);
    const invitation = await tokenMailedTo(inviteeEmail, '/invite/');
    issued.push(invitation);
    const invitee = freshClient(t.app);
    await invitee.get(`/invite/${invitation}`);
    expect((await invitee.get(`/api/invitations/${invitation}`)).status).toBe(200);
    expect((await invitee.post(`/api/invitations/${invitation}/accept`, { password: 'a brand new calm sentence' })).status).toBe(200);

    // A sign-in link, opened and used.
    const user = await buildUser(t.db, 'Lina Link');
    const asker = freshClient(t.app);
    expect((await asker.post('/api/auth/link', { email: user.email })).status).toBe(202);
    const link = await tokenMailedTo(user.email, '/signin/link?token=');
    issued.push(link);
    await asker.get(`/signin/link?token=${link}`);
    expect((await asker.post('/api/auth/link/consume', { token: link })).status).toBe(200);

    // A password reset, opened and completed.
    expect((await asker.post('/api/auth/reset', { email: user.email })).status).toBe(202);
    const reset = await tokenMailedTo(user.email, '/reset?token=');
    issued.push(reset);
    await asker.get(`/reset?token=${reset}`);
    await asker.get(`/reset?lang=es&token=${reset}`);
    expect((await asker.post('/api/auth/reset/complete', { token: reset, password: 'another quiet harbour' })).status).toBe(200);

    // An unsubscribe link (page and one-click address), even one that is not valid.
    const unsubscribe = newToken();
    issued.push(unsubscribe);
    await asker.get(`/unsubscribe/${unsubscribe}`);
    await asker.get(`/api/unsubscribe/${unsubscribe}`);

    // The requests were logged, with their addresses…
    expect(log).toContain('"url":"/api/invitations/[redacted]"');
    expect(log).toContain('"url":"/invite/[redacted]"');
    expect(log).toContain('"url":"/signin/link?token=[redacted]"');
    expect(log).toContain('"url":"/reset?lang=es&token=[redacted]"');
    // …and not one token issued in the run is in the log.
    for (const token of issued) expect(log).not.toContain(token);
  });

  it('leaves addresses without secrets as they are', () => {
    expect(redactUrl('/api/children/0b6f2c1e-6c1d-4d7e-9f6e-3f1c2a4b5d6e/goals?status=agreed')).toBe('/api/children/0b6f2c1e-6c1d-4d7e-9f6e-3f1c2a4b5d6e/goals?status=agreed');
    expect(redactUrl('/api/invitations/abc/accept')).toBe('/api/invitations/[redacted]/accept');
  });
});
