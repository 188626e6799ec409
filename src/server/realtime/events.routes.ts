import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import { requireActor, sessionDeadline } from '../http/auth.ts';
import type { App } from '../http/types.ts';
import type { RealtimeEvent } from './hub.ts';

const HEARTBEAT_MS = 25_000;
/** A session check the database could not answer is tried again after this. */
const RECHECK_MS = 60_000;

/** Takes the reply over as a server-sent event stream: the response to write events to. */
export function beginEventStream(reply: FastifyReply): FastifyReply['raw'] {
  void reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Proxies must pass events on as they come.
    'X-Accel-Buffering': 'no',
  });
  return res;
}

/**
 * Turns the request into a server-sent event stream of the signed-in person's events that pass
 * `accept`. The stream ends when its session ends (sign-out anywhere, or its idle or absolute
 * timeout: an open stream is not activity), when `accept` says 'close', or when the client goes
 * away. The first event, `ready`, says the stream is live.
 */
export function openEventStream(deps: Deps, request: FastifyRequest, reply: FastifyReply, accept: (e: RealtimeEvent) => boolean | 'close' = () => true): void {
  const actor = requireActor(request);
  const res = beginEventStream(reply);
  const send = (e: RealtimeEvent) => res.write(`data: ${JSON.stringify(e)}\n\n`);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(expiry);
    res.end();
  };
  // The session is looked at again when its deadline comes; requests made meanwhile push it on.
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const watchSession = async () => {
    const deadline = await sessionDeadline(deps, actor.sessionId).catch(() => undefined);
    if (closed) return;
    if (deadline === null || (deadline && deadline.getTime() <= deps.clock().getTime())) {
      close();
      return;
    }
    const wait = deadline ? deadline.getTime() - deps.clock().getTime() + 1_000 : RECHECK_MS;
    expiry = setTimeout(() => void watchSession(), Math.min(wait, 2 ** 31 - 1));
  };
  const unsubscribe = deps.realtime.subscribe(actor.userId, (e) => {
    if (e.type === 'session.ended') {
      if (e.sessionId === actor.sessionId) close();
      return;
    }
    const verdict = accept(e);
    if (verdict === 'close') close();
    else if (verdict) send(e);
  }, () => close());
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  request.raw.on('close', close);
  res.write('retry: 3000\n\n');
  send({ type: 'ready' });
  void watchSession();
}

export function registerEventRoutes(app: App, deps: Deps): void {
  // A server that stops ends its streams rather than waiting for them; browsers reconnect.
  app.addHook('preClose', async () => deps.realtime.endAll());

  app.get('/api/events', {
    schema: {
      tags: ['realtime'],
      summary: 'Server-sent events for the signed-in person: ids and types of changes to refetch.',
    },
  }, async (request, reply) => {
    openEventStream(deps, request, reply);
  });
}
