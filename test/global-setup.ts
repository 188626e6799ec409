import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, createPool } from '../src/server/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/server/db/embedded.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { installJobSchema } from '../src/server/jobs/jobs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

/**
 * One PostgreSQL for the run: the machine's own when DATABASE_URL is set, else an embedded one.
 * A template database is migrated once; every test file clones its own from it.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'careteam-test-'));
    embedded = await startEmbeddedPostgres(dir, () => {});
    adminUrl = embedded.url;
  }
  const templateDb = `careteam_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  await admin.end();
  const url = withDatabase(adminUrl, templateDb);
  const pool = createPool(url, 2);
  const db = createDb(pool);
  await migrateToLatest(db as never);
  await db.destroy();
  await installJobSchema(url);
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const dbs = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'careteam_test_%${process.pid}%'`);
    for (const { datname } of dbs.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await c.end();
    await embedded?.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
