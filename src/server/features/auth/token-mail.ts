import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit, queueMail } from '../../mail/mail.service.ts';
import { issueToken, RESET_HOURS, SIGNIN_LINK_HOURS } from './one-time-token.ts';
import { findUserByEmail, firstClinicOf } from './user.repository.ts';
import { localeOf } from '../../../contract/common.ts';

export const TOKEN_MAIL_QUEUE = 'auth.token-mail';

const Purpose = z.enum(['signin_link', 'password_reset']);
const TokenMailJob = z.object({
  email: z.string(),
  purpose: Purpose,
  at: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});

/**
 * Asks for a sign-in link or a reset mail. The request does the same work whether or not the
 * email has an account (it queues a job), so neither its answer nor its timing tells which; the
 * job finds the account, applies the per-address limit, issues the token, audits and mails.
 */
export async function requestTokenMail(deps: Deps, request: FastifyRequest, email: string, purpose: z.infer<typeof Purpose>): Promise<void> {
  const ctx = auditContext(request);
  const job: z.infer<typeof TokenMailJob> = { email, purpose, at: deps.clock().toISOString(), ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId };
  await deps.jobs.send(TOKEN_MAIL_QUEUE, job);
}

export async function runTokenMailJob(deps: Deps, data: Record<string, unknown>): Promise<void> {
  const parsed = TokenMailJob.safeParse(data);
  if (!parsed.success) return;
  const { email, purpose, ip, userAgent, requestId } = parsed.data;
  const now = new Date(parsed.data.at);
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.disabled_at) return;
  const ctx = { actorId: user.id, actorRole: null, clinicId: null, ip, userAgent, requestId };
  const action = purpose === 'signin_link' ? 'auth.link_requested' : 'auth.reset_requested';
  const hours = purpose === 'signin_link' ? SIGNIN_LINK_HOURS : RESET_HOURS;
  const mailId = await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, user.id, purpose, now, hours);
    // Over the limit for this address: the answer was the same, nothing is sent.
    if (!token) {
      await recordAudit(tx, ctx, { action, outcome: 'denied', actorId: user.id, clinicId: null, details: { reason: 'rate_limited' } });
      return null;
    }
    const clinic = await firstClinicOf(tx, user.id);
    const path = purpose === 'signin_link' ? '/signin/link' : '/reset';
    await recordAudit(tx, ctx, { action, actorId: user.id, clinicId: null });
    return queueMail(deps, tx, {
      clinicId: clinic?.id ?? null,
      to: user.email,
      locale: localeOf(user.locale),
      template: purpose === 'signin_link' ? 'signInLink' : 'passwordReset',
      vars: { name: user.name, clinic: clinic?.name ?? 'CareTeam' },
      link: { url: `${deps.config.publicUrl}${path}?token=${token}`, hours },
      dedupeKey: `${purpose}:${createHash('sha256').update(token).digest('hex')}`,
    });
  });
  await afterCommit(deps, [mailId]);
}
