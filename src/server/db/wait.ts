import { sql } from 'kysely';
import { isDatabaseDown } from '../http/errors.ts';
import type { Db } from './database.ts';

/** host:port/database of a connection string, without its password, for a log line. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured database';
  }
}

const reason = (e: unknown) => String((e as { code?: unknown }).code ?? (e as Error).message);

/**
 * Start-up waits for a database that is not up yet (a container started before its database),
 * trying again every second for up to `waitMs` and saying so each time, instead of failing at
 * the first refused connection. Any other error (a wrong password) fails at once.
 */
export async function waitForDatabase(db: Db, url: string, waitMs: number, log: (message: string) => void): Promise<void> {
  const where = describeDatabase(url);
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`.execute(db);
      if (attempt > 1) log(`the database at ${where} is up`);
      return;
    } catch (e) {
      if (!isDatabaseDown(e)) throw e;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`The database at ${where} did not come up within ${Math.round(waitMs / 1000)} s (${reason(e)}). Check DATABASE_URL, or wait longer with DATABASE_WAIT_SECONDS.`, { cause: e });
      }
      log(`the database at ${where} is not up yet (${reason(e)}); trying again for up to ${Math.ceil(left / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, left)));
    }
  }
}
