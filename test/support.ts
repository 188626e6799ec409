import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net, { type AddressInfo } from 'node:net';
import type { FastifyBaseLogger, InjectOptions } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { ROLE_PERMISSIONS, type TeamRole } from '../src/contract/access.ts';
import { useAuditKey } from '../src/server/access/audit.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { createDb, createPool, type Db } from '../src/server/db/database.ts';
import type { Clock, Deps } from '../src/server/deps.ts';
import { hashPassword } from '../src/server/features/auth/password.ts';
import { startJobs, type Jobs } from '../src/server/jobs/jobs.ts';
import { runTokenMailJob, TOKEN_MAIL_QUEUE } from '../src/server/features/auth/token-mail.ts';
import { sendDueNewsletters } from '../src/server/features/newsletters/newsletter-send.ts';
import { PAUSE_AFTER_FAILURE_MS } from '../src/server/features/translation/translation.service.ts';
import { startTranslateStandIn, type TranslateStandIn } from './translate-stand-in.ts';
import { deliverMail } from '../src/server/mail/mail.service.ts';
import { startRealtime } from '../src/server/realtime/hub.ts';
import { asRole, withDatabase } from './urls.ts';

// Every test process keys its audit hashes, as a server does at start-up.
useAuditKey(randomBytes(32));

export const PASSWORD = 'a long and calm sentence';
let passwordHash: Promise<string> | undefined;

