import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, createTestContext, type TestContext } from '../../../test/support.ts';
import { createDb, createPool } from './database.ts';
import { waitForDatabase } from './wait.ts';

/**
 * Start-up waits for a database that is not up yet: each try is logged, and once the database
 * listens (here a loopback relay to the test PostgreSQL, opened after the first refusal) start-up
 * goes on. Past the configured wait it gives up with a message naming the setting.
 */

let t: TestContext;
const servers: net.Server[] = [];
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  for (const s of servers) {
    s.close();
  }
  await t.close();
});

/** The database "comes up": a relay on `port` to the real PostgreSQL. */
async function relay(port: number, to: URL): Promise<void> {
  const srv = net.createServer((client) => {
    const upstream = net.connect(Number(to.port), to.hostname);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  servers.push(srv);
  await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
}

describe('waiting for the database at start', () => {
  it('logs that the database is not up yet, keeps trying, and goes on once it is', async () => {
    const port = await closedPort();
    const url = new URL(t.url);
    const later = new URL(t.url);
    later.port = String(port);
    const db = createDb(createPool(later.toString(), 2));
    const logs: string[] = [];
    let opened: Promise<void> | undefined;
    try {
      await waitForDatabase(db, later.toString(), 60_000, (m) => {
        logs.push(m);
        opened ??= relay(port, url);
      });
      await opened;
      expect(logs[0]).toMatch(new RegExp(`the database at 127\\.0\\.0\\.1:${port}/\\S+ is not up yet \\(ECONNREFUSED\\); trying again for up to \\d+ s`));
      expect(logs.at(-1)).toMatch(/is up$/);
      expect(logs.join('\n')).not.toContain(url.password);
    } finally {
      await db.destroy();
    }
  });

  it('gives up after the configured wait with a message naming the setting', async () => {
    const later = new URL(t.url);
    later.port = String(await closedPort());
    const db = createDb(createPool(later.toString(), 1));
    try {
      await expect(waitForDatabase(db, later.toString(), 0, () => {})).rejects.toThrow(/did not come up within 0 s \(ECONNREFUSED\).*DATABASE_WAIT_SECONDS/);
    } finally {
      await db.destroy();
    }
  });
});
