import { PgBoss } from 'pg-boss';

export type Jobs = {
  send: (queue: string, data: object) => Promise<void>;
  stop: () => Promise<void>;
};

export type JobHandlers = Record<string, (data: Record<string, unknown>) => Promise<void>>;
export type JobSchedules = Record<string, string>;

/**
 * Queues whose job data names a person (an email address, an IP): pg-boss would keep it for a
 * week after the job is done. Their jobs are deleted as soon as their handler has finished; one
 * that fails for good (or never runs) is deleted by pg-boss's daily sweep once it has been over
 * for an hour (or queued for a day).
 */
export type JobOptions = { personal?: readonly string[] };
const PERSONAL_QUEUE = { deleteAfterSeconds: 60 * 60, retentionSeconds: 24 * 60 * 60 };

/**
 * pg-boss on the application's own database: retries, schedules, one worker pool per queue.
 * `onError` hears the queue's own errors and every failed job (with its queue's name): pg-boss
 * retries a failed job quietly, and a sweep that fails every minute must not go unnoticed.
 */
export async function startJobs(connectionString: string, handlers: JobHandlers, schedules: JobSchedules, onError: (e: unknown, queue?: string) => void, options: JobOptions = {}): Promise<Jobs> {
  const personal = new Set(options.personal ?? []);
  // The schema is installed by the owner role beforehand (installJobSchema); the runtime role
  // only checks its version, it may not change it.
  const boss = new PgBoss({ connectionString, max: 4, useListenNotify: true, migrate: false });
  boss.on('error', onError);
  await boss.start();
  for (const [name, handler] of Object.entries(handlers)) {
    await boss.createQueue(name, { retryLimit: 8, retryDelay: 5, retryBackoff: true, notify: true });
    // Also for a queue made before it was personal (createQueue leaves an existing queue as it is).
    if (personal.has(name)) await boss.updateQueue(name, PERSONAL_QUEUE);
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
        // Done: its data is needed no more. A failure to delete must not make pg-boss run it again.
        if (personal.has(name)) await boss.deleteJob(name, job.id).catch((e: unknown) => onError(e, name));
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
