import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/server/db/embedded.ts';

/**
 * The real server as a separate process on its own embedded PostgreSQL (DATABASE_URL is ignored
 * here on purpose): killed with SIGKILL in the middle of writes it must lose no acknowledged write
 * and come back, after stopping the PostgreSQL the killed process left behind (checklist 40);
 * a second server on the same data directory refuses to start (42); SIGTERM stops it cleanly (41).
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN = { email: 'admin@reliability.example', password: 'a long and calm sentence' };
const KILL_ROUNDS = 3;
const WRITES_PER_ROUND = 200;
const CONCURRENCY = 4;

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type Server = { proc: ChildProcess; url: string; output: () => string; exited: Promise<Exit> };

const started: Server[] = [];
const dataDirs: string[] = [];


async function spawnServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  delete env.PUBLIC_URL;
  // process.execPath is the Node 24 that runs this test: the server needs its type stripping.
  const proc = spawn(process.execPath, ['src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<Exit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const server = { proc, url: `http://127.0.0.1:${port}`, output: () => out, exited };
  started.push(server);
  return server;
}

/** Waits until /api/health answers 200, or fails with the server's output if it exits first. */
async function waitHealthy(server: Server, timeoutMs = 90_000): Promise<void> {
  let exit: Exit | undefined;
  void server.exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`server exited (${exit.code ?? exit.signal}) before it was healthy:\n${server.output()}`);
    const ok = await fetch(`${server.url}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${server.output()}`);
}

async function startHealthy(dataDir: string): Promise<Server> {
  const s = await spawnServer(dataDir);
  await waitHealthy(s);
  return s;
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<Exit> {
  if (server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill(signal);
  return server.exited;
}

/** Waits for the process to exit; a shutdown that hangs (e.g. on open keep-alive connections) fails. */
async function exitWithin(server: Server, ms: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not exit within ${ms} ms:\n${server.output()}`)), ms);
  });
  try {
    return await Promise.race([server.exited, hung]);
  } finally {
    clearTimeout(timer);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of the postmaster serving this data directory, if one claims it. */
async function postmasterPid(dataDir: string): Promise<number | null> {
  const text = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(text?.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** A signed-in browser-like client for a server over real HTTP. */
class Api {
  base: string;
  cookie = '';
  csrf = '';
  constructor(base: string) {
    this.base = base;
  }
  async request(method: string, url: string, body?: unknown, idempotencyKey?: string): Promise<{ status: number; body: any }> {
    const res = await fetch(this.base + url, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.includes('careteam_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }
  async signIn(): Promise<this> {
    const res = await this.request('POST', '/api/auth/login', ADMIN);
    if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${JSON.stringify(res.body)}`);
    await this.loadCsrf();
    return this;
  }
  async loadCsrf(): Promise<void> {
    const me = await this.request('GET', '/api/me');
    this.csrf = me.body.csrfToken;
  }
}

type Write = { body: { firstName: string; lastName: string; therapyTypes: string[] }; key: string };

/**
 * Adds children CONCURRENCY at a time, each with its own Idempotency-Key; calls onAck after each
 * 201. Stops at the first request that gets no answer (the server is gone). Returns the
 * acknowledged ids, every status seen, and the writes left without an answer.
 */
