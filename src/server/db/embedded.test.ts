import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';

/**
 * The embedded PostgreSQL, killed while the server runs, is started again on the same address
 * (and the server says so), so the server's connections come back without anyone restarting it.
 */

let dir: string | undefined;
let embedded: EmbeddedDatabase | undefined;
afterAll(async () => {
  await embedded?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

async function query(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number }>('select 1 as n')).rows[0]?.n ?? 0;
  } finally {
    await c.end();
  }
}

describe('the embedded PostgreSQL', () => {
  it('is started again, and says so, when it dies under a running server', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'careteam-embedded-'));
    const logs: string[] = [];
    embedded = await startEmbeddedPostgres(dir, (m) => logs.push(m));
    expect(await query(embedded.url)).toBe(1);

    const pid = Number((await readFile(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const back = embedded.restarted();
    process.kill(pid, 'SIGKILL');
    await back;

    expect(logs.join('\n')).toMatch(/PostgreSQL stopped unexpectedly \(SIGKILL\); starting it again/);
    expect(logs.join('\n')).toContain('PostgreSQL is running again');
    // The same address: a pool's connections come back by themselves.
    expect(await query(embedded.url)).toBe(1);
  }, 120_000);
});
