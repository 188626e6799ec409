// Takes an upload's raw bytes from the request body: streamed to a temporary file (a 50 MB clip is
// never held in memory), counted against the size limit while it arrives, checked by its first
// bytes, and for pictures, turned upright and written again without camera metadata (image.ts).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
import { detectType, isImageType, SNIFF_BYTES } from './content.ts';
import { cleanPicture, type Size } from './image.ts';
import { writeSynced } from './store.ts';

export type UploadRule = { types: readonly string[]; maxBytes: number };
/** A received file; for a picture, also its size in pixels. */
export type Received = { file: string; contentType: string; byteSize: number; sha256: string; image?: Size };

/** Bodies an upload route takes: the bytes themselves, with the type the browser guessed (or none). */
const RAW_TYPES = /^(application\/(octet-stream|pdf)|(image|audio|video)\/[\w.+-]+)\s*(;.*)?$/i;

/**
 * Upload bodies are left unread until the route's handler streams them, so a request refused by
 * authentication or access (401, 404) never has its body read at all.
 */
export function registerRawBodies(app: FastifyInstance): void {
  app.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));
}

const megabytes = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

function tooLarge(field: string, rule: UploadRule): AppError {
  return new AppError('payload_too_large', 413, `${field}: The file is larger than ${megabytes(rule.maxBytes)}.`, [{ path: [field], message: `Use a file of at most ${megabytes(rule.maxBytes)}.`, maxBytes: rule.maxBytes }]);
}

function wrongType(field: string, rule: UploadRule): AppError {
  return new AppError('unsupported_media_type', 415, `${field}: This kind of file is not accepted here.`, [{ path: [field], message: 'This kind of file is not accepted here.', accepted: rule.types }]);
}

/**
 * Streams the request body into a synced temporary file in dir. Throws 413 (too large), 415 (not
 * a type the rule accepts) or 400 (a picture of too many pixels, or one that cannot be read),
 * naming the field, and leaves nothing behind when it does.
 */
export async function receiveBody(request: FastifyRequest, rule: UploadRule, field: string, dir: string): Promise<Received> {
  const body = request.body;
  if (!(body instanceof Readable)) throw wrongType(field, rule);
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > rule.maxBytes) throw tooLarge(field, rule);

  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomBytes(16).toString('hex')}.part`);
  const handle = await open(file, 'wx', 0o600);
  let kept = false;
  try {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let contentType: string | null = null;
    // Leaving the loop early must not destroy the request: the answer still has to reach the client.
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > rule.maxBytes) throw tooLarge(field, rule);
      if (contentType === null && headBytes < SNIFF_BYTES) {
        head.push(chunk);
        headBytes += chunk.length;
        // Refuse a wrong file as soon as its first bytes are in, not after the whole body.
        if (headBytes >= SNIFF_BYTES) {
          contentType = await detectType(Buffer.concat(head), rule.types);
          if (!contentType) throw wrongType(field, rule);
        }
      }
      hash.update(chunk);
      await handle.write(chunk);
    }
    contentType ??= size === 0 ? null : await detectType(Buffer.concat(head), rule.types);
    if (!contentType) throw wrongType(field, rule);
    await handle.sync();
    await handle.close();

    let received: Received = { file, contentType, byteSize: size, sha256: hash.digest('hex') };
    if (isImageType(contentType)) {
      const picture = await cleanPicture(file, contentType, field);
      // Written again it can grow a little (a PNG): still held to the limit.
      if (picture.bytes.length > rule.maxBytes) throw tooLarge(field, rule);
      const clean = path.join(dir, `${randomBytes(16).toString('hex')}.part`);
      await writeSynced(clean, picture.bytes);
      await unlink(file);
      received = {
        file: clean, contentType, byteSize: picture.bytes.length, sha256: createHash('sha256').update(picture.bytes).digest('hex'),
        image: { width: picture.width, height: picture.height },
      };
    }
    kept = true;
    return received;
  } catch (error) {
    // Refused mid-body: the rest is let through unkept, so the client reads the answer.
    if (!body.readableEnded) body.resume();
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
    if (!kept) await unlink(file).catch(() => undefined);
  }
}
