import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { isUuid } from '../access/access.ts';
import { AppError, notFound } from './errors.ts';

const MAX_DEPTH = 64;

/** The path of the first string (or key) PostgreSQL cannot store exactly, or null. */
function findUnstorable(value: unknown, path: string[], depth = 0): { path: string[]; message: string } | null {
  if (typeof value === 'string') {
    // PostgreSQL text cannot hold NUL; a lone surrogate would silently become U+FFFD.
    if (value.includes('\u0000')) return { path, message: 'Remove the NUL character.' };
    if (!value.isWellFormed()) return { path, message: 'The text contains an invalid character.' };
    return null;
  }
  // Uploaded bytes (a body left as a stream) are checked by their own route.
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof Readable) return null;
  if (depth >= MAX_DEPTH) return { path: path.slice(0, 1), message: 'The value is nested too deeply.' };
  for (const [key, child] of Object.entries(value)) {
    const here = [...path, key];
    const bad = findUnstorable(key, here, depth + 1) ?? findUnstorable(child, here, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/**
 * Text that cannot be stored exactly is refused with a 400 naming the field, instead of failing
 * in the database (a 500) or being silently altered.
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [['body', request.body], ['querystring', request.query], ['params', request.params]] as const) {
      const bad = findUnstorable(value, []);
      if (!bad) continue;
      const field = bad.path.length > 0 ? bad.path.join('.') : where;
      throw new AppError('validation_failed', 400, `${field}: ${bad.message}`, [{ path: bad.path, message: bad.message }]);
    }
    // Every id in a path names a row by its UUID; anything else names nothing. (A child's id is
    // checked, and a refusal audited, by the access gate, which runs first.)
    for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
      if (name.endsWith('Id') && (typeof value !== 'string' || !isUuid(value))) throw notFound();
    }
  });
}
