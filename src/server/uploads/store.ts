// Where uploaded bytes live, behind one small interface: a folder under the data directory (the
// default) or an S3-compatible bucket. Keys are 128-bit random hex, never a name a person chose.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config, S3Config } from '../config.ts';

/** Inclusive byte positions, as in an HTTP Range. */
export type ByteRange = { start: number; end: number };

export interface UploadStore {
  /** Where a body is written while it arrives: on the same disk as the store, so a move is a rename. */
  readonly incomingDir: string;
  /** Takes a finished, synced file from incomingDir; the file is durable in the store when this resolves. */
  put(key: string, file: string, contentType: string): Promise<void>;
  /** The bytes (or a range of them), or null when the key holds nothing. */
  read(key: string, range?: ByteRange): Promise<Readable | null>;
  remove(key: string): Promise<void>;
}

export const newStorageKey = () => randomBytes(16).toString('hex');

const KEY = /^[0-9a-f]{32}$/;
function checkKey(key: string): string {
  // Keys are made here; anything else reaching the store is a bug, never a path to follow.
  if (!KEY.test(key)) throw new Error('Invalid storage key.');
  return key;
}

/** Writes a new file and syncs it, ready for put(). */
export async function writeSynced(file: string, bytes: Buffer): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Puts bytes made in memory (a generated file) in the store under a new key, and returns the key. */
export async function putBytes(store: UploadStore, bytes: Buffer, contentType: string): Promise<string> {
  const key = newStorageKey();
  const part = path.join(store.incomingDir, `${key}.part`);
  await mkdir(store.incomingDir, { recursive: true });
  try {
    await writeSynced(part, bytes);
    await store.put(key, part, contentType);
  } catch (error) {
    await unlink(part).catch(() => undefined);
    throw error;
  }
  return key;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Files under root, two hex characters of fan-out so no folder grows huge. */
export function diskStore(root: string): UploadStore {
  const where = (key: string) => path.join(root, checkKey(key).slice(0, 2), key);
  return {
    incomingDir: path.join(root, '.incoming'),
    async put(key, file) {
      const target = where(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(file, target);
      // The rename is durable only once its folder is synced: after this, kill -9 loses nothing.
      await fsyncDir(path.dirname(target));
    },
    async read(key, range) {
      const file = where(key);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return createReadStream(file, range ? { start: range.start, end: range.end } : {});
    },
    async remove(key) {
      await unlink(where(key)).catch(() => undefined);
    },
  };
}

export function s3Store(config: S3Config, incomingDir: string): UploadStore {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    // Checksums only where S3 requires them: many S3-compatible stores do not read the SDK's
    // newer chunked trailing checksums and would keep the framing as part of the file.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  });
  const objectKey = (key: string) => `uploads/${checkKey(key)}`;
  return {
    incomingDir,
    async put(key, file, contentType) {
      const { size } = await stat(file);
      await client.send(new PutObjectCommand({
        Bucket: config.bucket, Key: objectKey(key), Body: createReadStream(file), ContentLength: size, ContentType: contentType,
      }));
      await unlink(file);
    },
    async read(key, range) {
      try {
        const out = await client.send(new GetObjectCommand({
          Bucket: config.bucket, Key: objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }));
        return (out.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    },
  };
}

/** Where bodies arrive before they are stored (or, for a strategy's picture, kept in its row). */
export const incomingDirOf = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'uploads', '.incoming');

/** The store the configuration names: a bucket when S3 is set up, else DATA_DIR/uploads. */
export function createUploadStore(config: Pick<Config, 'dataDir' | 's3'>): UploadStore {
  return config.s3 ? s3Store(config.s3, incomingDirOf(config)) : diskStore(path.join(config.dataDir, 'uploads'));
}
