import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type S3Config } from '../config.ts';
import { buildSignedInTeam, createTestContext } from '../../../test/support.ts';
import { drawPng } from './png.ts';
import { diskStore, newStorageKey, s3Store, type UploadStore } from './store.ts';

/**
 * Both stores behind the one interface: a folder under the data directory, and an S3-compatible
 * bucket (a real S3 protocol server, s3rver, on loopback).
 */

let dir: string;
let s3server: S3rver;
let s3: S3Config;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'careteam-store-'));
  s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(dir, 's3') });
  const { port } = (await s3server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  s3 = {
    endpoint, bucket: 'careteam-test', region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
});
afterAll(async () => {
  await s3server.close();
  await rm(dir, { recursive: true, force: true });
});

async function text(stream: Readable | null): Promise<string | null> {
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString('latin1');
}

async function incoming(store: UploadStore, content: string): Promise<string> {
  await import('node:fs/promises').then((fs) => fs.mkdir(store.incomingDir, { recursive: true }));
  const file = path.join(store.incomingDir, `${newStorageKey()}.part`);
  await writeFile(file, content, 'latin1');
  return file;
}

describe.each([
  ['a folder under the data directory', () => diskStore(path.join(dir, 'disk', 'uploads'))],
  ['an S3-compatible bucket', () => s3Store(s3, path.join(dir, 's3-incoming'))],
])('%s', (_name, make) => {
  it('keeps a file under a random key, reads it whole or in part, and removes it', async () => {
    const store = make();
    const key = newStorageKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const file = await incoming(store, 'hello, careteam');
    await store.put(key, file, 'text/plain');
    // The incoming file is gone: moved, or sent and removed.
    expect(await readdir(store.incomingDir)).toEqual([]);
    expect(await text(await store.read(key))).toBe('hello, careteam');
    expect(await text(await store.read(key, { start: 7, end: 14 }))).toBe('careteam');
    await store.remove(key);
    expect(await store.read(key)).toBeNull();
    expect(await store.read(newStorageKey())).toBeNull();
  });

  it('refuses a key it did not make', async () => {
    const store = make();
    await expect(store.read('../../etc/passwd')).rejects.toThrow('Invalid storage key.');
  });
});

describe('uploads through the app with an S3 bucket configured', () => {
  it('stores the picture and its screen copies in the bucket and serves them back under the child', async () => {
    const t = await createTestContext({ config: { s3 } });
    try {
      const f = await buildSignedInTeam(t);
      const png = drawPng(700, 500, (x, y) => [x % 256, y % 256, 50]);
      const up = await f.gc.upload(`/api/children/${f.child.id}/uploads?purpose=journal_photo`, png, 'image/png');
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const row = await t.db.selectFrom('upload').select(['storage_key', 'variants']).where('id', '=', up.body.id).executeTakeFirstOrThrow();
      // Nothing on the local disk but the (empty) incoming folder.
      expect(await readdir(path.join(t.deps.config.dataDir, 'uploads'), { recursive: true })).toEqual(['.incoming']);
      const read = await f.gc.fetchBytes(up.body.url);
      expect(read.status).toBe(200);
      // The same pixels, written again without metadata.
      expect(await sharp(read.bytes).raw().toBuffer()).toEqual(await sharp(png).raw().toBuffer());
      const part = await f.gc.fetchBytes(up.body.url, { range: 'bytes=0-7' });
      expect(part.status).toBe(206);
      expect(part.bytes).toEqual(png.subarray(0, 8));
      const bucket = s3Store(s3, dir);
      expect(await text(await bucket.read(row.storage_key))).toBe(read.bytes.toString('latin1'));

      expect(row.variants.map((v) => v.width)).toEqual([320, 640, 700]);
      for (const [i, v] of row.variants.entries()) {
        const copy = await f.gc.fetchBytes(`${up.body.url}?w=${[320, 640, 1280][i]}`);
        expect(copy.headers['content-type']).toBe('image/webp');
        expect(await text(await bucket.read(v.key))).toBe(copy.bytes.toString('latin1'));
      }
    } finally {
      await t.close();
    }
  });
});

describe('choosing the store from the environment', () => {
  it('keeps files under DATA_DIR/uploads unless a bucket is named', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).s3).toBeNull();
    const withBucket = loadConfig({
      NODE_ENV: 'test', S3_BUCKET: 'careteam-files', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(withBucket.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000', bucket: 'careteam-files', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
    expect(loadConfig({ NODE_ENV: 'test', S3_BUCKET: 'careteam-files', S3_FORCE_PATH_STYLE: 'false' }).s3).toMatchObject({ endpoint: undefined, forcePathStyle: false, credentials: undefined });
    expect(() => loadConfig({ NODE_ENV: 'test', S3_BUCKET: 'careteam-files', S3_ACCESS_KEY_ID: 'id' })).toThrow('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  });
});