async function writeChildren(api: Api, label: string, onAck: (acked: number) => void) {
  const acked: string[] = [];
  const statuses: number[] = [];
  const unanswered: Write[] = [];
  let next = 0;
  let dead = false;
  const worker = async () => {
    while (!dead && next < WRITES_PER_ROUND) {
      const i = next++;
      const write = { body: { firstName: `${label}-${i}`, lastName: 'Reliability', therapyTypes: ['speech'] }, key: `${label}-${i}-${Math.random().toString(36).slice(2)}` };
      try {
        const res = await api.request('POST', '/api/children', write.body, write.key);
        statuses.push(res.status);
        if (res.status === 201) {
          acked.push(res.body.id);
          onAck(acked.length);
        }
      } catch {
        unanswered.push(write);
        dead = true;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { acked, statuses, unanswered };
}

/**
 * Sends a write again with its key, as a phone's outbox does. The server that took it is gone, so
 * the first retry is answered for good: written now, or already written (with the id it created).
 */
async function retry(api: Api, write: Write): Promise<{ status: number; body: any }> {
  return api.request('POST', '/api/children', write.body, write.key);
}

async function childIds(api: Api): Promise<Set<string>> {
  const res = await api.request('GET', '/api/children');
  expect(res.status).toBe(200);
  return new Set(res.body.children.map((c: { id: string }) => c.id));
}

async function childNames(api: Api): Promise<string[]> {
  const res = await api.request('GET', '/api/children');
  expect(res.status).toBe(200);
  return res.body.children.map((c: { firstName: string }) => c.firstName);
}

/** Ids of the children whose creation is in the audit log, read through the admin audit API. */
async function auditedChildCreations(api: Api): Promise<Set<string>> {
  const ids = new Set<string>();
  let before: number | null = null;
  do {
    const res = await api.request('GET', `/api/admin/audit?action=child.create&limit=200${before ? `&before=${before}` : ''}`);
    expect(res.status).toBe(200);
    for (const e of res.body.events as { action: string; subjectId: string; childId: string; outcome: string }[]) {
      if (e.action === 'child.create' && e.outcome === 'ok' && e.subjectId === e.childId) ids.add(e.subjectId);
    }
    before = res.body.nextBefore;
  } while (before);
  return ids;
}

let dataDir: string;
let server: Server;
let api: Api;
const acknowledged: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'careteam-reliability-'));
  dataDirs.push(dataDir);
  server = await startHealthy(dataDir);
  api = new Api(server.url);
  const setup = await api.request('POST', '/api/setup', {
    clinicName: 'Reliability Clinic', timeZone: 'America/Chicago', adminName: 'Ada Admin', ...ADMIN,
  });
  expect(setup.status).toBe(201);
  await api.loadCsrf();
}, 120_000);

