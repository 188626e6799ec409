// Sending a stored file back: from the upload store, as a download the browser will not run
// (nosniff, a sandboxing CSP), revalidated each time, with a single HTTP Range for players.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../http/errors.ts';
import type { ByteRange, UploadStore } from './store.ts';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'application/pdf': 'pdf',
  'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/ogg': 'ogg', 'audio/webm': 'weba', 'audio/wav': 'wav',
  'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov',
};

/** One "bytes=a-b" range within size; null for none or one we answer with the whole file; 'bad' when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'bad' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'bad';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'bad';
  return { start, end };
}

/** A stored file: its key in the store, size, hash (the ETag) and type. */
export type StoredFile = { key: string; size: number; sha256: string; type: string };

/**
 * Sends the file (or the asked range of it) as `name.ext`. `onFirstRead` runs when the file is
 * read from its start (the read to audit), not for every range a player asks for after.
 */
export async function sendStored(request: FastifyRequest, reply: FastifyReply, store: UploadStore, file: StoredFile, name: string, onFirstRead: () => Promise<unknown>) {
  const etag = `"${file.sha256}"`;
  const range = parseRange(request.headers.range, file.size);
  const firstRead = range === null || range === 'bad' || range.start === 0;
  if (firstRead) await onFirstRead();
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    // Kept by this browser only, and asked again each time, so a removed team member loses it.
    'Cache-Control': 'private, no-cache',
    ETag: etag,
    'Accept-Ranges': 'bytes',
    'Content-Disposition': `attachment; filename="${name}.${EXTENSIONS[file.type] ?? 'bin'}"`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
  if (request.headers['if-none-match'] === etag) return reply.status(304).headers(headers).send();
  if (range === 'bad') return reply.status(416).headers(headers).header('Content-Range', `bytes */${file.size}`).send();
  const stream = await store.read(file.key, range ?? undefined);
  if (!stream) {
    request.log.error({ key: file.key }, 'file missing from the store');
    throw notFound();
  }
  void reply.headers(headers).header('Content-Type', file.type);
  if (range) {
    return reply.status(206).header('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`)
      .header('Content-Length', String(range.end - range.start + 1)).send(stream);
  }
  return reply.header('Content-Length', String(file.size)).send(stream);
}
