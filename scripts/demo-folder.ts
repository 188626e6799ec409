// Where `npm run demo` runs: a data folder of its own (data-demo/), made afresh at each start, so
// the demo's weeks of history always end on the day it is started. A folder is emptied only when
// it holds nothing but the demo clinic; a database named by DATABASE_URL is never touched.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../src/server/config.ts';
import { createDb, createPool } from '../src/server/db/database.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { lockDataDir } from '../src/server/main.ts';
import { DEMO_ADMIN_EMAIL, DEMO_CLINIC, DEMO_DATA_DIR } from './demo.ts';

/** What CareTeam keeps in a data folder: the database, its secrets, the audit key and seals, uploads. */
const CARETEAM_FILES = ['postgres', 'postgres.secret', 'postgres-app.secret', 'audit.key', 'audit-seals', 'uploads'];

/**
 * The environment the demo runs in: its own folder, unless DATA_DIR or DATABASE_URL is set (then
 * the demo goes where they say, beside whatever is there).
 */
export function demoEnvironment(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; ownFolder: boolean } {
  const ownFolder = !env.DATA_DIR && !env.DATABASE_URL;
  return { env: ownFolder ? { ...env, DATA_DIR: DEMO_DATA_DIR } : env, ownFolder };
}

type HeldClinic = { name: string; createdAt: Date; demoAdmin: boolean };

/** The clinics in a data folder's embedded database, which is started for the look and stopped. */
async function clinicsIn(dataDir: string): Promise<HeldClinic[]> {
  const embedded = await startEmbeddedPostgres(dataDir, () => {});
  try {
    const db = createDb(createPool(embedded.ownerUrl, 1));
    try {
      // A database whose first start stopped before its tables were made holds nothing.
      const table = await sql<{ name: string | null }>`SELECT to_regclass('public.clinic')::text AS name`.execute(db);
      if (!table.rows[0]?.name) return [];
      const rows = await db.selectFrom('clinic as c').select((eb) => [
        'c.name', 'c.created_at',
        eb.exists(eb.selectFrom('clinic_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select('m.user_id')
          .whereRef('m.clinic_id', '=', 'c.id').where('m.role', '=', 'admin').where('u.email', '=', DEMO_ADMIN_EMAIL)).as('demo_admin'),
      ]).execute();
      return rows.map((r) => ({ name: r.name, createdAt: r.created_at, demoAdmin: Boolean(r.demo_admin) }));
    } finally {
      await db.destroy();
    }
  } finally {
    await embedded.stop();
  }
}

/**
 * Readies the data folder for a demo dated today, before the server starts. With the embedded
 * database: refuses while another server uses the folder; empties it when it holds only the demo
 * clinic (or no clinic), so the demo is loaded afresh; and when it holds other clinics, refuses if
 * it is the demo's own folder, or leaves it as it is if DATA_DIR named it (the demo then loads
 * beside them, once). The folder stays locked for the server this process starts next.
 */
export async function prepareDemoFolder(config: Config, ownFolder: boolean, log: (line: string) => void = console.log): Promise<void> {
  if (config.databaseUrl) return;
  const dir = config.dataDir;
  const unlock = await lockDataDir(dir);
  try {
    if (!existsSync(path.join(dir, 'postgres', 'PG_VERSION'))) return;
    const clinics = await clinicsIn(dir);
    const [only] = clinics;
    if (clinics.length === 0 || (clinics.length === 1 && only?.name === DEMO_CLINIC && only.demoAdmin)) {
      for (const file of CARETEAM_FILES) await rm(path.join(dir, file), { recursive: true, force: true });
      log(`Starting the demo afresh in ${dir}${only ? ` (the one there was from ${only.createdAt.toISOString().slice(0, 10)})` : ''}.`);
      return;
    }
    if (ownFolder) {
      throw new Error(
        `${dir} holds clinics other than the demo, so \`npm run demo\` will not empty it for a fresh demo. `
        + 'Move that folder elsewhere to keep it, or set DATA_DIR to it to load the demo beside those clinics.',
      );
    }
  } catch (e) {
    await unlock();
    throw e;
  }
}
