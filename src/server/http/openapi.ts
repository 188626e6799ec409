// The API's OpenAPI document, completed in one place: every operation gets its operationId (from its
// method and path), its summary (from OPERATIONS), the session cookie as its security (none on public
// routes), the headers it reads, and the error responses its route configuration makes possible, all
// with one shared error schema. Route files declare only what is particular to them (tags, params,
// body, success responses).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyContextConfig, FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../contract/common.ts';
import type { Deps } from '../deps.ts';
import { sessionCookieName } from './auth.ts';
import { OPERATIONS, TAGS } from './openapi-operations.ts';

export const DOCS_PREFIX = '/api/docs';

const SINGULAR: Record<string, string> = { children: 'child' };

function pascal(segment: string): string {
  return segment.split(/[-_$]/).filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function singular(segment: string): string {
  if (SINGULAR[segment]) return SINGULAR[segment];
  if (segment.endsWith('ies')) return `${segment.slice(0, -3)}y`;
  if (segment.endsWith('s') && !segment.endsWith('ss')) return segment.slice(0, -1);
  return segment;
}

/** `/api/children/:childId` → `/api/children/{childId}`, as the document names paths. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

/**
 * The operationId of a route: its method, then its path's words, a collection followed by an id
 * named in the singular. `GET /api/children/{childId}/goals/{goalId}/history` →
 * `getChildGoalHistory`; `GET /api/children` → `getChildren`; `GET /api/children/{childId}` → `getChild`.
 */
export function operationId(method: string, path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== 'api');
  const words: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!param) {
      words.push(segment);
      continue;
    }
    const previous = segments[i - 1];
    if (previous === undefined || previous.startsWith('{')) {
      words.push(param);
      continue;
    }
    // The collection named once, in the singular: `goals/{goalId}` → Goal. Where the singular is
    // the collection's own name (`journal/{entryId}`), the id's name says which thing it is.
    const one = singular(previous);
    const base = param.replace(/Id$/, '');
    const sameWord = base.toLowerCase() === one.replace(/-/g, '').toLowerCase();
    words[words.length - 1] = one === previous && !sameWord ? `${one}-${base}` : one;
  }
  return method.toLowerCase() + words.map(pascal).join('');
}

/** Error responses an operation may answer, by status: each a shared component. */
const ERROR_RESPONSES = {
  400: { name: 'BadRequest', description: 'The request is invalid: `error.details` lists each field (`path`) and what is wrong with it (`validation_failed`, `bad_request`).' },
  401: { name: 'Unauthenticated', description: 'No valid session: sign in first (`unauthenticated`).' },
  403: { name: 'Forbidden', description: 'Refused: a missing or wrong `X-CSRF-Token` or a foreign `Origin` (`csrf_failed`), a clinic that requires two-factor sign-in not yet set up (`mfa_required`), or an action the caller’s role does not allow (`forbidden`).' },
  404: { name: 'NotFound', description: 'Not found, or not the caller’s to see: the two answer the same (`not_found`).' },
  409: { name: 'Conflict', description: 'The request conflicts with the current state (`conflict`), or its `Idempotency-Key` was used for another request, is still being processed (with `Retry-After`) or was carried out earlier (`already_applied`).' },
  410: { name: 'Gone', description: 'The link has expired, was cancelled or was already used (`gone`).' },
  413: { name: 'PayloadTooLarge', description: 'The request body is too large (`payload_too_large`).' },
  415: { name: 'UnsupportedMediaType', description: 'The body’s type is not accepted here (`unsupported_media_type`).' },
  429: { name: 'RateLimited', description: 'Too many requests: wait as long as `Retry-After` says (`rate_limited`).' },
  503: { name: 'Unavailable', description: 'The database is briefly unavailable: try again after `Retry-After` seconds (`unavailable`).' },
} as const;
export type ErrorStatus = keyof typeof ERROR_RESPONSES;
const SUCCESS: Record<string, string> = { 200: 'OK.', 201: 'Created.', 202: 'Accepted: the rest happens in the background.', 204: 'Done; no body.' };
const RETRY_AFTER = new Set<ErrorStatus>([409, 429, 503]);

type Parameter = { $ref: string } | { name: string; in: string; required?: boolean; description?: string; schema: Record<string, unknown> };
type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
};
type Document = {
  servers?: unknown[];
  security?: Record<string, string[]>[];
  tags?: { name: string }[];
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
};

/** What the route's own options say about it, kept while the document's operations are built. */
type RouteFacts = { config: FastifyContextConfig & { rateLimit?: unknown }; takesInput: boolean; takesBody: boolean };

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

/** The error statuses an operation can answer, from its route configuration and inputs. */
export function errorStatuses(method: string, path: string, facts: RouteFacts, extra: readonly ErrorStatus[] = []): ErrorStatus[] {
  const { config } = facts;
  const isPublic = config.public === true;
  const writes = STATE_CHANGING.has(method);
  const idempotent = method === 'post' && !isPublic;
  const out = new Set<ErrorStatus>(extra);
  if (facts.takesInput || idempotent) out.add(400);
  if (!isPublic) out.add(401);
  // Writes check the CSRF token and Origin; every signed-in route checks two-factor enrolment.
  if (writes || !isPublic) out.add(403);
  if (config.child || config.clinicAdmin || path.includes('{')) out.add(404);
  if (idempotent) out.add(409);
  if (facts.takesBody) {
    out.add(413);
    out.add(415);
  }
  if (config.rateLimit) out.add(429);
  out.add(503);
  return [...out].sort((a, b) => a - b);
}

function errorSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(ErrorBody, { target: 'draft-2020-12', io: 'output' });
  return { ...schema, description: 'The one body of every error answer. `details` names the fields at fault (`path`, `message`) where there are any; `requestId` accompanies a server-side failure.' };
}

/** Fills in what every operation shares, and the components it refers to. */
function completeDocument(doc: Document, facts: Map<string, RouteFacts>, cookieName: string): Document {
  const used = new Set<ErrorStatus>();
  const parameters = new Set<string>();
  const tags = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const route = facts.get(`${method} ${path}`);
      if (!route) continue;
      const id = operationId(method, path);
      const known = OPERATIONS[id];
      op.operationId = id;
      if (known) op.summary = known.summary;
      if (!op.tags?.length) op.tags = [path.split('/')[2] ?? 'api'];
      for (const tag of op.tags) tags.add(tag);
      const isPublic = route.config.public === true;
      if (isPublic) op.security = [];

      const headers: string[] = [];
      // A session still owing its second factor reaches only the code and sign-out routes,
      // where the Origin check stands in for the token it cannot read yet.
      if (STATE_CHANGING.has(method) && !isPublic) headers.push(route.config.mfaPending ? 'CsrfTokenUntilSignedIn' : 'CsrfToken');
      if (method === 'post' && !isPublic) headers.push('IdempotencyKey');
      headers.push(...(known?.headers ?? []));
      for (const name of headers) parameters.add(name);
      if (headers.length) op.parameters = [...(op.parameters ?? []), ...headers.map((name) => ({ $ref: `#/components/parameters/${name}` }))];

      const responses = op.responses ?? {};
      for (const [status, response] of Object.entries(responses)) {
        const r = response as { description?: string };
        const success = SUCCESS[status];
        if (r.description === 'Default Response' && success) r.description = success;
      }
      for (const status of errorStatuses(method, path, route, known?.errors)) {
        if (responses[status]) continue;
        responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
        used.add(status);
      }
      op.responses = responses;
    }
  }

  const allParameters: Record<string, Parameter> = {
    CsrfToken: { name: 'X-CSRF-Token', in: 'header', required: true, description: 'The session’s CSRF token, `csrfToken` in `GET /api/me`.', schema: { type: 'string' } },
    CsrfTokenUntilSignedIn: { name: 'X-CSRF-Token', in: 'header', required: false, description: 'The session’s CSRF token (`csrfToken` in `GET /api/me`); not needed while the session still owes its second factor.', schema: { type: 'string' } },
    IdempotencyKey: { name: 'Idempotency-Key', in: 'header', required: false, description: 'A key the client chose for this write: a retry with the same key gets the first answer again and writes nothing twice.', schema: { type: 'string', minLength: 8, maxLength: 200 } },
    Range: { name: 'Range', in: 'header', required: false, description: 'One byte range, `bytes=start-end`.', schema: { type: 'string' } },
    IfNoneMatch: { name: 'If-None-Match', in: 'header', required: false, description: 'The `ETag` of a copy the client keeps: unchanged, the answer is `304` without a body.', schema: { type: 'string' } },
  };
  const responses: Record<string, unknown> = {};
  for (const status of [...used].sort((a, b) => a - b)) {
    const r = ERROR_RESPONSES[status];
    responses[r.name] = {
      description: r.description,
      ...(RETRY_AFTER.has(status) ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    ...doc,
    // Relative: the API is served from the same address as the document.
    servers: [{ url: '/' }],
    security: [{ sessionCookie: [] }],
    tags: [...tags].sort().map((name) => ({ name, ...(TAGS[name] ? { description: TAGS[name] } : {}) })),
    components: {
      ...doc.components,
      schemas: { ...doc.components?.schemas, Error: errorSchema() },
      responses,
      parameters: Object.fromEntries(Object.entries(allParameters).filter(([name]) => parameters.has(name))),
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: cookieName, description: 'The session cookie set by signing in (`POST /api/auth/login`).' },
      },
    },
  };
}

/**
 * Serves the document at /api/openapi.json and its browsable rendering at /api/docs, both to anyone:
 * the document describes the API and holds no data.
 */
export async function registerOpenApi(app: FastifyInstance, deps: Deps): Promise<void> {
  const facts = new Map<string, RouteFacts>();
  // The rendering's own routes (page, scripts, document copy) are public.
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url.startsWith(DOCS_PREFIX)) route.config = { ...route.config, public: true };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CareTeam API',
        version: '1.0.0',
        description: 'Every route a CareTeam client uses. Sessions are cookies; state-changing requests carry `X-CSRF-Token`; POSTs accept an `Idempotency-Key`. Every error answers `{ "error": { "code", "message", "details" } }`.',
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const { route } = input;
      const schema = route.schema as { body?: unknown; querystring?: unknown; params?: unknown } | undefined;
      for (const method of [route.method].flat()) {
        facts.set(`${method.toLowerCase()} ${openApiPath(input.url)}`, {
          config: (route.config ?? {}) as RouteFacts['config'],
          takesInput: Boolean(schema?.body ?? schema?.querystring ?? schema?.params),
          takesBody: schema?.body !== undefined,
        });
      }
      return out;
    },
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      return completeDocument(document.openapiObject as Document, facts, sessionCookieName(deps)) as typeof document.openapiObject;
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: false });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
