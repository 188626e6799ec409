import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAuditKey, useAuditKey } from './access/audit.ts';
import { publishSealHeads, startAuditSealer } from './access/audit-seal.ts';
import { buildApp, UPLOAD_OWNERS } from './app.ts';
import { ARCHIVE_QUEUE, runArchiveJob } from './features/archive/archive.service.ts';
import { createBackup } from './backup/backup.ts';
import { loadConfig, type Config } from './config.ts';
import { createLogger } from './logging/logger.ts';
import { createDb, createPool } from './db/database.ts';
import { isAlive, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { prepareDatabase } from './db/prepare.ts';
import { waitForDatabase } from './db/wait.ts';
import type { Deps } from './deps.ts';
import { sweepHousekeeping } from './jobs/housekeeping.ts';
import { REPORT_QUEUE, runReportJob } from './features/reports/reports.service.ts';
import { extendSeries } from './features/sessions/series-extension.ts';
import { startJobs, type Jobs } from './jobs/jobs.ts';
import { sweepNotifications } from './features/notifications/notify.ts';
import { deliverText, requeueStuckTexts } from './features/notifications/sms/sms.service.ts';
import { sweepDigests } from './features/digests/digests.ts';
import { runTokenMailJob, TOKEN_MAIL_QUEUE } from './features/auth/token-mail.ts';
import { sendDueNewsletters } from './features/newsletters/newsletter-send.ts';
import { sweepReminders } from './features/practice/reminders.ts';
import { sweepSessionReminders } from './features/sessions/reminders.ts';
import { sweepCheckins } from './features/checkins/checkins.service.ts';
import { TRANSLATE_QUEUE, runTranslationJob } from './features/translation/translation.service.ts';
import { deliverMail, requeueStuckMail } from './mail/mail.service.ts';
import { startRealtime } from './realtime/hub.ts';
import { createUploadStore } from './uploads/store.ts';
import { offsetClock } from './http/test-clock.ts';

/** One server per data directory: a second one refuses to start rather than share the database. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'careteam.pid');
  const prior = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(prior) && prior > 0 && prior !== process.pid && isAlive(prior)) {
    const cmd = await readFile(`/proc/${prior}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes('node')) {
      throw new Error(`Another CareTeam server (pid ${prior}) is already using ${dataDir}. Stop it first, or set DATA_DIR to another folder.`);
    }
  }
  await writeFile(lockFile, String(process.pid));
  return () => rm(lockFile, { force: true });
}

export type RunningServer = {
  url: string;
  /** The database this server uses: DATABASE_URL, or the embedded PostgreSQL it started. */
  databaseUrl: string;
  stop: () => Promise<void>;
};

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const log = createLogger(config);
  let embedded: EmbeddedDatabase | undefined;
  let unlock: (() => Promise<void>) | undefined;
  let databaseUrl = config.databaseUrl;
  let ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
  if (!databaseUrl || !ownerUrl) {
    unlock = await lockDataDir(config.dataDir);
    embedded = await startEmbeddedPostgres(config.dataDir, (m) => log.info(m));
    databaseUrl = embedded.url;
    ownerUrl = embedded.ownerUrl;
  }
  // A database that is not up yet (container start order) is waited for, as the owner: the
  // runtime role may not exist before the first start's preparation.
  const ownerWait = createDb(createPool(ownerUrl, 1));
  try {
    await waitForDatabase(ownerWait, ownerUrl, config.databaseWaitMs, (m) => log.warn(m));
  } finally {
    await ownerWait.destroy();
  }
  const prepared = await prepareDatabase(ownerUrl, databaseUrl);
  if (prepared.runtimeIsSuperuser || !prepared.separateOwner) {
    log.warn({ role: prepared.runtimeRole }, 'the server runs as the database owner or a superuser, so it could rewrite the audit history; set MIGRATION_DATABASE_URL (see "Database roles" in the README)');
  }
  useAuditKey(await loadAuditKey(config));
  const pool = createPool(databaseUrl, 20);
  const db = createDb(pool);
  const sealer = startAuditSealer(db, (e) => {
    if (!shuttingDown) log.error({ message: (e as Error).message }, 'audit sealing round failed; the next one retries');
  });

  const jobsRef: { current?: Jobs } = {};
  const backup = config.backup;
  const runtimeUrl = databaseUrl;
  const uploadStore = createUploadStore(config);
  let shuttingDown = false;
  const realtime = await startRealtime(databaseUrl, (e) => {
    if (!shuttingDown) log.warn({ message: (e as Error).message }, 'realtime connection error');
  });
  // TEST_CLOCK (tests only, refused in production): real time plus an offset the tests set.
  const testClock = config.testClock ? offsetClock() : undefined;
  const deps: Deps = {
    config,
    db,
    clock: testClock?.clock ?? (() => new Date()),
    jobs: { send: (q, d) => (jobsRef.current ? jobsRef.current.send(q, d) : Promise.resolve()), stop: async () => {} },
    realtime,
  };
  jobsRef.current = await startJobs(
    databaseUrl,
    {
      'mail.deliver': async (data) => deliverMail(deps, String(data.id)),
      'sms.deliver': async (data) => deliverText(deps, String(data.id)),
      // Mails and texts whose wake-up was lost.
      'mail.sweep': async () => {
        await requeueStuckMail(deps);
        await requeueStuckTexts(deps);
      },
      'practice.reminders': async () => {
        await sweepReminders(deps);
      },
      'sessions.reminders': async () => {
        await sweepSessionReminders(deps);
      },
      'checkins.sweep': async () => {
        await sweepCheckins(deps);
      },
      [TRANSLATE_QUEUE]: async (data) => runTranslationJob(deps, data),
      [TOKEN_MAIL_QUEUE]: async (data) => runTokenMailJob(deps, data),
      'notifications.sweep': async () => {
        await sweepNotifications(deps);
      },
      'digests.sweep': async () => {
        await sweepDigests(deps);
      },
      'audit.seal-heads': async () => {
        await publishSealHeads(deps, uploadStore, new Date().toISOString().slice(0, 10));
      },
      housekeeping: async () => {
        await sweepHousekeeping(deps, uploadStore);
      },
      [REPORT_QUEUE]: async (data) => runReportJob(deps, uploadStore, data),
      [ARCHIVE_QUEUE]: async (data) => runArchiveJob(deps, uploadStore, UPLOAD_OWNERS, data),
      'sessions.extend-series': async () => {
        await extendSeries(deps);
      },
      // Woken at once by "send now"; the schedule sends what was set for a time.
      'newsletters.send': async () => {
        await sendDueNewsletters(deps);
      },
      ...(backup ? {
        backup: async () => {
          const done = await createBackup({ databaseUrl: runtimeUrl, store: uploadStore, dir: backup.dir, keep: backup.keep });
          log.info({ file: done.file }, 'backup written');
        },
      } : {}),
    },
    { 'mail.sweep': '* * * * *', 'practice.reminders': '* * * * *', 'sessions.reminders': '* * * * *', 'checkins.sweep': '* * * * *', 'notifications.sweep': '* * * * *', 'digests.sweep': '* * * * *', 'newsletters.send': '* * * * *', housekeeping: '17 * * * *', 'sessions.extend-series': '23 * * * *', 'audit.seal-heads': '55 23 * * *', ...(backup ? { backup: backup.schedule } : {}) },
    (e, queue) => {
      if (shuttingDown) return;
      const err = e as { message?: string; code?: string; stack?: string };
      if (queue) log.error({ queue, message: err.message, code: err.code, stack: err.stack }, 'job failed; it will be retried');
      else log.error({ message: err.message, code: err.code }, 'job queue error');
    },
    // A link request's job names an email address and an IP: deleted once done.
    { personal: [TOKEN_MAIL_QUEUE] },
  );

  // What the per-minute schedule runs, at once: a test that moved the clock sees its effect now.
  const runMinuteJobs = async () => {
    await sweepSessionReminders(deps);
    await sweepReminders(deps);
    await sweepCheckins(deps);
    await sweepNotifications(deps);
    await sweepDigests(deps);
    await sendDueNewsletters(deps);
    await requeueStuckMail(deps);
    await requeueStuckTexts(deps);
  };
  const app = await buildApp(deps, { logger: log, ...(testClock ? { testClock: { clock: testClock, runMinuteJobs } } : {}) });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      shuttingDown = true;
      // Ctrl-C in a terminal signals PostgreSQL too, so it may close connections while pg-boss
      // is still stopping; such a late connection error must not turn a clean stop into a crash.
      process.on('uncaughtException', (e) => log.warn({ message: e.message }, 'error while stopping (ignored)'));
      // Stops accepting and drains in-flight requests. A keep-alive connection busy at this moment
      // is closed once its response is sent, not held open for the 72 s keep-alive timeout.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
      await app.close().finally(() => clearInterval(reaper));
      await jobsRef.current?.stop().catch(() => {});
      await sealer.stop();
      await realtime.stop();
      await db.destroy().catch(() => {});
      await embedded?.stop().catch(() => {});
      await unlock?.();
    })());
  return { url, databaseUrl, stop };
}

if (import.meta.main) {
  const config = loadConfig();
  try {
    const server = await startServer(config);
    console.log(`CareTeam is running at ${server.url}`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.log('CareTeam is stopping…');
        void server.stop().then(() => process.exit(0));
      });
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
