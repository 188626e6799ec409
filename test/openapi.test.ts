import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, ErrorCode } from '../src/contract/common.ts';
import { OPERATIONS } from '../src/server/http/openapi-operations.ts';
import { operationId } from '../src/server/http/openapi.ts';
import { createTestContext, type TestContext } from './support.ts';

type Parameter = { $ref?: string; name?: string; in?: string };
type Operation = {
  operationId?: string; summary?: string; tags?: string[]; security?: unknown[];
  parameters?: Parameter[]; requestBody?: unknown; responses: Record<string, { $ref?: string }>;
};
type Doc = {
  security: Record<string, unknown>[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { properties?: Record<string, { enum?: string[] }> }> }>;
    responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    parameters: Record<string, { name: string; in: string; required?: boolean }>;
    securitySchemes: Record<string, { type: string; in: string; name: string }>;
  };
};

let t: TestContext;
let doc: Doc;
const operations: { method: string; path: string; op: Operation }[] = [];

beforeAll(async () => {
  t = await createTestContext();
  const res = await t.client().get('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body as Doc;
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) operations.push({ method, path, op });
});
afterAll(async () => t.close());

const headerNames = (op: Operation, d: Doc) =>
  (op.parameters ?? []).map((p) => (p.$ref ? d.components.parameters[p.$ref.split('/').pop() ?? ''] : p)).filter((p) => p?.in === 'header').map((p) => p?.name);
/** Public routes are the ones whose operation opts out of the session cookie. */
const isPublic = (op: Operation) => Array.isArray(op.security) && op.security.length === 0;

describe('the API documentation, signed out', () => {
  it('shows /api/docs and the files it needs to anyone, without a session', async () => {
    const anonymous = t.client();
    const page = await anonymous.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    const html = String(page.body);
    expect(html).toContain('swagger-ui');
    // Every script and stylesheet the page names loads too, and the document it renders.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => new URL(m[1] ?? '', 'http://localhost/api/docs').pathname);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of [...assets, '/api/docs/json']) {
      const res = await anonymous.request('GET', asset);
      expect(res.status, asset).toBe(200);
    }
  });

  it('serves /api/openapi.json as JSON to anyone', async () => {
    const res = await t.client().request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
  });
});

describe('the OpenAPI document', () => {
  it('names every operation once, with a summary and its tags, each tag described', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const described = new Map(doc.tags.map((tag) => [tag.name, tag.description]));
    for (const { method, path, op } of operations) {
      const key = `${method.toUpperCase()} ${path}`;
      expect(op.operationId, key).toBe(operationId(method, path));
      expect(op.summary, `${key}: add ${String(op.operationId)} to OPERATIONS`).toBeTruthy();
      expect(op.tags?.length, key).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(described.get(tag), `tag ${tag}`).toBeTruthy();
    }
    // A summary whose route is gone (or was renamed) is not left behind.
    const known = new Set(ids);
    for (const id of Object.keys(OPERATIONS)) expect(known, `OPERATIONS.${id} has no route`).toContain(id);
  });

  it('derives readable operation ids from method and path', () => {
    expect(operationId('get', '/api/children')).toBe('getChildren');
    expect(operationId('get', '/api/children/{childId}')).toBe('getChild');
    expect(operationId('get', '/api/children/{childId}/goals/{goalId}/history')).toBe('getChildGoalHistory');
    expect(operationId('put', '/api/children/{childId}/journal/{entryId}')).toBe('putChildJournalEntry');
    expect(operationId('put', '/api/quick-replies/{quickReplyId}')).toBe('putQuickReply');
  });

  it('secures every operation with the session cookie, except the public ones', () => {
    expect(doc.security).toEqual([{ sessionCookie: [] }]);
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'careteam_session' });
    const open = operations.filter(({ op }) => isPublic(op)).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(open).toContain('POST /api/auth/login');
    expect(open).toContain('GET /api/health');
    expect(open).not.toContain('GET /api/me');
    for (const { op } of operations) if (!isPublic(op)) expect(op.security, op.operationId).toBeUndefined();
  });

  it('documents the error responses each route’s configuration makes possible, all with one error schema', () => {
    const codes = doc.components.schemas.Error?.properties?.error?.properties?.code?.enum;
    expect(codes).toEqual(ErrorCode.options);
    for (const response of Object.values(doc.components.responses)) {
      expect(response.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    for (const { method, path, op } of operations) {
      const key = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(op.responses);
      if (isPublic(op)) expect(statuses, key).not.toContain('401');
      else expect(op.responses['401'], key).toEqual({ $ref: '#/components/responses/Unauthenticated' });
      if (path.includes('{')) expect(statuses, key).toContain('404');
      if (op.requestBody) expect(statuses, key).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (method !== 'get' || !isPublic(op)) expect(statuses, key).toContain('403');
      expect(statuses, key).toContain('503');
      const clientErrors = statuses.filter((s) => s.startsWith('4'));
      // Only the public reads that take no input at all can answer no client error.
      if (clientErrors.length === 0) expect(['GET /api/health', 'GET /api/setup', 'GET /api/session', 'GET /fhir/r4/metadata'], key).toContain(key);
    }
    expect(operations.find((o) => o.path === '/api/invitations/{token}' && o.method === 'get')?.op.responses['410']).toEqual({ $ref: '#/components/responses/Gone' });
    expect(operations.find((o) => o.path === '/api/auth/login')?.op.responses['429']).toEqual({ $ref: '#/components/responses/RateLimited' });
  });

  it('names the headers each operation reads: the CSRF token on writes, Idempotency-Key on POSTs', () => {
    for (const { method, path, op } of operations) {
      const key = `${method.toUpperCase()} ${path}`;
      const headers = headerNames(op, doc);
      const writes = method !== 'get';
      expect(headers.includes('X-CSRF-Token'), key).toBe(writes && !isPublic(op));
      expect(headers.includes('Idempotency-Key'), key).toBe(method === 'post' && !isPublic(op));
    }
    expect(doc.components.parameters.CsrfToken).toMatchObject({ name: 'X-CSRF-Token', in: 'header', required: true });
    const download = operations.find((o) => o.path === '/api/children/{childId}/uploads/{uploadId}')?.op;
    expect(download && headerNames(download, doc)).toEqual(expect.arrayContaining(['Range', 'If-None-Match']));
  });

  it('describes the error body the server really sends', async () => {
    const anonymous = t.client();
    const refused = await anonymous.get('/api/children');
    expect(refused.status).toBe(401);
    expect(ErrorBody.safeParse(refused.body).success).toBe(true);
    const bad = await anonymous.post('/api/auth/login', { email: 'not an email' });
    expect(bad.status).toBe(400);
    expect(ErrorBody.safeParse(bad.body).success).toBe(true);
    expect(bad.body.error.details.length).toBeGreaterThan(0);
  });
});
