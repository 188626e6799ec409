import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../scripts/openapi-document.ts';

/**
 * A client as another team would write it: types generated from the document by openapi-typescript,
 * and one call per feature that reads the fields a screen would show. A response schema that
 * changes incompatibly (a field renamed, removed or retyped) stops this from compiling.
 */
const CLIENT = String.raw`
import type { paths } from './api.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;
type Success<O> = O extends { responses: infer R } ? R[Extract<keyof R, 200 | 201 | 202>] : never;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Input<O> = (O extends { parameters: infer X } ? { params: X } : unknown)
  & (O extends { requestBody: { content: { 'application/json': infer B } } } ? { body: B } : unknown);

/** One request: its path, method, parameters and body checked against the document. */
declare function call<P extends keyof paths, M extends Method>(method: M, path: P, input: Input<Operation<P, M>>): Promise<Json<Success<Operation<P, M>>>>;

const childId = '00000000-0000-4000-8000-000000000000';
const header = { 'X-CSRF-Token': 'csrfToken from GET /api/me' };

export async function health(): Promise<boolean> {
  const h = await call('get', '/api/health', { params: {} });
  return h.status === 'ok' && h.database === 'up';
}
export async function setup(): Promise<boolean> {
  return (await call('get', '/api/setup', { params: {} })).needsSetup;
}
export async function auth(): Promise<boolean> {
  const r = await call('post', '/api/auth/login', { params: {}, body: { email: 'a@example.org', password: 'a long and calm sentence' } });
  return r.mfaRequired;
}
export async function me(): Promise<string> {
  const m = await call('get', '/api/me', { params: {} });
  return [m.user.name, m.user.locale, m.csrfToken, ...m.clinics.map((c) => c.role)].join(' ');
}
export async function invitations(): Promise<string> {
  const i = await call('get', '/api/invitations/{token}', { params: { path: { token: 'from the link' } } });
  return [i.clinicName, i.childFirstName ?? '', i.invitedBy, String(i.accountExists)].join(' ');
}
export async function children(): Promise<string[]> {
  const { children } = await call('get', '/api/children', { params: {} });
  return children.map((c) => [c.firstName, c.lastName, c.myRole ?? '', String(c.goalsNeedingAttention), String(c.quietForAWeek)].join(' '));
}
export async function team(): Promise<string[]> {
  const t = await call('get', '/api/children/{childId}/team', { params: { path: { childId } } });
  return [...t.members.map((m) => [m.name, m.role, ...m.permissions].join(' ')), ...t.invitations.map((i) => i.expiresAt)];
}
export async function admin(): Promise<string[]> {
  const page = await call('get', '/api/admin/audit', { params: { query: { limit: 50 } } });
  const next: number | null = page.nextBefore;
  return page.events.map((e) => [e.action, e.outcome, e.actorName ?? '', String(next)].join(' '));
}
export async function plan(): Promise<string> {
  const g = await call('post', '/api/children/{childId}/goals', {
    params: { path: { childId }, header },
    body: { area: 'communication', statement: 'Asks for help with words', measure: 'count', target: 5, settings: ['home'] },
  });
  return [g.id, g.status, String(g.version), g.statement].join(' ');
}
export async function practice(): Promise<string> {
  const l = await call('post', '/api/children/{childId}/practice/{itemId}/logs', {
    params: { path: { childId, itemId: childId }, header: { ...header, 'Idempotency-Key': 'a key the phone chose' } },
    body: { date: '2026-01-15', outcome: 'done' },
  });
  return [l.id, l.outcome, l.by.name, l.at].join(' ');
}
export async function journal(): Promise<string[]> {
  const { entries } = await call('get', '/api/children/{childId}/journal', { params: { path: { childId }, query: { kind: 'win' } } });
  return entries.map((e) => (e.content.kind === 'win' ? e.content.text : e.date) + e.by.name);
}
export async function milestones(): Promise<string[]> {
  const { milestones } = await call('get', '/api/children/{childId}/milestones', { params: { path: { childId } } });
  return milestones.map((m) => [m.title, m.date, String(m.celebrate)].join(' '));
}
export async function sessions(): Promise<string[]> {
  const { sessions } = await call('get', '/api/children/{childId}/sessions', { params: { path: { childId }, query: { from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' } } });
  return sessions.map((s) => [s.kind, s.startsAt, s.localStart, s.timeZone, s.myResponse ?? ''].join(' '));
}
export async function reviews(): Promise<string[]> {
  const { reviews } = await call('get', '/api/children/{childId}/reviews', { params: { path: { childId } } });
  return reviews.map((r) => [r.heldOn, r.agreed, ...r.participants.map((p) => p.name)].join(' '));
}
export async function strategies(): Promise<string[]> {
  const { strategies } = await call('get', '/api/strategies', { params: { query: { q: 'first then', setting: 'home' } } });
  return strategies.map((s) => [s.content.en?.name ?? '', ...s.settings, String(s.editable)].join(' '));
}
export async function uploads(): Promise<string> {
  const u = await call('post', '/api/children/{childId}/uploads', { params: { path: { childId }, query: { purpose: 'journal_photo' }, header } });
  return [u.id, u.kind, u.url, String(u.byteSize)].join(' ');
}
export async function messages(): Promise<string> {
  const m = await call('post', '/api/children/{childId}/conversations/{conversationId}/messages', {
    params: { path: { childId, conversationId: childId }, header },
    body: { body: 'How was the weekend?' },
  });
  return [m.id, m.author.name, m.body ?? '', m.createdAt, ...m.attachments.map((a) => a.url)].join(' ');
}
export async function translations(): Promise<string[]> {
  const path = { childId, subjectType: 'goal' as const, subjectId: childId, language: 'ar' as const };
  const e = await call('put', '/api/children/{childId}/translations/{subjectType}/{subjectId}/{language}', { params: { path, header }, body: { fields: { statement: 'بكلمتين' } } });
  return [e.source.fields.statement ?? '', e.machine?.statement ?? '', e.human?.byName ?? '', String(e.human?.outdated)];
}
export async function quickReplies(): Promise<string[]> {
  const { quickReplies } = await call('get', '/api/quick-replies', { params: {} });
  return quickReplies.map((q) => [q.scope, q.title.en, q.text.es].join(' '));
}
export async function notifications(): Promise<number> {
  return (await call('get', '/api/notifications/unread', { params: {} })).unread;
}
export async function digests(): Promise<string> {
  const n = await call('put', '/api/children/{childId}/digest-note', { params: { path: { childId }, header }, body: { text: 'A calm week.' } });
  return [n.text, n.by ?? '', n.sendsUntil ?? ''].join(' ');
}
export async function newsletters(): Promise<string[]> {
  const list = await call('get', '/api/newsletters', { params: {} });
  return list.newsletters.map((n) => [n.title, n.clinic, String(n.read), String(list.unread)].join(' '));
}
export async function events(): Promise<string[]> {
  const list = await call('get', '/api/family-events', { params: {} });
  return list.events.map((e) => [e.kind, e.title, e.startsAt, e.localStart, e.timeZone, String(list.canPublish)].join(' '));
}
export async function resources(): Promise<string[]> {
  const given = await call('get', '/api/children/{childId}/resources', { params: { path: { childId } } });
  return given.resources.map((r) => [r.resource.kind, r.resource.content.en?.title ?? '', r.note, r.mine.openedAt ?? '', String(r.mine.helpful), String(given.canAssign)].join(' '));
}
export async function goodNews(): Promise<string[]> {
  const { families } = await call('get', '/api/good-news', { params: {} });
  return families.map((f) => [f.firstName, f.lastAt ?? '', ...f.wins.map((w) => w.title), ...f.goingWell.map((g) => g.statement)].join(' '));
}
export function realtime(): Promise<unknown> {
  return call('get', '/api/events', { params: {} });
}
export async function video(): Promise<string[]> {
  const roomId = '00000000-0000-4000-8000-000000000001';
  const room = await call('get', '/api/video/rooms/{roomId}', { params: { path: { roomId } } });
  const joined = await call('post', '/api/video/rooms/{roomId}/join', { params: { path: { roomId } }, body: { audio: true, video: false } });
  return [room.kind, room.status, room.opensAt, String(room.isHost), room.me.name, joined.participantId, joined.state, ...room.iceServers.map((s) => String(s.urls))];
}
export async function checkins(): Promise<string[]> {
  const open = await call('get', '/api/checkins/open', { params: {} });
  return open.checkins.map((c) => [c.childName, c.dueDate, c.closesAt, c.status].join(' '));
}
export async function reports(): Promise<string[]> {
  const reportId = '00000000-0000-4000-8000-000000000002';
  const report = await call('get', '/api/children/{childId}/reports/{reportId}', { params: { path: { childId, reportId } } });
  return [report.status, report.from, report.to, String(report.pageCount)];
}
export async function archive(): Promise<string[]> {
  const asked = await call('post', '/api/children/{childId}/archives', { params: { path: { childId }, header }, body: { locale: 'es' } });
  const { archives } = await call('get', '/api/children/{childId}/archives', { params: { path: { childId } } });
  const link = await call('get', '/api/archive-links/{token}', { params: { path: { token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' } } });
  return [asked.status, asked.scope, ...archives.map((a) => [a.status, a.expiresAt ?? ''].join(' ')), link.status, link.expiresAt, String(link.byteSize)];
}
export async function fhir(): Promise<string[]> {
  const metadata = await call('get', '/fhir/r4/metadata', { params: {} });
  const bundle = await call('get', '/fhir/r4/Patient/{childId}/$everything', { params: { path: { childId } } });
  return [metadata.resourceType, bundle.resourceType];
}
`;

