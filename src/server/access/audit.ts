import type { FastifyRequest } from 'fastify';
import type { Executor } from '../db/database.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../http/idempotency.ts';

export type AuditContext = {
  actorId: string | null;
  actorRole: string | null;
  clinicId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The request's Idempotency-Key, claimed with the first audited write (see http/idempotency.ts). */
  idempotency?: IdempotencyClaim | null;
};

export type AuditEntry = {
  action: string;
  outcome?: 'ok' | 'denied' | 'failed';
  clinicId?: string | null;
  childId?: string | null;
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
  actorId?: string | null;
  actorRole?: string | null;
};

export function auditContext(request: FastifyRequest): AuditContext {
  const actor = request.actor;
  return {
    actorId: actor?.userId ?? null,
    actorRole: actor?.clinics[0]?.role ?? null,
    clinicId: actor?.clinics[0]?.clinicId ?? null,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    requestId: request.id,
    idempotency: request.idempotency,
  };
}

/**
 * Writes one append-only audit row; call it in the same transaction as the change it records.
 * A request's Idempotency-Key is claimed here too, so the claim commits with the write.
 */
export async function recordAudit(db: Executor, ctx: AuditContext, e: AuditEntry): Promise<void> {
  if (ctx.idempotency) await claimIdempotencyKey(db, ctx.idempotency);
  await db
    .insertInto('audit_event')
    .values({
      clinic_id: e.clinicId === undefined ? ctx.clinicId : e.clinicId,
      actor_id: e.actorId === undefined ? ctx.actorId : e.actorId,
      actor_role: e.actorRole === undefined ? ctx.actorRole : e.actorRole,
      action: e.action,
      outcome: e.outcome ?? 'ok',
      child_id: e.childId ?? null,
      subject_type: e.subjectType ?? null,
      subject_id: e.subjectId ?? null,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
      request_id: ctx.requestId,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}
