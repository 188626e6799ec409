import type { Config } from '../config.ts';
import { runningEmbeddedOwnerUrl, startEmbeddedPostgres } from '../db/embedded.ts';
import { lockDataDir } from '../main.ts';

export type Target = { ownerUrl: string; runtimeUrl: string; stop: () => Promise<void> };

/**
 * The database a backup or restore works on: DATABASE_URL (with MIGRATION_DATABASE_URL as the
 * owner), else the embedded PostgreSQL in DATA_DIR. A backup uses the one a running server
 * started; otherwise (and always for a restore, which refuses to run beside a server) the
 * embedded PostgreSQL is started here and stopped again at the end.
 */
export async function openTarget(config: Config, purpose: 'backup' | 'restore', log: (m: string) => void): Promise<Target> {
  if (config.databaseUrl) {
    return { ownerUrl: config.migrationDatabaseUrl ?? config.databaseUrl, runtimeUrl: config.databaseUrl, stop: async () => {} };
  }
  const running = purpose === 'backup' ? await runningEmbeddedOwnerUrl(config.dataDir) : null;
  if (running) return { ownerUrl: running, runtimeUrl: running, stop: async () => {} };
  const unlock = await lockDataDir(config.dataDir);
  try {
    const embedded = await startEmbeddedPostgres(config.dataDir, log);
    return {
      ownerUrl: embedded.ownerUrl,
      runtimeUrl: embedded.url,
      stop: async () => {
        await embedded.stop();
        await unlock();
      },
    };
  } catch (e) {
    await unlock();
    throw e;
  }
}
