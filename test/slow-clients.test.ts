import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createTestContext, type TestContext } from './support.ts';

/**
 * Slow or idle clients cannot hold sockets open: a body trickled a byte at a time, headers that
 * never end, a connection that says nothing, and connections past the limit are all closed by the
 * server. The limits here are short; the defaults are in the README.
 */

const limits = { ...loadConfig({ NODE_ENV: 'test' }).http, headersTimeoutMs: 500, requestTimeoutMs: 1_000, idleTimeoutMs: 1_000, keepAliveTimeoutMs: 500 };

let t: TestContext;
let port: number;
beforeAll(async () => {
  t = await createTestContext({ config: { http: limits } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
afterAll(async () => t.close());

type Raw = { socket: net.Socket; received: () => string; closed: Promise<void> };

async function connect(to = port): Promise<Raw> {
  const socket = net.connect(to, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => {
    received += d.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => received, closed };
}

/** Writes a byte every 100 ms until the server closes the socket. */
function trickle(raw: Raw, byte: string): void {
  const timer = setInterval(() => {
    if (!raw.socket.destroyed) raw.socket.write(byte);
  }, 100);
  void raw.closed.then(() => clearInterval(timer));
}

describe('slow and idle clients', () => {
  it('a request body trickled a byte at a time is cut off, with 408', async () => {
    const raw = await connect();
    raw.socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"email":"`);
    trickle(raw, 'a');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that never end are cut off', async () => {
    const raw = await connect();
    raw.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    trickle(raw, 'b');
    await raw.closed;
    expect(raw.received()).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('a connection that sends nothing, and a kept-alive one that sends nothing more, are closed', async () => {
    const silent = await connect();
    await silent.closed;
    expect(silent.received()).not.toMatch(/200/);

    const kept = await connect();
    kept.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await kept.closed;
    expect(kept.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('connections past the limit are refused', async () => {
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, http: { ...limits, idleTimeoutMs: 60_000, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000, maxConnections: 10 } } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const to = (app.server.address() as net.AddressInfo).port;
      const held = await Promise.all(Array.from({ length: 10 }, () => connect(to)));
      const extra = await connect(to);
      await extra.closed;
      expect(extra.received()).toBe('');
      for (const h of held) h.socket.destroy();
    } finally {
      app.server.closeAllConnections();
      await app.close();
    }
  });
});
