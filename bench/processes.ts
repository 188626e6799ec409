// The bench's servers run in processes of their own, so the load generator does not share their
// event loop: CareTeam on the bench's PostgreSQL, and a bare Fastify "hello" as the baseline.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../src/server/db/embedded.ts';

const ROOT = path.resolve(import.meta.dirname, '..');


export type Proc = { url: string; stop: () => Promise<void> };

async function waitFor(url: string, proc: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${url}: the process exited (${proc.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function start(args: string[], env: NodeJS.ProcessEnv, port: number, probe: string): Promise<Proc> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
  return waitFor(`${url}${probe}`, proc).then(() => ({ url, stop }));
}

/** CareTeam's real server (src/server/main.ts) on the given database: its runtime role, migrated as the owner. */
export async function startCareTeam(db: { url: string; ownerUrl: string }, dataDir: string): Promise<Proc> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return start([...nodeArgs, 'src/server/main.ts'], { DATABASE_URL: db.url, MIGRATION_DATABASE_URL: db.ownerUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'development' }, await freePort(), '/api/health');
}

/** Fastify with one route and nothing else: what the machine can do at all, measured in the same run. */
export async function startBareFastify(): Promise<Proc> {
  const code = `import Fastify from 'fastify'; const app = Fastify(); app.get('/', async () => ({ hello: 'world' })); await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`;
  return start(['--input-type=module', '-e', code], {}, await freePort(), '/');
}
