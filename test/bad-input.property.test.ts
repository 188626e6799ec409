import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildFamily, createTestContext, signIn, type Res, type TestClient, type TestContext } from './support.ts';

/**
 * Bad input is never a server error: every operation of the OpenAPI document, driven with
 * generated input (bad path ids, control characters, wrong types, missing fields, huge strings,
 * ids of rows that do not exist or are someone else's, empty bodies), by signed-in people with a
 * child of their own, answers below 500.
 */

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: boolean | Schema;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema };
type Operation = {
  method: string;
  path: string;
  parameters: Parameter[];
  body: { type: string; schema: Schema } | null;
};

/** As many bad requests as the search that found the 500s (75 per operation, about 10,000); FUZZ_RUNS=300 searches deeper. */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 75);
/** A failure names its seed; FUZZ_SEED=<seed> replays it. */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

let t: TestContext;
let operations: Operation[] = [];
/** Real ids, by the path parameter that names them (childId, goalId, …). */
const known = new Map<string, string[]>();
const people: { label: string; email: string; client: TestClient }[] = [];

const otherFamilyIds: string[] = [];

function idsFor(name: string): string[] {
  const exact = known.get(name) ?? [];
  return exact.length > 0 ? exact : [...known.values()].flat();
}

/** A string made mostly of characters that have no business in an id or a name. */
const nasty = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\u0001\u001f', '\r\n', '\u202e', '\ud800', "' or 1=1 --", '../../etc/passwd', '%', '%00', ' ', '', '💥', 'null', 'undefined', '-1', '0', '1e999'),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', 'a', '-', '\u0085', '\u2028'), maxLength: 12 }),
  fc.string({ maxLength: 20 }),
);
const huge = fc.constantFrom('x'.repeat(5_000), 'é'.repeat(70_000), '0'.repeat(400));
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  huge,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, [], {}, [null], { a: 1 }, '2026-02-30', '9999-12-31', '0000-01-01', '24:00'),
  fc.uuid(),
);

function anyId(name: string): fc.Arbitrary<string> {
  const real = idsFor(name);
  const others = [...known.values()].flat();
  return fc.oneof(
    { weight: 4, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: others.length > 0 ? fc.constantFrom(...others) : fc.uuid() },
    { weight: 1, arbitrary: otherFamilyIds.length > 0 ? fc.constantFrom(...otherFamilyIds) : fc.uuid() },
  );
}

function stringArb(s: Schema, name: string): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 40, 40);
  const min = Math.min(s.minLength ?? 0, max);
  if (s.format === 'uuid' || /Id$/.test(name)) return anyId(name);
  if (s.format === 'email' || /email/i.test(name)) return fc.constantFrom('fuzz@example.org', `fuzz.${randomUUID().slice(0, 8)}@example.org`);
  if (s.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (/timeZone/i.test(name)) return fc.constantFrom('America/Chicago', 'Europe/Madrid', 'UTC');
  if (s.pattern) {
    try {
      // Cut to the schema's length rather than filtered to it: a filter that seldom passes spins for ever.
      return fc.stringMatching(new RegExp(s.pattern)).map((v) => (s.maxLength === undefined ? v : v.slice(0, s.maxLength)));
    } catch {
      /* a pattern JavaScript cannot read: plain text instead */
    }
  }
  return fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, 1) });
}

/** Values the schema accepts (mostly); ids are real ids, foreign ones or unknown ones. */
function valid(s: Schema, name = ''): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valid(a, name)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => valid({ ...s, type }, name)));
  switch (s.type) {
    case 'string':
      return stringArb(s, name);
    case 'integer':
      return fc.integer({ min: s.minimum ?? (s.exclusiveMinimum === undefined ? -5 : s.exclusiveMinimum + 1), max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? s.exclusiveMinimum ?? -5, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const maxLength = Math.min(s.maxItems ?? 3, 3);
      return fc.array(valid(s.items ?? {}, name.replace(/s$/, '')), { minLength: Math.min(s.minItems ?? 0, maxLength), maxLength });
    }
    case 'object': {
      if (!s.properties && typeof s.additionalProperties === 'object') {
        return fc.dictionary(fc.constantFrom('en', 'es', 'fr'), valid(s.additionalProperties, name), { maxKeys: 2 });
      }
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, valid(v, k)]));
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null));
  }
}

