// The provider's inbound-message webhook: a person's reply to a text. STOP (and its synonyms)
// stops texts to that number, START brings them back; anything else is ignored (texts are not a
// way to reach the team). Only a request the provider signed is believed: the signature is
// Twilio's HMAC-SHA1 over the full public URL and the sorted form parameters, with the auth token.
import { z } from 'zod';
import { AppError } from '../../../http/errors.ts';
import { auditContext, recordAudit } from '../../../access/audit.ts';
import type { Deps } from '../../../deps.ts';
import type { App } from '../../../http/types.ts';
import { accountsWithNumber } from './sms.repository.ts';
import { applyReply, replyKind } from './sms.service.ts';
import { validSignature } from './twilio.client.ts';

/** The fields CareTeam reads; the provider sends more (MessageSid, AccountSid, To, …), all signed. */
export const InboundText = z.looseObject({
  From: z.string().min(1).max(40),
  Body: z.string().max(1600),
});

/** An empty TwiML answer: nothing is sent back (the provider answers STOP and START itself). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export function registerSmsRoutes(app: App, deps: Deps): void {
  // The form parser lives only in this scope, so no other route accepts a cross-site form.
  void app.register(async (scope: App) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.post('/api/sms/inbound', {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { tags: ['notifications'], consumes: ['application/x-www-form-urlencoded'], body: InboundText },
    }, async (request, reply) => {
      const sms = deps.config.sms;
      const params = Object.fromEntries(Object.entries(request.body).map(([k, v]) => [k, String(v)]));
      const signature = request.headers['x-twilio-signature'];
      if (!sms || !validSignature(sms.authToken, `${deps.config.publicUrl}${request.url}`, params, typeof signature === 'string' ? signature : undefined)) {
        throw new AppError('forbidden', 403, 'This request is not signed by the text-message provider.');
      }
      const phone = request.body.From;
      const kind = replyKind(request.body.Body);
      if (kind !== 'other') {
        await deps.db.transaction().execute(async (tx) => {
          if (!(await applyReply(deps, tx, phone, kind))) return;
          // Each account with the number hears of it in its audit trail; the number itself is not logged.
          for (const a of await accountsWithNumber(tx, phone)) {
            const clinicId = a.staff_clinic ?? a.family_clinic ?? null;
            await recordAudit(tx, { ...auditContext(request), actorId: a.id, actorRole: null, clinicId }, {
              action: kind === 'stop' ? 'sms.stop' : 'sms.start', clinicId, subjectType: 'user', subjectId: a.id,
            });
          }
        });
      }
      return reply.type('text/xml; charset=utf-8').send(EMPTY_TWIML);
    });
  });
}
