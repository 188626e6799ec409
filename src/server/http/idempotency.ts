import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
}

/**
 * A POST carrying an Idempotency-Key is processed once per user and key: a retry gets the first
 * answer again and writes nothing. A 5xx answer is not remembered, so the retry can go through.
 */
export function registerIdempotency(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.actor) return;
    if (key.length < 8 || key.length > 200) throw new AppError('validation_failed', 400, 'Idempotency-Key: use 8 to 200 characters.', [{ path: ['Idempotency-Key'], message: 'Use 8 to 200 characters.' }]);
    const path = request.url.split('?')[0] ?? request.url;
    const inserted = await deps.db
      .insertInto('idempotency_record')
      .values({ user_id: request.actor.userId, key, method: request.method, path, status: 0, body: 'null' })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotencyKey = key;
      return;
    }
    const prior = await deps.db.selectFrom('idempotency_record').selectAll()
      .where('user_id', '=', request.actor.userId).where('key', '=', key).executeTakeFirstOrThrow();
    if (prior.path !== path) throw new AppError('conflict', 409, 'This Idempotency-Key was already used for another request.');
    if (prior.status === 0) throw new AppError('conflict', 409, 'The first request with this Idempotency-Key is still being processed.', undefined, { 'Retry-After': '1' });
    return reply.status(prior.status).header('Idempotent-Replayed', 'true').send(prior.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    if (reply.statusCode >= 500) {
      await deps.db.deleteFrom('idempotency_record').where('user_id', '=', request.actor.userId).where('key', '=', key).execute();
    } else {
      const body = typeof payload === 'string' && payload.length > 0 ? payload : 'null';
      await deps.db.updateTable('idempotency_record').set({ status: reply.statusCode, body })
        .where('user_id', '=', request.actor.userId).where('key', '=', key).execute();
    }
    return payload;
  });
}