/** Every place inside a JSON value: the paths a mutation can aim at. */
function paths(v: unknown, here: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [here];
  const inner = Object.entries(v).flatMap(([k, c]) => paths(c, [...here, Array.isArray(v) ? Number(k) : k]));
  return [here, ...inner];
}

/** The value with the thing at `at` replaced by `bad`, or removed. */
function mutate(v: unknown, at: (string | number)[], bad: unknown, remove: boolean): unknown {
  if (at.length === 0) return bad;
  if (v === null || typeof v !== 'object') return v;
  const copy: Record<string | number, unknown> = Array.isArray(v) ? [...v] as never : { ...v };
  const [head, ...rest] = at as [string | number, ...(string | number)[]];
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = mutate(copy[head], rest, bad, remove);
  return copy;
}

type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string };

function bodyArb(op: Operation): fc.Arbitrary<Body> {
  if (!op.body) {
    return fc.oneof({ weight: 4, arbitrary: fc.constant<Body>({ kind: 'none' }) }, { weight: 1, arbitrary: badValue.map((value): Body => ({ kind: 'json', value })) });
  }
  if (op.body.type !== 'application/json') {
    return fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b): Body => ({ kind: 'raw', text: Buffer.from(b).toString('latin1'), type: op.body?.type ?? 'application/octet-stream' })),
      fc.constant<Body>({ kind: 'none' }),
    );
  }
  const good = valid(op.body.schema);
  return fc.oneof(
    { weight: 3, arbitrary: good.map((value): Body => ({ kind: 'json', value })) },
    {
      weight: 6,
      arbitrary: fc.tuple(good, fc.nat(), badValue, fc.boolean()).map(([value, n, bad, remove]): Body => {
        const all = paths(value);
        const at = all[n % all.length] ?? [];
        return { kind: 'json', value: mutate(value, at, bad, remove) };
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom<Body>({ kind: 'none' }, { kind: 'json', value: {} }, { kind: 'json', value: [] }, { kind: 'raw', text: '{"a":', type: 'application/json' }, { kind: 'raw', text: 'a=1', type: 'text/plain' }) },
  );
}

function paramArb(p: Parameter): fc.Arbitrary<string | undefined> {
  const good = p.in === 'path' && /Id$/.test(p.name) ? anyId(p.name) : valid(p.schema, p.name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const bad = fc.oneof(nasty, huge, fc.uuid());
  if (p.in === 'path') return fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: bad });
  return fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: good }, { weight: 2, arbitrary: bad });
}

/** A lone surrogate cannot be percent-encoded as UTF-8: it goes as the bytes of one, which are not. */
function encodePart(v: string): string {
  return v.isWellFormed() ? encodeURIComponent(v) : `%ED%A0%80${encodeURIComponent(v.toWellFormed())}`;
}

function urlOf(op: Operation, values: (string | undefined)[]): string {
  let url = op.path;
  const query = new URLSearchParams();
  op.parameters.forEach((p, i) => {
    const v = values[i];
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodePart(v ?? ''));
    else if (p.in === 'query' && v !== undefined) query.append(p.name, v.toWellFormed());
  });
  const q = query.toString();
  return q ? `${url}?${q}` : url;
}

async function send(person: (typeof people)[number], op: Operation, url: string, body: Body): Promise<Res> {
  const c = person.client;
  const headers: Record<string, string> = {
    ...(c.cookie ? { cookie: c.cookie } : {}),
    ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}),
    ...(op.method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
  };
  let payload: string | undefined;
  if (body.kind === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.value) ?? 'null';
  } else if (body.kind === 'raw') {
    headers['content-type'] = body.type;
    payload = body.text;
  }
  const res = await t.app.inject({ method: op.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
  let parsed: unknown = res.body;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    /* not JSON */
  }
  // An operation that ended the session (sign-out, a password change) is followed by a new one.
  if (res.statusCode === 401) person.client = await signIn(t.app, person.email);
  return { status: res.statusCode, body: parsed, headers: res.headers };
}

