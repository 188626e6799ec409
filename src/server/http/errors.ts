import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../../contract/common.ts';

export type FieldError = { path: string[]; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  constructor(code: ErrorCode, status: number, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = () => new AppError('not_found', 404, 'Not found.');
export const badField = (field: string, message: string) =>
  new AppError('validation_failed', 400, `${field}: ${message}`, [{ path: field.split('.'), message }]);

/** The columns an update sets; with none it would be no statement at all, so the request is a 400. */
export function changesOrRefuse<T extends object>(changes: T): T {
  if (Object.keys(changes).length === 0) {
    throw new AppError('validation_failed', 400, 'body: Send at least one field to change.', [{ path: [], message: 'Send at least one field to change.' }]);
  }
  return changes;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** How long a client is asked to wait while the database is unavailable, in seconds. */
export const RETRY_AFTER_SECONDS = 5;

const DOWN_CODES = new Set([
  // The network: nothing listening, the connection dropped, the host unreachable.
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN',
  // PostgreSQL shutting down, starting, or refusing connections (too many, in recovery, read-only).
  '57P01', '57P02', '57P03', '53300', '53400', '25006',
]);

/** Whether this error means "the database is not reachable right now" (answered 503), not a bug. */
export function isDatabaseDown(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.some(isDatabaseDown);
  if (err === null || typeof err !== 'object') return false;
  const { code, message, cause } = err as { code?: unknown; message?: unknown; cause?: unknown };
  const text = String(message);
  if (typeof code === 'string') {
    if (DOWN_CODES.has(code) || code.startsWith('08')) return true;
    // "database … is not currently accepting connections"; a missing Unix socket of a stopped server.
    if (code === '55000' && /accepting connections/i.test(text)) return true;
    if (code === 'ENOENT' && text.includes('.s.PGSQL')) return true;
  }
  if (/Connection terminated|timeout exceeded when trying to connect|not queryable/i.test(text)) return true;
  return cause !== undefined && cause !== err && isDatabaseDown(cause);
}

/** "photo_id, child_id" → "photoId": the request field a database column holds. */
const fieldOf = (column: string) => (column.split(',')[0] ?? column).trim().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A database refusal that only bad input can cause, as the 4xx it is; null for anything else.
 * Routes check what they can before writing; this is the net under them, so an id or a value
 * nobody checked is a 400 (or a 409) rather than a 500, and its transaction has rolled back.
 */
export function inputErrorFromDatabase(err: unknown): AppError | null {
  const { code, detail } = err as { code?: unknown; detail?: unknown };
  if (typeof code !== 'string' || !/^(22|23)/.test(code)) return null;
  const text = typeof detail === 'string' ? detail : '';
  switch (code) {
    case '23503': {
      // A referenced row is still there (a delete it blocks), or a referenced row is missing.
      if (/is still referenced/.test(text)) return new AppError('conflict', 409, 'Something else still refers to this; remove that first.');
      const column = /^Key \(([^)]+)\)/.exec(text)?.[1];
      return column ? badField(fieldOf(column), 'This refers to something that does not exist.') : new AppError('validation_failed', 400, 'The request refers to something that does not exist.');
    }
    case '22P02': // invalid text representation (an id that is not a UUID, a number that is not one)
    case '22007': // invalid date or time
    case '22008': // date or time out of range
    case '22003': // number out of range
    case '22001': // text too long
    case '22021': // a character the database cannot store
    case '22P05': // an untranslatable character (NUL in JSON)
    case '22023': // invalid parameter value (an unknown time zone)
      return new AppError('validation_failed', 400, 'A value in the request is not valid.');
    default:
      return null;
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      void reply.headers(err.headers).status(err.status).send({
        error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
      });
      return reply;
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const details: FieldError[] = err.validation.map((v) => ({
        path: v.instancePath.split('/').filter(Boolean),
        message: v.message ?? 'Invalid value.',
      }));
      const first = details[0];
      const field = first && first.path.length > 0 ? first.path.join('.') : where;
      return reply.status(400).send({
        error: {
          code: 'validation_failed',
          message: `${field}: ${first?.message ?? 'Invalid value.'}`,
          details,
        },
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = STATUS_CODES[status] ?? 'bad_request';
      let message = err.message;
      if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) message = 'The request body is not valid JSON.';
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = 'The request body is too large.';
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') message = 'Send the request body as application/json.';
      if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') message = 'The request body is empty; send a JSON object.';
      return reply.status(status).send({ error: { code, message } });
    }
    const refused = inputErrorFromDatabase(err);
    if (refused) {
      request.log.warn({ err }, 'the database refused the input');
      return reply.status(refused.status).send({
        error: { code: refused.code, message: refused.message, ...(refused.details === undefined ? {} : { details: refused.details }) },
      });
    }
    if (isDatabaseDown(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply.status(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send({
        error: { code: 'unavailable', message: 'CareTeam is briefly unavailable. Please try again in a moment.', requestId: request.id },
      });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: { code: 'internal', message: 'Something went wrong on our side.', requestId: request.id },
    });
  });
}