/** A controllable clock: starts at the real time, moves only when told. */
export function testClock(start = new Date()): Clock & { advance: (ms: number) => void; set: (d: Date) => void } {
  let now = start.getTime();
  const clock = (() => new Date(now)) as Clock & { advance: (ms: number) => void; set: (d: Date) => void };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (d) => {
    now = d.getTime();
  };
  return clock;
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

/** A fresh database cloned from the migrated template, and the app built on it. */
export async function createTestContext(opts: { smtpUrl?: string; withJobs?: boolean; config?: Partial<Config>; logger?: FastifyBaseLogger } = {}) {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDb');
  const name = `careteam_test_${template.split('_').pop()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const ownerUrl = withDatabase(adminUrl, name);
  // The app runs as the runtime role, as the server does: every test exercises its grants.
  const url = asRole(ownerUrl, inject('runtimeRole'), inject('runtimePassword'));
  const pool = createPool(url, 5);
  const db = createDb(pool);
  // The owner, for what only an owner or a superuser can do (tampering with history on purpose).
  const ownerDb = createDb(createPool(ownerUrl, 1));
  const clock = testClock();
  // Each context keeps its uploaded files in a folder of its own, removed on close.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'careteam-test-'));
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://localhost:3000' }),
    dataDir,
    smtpUrl: opts.smtpUrl,
    ...opts.config,
  };
  let jobs: Jobs = { send: async () => {}, stop: async () => {} };
  const realtime = await startRealtime(url, () => {});
  const deps: Deps = { config, db, clock, jobs: { send: (q, d) => jobs.send(q, d), stop: async () => {} }, realtime };
  if (opts.withJobs) {
    jobs = await startJobs(url, {
      'mail.deliver': async (data) => deliverMail(deps, String(data.id)),
      [TOKEN_MAIL_QUEUE]: async (data) => runTokenMailJob(deps, data),
      'newsletters.send': async () => {
        await sendDueNewsletters(deps);
      },
    }, {}, () => {}, { personal: [TOKEN_MAIL_QUEUE] });
  }
  const app = await buildApp(deps, opts.logger ? { logger: opts.logger } : {});
  await app.ready();
  return {
    app,
    db,
    ownerDb,
    deps,
    clock,
    url,
    ownerUrl,
    client: () => new TestClient(app),
    /**
     * Resolves once this instance has heard every session or access change committed so far: a
     * test that changes them straight in the database waits for this, as the server's kept
     * copies are dropped when the change is heard.
     */
    heard: () => realtime.accessBarrier(db),
    close: async () => {
      await app.close();
      await jobs.stop();
      await realtime.stop();
      await db.destroy();
      await ownerDb.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The file's test context translating through a LibreTranslate stand-in on loopback (with `mail`,
 * also sending to a test SMTP server), handed to `set` before the file's tests and closed after
 * them; before each test the stand-in is up again and any pause after an earlier failure is over.
 * With `apiKey`, the stand-in wants that key and the context sends it; with `targets`, the
 * stand-in translates into only those languages.
 */
export function withTranslator(
  set: (made: { t: TestContext; standIn: TranslateStandIn; smtp: TestSmtp | null }) => void,
  opts: { mail?: boolean; withJobs?: boolean; apiKey?: string; targets?: readonly string[] } = {},
): void {
  let made: { t: TestContext; standIn: TranslateStandIn; smtp: TestSmtp | null } | undefined;
  beforeAll(async () => {
    const smtp = opts.mail ? await startTestSmtp() : null;
    const standIn = await startTranslateStandIn({ ...(opts.apiKey ? { apiKey: opts.apiKey } : {}), ...(opts.targets ? { targets: opts.targets } : {}) });
    const t = await createTestContext({
      ...(smtp ? { smtpUrl: smtp.url } : {}), withJobs: opts.withJobs ?? false, config: { translate: { provider: 'libretranslate', url: standIn.url, apiKey: opts.apiKey } },
    });
    made = { t, standIn, smtp };
    set(made);
  });
  afterAll(async () => {
    await made?.t.close();
    await made?.smtp?.close();
    await made?.standIn.close();
  });
  beforeEach(async () => {
    await made?.standIn.setMode('up');
    made?.t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
  });
}

/**
 * Transactions left open on the test's database while their connection waits (for a call to an
 * outside service, say): what an outside call made inside a transaction shows while it is held.
 */
export async function waitingTransactions(db: Db): Promise<string[]> {
  const rows = await sql<{ query: string }>`select query from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`.execute(db);
  return rows.rows.map((r) => r.query);
}

/**
 * The translation stand-in holds each request `ms` while `during` runs once the first one arrives;
 * then it answers at once again. Resolves with what `during` returned and what `work` did.
 */
export async function whileTranslating<T, W>(standIn: TranslateStandIn, ms: number, work: () => Promise<W>, during: () => Promise<T>): Promise<{ during: T; work: W }> {
  const before = standIn.calls.length;
  const slowMs = standIn.slowMs;
  standIn.slowMs = ms;
  await standIn.setMode('slow');
  try {
    const working = work();
    const deadline = Date.now() + 5_000;
    while (standIn.calls.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (standIn.calls.length === before) throw new Error('nothing was sent to the translation service');
    const seen = await during();
    return { during: seen, work: await working };
  } finally {
    standIn.slowMs = slowMs;
    await standIn.setMode('up');
  }
}

type App = Awaited<ReturnType<typeof buildApp>>;
export type Res = { status: number; body: any; headers: Record<string, string | string[] | number | undefined> };

/** A browser-like client: keeps its session cookie and sends the CSRF token. */
export class TestClient {
  app: App;
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(app: App) {
    this.app = app;
  }
  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = res.cookies.find((c) => c.name.endsWith('careteam_session'));
    if (setCookie) this.cookie = setCookie.value ? `${setCookie.name}=${setCookie.value}` : undefined;
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  /** Sends a file's raw bytes, as the web app's upload does. */
  async upload(url: string, bytes: Buffer, contentType = 'application/octet-stream', headers: Record<string, string> = {}): Promise<Res> {
    const res = await this.app.inject({
      method: 'POST', url, payload: bytes,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}), 'content-type': contentType, ...headers },
    });
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  /** Reads raw bytes back, with any request headers (Range, If-None-Match). */
  async fetchBytes(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers } });
    return { status: res.statusCode, bytes: res.rawPayload, headers: res.headers, body: res.body };
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) => this.request('POST', url, body, headers);
  patch = (url: string, body: unknown = {}) => this.request('PATCH', url, body);
  put = (url: string, body: unknown = {}) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);

  async login(email: string, password = PASSWORD): Promise<this> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    await this.refreshCsrf();
    return this;
  }
  async refreshCsrf(): Promise<void> {
    const me = await this.get('/api/me');
    this.csrf = me.body?.csrfToken;
  }
}

// ---- builders: each call makes new, unrelated data -------------------------------------

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

export async function buildUser(db: Db, name = 'Test User', locale = 'en') {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${uniq()}@example.org`;
  const u = await db.insertInto('app_user').values({ email, name, password_hash: await passwordHash, locale }).returning(['id', 'email', 'name']).executeTakeFirstOrThrow();
  return u;
}

export async function buildClinic(db: Db, name = 'Sunrise Therapy') {
  const clinic = await db.insertInto('clinic').values({ name, time_zone: 'America/Chicago' }).returning('id').executeTakeFirstOrThrow();
  const admin = await buildUser(db, 'Clinic Admin');
  await db.insertInto('clinic_member').values({ clinic_id: clinic.id, user_id: admin.id, role: 'admin' }).execute();
  return { id: clinic.id, admin };
}

export async function buildTherapist(db: Db, clinicId: string, name = 'Theo Therapist') {
  const t = await buildUser(db, name);
  await db.insertInto('clinic_member').values({ clinic_id: clinicId, user_id: t.id, role: 'therapist' }).execute();
  return t;
}

export async function addMember(
  db: Db,
  child: { id: string; clinicId: string },
  user: { id: string },
  role: TeamRole,
  opts: { permissions?: string[]; household?: string | null } = {},
) {
  let consentId: string | null = null;
  if (role === 'teacher') {
    const granter = await buildUser(db, 'Consenting Guardian');
    const c = await db.insertInto('consent').values({ clinic_id: child.clinicId, child_id: child.id, kind: 'school_access', granted_by: granter.id, subject_email: 'school@example.org', note: 'School may see strategies.' }).returning('id').executeTakeFirstOrThrow();
    consentId = c.id;
  }
  return db.insertInto('care_team_member').values({
    clinic_id: child.clinicId, child_id: child.id, user_id: user.id, role,
    permissions: opts.permissions ?? [...ROLE_PERMISSIONS[role]], household: opts.household ?? null, consent_id: consentId,
  }).returning('id').executeTakeFirstOrThrow();
}

export async function buildChild(db: Db, clinicId: string, therapist: { id: string }, firstName = 'Leo') {
  const c = await db.insertInto('child').values({
    clinic_id: clinicId, first_name: firstName, last_name: 'Test', time_zone: 'America/Chicago', created_by: therapist.id, updated_at: new Date(),
  }).returning(['id', 'clinic_id']).executeTakeFirstOrThrow();
  const child = { id: c.id, clinicId: c.clinic_id };
  await addMember(db, child, therapist, 'therapist');
  return child;
}

/** A clinic with a therapist, a child and a guardian on the child's team. */
export async function buildFamily(db: Db, clinic?: { id: string; admin: { id: string; email: string } }) {
  const c = clinic ?? (await buildClinic(db));
  const therapist = await buildTherapist(db, c.id);
  const child = await buildChild(db, c.id, therapist);
  const guardian = await buildUser(db, 'Gina Guardian');
  await addMember(db, child, guardian, 'guardian', { household: 'Home' });
  return { clinic: c, therapist, child, guardian };
}

/** A TestClient whose requests come from this IP address (per-IP rate limits and audit rows see it). */
export function clientFrom(app: App, ip: string): TestClient {
  const fromIp = new Proxy(app, {
    get: (target, prop, receiver) =>
      prop === 'inject'
        ? (opts: InjectOptions) => target.inject({ ...opts, remoteAddress: ip })
        : Reflect.get(target, prop, receiver),
  });
  return new TestClient(fromIp);
}

let nextIp = 0;
/** A fresh address per sign-in, as in life: sign-in is rate-limited per address. */
export function freshClient(app: App): TestClient {
  const n = nextIp++;
  return clientFrom(app, `10.${100 + (process.pid % 100)}.${Math.floor(n / 250)}.${(n % 250) + 1}`);
}

/**
 * A child's whole team, each member signed in: therapist, guardian, a caregiver (grandma) and a
 * teacher (let in by the guardian's consent), with the child in America/Chicago.
 */
export async function buildSignedInTeam(t: Pick<TestContext, 'db' | 'app'>) {
  const f = await buildFamily(t.db);
  const caregiver = await buildUser(t.db, 'Rosa Grandma');
  await addMember(t.db, f.child, caregiver, 'caregiver');
  const teacher = await buildUser(t.db, 'Tess Teacher');
  await addMember(t.db, f.child, teacher, 'teacher');
  const login = (email: string) => signIn(t.app, email);
  return {
    ...f, caregiver, teacher,
    tc: await login(f.therapist.email),
    gc: await login(f.guardian.email),
    cc: await login(caregiver.email),
    teach: await login(teacher.email),
  };
}

/** A signed-in team whose guardian reads and writes in `locale` (the therapist in English), and its team conversation's messages path. */
export async function buildTeamReadingIn(t: Pick<TestContext, 'db' | 'app'>, locale: string) {
  const f = await buildSignedInTeam(t);
  await t.db.updateTable('app_user').set({ locale }).where('id', '=', f.guardian.id).execute();
  await f.gc.refreshCsrf();
  const base = `/api/children/${f.child.id}/conversations`;
  const list = await f.tc.get(base);
  const teamId = (list.body.conversations as { id: string; kind: string }[]).find((c) => c.kind === 'team')?.id ?? '';
  return { ...f, msgs: `${base}/${teamId}/messages` };
}

/** Signs in from an address of its own, as people do: sign-in is rate-limited per address. */
export function signIn(app: App, email: string): Promise<TestClient> {
  return freshClient(app).login(email);
}

export type EventStream = {
  /** The next event whose type is `type`, or an error after `ms`. */
  next: (type: string, ms?: number) => Promise<Record<string, unknown>>;
  /** Events received so far. */
  received: Record<string, unknown>[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close: () => void;
};

/** Opens GET `path` as a server-sent event stream on a listening server, with the client's session. */
export async function openEvents(baseUrl: string, client: TestClient, path = '/api/events', headers: Record<string, string> = {}): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(baseUrl + path, { headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...headers }, signal: abort.signal });
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    throw Object.assign(new Error(`events: ${res.status}`), { status: res.status });
  }
  const received: Record<string, unknown>[] = [];
  const waiters: { type: string; resolve: (e: Record<string, unknown>) => void }[] = [];
  let seen = 0;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as Record<string, unknown>;
          received.push(event);
          for (const w of waiters.splice(0)) {
            if (w.type === event.type) w.resolve(event);
            else waiters.push(w);
          }
        }
      }
    } catch {
      /* aborted */
    }
  })();
  const stream: EventStream = {
    received,
    ended,
    close: () => abort.abort(),
    next: (type, ms = 5_000) => {
      const earlier = received.slice(seen).find((e) => e.type === type);
      if (earlier) {
        seen = received.indexOf(earlier) + 1;
        return Promise.resolve(earlier);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms; got ${JSON.stringify(received)}`)), ms);
        waiters.push({
          type,
          resolve: (e) => {
            clearTimeout(timer);
            seen = received.length;
            resolve(e);
          },
        });
      });
    },
  };
  await stream.next('ready');
  return stream;
}

export type TestSmtp = {
  /** smtp:// address for SMTP_URL. */
  url: string;
  /** Every mail received, in order. */
  inbox: ParsedMail[];
  mailsTo: (address: string) => ParsedMail[];
  /** The first mail to this address whose subject matches, waiting up to 20 s for it to arrive. */
  waitForMail: (address: string, subject: RegExp) => Promise<ParsedMail>;
  close: () => Promise<void>;
};

/**
 * Sends every queued mail over SMTP, as the mail job does, then returns what reached this address.
 * Delivery is driven here rather than by the job queue so each test knows when it is done.
 */
export async function deliveredTo(t: Pick<TestContext, 'db' | 'deps'>, smtp: TestSmtp, address: string): Promise<ParsedMail[]> {
  const queued = await t.db.selectFrom('mail_outbox').select('id').where('status', '=', 'queued').execute();
  for (const { id } of queued) await deliverMail(t.deps, id);
  const sent = await t.db.selectFrom('mail_outbox').select('id').where('to_address', '=', address).where('status', '=', 'sent').execute();
  for (let waited = 0; waited < 15_000; waited += 50) {
    const mails = smtp.mailsTo(address);
    if (mails.length >= sent.length) return mails;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the SMTP server did not receive the mails sent to ${address}`);
}

/** A real SMTP server on loopback that keeps every mail it receives, parsed. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const inbox: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        inbox.push(mail);
        callback();
      }, (err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  const recipients = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));
  const mailsTo = (address: string) => inbox.filter((m) => recipients(m).includes(address));
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    mailsTo,
    waitForMail: async (address, subject) => {
      for (let waited = 0; waited < 20_000; waited += 100) {
        const found = mailsTo(address).find((m) => subject.test(m.subject ?? ''));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`No mail to ${address} matching ${subject}`);
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/**
 * A second server instance on the test's database, listening on loopback: its own pool and its
 * own LISTEN connection, as a second machine would have; `deps` for running its jobs.
 */
export async function startSecondInstance(t: Pick<TestContext, 'url' | 'deps'>): Promise<{ url: string; deps: Deps; heard: () => Promise<void>; close: () => Promise<void> }> {
  const db = createDb(createPool(t.url, 3));
  const realtime = await startRealtime(t.url, () => {});
  const deps: Deps = { ...t.deps, db, realtime };
  const app = await buildApp(deps);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    deps,
    /** Resolves once every access change committed so far has reached this instance. */
    heard: () => realtime.accessBarrier(db),
    close: async () => {
      // Streams the server ended, or a spare connection the HTTP client opened, must not hold it.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await realtime.stop();
      await db.destroy();
    },
  };
}

/** A port nothing listens on (it was free a moment ago): a server "down" there refuses connections. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
