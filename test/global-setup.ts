import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/server/db/embedded.ts';
import { prepareDatabase } from '../src/server/db/prepare.ts';
import { ensureRuntimeRole } from '../src/server/db/roles.ts';
import { asRole, withDatabase } from './urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The owner (a superuser here): creates the databases, runs the migrations. */
    adminUrl: string;
    templateDb: string;
    /** The role the app runs as in tests, as in production: no DDL, append-only tables read and add only. */
    runtimeRole: string;
    runtimePassword: string;
  }
}

/**
 * One PostgreSQL for the run: the machine's own when DATABASE_URL is set, else an embedded one.
 * A template database is migrated once; every test file clones its own from it. The tests' app
 * connects as a runtime role of this run's own (roles are shared by the whole server), with the
 * grants the server gives its runtime role.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'careteam-test-'));
    embedded = await startEmbeddedPostgres(dir, () => {});
    adminUrl = embedded.ownerUrl;
  }
  const templateDb = `careteam_test_template_${process.pid}`;
  const runtimeRole = `careteam_test_app_${process.pid}`;
  const runtimePassword = randomBytes(18).toString('base64url');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  await ensureRuntimeRole(admin, runtimeRole, runtimePassword);
  await admin.end();
  const url = withDatabase(adminUrl, templateDb);
  await prepareDatabase(url, asRole(url, runtimeRole, runtimePassword));
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runtimeRole', runtimeRole);
  project.provide('runtimePassword', runtimePassword);
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const dbs = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'careteam_test_%${process.pid}%'`);
    for (const { datname } of dbs.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await c.query(`DROP ROLE IF EXISTS ${runtimeRole}`).catch((e: unknown) => console.warn(`could not drop ${runtimeRole}: ${String(e)}`));
    await c.end();
    await embedded?.stop();
  };
}
