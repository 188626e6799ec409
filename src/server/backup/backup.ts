// Online backups: every table from one snapshot (a REPEATABLE READ READ ONLY transaction, COPY
// per table), then the uploaded files the snapshot names, into one .tar.gz with a manifest. The
// archive is written under a hidden temporary name, synced, then renamed: a backup killed half
// way leaves earlier backups as they were and nothing that looks like a finished one.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import * as tar from 'tar';
import { isAlive } from '../db/embedded.ts';
import type { UploadStore } from '../uploads/store.ts';

export type Manifest = {
  format: 'careteam-backup';
  formatVersion: 1;
  createdAt: string;
  /** The last migration the database had: restore builds the schema up to it, then loads the rows. */
  schemaVersion: string;
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number; bytes: number; sha256: string }[];
  sequences: { name: string; lastValue: string | null }[];
  files: { key: string; contentType: string; bytes: number; sha256: string }[];
  /** Files a row named but the store no longer had (e.g. an unattached upload cleared meanwhile). */
  missingFiles: string[];
};

export type BackupOptions = {
  /** Any role that may read every table: the owner, or the runtime role. */
  databaseUrl: string;
  store: UploadStore;
  dir: string;
  /** Keep only this many newest backups in dir. */
  keep?: number | undefined;
  log?: (message: string) => void;
};

const FINISHED = /^careteam-backup-\d{8}T\d{9}Z\.tar\.gz$/;
const LEFTOVER = /^\.careteam-backup-\d{8}T\d{9}Z\.(\d+)\.(partial|staging)$/;

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Counts bytes and lines (rows, in COPY's text format) and hashes what passes through. */
export function meter() {
  let bytes = 0;
  let lines = 0;
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      hash.update(chunk);
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, lines, sha256: hash.digest('hex') }) };
}

export async function fsync(file: string, flags = 'r'): Promise<void> {
  const handle = await open(file, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes what killed backups left behind (never a finished backup, never one still running). */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const m = LEFTOVER.exec(name);
    if (m && !isAlive(Number(m[1]))) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

/** The finished backups in dir, oldest first. */
export async function listBackups(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => FINISHED.test(n)).sort().map((n) => path.join(dir, n));
}

/** The tables a backup holds: every table of the app's schema but the migrator's own. */
export const TABLES_SQL = `
  SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND c.relname NOT IN ('kysely_migration', 'kysely_migration_lock')
   GROUP BY c.relname ORDER BY c.relname`;

export async function createBackup(opts: BackupOptions): Promise<{ file: string; manifest: Manifest }> {
  const log = opts.log ?? (() => {});
  await mkdir(opts.dir, { recursive: true });
  await removeLeftovers(opts.dir);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const staging = path.join(opts.dir, `.careteam-backup-${stamp}.${process.pid}.staging`);
  const partial = path.join(opts.dir, `.careteam-backup-${stamp}.${process.pid}.partial`);
  const file = path.join(opts.dir, `careteam-backup-${stamp}.tar.gz`);
  await mkdir(path.join(staging, 'db'), { recursive: true });
  await mkdir(path.join(staging, 'files'), { recursive: true });
  try {
    const client = new pg.Client({ connectionString: opts.databaseUrl });
    await client.connect();
    let uploads: { storage_key: string; content_type: string }[];
    const manifest: Manifest = { format: 'careteam-backup', formatVersion: 1, createdAt: new Date().toISOString(), schemaVersion: '', migrations: [], tables: [], sequences: [], files: [], missingFiles: [] };
    try {
      // One snapshot for every table: what one transaction sees, as of its first query.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      manifest.migrations = (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name);
      manifest.schemaVersion = manifest.migrations.at(-1) ?? '';
      const tables = (await client.query<{ name: string; columns: string[] }>(TABLES_SQL)).rows;
      for (const { name, columns } of tables) {
        log(`table ${name}`);
        const m = meter();
        const query = `COPY (SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(name)}) TO STDOUT`;
        await pipeline(client.query(copyTo(query)), m.stream, createWriteStream(path.join(staging, 'db', `${name}.copy`)));
        const r = m.result();
        manifest.tables.push({ name, columns, rows: r.lines, bytes: r.bytes, sha256: r.sha256 });
      }
      manifest.sequences = (await client.query<{ name: string; lastValue: string | null }>(
        `SELECT sequencename AS name, last_value::text AS "lastValue" FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`)).rows;
      // Each upload's file, and a picture's smaller copies beside it.
      uploads = (await client.query<{ storage_key: string; content_type: string }>(`
        SELECT storage_key, content_type FROM upload
        UNION ALL SELECT v->>'key', 'image/webp' FROM upload, jsonb_array_elements(variants) v
        ORDER BY storage_key`)).rows;
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    // Files after the rows: every file a row of the snapshot names is still there (files are
    // never changed, only removed by housekeeping once nothing names them).
    for (const u of uploads) {
      const body = await opts.store.read(u.storage_key);
      if (!body) {
        manifest.missingFiles.push(u.storage_key);
        continue;
      }
      log(`file ${u.storage_key}`);
      const m = meter();
      await pipeline(body, m.stream, createWriteStream(path.join(staging, 'files', u.storage_key)));
      const r = m.result();
      manifest.files.push({ key: u.storage_key, contentType: u.content_type, bytes: r.bytes, sha256: r.sha256 });
    }
    await writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    log('writing the archive');
    await tar.c({ file: partial, cwd: staging, gzip: true, portable: true }, ['manifest.json', 'db', 'files']);
    await fsync(partial);
    await rename(partial, file);
    await fsync(opts.dir);
    if (opts.keep) {
      const all = await listBackups(opts.dir);
      for (const old of all.slice(0, Math.max(0, all.length - opts.keep))) await rm(old, { force: true });
    }
    return { file, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

export class BadBackupError extends Error {}

async function hashFile(file: string): Promise<{ bytes: number; lines: number; sha256: string }> {
  const m = meter();
  await pipeline(createReadStream(file), m.stream, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) void chunk;
  });
  return m.result();
}

/**
 * Unpacks a backup into a new temporary folder and checks every table and file against the
 * manifest. The caller removes the folder.
 */
export async function unpackBackup(file: string): Promise<{ dir: string; manifest: Manifest }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'careteam-restore-'));
  try {
    await tar.x({ file, cwd: dir, strict: true }).catch((e: unknown) => {
      throw new BadBackupError(`${file} is not a complete CareTeam backup: ${String(e)}`);
    });
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => '{}')) as Manifest;
    if (manifest.format !== 'careteam-backup' || manifest.formatVersion !== 1) throw new BadBackupError(`${file} is not a CareTeam backup.`);
    for (const t of manifest.tables) {
      const r = await hashFile(path.join(dir, 'db', `${t.name}.copy`)).catch(() => null);
      if (!r || r.sha256 !== t.sha256 || r.lines !== t.rows) throw new BadBackupError(`${file}: table ${t.name} does not match the manifest.`);
    }
    for (const f of manifest.files) {
      const r = await hashFile(path.join(dir, 'files', f.key)).catch(() => null);
      if (!r || r.sha256 !== f.sha256) throw new BadBackupError(`${file}: file ${f.key} does not match the manifest.`);
    }
    return { dir, manifest };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
