// Restores a backup into an empty database (and upload store): the schema is built by the
// migrations up to the backup's version, the rows are loaded exactly as they were (the tables'
// own triggers off, so ids, hashes and times stay as written), sequences are set, then the
// remaining migrations, the job schema and the runtime role's grants follow as on a start.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDb, createPool } from '../db/database.ts';
import { MIGRATION_NAMES, migrateTo } from '../db/migrate.ts';
import { prepareDatabase } from '../db/prepare.ts';
import type { UploadStore } from '../uploads/store.ts';
import { BadBackupError, fsync, quoteIdent, TABLES_SQL, unpackBackup, type Manifest } from './backup.ts';

export class RestoreRefusedError extends Error {}

export type RestoreOptions = {
  file: string;
  /** The owner role: builds the schema and loads the rows. */
  ownerUrl: string;
  /** The role the server runs as, granted its rights at the end (the owner's URL when one role). */
  runtimeUrl: string;
  store: UploadStore;
  /** The upload folder on disk, checked to be empty (unset for a bucket). */
  uploadsDir?: string | undefined;
  /** Replace what the database (and the upload folder) already hold. */
  force?: boolean;
  log?: (message: string) => void;
};

async function tablesIn(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`
    SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('public', 'pgboss') AND c.relkind IN ('r', 'p')`);
  return Number(rows[0]?.n ?? 0);
}

async function filesIn(dir: string | undefined): Promise<number> {
  if (!dir) return 0;
  const all = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return all.filter((f) => /[0-9a-f]{32}$/.test(f)).length;
}

/** Tables in an order where every table comes after those its foreign keys point to. */
async function loadOrder(client: pg.Client, names: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(`
    SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> p.oid`);
  const needs = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of rows) needs.get(r.child)?.add(r.parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...(needs.get(n) ?? [])].every((p) => placed.has(p) || !needs.has(p)));
    if (!ready.length) throw new Error(`Tables refer to each other in a circle: ${names.filter((n) => !placed.has(n)).join(', ')}`);
    for (const n of ready) {
      placed.add(n);
      order.push(n);
    }
  }
  return order;
}

export async function restoreBackup(opts: RestoreOptions): Promise<Manifest> {
  const log = opts.log ?? (() => {});
  const { dir, manifest } = await unpackBackup(opts.file);
  try {
    const unknown = manifest.migrations.filter((m) => !MIGRATION_NAMES.includes(m));
    if (unknown.length) throw new BadBackupError(`This backup was made by a newer CareTeam (${unknown.join(', ')}); restore it with that version.`);
    const client = new pg.Client({ connectionString: opts.ownerUrl });
    await client.connect();
    try {
      const used = (await tablesIn(client)) + (await filesIn(opts.uploadsDir));
      if (used && !opts.force) throw new RestoreRefusedError('The database or upload folder is not empty; restore into an empty one, or pass --force to replace what it holds.');
      if (used) {
        log('removing what the database held');
        await client.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
        await client.query('DROP SCHEMA public CASCADE');
        await client.query('CREATE SCHEMA public AUTHORIZATION pg_database_owner');
        await client.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
        if (opts.uploadsDir) {
          for (const entry of await readdir(opts.uploadsDir)) if (/^[0-9a-f]{2}$/.test(entry)) await rm(path.join(opts.uploadsDir, entry), { recursive: true, force: true });
        }
      }
      log(`building the schema up to ${manifest.schemaVersion}`);
      const owner = createDb(createPool(opts.ownerUrl, 1));
      try {
        await migrateTo(owner as never, manifest.schemaVersion);
      } finally {
        await owner.destroy();
      }
      const tables = (await client.query<{ name: string; columns: string[] }>(TABLES_SQL)).rows;
      const shape = (t: { name: string; columns: string[] }) => `${t.name}(${t.columns.join(',')})`;
      const expected = manifest.tables.map(shape).sort().join(' ');
      if (tables.map(shape).sort().join(' ') !== expected) throw new BadBackupError('The backup\'s tables do not match its schema version.');
      const names = manifest.tables.map((t) => t.name);
      const order = await loadOrder(client, names);
      await client.query('BEGIN');
      // The tables' own triggers (append-only guards, the audit chain) would refuse or rewrite
      // the rows; foreign keys stay checked.
      for (const name of names) await client.query(`ALTER TABLE ${quoteIdent(name)} DISABLE TRIGGER USER`);
      // Rows a migration seeded are replaced by the backup's.
      await client.query(`TRUNCATE ${names.map(quoteIdent).join(', ')}`);
      for (const name of order) {
        const t = manifest.tables.find((x) => x.name === name);
        if (!t || t.rows === 0) continue;
        log(`table ${name}: ${t.rows} rows`);
        const copy = client.query(copyFrom(`COPY ${quoteIdent(name)} (${t.columns.map(quoteIdent).join(', ')}) FROM STDIN`));
        await pipeline(createReadStream(path.join(dir, 'db', `${name}.copy`)), copy);
      }
      for (const name of names) await client.query(`ALTER TABLE ${quoteIdent(name)} ENABLE TRIGGER USER`);
      for (const s of manifest.sequences) {
        if (s.lastValue !== null) await client.query('SELECT setval($1::regclass, $2::bigint, true)', [quoteIdent(s.name), s.lastValue]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      await client.end();
    }
    log('bringing the schema up to date');
    await prepareDatabase(opts.ownerUrl, opts.runtimeUrl);
    await mkdir(opts.store.incomingDir, { recursive: true });
    for (const f of manifest.files) {
      log(`file ${f.key}`);
      const incoming = path.join(opts.store.incomingDir, `restore-${f.key}`);
      await copyFile(path.join(dir, 'files', f.key), incoming);
      await fsync(incoming);
      await opts.store.put(f.key, incoming, f.contentType);
    }
    return manifest;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