let dir: string;
let doc: Record<string, unknown>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'careteam-client-'));
  doc = await openApiDocument();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Generates the types from the document and type-checks the client against them; returns the errors. */
async function typeCheck(document: Record<string, unknown>, client = CLIENT): Promise<string[]> {
  const types = astToString(await openapiTS(structuredClone(document) as unknown as Parameters<typeof openapiTS>[0]));
  await writeFile(path.join(dir, 'api.ts'), types);
  await writeFile(path.join(dir, 'client.ts'), client);
  const program = ts.createProgram([path.join(dir, 'client.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

type Doc = { paths: Record<string, Record<string, { tags?: string[] }>> };

describe('a TypeScript client generated from the OpenAPI document', () => {
  it('type-checks one call per feature against the generated types', async () => {
    expect(await typeCheck(doc)).toEqual([]);
  }, 120_000);

  it('calls every feature (tag) of the API', () => {
    const paths = (doc as Doc).paths;
    const called = new Set<string>();
    for (const m of CLIENT.matchAll(/call\('(\w+)', '([^']+)'/g)) {
      const op = paths[m[2] ?? '']?.[m[1] ?? ''];
      expect(op, `${m[1]} ${m[2]} is in the document`).toBeDefined();
      for (const tag of op?.tags ?? []) called.add(tag);
    }
    const tags = new Set(Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? [])));
    expect([...called].sort()).toEqual([...tags].sort());
  });

  it('stops compiling when a response schema changes incompatibly', async () => {
    // The children list renames firstName: the client's reading of it no longer compiles.
    const changed = structuredClone(doc) as Doc & { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { properties: { children: { items: { properties: Record<string, unknown>; required: string[] } } } } }> }> }>> };
    const item = changed.paths['/api/children']?.get?.responses['200']?.content['application/json']?.schema.properties.children.items;
    expect(item?.properties.firstName).toBeDefined();
    if (item) {
      item.properties.givenName = item.properties.firstName;
      delete item.properties.firstName;
      item.required = item.required.map((r) => (r === 'firstName' ? 'givenName' : r));
    }
    const errors = await typeCheck(changed);
    expect(errors.join('\n')).toMatch(/firstName/);
  }, 120_000);
});
