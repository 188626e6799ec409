import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildFamily, createTestContext, signIn, type TestContext } from '../../../test/support.ts';
import { asRole, withDatabase } from '../../../test/urls.ts';
import { verifyAudit } from '../access/audit-seal.ts';
import { createDb, createPool } from '../db/database.ts';
import { drawPng } from '../uploads/png.ts';
import { diskStore, type UploadStore } from '../uploads/store.ts';
import { createBackup, listBackups, TABLES_SQL, unpackBackup } from './backup.ts';
import { restoreBackup, RestoreRefusedError } from './restore.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let t: TestContext;
let work: string;
beforeAll(async () => {
  t = await createTestContext();
  work = await mkdtemp(path.join(os.tmpdir(), 'careteam-backup-test-'));
});
afterAll(async () => {
  await t.close();
  await rm(work, { recursive: true, force: true });
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const sourceStore = () => diskStore(path.join(t.deps.config.dataDir, 'uploads'));

/** An empty database on the test server, with its owner's and the runtime role's addresses. */
async function emptyDatabase() {
  const name = `careteam_test_${inject('templateDb').split('_').pop()}_restore_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const ownerUrl = withDatabase(inject('adminUrl'), name);
  return { ownerUrl, runtimeUrl: asRole(ownerUrl, inject('runtimeRole'), inject('runtimePassword')) };
}

/** Every row of every table, as PostgreSQL writes each row out, sorted. */
async function everyRow(url: string): Promise<Record<string, string[]>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, string[]> = {};
    for (const { name } of (await c.query<{ name: string }>(TABLES_SQL)).rows) {
      out[name] = (await c.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)).rows.map((r) => r.row).sort();
    }
    return out;
  } finally {
    await c.end();
  }
}

async function bytesOf(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

async function family() {
  const f = await buildFamily(t.db);
  const gc = await signIn(t.app, f.guardian.email);
  for (let i = 0; i < 3; i++) {
    const photo = drawPng(6 + i, 6, (x, y) => [(x * 40 + i * 50) % 256, (y * 40) % 256, 90]);
    expect((await gc.upload(`/api/children/${f.child.id}/uploads?purpose=journal_photo`, photo, 'image/png')).status).toBe(201);
  }
  const entries = `/api/children/${f.child.id}/journal`;
  expect((await gc.post(entries, { content: { kind: 'win', text: 'Said “more” at dinner\nand smiled' }, date: today() })).status).toBe(201);
  return { ...f, gc, entries };
}

describe('npm run backup / restore', () => {
  it('backs up while writes are running, and restores every row and every file exactly', async () => {
    const f = await family();
    const entryCount = async () => Number((await t.ownerDb.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        const res = await f.gc.post(f.entries, { content: { kind: 'note', text: `Note ${written}` }, date: today() });
        expect(res.status).toBe(201);
        written++;
      }
    })();
    const before = await entryCount();
    const during = await createBackup({ databaseUrl: t.url, store: sourceStore(), dir: path.join(work, 'during') });
    const after = await entryCount();
    stop = true;
    await writer;
    // The writes really ran while the backup was taken.
    expect(after).toBeGreaterThan(before);

    // Restored from the backup taken under writes: exactly the rows of one moment.
    const a = await emptyDatabase();
    const storeA = diskStore(path.join(work, 'restore-a', 'uploads'));
    await restoreBackup({ file: during.file, ownerUrl: a.ownerUrl, runtimeUrl: a.runtimeUrl, store: storeA });
    const restoredA = await everyRow(a.ownerUrl);
    const source = await everyRow(t.ownerUrl);
    for (const table of during.manifest.tables) expect(restoredA[table.name]?.length, table.name).toBe(table.rows);
    // Rows only ever added are all in the source, unchanged; every entry came with its version and audit row.
    for (const table of ['audit_event', 'journal_entry', 'journal_entry_version', 'upload']) {
      const inSource = new Set(source[table]);
      expect(restoredA[table]?.filter((r) => !inSource.has(r)), table).toEqual([]);
    }
    const check = new pg.Client({ connectionString: a.ownerUrl });
    await check.connect();
    const orphans = await check.query(`
      SELECT e.id FROM journal_entry e
       WHERE NOT EXISTS (SELECT 1 FROM journal_entry_version v WHERE v.entry_id = e.id)
          OR NOT EXISTS (SELECT 1 FROM audit_event a WHERE a.subject_id = e.id::text)`);
    await check.end();
    expect(orphans.rows).toEqual([]);

    // Once writes stop, a backup restores to exactly the source: every table row for row, every file byte for byte.
    const quiet = await createBackup({ databaseUrl: t.url, store: sourceStore(), dir: path.join(work, 'quiet') });
    const b = await emptyDatabase();
    const storeB = diskStore(path.join(work, 'restore-b', 'uploads'));
    await restoreBackup({ file: quiet.file, ownerUrl: b.ownerUrl, runtimeUrl: b.runtimeUrl, store: storeB });
    expect(await everyRow(b.ownerUrl)).toEqual(await everyRow(t.ownerUrl));
    // Each upload's file, and a picture's screen copies.
    const keys = (await t.ownerDb.selectFrom('upload').select(['storage_key', 'variants']).execute()).flatMap((r) => [r.storage_key, ...r.variants.map((v) => v.key)]);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(quiet.manifest.files.map((x) => x.key).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const original = await bytesOf(await sourceStore().read(key));
      expect(original).not.toBeNull();
      expect(await bytesOf(await storeB.read(key)), key).toEqual(original);
    }

    // The restored database is a working one: the audit chain holds, the runtime role has its rights only.
    const restored = createDb(createPool(b.runtimeUrl, 1));
    try {
      expect((await verifyAudit(restored, f.clinic.id)).ok).toBe(true);
      await expect(restored.deleteFrom('audit_event').execute()).rejects.toThrow(/permission denied/);
      expect((await restored.selectFrom('journal_entry').select('id').where('child_id', '=', f.child.id).execute()).length).toBe(written + 1);
    } finally {
      await restored.destroy();
    }

    // A database that is not empty is refused, unless told.
    await expect(restoreBackup({ file: quiet.file, ownerUrl: a.ownerUrl, runtimeUrl: a.runtimeUrl, store: storeA })).rejects.toThrow(RestoreRefusedError);
    expect(await everyRow(a.ownerUrl)).toEqual(restoredA);
    await restoreBackup({ file: quiet.file, ownerUrl: a.ownerUrl, runtimeUrl: a.runtimeUrl, store: storeA, force: true });
    expect(await everyRow(a.ownerUrl)).toEqual(await everyRow(t.ownerUrl));
  }, 120_000);

  it('keeps only the newest BACKUP_KEEP backups, the older ones removed after each backup', async () => {
    await family();
    const dir = path.join(work, 'kept');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await createBackup({ databaseUrl: t.url, store: sourceStore(), dir, keep: 2 })).file);
    expect(await listBackups(dir)).toEqual(made.slice(1));
    expect((await readdir(dir)).sort()).toEqual(made.slice(1).map((f) => path.basename(f)).sort());
  }, 120_000);

  it('a backup killed with SIGKILL part way leaves earlier backups intact and nothing that looks finished', async () => {
    await family();
    const dir = path.join(work, 'killed');
    const env = { ...process.env, DATABASE_URL: t.url, MIGRATION_DATABASE_URL: '', DATA_DIR: t.deps.config.dataDir, BACKUP_DIR: dir };
    /** Runs `npm run backup`; with `killAt`, kills it with SIGKILL when it prints a line starting so. */
    const run = (killAt?: string) => new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'scripts/backup.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (killAt && out.split('\n').some((l) => l.startsWith(killAt))) child.kill('SIGKILL');
      });
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code, signal) => resolve({ code, signal, out }));
    });
    const first = await run();
    expect(first.code, first.out).toBe(0);
    const [earlier] = await listBackups(dir);
    expect(earlier).toBeDefined();
    const earlierHash = await sha(earlier ?? '');

    for (const killAt of ['table ', 'file ', 'writing the archive']) {
      const killed = await run(killAt);
      const finished = await listBackups(dir);
      // Killed before it finished: only the earlier backup looks finished. (Had it finished
      // before the signal landed, its backup would be complete: checked below either way.)
      if (killed.signal === 'SIGKILL') expect(finished, killAt).toEqual([earlier]);
      for (const file of finished) await rm((await unpackBackup(file)).dir, { recursive: true, force: true });
      for (const name of await readdir(dir)) expect(name.startsWith('careteam-backup-') || name.startsWith('.careteam-backup-'), name).toBe(true);
    }
    expect(await sha(earlier ?? '')).toBe(earlierHash);

    // The next backup clears what the killed ones left and finishes.
    const next = await run();
    expect(next.code, next.out).toBe(0);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect((await listBackups(dir)).length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
