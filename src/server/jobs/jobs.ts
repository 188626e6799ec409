import { PgBoss } from 'pg-boss';

export type Jobs = {
  send: (queue: string, data: object) => Promise<void>;
  stop: () => Promise<void>;
};

export type JobHandlers = Record<string, (data: Record<string, unknown>) => Promise<void>>;
export type JobSchedules = Record<string, string>;

/**
 * pg-boss on the application's own database: retries, schedules, one worker pool per queue.
 * `onError` hears the queue's own errors and every failed job (with its queue's name): pg-boss
 * retries a failed job quietly, and a sweep that fails every minute must not go unnoticed.
 */
export async function startJobs(connectionString: string, handlers: JobHandlers, schedules: JobSchedules, onError: (e: unknown, queue?: string) => void): Promise<Jobs> {
  // The schema is installed by the owner role beforehand (installJobSchema); the runtime role
  // only checks its version, it may not change it.
  const boss = new PgBoss({ connectionString, max: 4, useListenNotify: true, migrate: false });
  boss.on('error', onError);
  await boss.start();
  for (const [name, handler] of Object.entries(handlers)) {
    await boss.createQueue(name, { retryLimit: 8, retryDelay: 5, retryBackoff: true, notify: true });
    // A NOTIFY wakes an idle worker at once; one that was busy when the job came polls again
    // within 2 s (left to itself, pg-boss relaxes to 30 s while LISTEN works).
    await boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 }, async (jobs) => {
      for (const job of jobs) {
        try {
          await handler(job.data);
        } catch (e) {
          onError(e, name);
          throw e;
        }
      }
    });
  }
  for (const [name, cron] of Object.entries(schedules)) await boss.schedule(name, cron);
  return {
    send: async (queue, data) => {
      await boss.send(queue, data);
    },
    stop: () => boss.stop({ graceful: true, timeout: 5_000 }),
  };
}

/** Installs or upgrades pg-boss's schema without running workers: run as the database owner. */
export async function installJobSchema(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 1, schedule: false, supervise: false });
  await boss.start();
  await boss.stop({ graceful: false, close: true });
}
