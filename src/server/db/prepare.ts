import { sql } from 'kysely';
import { installJobSchema } from '../jobs/jobs.ts';
import { createDb, createPool } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { grantRuntimeRole } from './roles.ts';
import { syncStarterContent } from './starter-content.ts';

export type PreparedDatabase = {
  /** The role the server runs as. */
  runtimeRole: string;
  /** Whether migrations ran as another role than the runtime one (least privilege). */
  separateOwner: boolean;
  runtimeIsSuperuser: boolean;
};

async function whoAmI(url: string): Promise<{ role: string; superuser: boolean }> {
  const db = createDb(createPool(url, 1));
  try {
    const { rows } = await sql<{ role: string; superuser: boolean }>`SELECT current_user AS role, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`.execute(db);
    const row = rows[0];
    if (!row) throw new Error('The database did not say which role this is.');
    return row;
  } finally {
    await db.destroy();
  }
}

/**
 * As the owner: runs the migrations, brings CareTeam's starter content up to its catalogues in
 * every language, installs pg-boss's schema, then grants the runtime role
 * exactly what it needs. With one URL for both (no separate owner) only the first two happen.
 */
export async function prepareDatabase(ownerUrl: string, runtimeUrl: string): Promise<PreparedDatabase> {
  const owner = createDb(createPool(ownerUrl, 2));
  try {
    await migrateToLatest(owner as never);
    await syncStarterContent(owner as never);
    await installJobSchema(ownerUrl);
    const runtime = await whoAmI(runtimeUrl);
    const ownerRole = (await sql<{ role: string }>`SELECT current_user AS role`.execute(owner)).rows[0]?.role;
    const separateOwner = ownerRole !== runtime.role;
    if (separateOwner) await grantRuntimeRole(owner as never, runtime.role);
    return { runtimeRole: runtime.role, separateOwner, runtimeIsSuperuser: runtime.superuser };
  } finally {
    await owner.destroy();
  }
}
