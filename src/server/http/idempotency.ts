import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { AppError } from './errors.ts';

/** The Idempotency-Key a write claims, with the request that carries it. */
export type IdempotencyClaim = { userId: string; key: string; method: string; path: string; requestId: string };

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: IdempotencyClaim | null;
  }
}

/**
 * A POST carrying an Idempotency-Key writes once per user and key; a retry gets the first answer
 * again and writes nothing.
 *
 * The key is claimed inside the write's own transaction (recordAudit calls claimIdempotencyKey,
 * and every write is audited in its transaction): the write and its claim commit together or not
 * at all. A server killed mid-request leaves neither, so the retry goes through; a concurrent
 * retry waits on the claim's unique key and is told to try again. The answer is stored once it is
 * sent.
 *
 * A claim another request can see has committed, with the write's audit rows (same transaction,
 * same request id). So a claim without its answer is either a request of this process between
 * its commit and its answer (the retry is asked to come back in a second, when the answer is
 * there), or one whose answer was lost (a server stopped at that moment): the retry is told at
 * once that the write was carried out, with the id of what it created, and nothing is written again.
 */
export function registerIdempotency(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('idempotency', null);
  /** Requests of this process that hold a claim and have not answered yet. */
  const answering = new Set<string>();

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.actor) return;
    if (key.length < 8 || key.length > 200) throw new AppError('validation_failed', 400, 'Idempotency-Key: use 8 to 200 characters.', [{ path: ['Idempotency-Key'], message: 'Use 8 to 200 characters.' }]);
    const path = request.url.split('?')[0] ?? request.url;
    const prior = await deps.db.selectFrom('idempotency_record').selectAll()
      .where('user_id', '=', request.actor.userId).where('key', '=', key).executeTakeFirst();
    if (!prior) {
      request.idempotency = { userId: request.actor.userId, key, method: request.method, path, requestId: request.id };
      answering.add(request.id);
      return;
    }
    if (prior.path !== path) throw new AppError('conflict', 409, 'This Idempotency-Key was already used for another request.');
    if (prior.status === 0) {
      if (prior.request_id !== null && answering.has(prior.request_id)) {
        throw new AppError('conflict', 409, 'The first request with this Idempotency-Key is still being processed.', undefined, { 'Retry-After': '1' });
      }
      const created = prior.request_id === null ? undefined : await writtenBy(deps, request.actor.userId, prior.request_id);
      throw new AppError('already_applied', 409, 'This request was carried out earlier; its answer was not kept.', created);
    }
    return reply.status(prior.status).header('Idempotent-Replayed', 'true').send(prior.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    // Only a request whose write committed has a claim to answer; a 5xx keeps it unanswered.
    if (!claim || reply.statusCode >= 500) return payload;
    const body = typeof payload === 'string' && payload.length > 0 ? payload : 'null';
    await deps.db.updateTable('idempotency_record').set({ status: reply.statusCode, body })
      .where('user_id', '=', claim.userId).where('key', '=', claim.key).where('request_id', '=', claim.requestId).where('status', '=', 0).execute();
    return payload;
  });

  const done = async (request: FastifyRequest) => {
    if (request.idempotency) answering.delete(request.id);
  };
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
}

/**
 * What a committed request wrote first, from its audit rows (written in its transaction with its
 * request id): the id of the row it created, for a retry whose answer was lost.
 */
async function writtenBy(deps: Deps, userId: string, requestId: string): Promise<{ id: string; type: string } | undefined> {
  // Through the actor's index: the rows a person wrote since their lost answer are few.
  const rows = await deps.db.selectFrom('audit_event').select(['id', 'subject_type', 'subject_id'])
    .where('actor_id', '=', userId).where('request_id', '=', requestId).where('outcome', '=', 'ok')
    .orderBy('id', 'desc').limit(20).execute();
  const first = rows.at(-1);
  return first?.subject_id && first.subject_type ? { id: first.subject_id, type: first.subject_type } : undefined;
}

/**
 * Claims the key in the write's transaction. Another request's committed claim, or one committing
 * while this waits on its unique key, turns this write into a 409 (its transaction rolls back).
 */
export async function claimIdempotencyKey(db: Executor, claim: IdempotencyClaim): Promise<void> {
  const inserted = await db.insertInto('idempotency_record')
    .values({ user_id: claim.userId, key: claim.key, method: claim.method, path: claim.path, status: 0, body: 'null', request_id: claim.requestId })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return;
  const holder = await db.selectFrom('idempotency_record').select('request_id')
    .where('user_id', '=', claim.userId).where('key', '=', claim.key).executeTakeFirst();
  // This request's own claim, from an earlier audited step of the same write.
  if (holder?.request_id === claim.requestId) return;
  throw new AppError('conflict', 409, 'The first request with this Idempotency-Key is still being processed.', undefined, { 'Retry-After': '1' });
}
