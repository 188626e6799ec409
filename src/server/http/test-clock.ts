// A clock the browser tests can move, for tests only. With TEST_CLOCK=1 (refused in production,
// see config.ts) the server's clock is real time plus an offset, and POST /api/test/clock sets it
// ("now is …") and then runs the minute jobs at once (session and practice reminders, notification
// and digest sweeps, mail delivery), so a test sees what a minute of cron would do without
// waiting for it. The route exists only then, answers loopback callers only, and is left out of
// the API document: it is no part of the API.
import { z } from 'zod';
import type { Clock } from '../deps.ts';
import type { App } from './types.ts';

export type TestClock = {
  clock: Clock;
  /** From now on the clock reads this moment and runs on from it. */
  set: (now: Date) => void;
};

export function offsetClock(): TestClock {
  let offsetMs = 0;
  return {
    clock: () => new Date(Date.now() + offsetMs),
    set: (now) => {
      offsetMs = now.getTime() - Date.now();
    },
  };
}

const SetClockRequest = z.strictObject({ now: z.iso.datetime({ offset: true }) });

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Only under TEST_CLOCK: POST /api/test/clock { now } sets the clock and runs the minute jobs. */
export function registerTestClockRoutes(app: App, testClock: TestClock, runMinuteJobs: () => Promise<void>): void {
  app.post('/api/test/clock', {
    config: { public: true, sessionless: true },
    schema: { hide: true, body: SetClockRequest },
  }, async (request, reply) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) return reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
    testClock.set(new Date(request.body.now));
    await runMinuteJobs();
    return { now: testClock.clock().toISOString() };
  });
}
