// `npm run bench`: seeds a large clinic (200 therapists, 5,000 children with their guardians) in
// a fresh embedded PostgreSQL (or DATABASE_URL), starts the real server in this process and
// loads it with autocannon on loopback. Every figure is also given as a ratio to a bare Fastify
// "hello" measured in the same run, because absolute numbers drift between machines.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { ROLE_PERMISSIONS } from '../src/contract/access.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDb, createPool } from '../src/server/db/database.ts';
import { hashPassword } from '../src/server/features/auth/password.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/server/db/embedded.ts';
import { loadAuditKey, useAuditKey } from '../src/server/access/audit.ts';
import { startBareFastify, startCareTeam } from './processes.ts';
import { benchDigests } from './digests.ts';
import { benchReport, seedFullestChild } from './reports.ts';
import { notifyBaseline, openStream, percentile, sessionFor } from './realtime.ts';
import { benchVideoSignalling } from './video.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

const ms = (v: number) => v.toFixed(1);
const sorted = (v: number[]) => [...v].sort((a, b) => a - b);

type Result = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number };

// BENCH_MATCH=text measures only the routes whose name contains it (and the baseline).
const MATCH = process.env.BENCH_MATCH;
async function load(name: string, url: string, headers: Record<string, string> = {}, connections = CONNECTIONS, request: { method?: 'PATCH' | 'POST'; body?: string; paths?: string[] } = {}): Promise<Result> {
  if (MATCH && !name.includes(MATCH) && !name.includes('baseline')) return { name, rps: NaN, p50: NaN, p99: NaN, errors: 0, non2xx: 0 };
  const { paths, ...rest } = request;
  // With paths, each request goes to one of them at random (many children, as a clinic's day is).
  const requests = paths ? [{ setupRequest: (req: object) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] }) }] : undefined;
  const r = await autocannon({ url, connections, duration: DURATION, headers, ...rest, ...(requests ? { requests } : {}) });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return cookie;
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'careteam-bench-'));
const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }) };
// The database: DATABASE_URL, or an embedded PostgreSQL of the bench's own.
let embedded: EmbeddedDatabase | undefined;
let databaseUrl = process.env.DATABASE_URL;
let ownerUrl = process.env.MIGRATION_DATABASE_URL ?? databaseUrl;
if (!databaseUrl || !ownerUrl) {
  embedded = await startEmbeddedPostgres(await mkdtemp(path.join(os.tmpdir(), 'careteam-bench-pg-')), () => {});
  databaseUrl = embedded.url;
  ownerUrl = embedded.ownerUrl;
}
console.log('Starting CareTeam (its own process) on a fresh database…');
const server = await startCareTeam({ url: databaseUrl, ownerUrl }, dataDir);
const base = server.url;
// Seeding and padding the audit table are the operator's work: as the owner.
const pool = createPool(ownerUrl, 4);
const db = createDb(pool);

console.log('Seeding a large clinic: 200 therapists, 5,000 children, 5,000 guardians…');
const password = 'bench password for everyone';
const hash = await hashPassword(password);
const clinic = await db.insertInto('clinic').values({ name: 'Bench Clinic', time_zone: 'America/Chicago' }).returning('id').executeTakeFirstOrThrow();
await sql`
  WITH t AS (
    INSERT INTO app_user (email, name, password_hash)
    SELECT 'therapist' || i || '@bench.example', 'Therapist ' || i, ${hash} FROM generate_series(1, 200) i
    RETURNING id, email
  )
  INSERT INTO clinic_member (clinic_id, user_id, role) SELECT ${clinic.id}, id, 'therapist' FROM t`.execute(db);
await sql`
  INSERT INTO app_user (email, name, password_hash)
  SELECT 'guardian' || i || '@bench.example', 'Guardian ' || i, ${hash} FROM generate_series(1, 5000) i`.execute(db);
await sql`
  INSERT INTO child (clinic_id, first_name, last_name, time_zone, created_by, updated_at, languages, routines)
  SELECT ${clinic.id}, 'Child', 'Number ' || i, 'America/Chicago', (SELECT id FROM app_user WHERE email = 'therapist1@bench.example'), now(),
         '{English}', 'Bath, story, bed at 7:30.'
  FROM generate_series(1, 5000) i`.execute(db);