afterAll(async () => {
  for (const s of started) await stop(s, 'SIGKILL');
  // A killed server leaves its PostgreSQL running: stop it like the next server would.
  for (const dir of dataDirs) {
    const pid = await postmasterPid(dir);
    if (pid && isAlive(pid) && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes('postgres')) {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

describe('the real server, killed and restarted', () => {
  it(`keeps every acknowledged write, with its audit row, through ${KILL_ROUNDS} kill -9 rounds`, async () => {
    for (let round = 1; round <= KILL_ROUNDS; round++) {
      const killAfter = 30 + round * 25; // a different point in the stream each round
      let killed = false;
      const victim = server;
      const { acked, statuses, unanswered } = await writeChildren(api, `r${round}`, (n) => {
        if (n >= killAfter && !killed) {
          killed = true;
          victim.proc.kill('SIGKILL');
        }
      });
      expect(killed, `round ${round}: the server was killed mid-writes`).toBe(true);
      expect(statuses.filter((s) => s !== 201), `round ${round}: every answered write succeeded`).toEqual([]);
      expect((await victim.exited).signal).toBe('SIGKILL');
      acknowledged.push(...acked);

      // The killed server's PostgreSQL is still running, orphaned...
      const orphan = await postmasterPid(dataDir);
      expect(orphan !== null && isAlive(orphan), `round ${round}: PostgreSQL outlived the killed server`).toBe(true);
      // ...and the next start stops it and comes back on the same data.
      server = await startHealthy(dataDir);
      expect(isAlive(orphan ?? 0)).toBe(false);
      expect(await postmasterPid(dataDir)).not.toBe(orphan);

      api = await new Api(server.url).signIn();
      const children = await childIds(api);
      const audited = await auditedChildCreations(api);
      expect(acknowledged.filter((id) => !children.has(id)), `round ${round}: acknowledged children missing`).toEqual([]);
      expect(acknowledged.filter((id) => !audited.has(id)), `round ${round}: acknowledged children without an audit row`).toEqual([]);
      // Nothing half-written either: every child that exists has its audit row.
      expect([...children].filter((id) => !audited.has(id))).toEqual([]);

      // The writes the kill left unanswered, sent again with their keys: each is done exactly once,
      // either now or (if it had committed before the kill) already.
      expect(unanswered.length, `round ${round}: writes were in flight at the kill`).toBeGreaterThan(0);
      for (const write of unanswered) {
        const res = await retry(api, write);
        expect([201, 409], JSON.stringify(res.body)).toContain(res.status);
        if (res.status === 409) {
          // Committed before the kill, its answer lost: the retry learns which child it created.
          expect(res.body.error.code).toBe('already_applied');
          expect(res.body.error.details.type).toBe('child');
          const created = await api.request('GET', `/api/children/${res.body.error.details.id}`);
          expect(created.body.firstName).toBe(write.body.firstName);
        }
      }
      const names = await childNames(api);
      for (const write of unanswered) expect(names.filter((n) => n === write.body.firstName), write.body.firstName).toHaveLength(1);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_ROUNDS * 55);
  }, 600_000);

  it('keeps the audit row of every acknowledged read through kill -9 (reads wait for their batch to commit)', async () => {
    const ids = [...(await childIds(api))].slice(0, 8);
    const views = async () => {
      let n = 0;
      let before: number | null = null;
      do {
        const res = await api.request('GET', `/api/admin/audit?action=child.view&limit=200${before ? `&before=${before}` : ''}`);
        expect(res.status).toBe(200);
        n += (res.body.events as unknown[]).length;
        before = res.body.nextBefore;
      } while (before);
      return n;
    };
    const viewsBefore = await views();
    let acked = 0;
    let killed = false;
    const victim = server;
    // Eight readers at once, so rows are in flight in shared batches when the kill comes.
    await Promise.all(Array.from({ length: 8 }, async (_, r) => {
      for (let i = 0; ; i++) {
        const res = await api.request('GET', `/api/children/${ids[(r + i) % ids.length]}`).catch(() => null);
        if (!res) return;
        if (res.status !== 200) throw new Error(`read answered ${res.status}`);
        acked++;
        if (acked >= 150 && !killed) {
          killed = true;
          victim.proc.kill('SIGKILL');
        }
      }
    }));
    expect(killed).toBe(true);
    await victim.exited;
    server = await startHealthy(dataDir);
    api = await new Api(server.url).signIn();
    expect(await views() - viewsBefore).toBeGreaterThanOrEqual(acked);
  }, 240_000);

  it('refuses to start a second server on the same data directory, and the first keeps serving', async () => {
    const second = await spawnServer(dataDir);
    const exit = await second.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(second.output()).toMatch(/Another CareTeam server \(pid \d+\) is already using/);
    expect(second.output()).toContain(dataDir);
    // The first server and its database are untouched.
    const children = await childIds(api);
    expect(acknowledged.filter((id) => !children.has(id))).toEqual([]);
    expect((await api.request('POST', '/api/children', { firstName: 'After', lastName: 'Second' })).status).toBe(201);
  }, 120_000);

  it('stops cleanly on SIGTERM, even while writing, and starts again on the same data', async () => {
    let signalled = false;
    const victim = server;
    const { acked, statuses } = await writeChildren(api, 'term', (n) => {
      if (n >= 40 && !signalled) {
        signalled = true;
        victim.proc.kill('SIGTERM');
      }
    });
    expect(signalled).toBe(true);
    const exit = await exitWithin(victim, 30_000);
    expect(exit, victim.output()).toEqual({ code: 0, signal: null });
    // Requests in flight were answered, not broken by a database stopped underneath them.
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    // PostgreSQL was shut down (not left running), and the data directory is free again.
    expect(await postmasterPid(dataDir)).toBeNull();
    expect(existsSync(path.join(dataDir, 'careteam.pid'))).toBe(false);
    acknowledged.push(...acked);

    server = await startHealthy(dataDir);
    api = await new Api(server.url).signIn();
    const children = await childIds(api);
    expect(acknowledged.filter((id) => !children.has(id))).toEqual([]);
    const audited = await auditedChildCreations(api);
    expect(acknowledged.filter((id) => !audited.has(id))).toEqual([]);
    server.proc.kill('SIGTERM');
    expect(await exitWithin(server, 30_000)).toEqual({ code: 0, signal: null });
  }, 240_000);
});