/** After a 201 on a collection, the new id is what the paths under it call their parameter. */
function remember(op: Operation, res: Res): void {
  const id = (res.body as { id?: unknown } | null)?.id;
  if (res.status !== 201 || typeof id !== 'string') return;
  const under = operations.find((o) => o.path.startsWith(`${op.path}/{`))?.path.slice(op.path.length + 2).split('}')[0];
  if (!under) return;
  const list = known.get(under) ?? [];
  if (!list.includes(id)) known.set(under, [...list, id]);
}

beforeAll(async () => {
  t = await createTestContext();
  const f = await buildFamily(t.db);
  await addMember(t.db, f.child, f.clinic.admin, 'therapist');
  const other = await buildFamily(t.db);
  otherFamilyIds.push(other.child.id, other.guardian.id, other.therapist.id);
  known.set('childId', [f.child.id]);
  for (const [label, email] of [['therapist', f.therapist.email], ['guardian', f.guardian.email], ['admin', f.clinic.admin.email]] as const) {
    people.push({ label, email, client: await signIn(t.app, email) });
  }
  const team = await people[0]?.client.get(`/api/children/${f.child.id}/team`);
  const memberIds = ((team?.body as { members?: { id: string }[] }).members ?? []).map((m) => m.id).filter((id) => id);
  known.set('memberId', memberIds);

  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
    paths: Record<string, Record<string, { parameters?: (Parameter | { $ref: string })[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
    components?: { parameters?: Record<string, Parameter> };
  }>();
  // Shared parameters (the headers) are references into components.parameters.
  const resolveParameter = (p: Parameter | { $ref: string }): Parameter | undefined =>
    '$ref' in p ? doc.components?.parameters?.[p.$ref.split('/').pop() ?? ''] : p;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, o] of Object.entries(ops)) {
      const content = Object.entries(o.requestBody?.content ?? {})[0];
      operations.push({ method: method.toUpperCase(), path, parameters: (o.parameters ?? []).map(resolveParameter).filter((p): p is Parameter => p !== undefined && p.in !== 'header'), body: content ? { type: content[0], schema: content[1].schema } : null });
    }
  }
  // Event streams never end; they are tested on their own.
  operations = operations.filter((o) => !o.path.endsWith('/events'));

  // Some real rows to aim at: each collection under the child gets a few valid creates.
  const creates = operations.filter((o) => o.method === 'POST' && o.body?.type === 'application/json' && operations.some((x) => x.path.startsWith(`${o.path}/{`)));
  for (const op of creates) {
    const schema = op.body?.schema ?? {};
    for (const value of fc.sample(valid(schema), { numRuns: 3, seed: 7 })) {
      const values = op.parameters.map((p) => (p.in === 'path' ? (idsFor(p.name)[0] ?? randomUUID()) : undefined));
      for (const person of people) remember(op, await send(person, op, urlOf(op, values), { kind: 'json', value }));
    }
  }
}, 120_000);

afterAll(async () => t.close());

describe('every API operation, driven with bad input', () => {
  it('never answers with a server error', async () => {
    expect(operations.length).toBeGreaterThan(100);
    // Deletions last, so the rows the other operations aim at are still there.
    const order = [...operations].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    const failures: string[] = [];
    for (const op of order) {
      const input = fc.tuple(fc.constantFrom(...people.keys()), fc.tuple(...op.parameters.map(paramArb)), bodyArb(op));
      await fc.assert(
        fc.asyncProperty(input, async ([who, values, body]) => {
          const person = people[who];
          if (!person) return;
          const url = urlOf(op, values);
          const res = await send(person, op, url, body);
          // A refusal speaks the API's one error shape, whatever was wrong.
          const shaped = res.status < 400 || typeof (res.body as { error?: { code?: unknown } } | null)?.error?.code === 'string';
          if (res.status >= 500 || !shaped) {
            failures.push(`${op.method} ${url} as ${person.label} with ${JSON.stringify(body).slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)} (seed ${SEED})`);
          }
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED + operations.indexOf(op) },
      );
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