await sql`
  WITH c AS (SELECT id, row_number() OVER (ORDER BY last_name) AS n FROM child WHERE clinic_id = ${clinic.id})
  INSERT INTO care_team_member (clinic_id, child_id, user_id, role, permissions)
  SELECT ${clinic.id}, c.id, u.id, 'therapist', ${[...ROLE_PERMISSIONS.therapist]}::text[]
  FROM c JOIN app_user u ON u.email = 'therapist' || (((c.n - 1) % 200) + 1) || '@bench.example'`.execute(db);
await sql`
  WITH c AS (SELECT id, row_number() OVER (ORDER BY last_name) AS n FROM child WHERE clinic_id = ${clinic.id})
  INSERT INTO care_team_member (clinic_id, child_id, user_id, role, permissions, household)
  SELECT ${clinic.id}, c.id, u.id, 'guardian', ${[...ROLE_PERMISSIONS.guardian]}::text[], 'Home'
  FROM c JOIN app_user u ON u.email = 'guardian' || c.n || '@bench.example'`.execute(db);
// Each therapist runs 25 weekly sessions (one per child of theirs, Monday to Friday at 9 to 13
// o'clock, Chicago time) for two years: a year back and a year ahead, the family invited.
console.log('Seeding sessions: 25 a week for each therapist over two years…');
// Half a million rows: longer than the pool's statement timeout allows.
await db.transaction().execute(async (tx) => {
  await sql`SET LOCAL statement_timeout = 0`.execute(tx);
  await sql`
    WITH c AS (SELECT id, row_number() OVER (ORDER BY last_name) - 1 AS n FROM child WHERE clinic_id = ${clinic.id}),
         week AS (SELECT date_trunc('week', now() AT TIME ZONE 'America/Chicago') AS monday)
    INSERT INTO therapy_session (clinic_id, child_id, kind, place, starts_at, duration_minutes, family_invited, created_by)
    SELECT ${clinic.id}, c.id, 'therapy', 'clinic',
           (week.monday + make_interval(weeks => w, days => ((c.n / 200) / 5)::int, hours => 9 + ((c.n / 200) % 5)::int)) AT TIME ZONE 'America/Chicago',
           45, true, u.id
    FROM c CROSS JOIN week CROSS JOIN generate_series(-52, 51) w
    JOIN app_user u ON u.email = 'therapist' || ((c.n % 200) + 1) || '@bench.example'`.execute(tx);
});
// Check-ins: every child has the weekly home check-in, answered by the guardian for the last 26
// weeks (on today's weekday, so this week's is open). Guardian 42's child also has 50 more open
// check-ins, so the write below spreads over rows as 50 phones would, instead of queueing on one.
console.log('Seeding check-ins: a weekly home check-in per child with 26 weeks of answers…');
const chicagoToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const checkinWeekday = ((new Date(`${chicagoToday}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
await db.transaction().execute(async (tx) => {
  await sql`SET LOCAL statement_timeout = 0`.execute(tx);
  await sql`
    INSERT INTO checkin_assignment (clinic_id, child_id, form_id, cadence, respondents, starts_on, created_by, next_check_at)
    SELECT c.clinic_id, c.id, f.id, jsonb_build_object('kind', 'weekly', 'weekday', ${checkinWeekday}::int), '[{"kind": "households"}]'::jsonb,
           ${chicagoToday}::date - 200, m.user_id, now() + interval '7 days'
    FROM child c JOIN care_team_member m ON m.child_id = c.id AND m.role = 'therapist'
    CROSS JOIN checkin_form f WHERE f.starter_key = 'weekly_home' AND c.clinic_id = ${clinic.id}`.execute(tx);
  await sql`
    INSERT INTO checkin_response (clinic_id, child_id, assignment_id, form_id, privacy, therapist_id, occurrence, due_date, slot, respondent_id, setting,
                                  answers, score, subscores, status, submitted_at)
    SELECT a.clinic_id, a.child_id, a.id, a.form_id, 'team', a.created_by, d::text, d, 'household:Home', g.user_id, 'home',
           jsonb_build_object('sleep', 1 + (w + 1) % 5, 'mood', 1 + w % 5, 'practice', 1 + (w + 2) % 5, 'worked', 'The visual timer'),
           ((1 + (w + 1) % 5) + (1 + w % 5) + (1 + (w + 2) % 5)) / 3.0, '{}'::jsonb, 'submitted', d + time '20:00'
    FROM checkin_assignment a
    JOIN care_team_member g ON g.child_id = a.child_id AND g.role = 'guardian'
    CROSS JOIN generate_series(1, 26) w
    CROSS JOIN LATERAL (SELECT ${chicagoToday}::date - 7 * w AS d) day
    WHERE a.clinic_id = ${clinic.id}`.execute(tx);
});
const guardian42Child = await db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select('m.child_id')
  .where('u.email', '=', 'guardian42@bench.example').executeTakeFirstOrThrow();
const openCheckins = await sql<{ id: string }>`
  INSERT INTO checkin_assignment (clinic_id, child_id, form_id, cadence, respondents, starts_on, created_by, next_check_at)
  SELECT a.clinic_id, a.child_id, a.form_id, a.cadence, a.respondents, a.starts_on, a.created_by, a.next_check_at
  FROM checkin_assignment a CROSS JOIN generate_series(1, 50) WHERE a.child_id = ${guardian42Child.child_id}
  RETURNING id`.execute(db);
await sql`ANALYZE`.execute(db);

const guardianCookie = await signIn(base, 'guardian42@bench.example', password);
const therapistCookie = await signIn(base, 'therapist7@bench.example', password);
const child = await db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select('m.child_id')
  .where('u.email', '=', 'guardian42@bench.example').executeTakeFirstOrThrow();

const bare = await startBareFastify();
const guardianSession = await sessionFor(db, (await db.selectFrom('app_user').select('id').where('email', '=', 'guardian42@bench.example').executeTakeFirstOrThrow()).id);
const writeHeaders = { cookie: guardianSession.cookie, 'x-csrf-token': guardianSession.csrf, 'content-type': 'application/json' };
const therapist7 = await db.selectFrom('app_user').select('id').where('email', '=', 'therapist7@bench.example').executeTakeFirstOrThrow();
const therapistSession = await sessionFor(db, therapist7.id);
const therapistWriteHeaders = { cookie: therapistSession.cookie, 'x-csrf-token': therapistSession.csrf, 'content-type': 'application/json' };
const caseload = (await db.selectFrom('care_team_member').select('child_id').where('user_id', '=', therapist7.id).execute()).map((m) => `/api/children/${m.child_id}`);

// BENCH_HOLD=1 keeps the seeded server running (for looking at it under a load of one's own).
if (process.env.BENCH_HOLD) {
  console.log(JSON.stringify({ base, therapistCookie, guardianCookie, childId: child.child_id }));
  // It goes on when the file named by BENCH_HOLD appears.
  while (!existsSync(process.env.BENCH_HOLD)) await new Promise((resolve) => setTimeout(resolve, 500));
}
// BENCH_ONLY=video measures only video signalling (with its own NOTIFY baseline).
if (process.env.BENCH_ONLY === 'video') {
  await videoSignalling();
  await finish();
  process.exit(0);
}
console.log(`Measuring, ${DURATION} s each, ${CONNECTIONS} connections…`);
const results: Result[] = [];
results.push(await load('bare Fastify hello (baseline)', `${bare.url}/`));
results.push(await load('GET /api/health', `${base}/api/health`));
results.push(await load('child overview: GET /api/children/:id (guardian)', `${base}/api/children/${child.child_id}`, { cookie: guardianCookie }));
results.push(await load('caseload: GET /api/children (therapist, 25 children)', `${base}/api/children`, { cookie: therapistCookie }));
results.push(await load('team: GET /api/children/:id/team (guardian)', `${base}/api/children/${child.child_id}/team`, { cookie: guardianCookie }));
results.push(await load('child update: PATCH /api/children/:id (therapist, across their 25 children)', `${base}/api/children/${child.child_id}`, therapistWriteHeaders, CONNECTIONS, {
  method: 'PATCH', body: JSON.stringify({ profile: { routines: 'Bath, story, bed at 7:30.' } }), paths: caseload,
}));
// The worst case: every connection updates the same child, so each waits for the row's lock.
results.push(await load('child update, all on one child: PATCH /api/children/:id (guardian)', `${base}/api/children/${child.child_id}`, writeHeaders, CONNECTIONS, {
  method: 'PATCH', body: JSON.stringify({ profile: { routines: 'Bath, story, bed at 7:30.' } }),
}));
results.push(await load('journal write: POST /api/children/:id/journal (guardian)', `${base}/api/children/${child.child_id}/journal`, writeHeaders, CONNECTIONS, {
  method: 'POST', body: JSON.stringify({ content: { kind: 'mood', mood: 4, routineNote: '' }, date: new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date()) }),
}));
// A guardian answering this week's check-in from a phone (saved half-done; 50 check-ins, so not one row's lock),
// and a child's check-in chart on the plan page (26 weeks) across a therapist's 25 children.
results.push(await load('answer a check-in: POST /api/children/:id/checkins/:assignmentId/answers (guardian, write)', `${base}/api/children/${child.child_id}/checkins/${openCheckins.rows[0]?.id ?? ''}/answers`, writeHeaders, CONNECTIONS, {
  method: 'POST', body: JSON.stringify({ occurrence: chicagoToday, answers: { sleep: 4, mood: 3, worked: 'The visual timer' }, submit: false }),
  paths: openCheckins.rows.map((r) => `/api/children/${child.child_id}/checkins/${r.id}/answers`),
}));
results.push(await load("a child's check-in trend: GET /api/children/:id/checkins/trend (therapist, 26 weeks, across their 25 children)", `${base}/api/children/${child.child_id}/checkins/trend`, { cookie: therapistCookie }, CONNECTIONS, {
  paths: caseload.map((p) => `${p}/checkins/trend`),
}));
// The therapist's week on the calendar, and a family's Sessions tab for the next twelve weeks.
const monday = new Date();
monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
monday.setUTCHours(0, 0, 0, 0);
const weekRange = new URLSearchParams({ from: new Date(monday.getTime() - 86_400_000).toISOString(), to: new Date(monday.getTime() + 8 * 86_400_000).toISOString() });
results.push(await load("a therapist's week of sessions: GET /api/me/sessions (therapist, 25 sessions)", `${base}/api/me/sessions?${weekRange.toString()}`, { cookie: therapistCookie }));
const upcomingRange = new URLSearchParams({ from: new Date().toISOString(), to: new Date(Date.now() + 12 * 7 * 86_400_000).toISOString() });
results.push(await load("a family's upcoming sessions: GET /api/children/:id/sessions (guardian, next 12 weeks)", `${base}/api/children/${child.child_id}/sessions?${upcomingRange.toString()}`, { cookie: guardianCookie }));

const baseline = results[0]?.rps ?? 1;
const bareP99 = results[0]?.p99 ?? 1;
console.log('\n| what | req/s | ratio to bare Fastify | p50 ms | p99 ms | p99 ratio to bare p99 | errors | non-2xx |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.name} | ${Math.round(r.rps)} | ${(r.rps / baseline).toFixed(3)} | ${r.p50} | ${r.p99} | ${(r.p99 / bareP99).toFixed(1)} | ${r.errors} | ${r.non2xx} |`);
}

async function finish(): Promise<void> {
  await bare.stop();
  await db.destroy();
  await server.stop();
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
await oneYearReport();
// BENCH_ONLY=routes stops after the route table and the report (for profiling the server under load).
if (process.env.BENCH_ONLY === 'routes') {
  await finish();
  process.exit(0);
}

// ---- Audited reads and sign-ins as the audit table grows: 50 k rows, then 5 M ----
/** Adds old-looking audit rows (outside every seal, as rows from long ago) until the table holds `target`. */
async function padAudit(target: number): Promise<void> {
  for (;;) {
    const { rows: [c] } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_event`.execute(db);
    const missing = target - Number(c?.n ?? 0);
    if (missing <= 0) break;
    await sql`
      WITH kids AS (SELECT array_agg(id) AS ids FROM child WHERE clinic_id = ${clinic.id}),
           staff AS (SELECT array_agg(user_id) AS ids FROM clinic_member WHERE clinic_id = ${clinic.id})
      INSERT INTO audit_event (clinic_id, actor_id, actor_role, action, outcome, child_id, subject_type, subject_id, ip, request_id, details, created_at, hash, xact_id)
      SELECT ${clinic.id}, staff.ids[1 + i % 200], 'therapist', 'child.view', 'ok', kids.ids[1 + i % 5000], 'child', kids.ids[1 + i % 5000]::text,
             '127.0.0.1', gen_random_uuid()::text, '{}', now() - (i || ' seconds')::interval, sha256(i::text::bytea), NULL
      FROM kids, staff, generate_series(1, ${Math.min(missing, 50_000)}) i`.execute(db);
  }
  await sql`ANALYZE audit_event`.execute(db);
}
async function growthPoint(rows: number) {
  await padAudit(rows);
  const read = await load(`child overview with ${rows.toLocaleString('en')} audit rows`, `${base}/api/children/${child.child_id}`, { cookie: guardianCookie });
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const started = performance.now();
    await signIn(base, 'therapist9@bench.example', password);
    times.push(performance.now() - started);
  }
  return { rows, rps: read.rps, p99: read.p99, signInMs: percentile(sorted(times), 50) };
}
console.log('\nGrowing the audit table: 50 k rows, then 5 M…');
const small = await growthPoint(50_000);
const large = await growthPoint(5_000_000);
console.log('\n| audit rows | child overview req/s | p99 ms | sign-in p50 ms |');
console.log('| ---: | ---: | ---: | ---: |');
for (const g of [small, large]) console.log(`| ${g.rows.toLocaleString('en')} | ${Math.round(g.rps)} | ${g.p99} | ${ms(g.signInMs)} |`);
console.log(`Ratio at 50 k vs 5 M: audited read ${(large.rps / small.rps).toFixed(2)}, sign-in ${(small.signInMs / large.signInMs).toFixed(2)} (≥ 0.9: no growth).`);

// ---- Message send → shown on every open session of the team, with 1,000 event streams open ----
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1_000);
const SENDS = Number(process.env.BENCH_MESSAGES ?? 200);
console.log(`\nOpening ${STREAMS} event streams and sending ${SENDS} messages…`);
const team = await db.selectFrom('care_team_member').select(['user_id', 'role']).where('child_id', '=', child.child_id).execute();
const therapistId = team.find((m) => m.role === 'therapist')?.user_id ?? '';
const guardianId = team.find((m) => m.role === 'guardian')?.user_id ?? '';
// The team: the therapist and the guardian, each on a phone and a laptop.
const sender = await sessionFor(db, therapistId);
const teamSessions = [sender, await sessionFor(db, therapistId), await sessionFor(db, guardianId), await sessionFor(db, guardianId)];
const others = await db.selectFrom('app_user').select('id').where('email', 'like', 'guardian%@bench.example').where('id', '<>', guardianId)
  .orderBy('email').limit(STREAMS - teamSessions.length).execute();
const teamStreams = await Promise.all(teamSessions.map((s) => openStream(base, { cookie: s.cookie })));
const otherStreams = [];
for (let i = 0; i < others.length; i += 100) {
  const sessions = await Promise.all(others.slice(i, i + 100).map((o) => sessionFor(db, o.id)));
  otherStreams.push(...(await Promise.all(sessions.map((s) => openStream(base, { cookie: s.cookie })))));
}
const conversations = await fetch(`${base}/api/children/${child.child_id}/conversations`, { headers: { cookie: sender.cookie } });
const conversationId = ((await conversations.json()) as { conversations: { id: string; kind: string }[] }).conversations.find((c) => c.kind === 'team')?.id;
const messageUrl = `${base}/api/children/${child.child_id}/conversations/${conversationId}/messages`;
const shown: number[] = [];
const acknowledged: number[] = [];
for (let i = 0; i < SENDS; i++) {
  const started = performance.now();
  const res = await fetch(messageUrl, {
    method: 'POST',
    headers: { cookie: sender.cookie, 'x-csrf-token': sender.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ body: `Bench message ${i}: how did bedtime go?` }),
  });
  const answered = performance.now();
  if (res.status !== 201) throw new Error(`message send: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const arrivals = await Promise.all(teamStreams.map((s) => s.received((e) => e.type === 'message.created' && e.messageId === id)));
  shown.push(Math.max(...arrivals) - started);
  acknowledged.push(answered - started);
  // About ten messages a second: a busy clinic, not a flood.
  await new Promise((r) => setTimeout(r, 100));
}
for (const s of [...teamStreams, ...otherStreams]) s.close();

// Baseline for the same path without CareTeam: a bare PostgreSQL NOTIFY to a LISTENing client.
const raw = await notifyBaseline(pool, SENDS);
const [shownS, ackS, rawS] = [sorted(shown), sorted(acknowledged), sorted(raw)];


console.log(`\n| message send → shown (${STREAMS} streams open, ${SENDS} messages) | p50 ms | p99 ms | max ms | p50 ratio to bare NOTIFY |`);
console.log('| --- | ---: | ---: | ---: | ---: |');
console.log(`| bare PostgreSQL NOTIFY → LISTEN (baseline) | ${ms(percentile(rawS, 50))} | ${ms(percentile(rawS, 99))} | ${ms(rawS.at(-1) ?? NaN)} | 1.0 |`);
console.log(`| POST message answered (201) | ${ms(percentile(ackS, 50))} | ${ms(percentile(ackS, 99))} | ${ms(ackS.at(-1) ?? NaN)} | ${(percentile(ackS, 50) / percentile(rawS, 50)).toFixed(1)} |`);
console.log(`| shown on all 4 open sessions of the team | ${ms(percentile(shownS, 50))} | ${ms(percentile(shownS, 99))} | ${ms(shownS.at(-1) ?? NaN)} | ${(percentile(shownS, 50) / percentile(rawS, 50)).toFixed(1)} |`);

await videoSignalling();

console.log('\nThe weekly digest for the whole clinic, everyone due at once…');
// The digest runs in this process, keyed like the server it shares the data folder with.
useAuditKey(await loadAuditKey(config));
const digest = await benchDigests(db, config, databaseUrl, clinic.id);
console.log('\n| weekly digest | people | mails queued | seconds | digests/s | ratio to bare mail rows |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
console.log(`| bare mail rows, 200 per transaction (baseline) | ${digest.people} | ${digest.people} | ${digest.baselineSeconds.toFixed(1)} | ${Math.round(digest.people / digest.baselineSeconds)} | 1.000 |`);
console.log(`| read, rendered and queued | ${digest.people} | ${digest.queued} | ${digest.seconds.toFixed(1)} | ${Math.round(digest.people / digest.seconds)} | ${(digest.baselineSeconds / digest.seconds).toFixed(3)} |`);

await finish();

// ---- Video signalling: an offer relayed between two participants, with 300 rooms of three open ----
async function videoSignalling(): Promise<void> {
  const rooms = Number(process.env.BENCH_ROOMS ?? 300);
  const offers = Number(process.env.BENCH_OFFERS ?? 200);
  console.log(`\nOpening ${rooms} video rooms of three (host, guardian, interpreter) and relaying ${offers} offers…`);
  const video = await benchVideoSignalling(db, base, clinic.id, { rooms, offers });
  // The baseline in the same run, while the rooms are open (closing them is a burst of leaves).
  const bareNotify = sorted(await notifyBaseline(pool, offers));
  await video.close();
  const [answered, delivered] = [sorted(video.answered), sorted(video.delivered)];
  const ratio = (v: number[], p: number) => (percentile(v, p) / percentile(bareNotify, p)).toFixed(1);
  console.log(`\n| offer relayed (${video.rooms} rooms of 3 open, ${offers} offers of ${(video.offerBytes / 1000).toFixed(1)} KB) | p50 ms | p99 ms | max ms | p50 ratio to bare NOTIFY | p99 ratio to bare NOTIFY |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| bare PostgreSQL NOTIFY → LISTEN (baseline) | ${ms(percentile(bareNotify, 50))} | ${ms(percentile(bareNotify, 99))} | ${ms(bareNotify.at(-1) ?? NaN)} | 1.0 | 1.0 |`);
  console.log(`| POST …/signal answered (200) | ${ms(percentile(answered, 50))} | ${ms(percentile(answered, 99))} | ${ms(answered.at(-1) ?? NaN)} | ${ratio(answered, 50)} | ${ratio(answered, 99)} |`);
  console.log(`| offer on the addressee's room stream | ${ms(percentile(delivered, 50))} | ${ms(percentile(delivered, 99))} | ${ms(delivered.at(-1) ?? NaN)} | ${ratio(delivered, 50)} | ${ratio(delivered, 99)} |`);
}

// ---- A one-year progress report (PDF) for the fullest child, one at a time ----
async function oneYearReport(): Promise<void> {
  if (MATCH && !'a one-year report for the fullest child'.includes(MATCH)) return;
  console.log('\nA one-year progress report (PDF) for the fullest child: seeding two years of its data…');
  const fullest = caseload[0]?.split('/').at(-1) ?? '';
  const goalIds = await seedFullestChild(db, fullest);
  const report = await benchReport(base, `${bare.url}/`, therapistWriteHeaders, fullest, goalIds, DURATION);
  console.log(`\n| a one-year report for the fullest child (6 goals, ${report.pages} pages, ${Math.round(report.kilobytes)} KB), asked for and downloaded one at a time | runs | p50 ms | p99 ms | max ms | p50 ratio to bare hello |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| bare Fastify hello, one at a time (baseline) | ${report.runs} | ${ms(report.baselineP50)} | | | 1.0 |`);
  console.log(`| POST …/reports (201) and GET its PDF | ${report.runs} | ${ms(report.p50)} | ${ms(report.p99)} | ${ms(report.max)} | ${(report.p50 / report.baselineP50).toFixed(0)} |`);
}
