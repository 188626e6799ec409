/** A failed API call: the server's `{ error: { code, message, details } }`, or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let unauthenticatedHandler: ((code: string) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests made outside api() (an upload with progress): the session's CSRF token, if any. */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called when an API call says the session is gone, so the app can send the reader to sign in. */
export function onUnauthenticated(handler: (code: string) => void): void {
  unauthenticatedHandler = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Sign-in forms expect a 401 as an answer; everywhere else it means the session ended. */
  redirectOn401?: boolean;
  signal?: AbortSignal;
  /** Sent as Idempotency-Key: a retry of the same write is answered once, never written twice. */
  idempotencyKey?: string;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body ?? {});
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'The network request failed.');
  }

  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : response.status === 404 ? 'not_found' : 'internal';
    const message = typeof error?.message === 'string' ? error.message : response.statusText;
    if (response.status === 401 && options.redirectOn401 !== false) unauthenticatedHandler?.(code);
    throw new ApiError(response.status, code, message, error?.details);
  }
  return data as T;
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
