import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestContext, signIn, startSecondInstance, type TestContext } from './support.ts';

// A built web app as the build leaves it: each file with its brotli and gzip copies beside it.
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `export const words = ${JSON.stringify('a phone-sized app '.repeat(200))};`;
// The build's manifest: the shell (named by index.html), and two route pages with what they import.
const catalogue = (part: string) => ['en', 'es', 'fr'].map((lng) => `assets/catalogue-${lng}-${part}.json`);
const MANIFEST = {
  '_app-abc123.js': { file: 'assets/app-abc123.js', imports: [], assets: catalogue('shell') },
  '_shared-def456.js': { file: 'assets/shared-def456.js', imports: ['_app-abc123.js'], css: ['assets/shared-def456.css'], assets: catalogue('shared') },
  'src/web/routes/login-page.tsx': { file: 'assets/login-page-111.js', src: 'src/web/routes/login-page.tsx', imports: ['_app-abc123.js', '_shared-def456.js'], css: ['assets/login-page-111.css'], assets: catalogue('login') },
  'src/web/routes/home-page.tsx': { file: 'assets/home-page-222.js', src: 'src/web/routes/home-page.tsx', imports: ['_app-abc123.js', '_shared-def456.js'], assets: catalogue('home') },
};

let t: TestContext;
let webRoot: string;
beforeAll(async () => {
  webRoot = await mkdtemp(path.join(tmpdir(), 'careteam-web-'));
  await mkdir(path.join(webRoot, 'assets'));
  for (const [file, body] of [['index.html', INDEX], ['assets/app-abc123.js', SCRIPT]] as const) {
    await writeFile(path.join(webRoot, file), body);
    await writeFile(path.join(webRoot, `${file}.br`), brotliCompressSync(body));
    await writeFile(path.join(webRoot, `${file}.gz`), gzipSync(body));
  }
  await mkdir(path.join(webRoot, '.vite'));
  await writeFile(path.join(webRoot, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  t = await createTestContext({ config: { webRoot } });
});
afterAll(async () => {
  await t.close();
  await rm(webRoot, { recursive: true, force: true });
});

describe('the web app’s files', () => {
  it('are sent brotli-compressed to a browser that takes it, as built, and kept for a year', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
  });

  it('are sent gzip-compressed to one that only takes gzip, and plain to one that takes neither', async () => {
    const gz = await t.app.inject({ method: 'GET', url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await t.app.inject({ method: 'GET', url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('send the page itself compressed and checked again on every visit, at any page address', async () => {
    for (const url of ['/', '/login', '/children/3f1c0a52-0000-4000-8000-000000000000/plan']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['cache-control'], url).toBe('private, no-cache');
    }
    // An encoding the browser refuses (q=0) is not used.
    const gz = await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('keep the build’s manifest to the server', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.vite/manifest.json' });
    expect(res.statusCode).not.toBe(200);
    expect(res.body).not.toContain('login-page-111');
  });

  it('leave the API’s small answers uncompressed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe('the web app’s page', () => {
  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity', ...headers } });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['content-type'], url).toMatch(/^text\/html/);
    // Hints only: the page's one script is the one the build wrote (no inline script, as the CSP says).
    expect(res.body.match(/<script/g), url).toHaveLength(1);
    return res;
  };
  const preloads = (html: string) => [...html.matchAll(/<link rel="(modulepreload|stylesheet|preload)"(?: as="fetch")? href="([^"]+)" crossorigin>/g)].map((m) => `${m[1]} ${m[2]}`);

  it('names the sign-in page’s files, in the browser’s language, for someone signed out', async () => {
    for (const url of ['/login', '/', '/children/3f1c0a52-0000-4000-8000-000000000000/plan']) {
      const res = await page(url, { 'accept-language': 'de-DE, fr-CA;q=0.9, es;q=0.8' });
      expect(preloads(res.body), url).toEqual([
        'modulepreload /assets/shared-def456.js',
        'modulepreload /assets/login-page-111.js',
        'stylesheet /assets/shared-def456.css',
        'stylesheet /assets/login-page-111.css',
        'preload /assets/catalogue-fr-shell.json',
        'preload /assets/catalogue-fr-shared.json',
        'preload /assets/catalogue-fr-login.json',
        'preload /api/setup',
        'preload /api/session',
      ]);
      expect(res.headers.vary, url).toMatch(/cookie/i);
    }
    // A page anyone may open draws itself: only what every page asks for is named.
    expect(preloads((await page('/reset?token=x')).body)).toEqual(['preload /assets/catalogue-en-shell.json', 'preload /api/setup', 'preload /api/session']);
  });

  it('names the home page’s files, in the person’s own language, for someone signed in', async () => {
    const user = await buildUser(t.db, 'Sofía Reader', 'es');
    const client = await signIn(t.app, user.email);
    const res = await client.fetchBytes('/', { 'accept-language': 'fr', 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    const html = brotliDecompressSync(res.bytes).toString();
    expect(preloads(html)).toEqual([
      'modulepreload /assets/shared-def456.js',
      'modulepreload /assets/home-page-222.js',
      'stylesheet /assets/shared-def456.css',
      'preload /assets/catalogue-es-shell.json',
      'preload /assets/catalogue-es-shared.json',
      'preload /assets/catalogue-es-home.json',
      'preload /api/setup',
      'preload /api/session',
    ]);
    // Another page's own files load with its route, as before.
    const other = brotliDecompressSync((await client.fetchBytes('/calendar', { 'accept-encoding': 'br' })).bytes).toString();
    expect(preloads(other)).toEqual(['preload /assets/catalogue-es-shell.json', 'preload /api/setup', 'preload /api/session']);
  });
});

describe('the web app’s page when the session cannot be read', () => {
  it('is still sent, as to someone signed out, rather than an error', async () => {
    const own = await createTestContext({ config: { webRoot } });
    // A second server, which has not seen the session yet: it must read it from the database.
    const second = await startSecondInstance(own);
    try {
      const user = await buildUser(own.db, 'Ana Reader', 'es');
      const client = await signIn(own.app, user.email);
      // The session table gone: reading any session fails, as with the database away.
      await own.ownerDb.schema.alterTable('auth_session').renameTo('auth_session_away').execute();
      const res = await fetch(`${second.url}/children/3f1c0a52-0000-4000-8000-000000000000/plan`, {
        headers: { cookie: client.cookie ?? '', 'accept-encoding': 'identity' },
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<div id="root">');
      expect(html).toContain('/assets/login-page-111.js');
    } finally {
      await own.ownerDb.schema.alterTable('auth_session_away').renameTo('auth_session').execute().catch(() => {});
      await second.close();
      await own.close();
    }
  });
});
