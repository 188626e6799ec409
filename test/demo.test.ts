import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/server/config.ts';
import { createDb, createPool, type Db } from '../src/server/db/database.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { languageCodeOf } from '../src/contract/format.ts';
import { localDate } from '../src/server/features/children/calendar.ts';
import { startServer } from '../src/server/main.ts';
import { prepareDemoFolder } from '../scripts/demo-folder.ts';
import { DEMO_CLINIC, DEMO_PASSWORD, loadDemo } from '../scripts/demo.ts';
import type { Bundle } from '@medplum/fhirtypes';
import { expectValidBundle } from './fhir.ts';
import { createTestContext, freshClient, type TestContext } from './support.ts';

/**
 * The demo is dated from the day it is loaded, and `npm run demo` loads it afresh in a folder of
 * its own at each start, so a demo started a month after the last one is as current as the first.
 */

const DAY = 86_400_000;
const ZONE = 'America/Chicago';
const dayBefore = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) - n * DAY).toISOString().slice(0, 10);

/** Prints of the demo loader (its logins table), kept out of the test output and returned. */
async function quietly(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.join(' '));
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

/** The newest day, and the newest moment, of everything the demo wrote that a person sees as "when". */
async function newest(db: Db) {
  const { rows } = await sql<{ what: string; latest: Date | string | null }>`
    SELECT 'measurement' AS what, max(measured_on)::text AS latest FROM measurement
    UNION ALL SELECT 'practice log', max(practice_date)::text FROM practice_log
    UNION ALL SELECT 'strategy use', max(used_on)::text FROM strategy_use
    UNION ALL SELECT 'journal', max(entry_date)::text FROM journal_entry
    UNION ALL SELECT 'milestone', max(happened_on)::text FROM milestone
    UNION ALL SELECT 'plan review', max(held_on)::text FROM plan_review
    UNION ALL SELECT 'message', to_char(max(created_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') FROM message
    UNION ALL SELECT 'newsletter', to_char(max(sent_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') FROM newsletter
    UNION ALL SELECT 'check-in answer', max(due_date)::text FROM checkin_response
    UNION ALL SELECT 'notification', to_char(max(created_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') FROM notification`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.what, String(r.latest)]));
}

describe('the demo loaded on a given day', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  it('is current on that day: every dated thing ends then, every goal has a recent measurement, and practice is due', async () => {
    // Loaded a month ago: what it shows is relative to that day, not to the day it was written.
    const loadedOn = new Date(Date.now() - 30 * DAY);
    const day = localDate(loadedOn, ZONE);
    await quietly(() => loadDemo(t.deps.config, 'http://localhost', t.url, loadedOn));

    const latest = await newest(t.db);
    for (const [what, date] of Object.entries(latest)) {
      // Plan reviews are held every few weeks; the last one was two weeks before.
      const within = what === 'plan review' ? 21 : 7;
      expect(date <= day, `${what} on ${date}, after the day the demo was loaded (${day})`).toBe(true);
      expect(date >= dayBefore(day, within), `${what}: the newest on ${date}, more than ${within} days before ${day}`).toBe(true);
    }
    // Nothing is dated by the database's own clock (the day the test runs), a month after the demo's day.
    const { rows: late } = await sql<{ what: string }>`
      SELECT what FROM (
        SELECT 'clinic' AS what, created_at AS at FROM clinic UNION ALL SELECT 'child', created_at FROM child
        UNION ALL SELECT 'team', created_at FROM care_team_member UNION ALL SELECT 'consent', granted_at FROM consent
        UNION ALL SELECT 'goal', created_at FROM goal UNION ALL SELECT 'goal event', created_at FROM goal_event
        UNION ALL SELECT 'practice', created_at FROM practice_item UNION ALL SELECT 'upload', created_at FROM upload
        UNION ALL SELECT 'strategy', created_at FROM child_strategy UNION ALL SELECT 'conversation', created_at FROM conversation
        UNION ALL SELECT 'mail choice', updated_at FROM mail_preference
        UNION ALL SELECT 'session series', created_at FROM session_series UNION ALL SELECT 'session', created_at FROM therapy_session
        UNION ALL SELECT 'session invitee', created_at FROM session_invitee UNION ALL SELECT 'session answer', responded_at FROM session_invitee
        UNION ALL SELECT 'session record', created_at FROM session_record UNION ALL SELECT 'clinical note', created_at FROM session_clinical_note
        UNION ALL SELECT 'agenda point', created_at FROM session_agenda_point UNION ALL SELECT 'move request', created_at FROM session_move_request
        UNION ALL SELECT 'event', created_at FROM family_event UNION ALL SELECT 'rsvp', created_at FROM family_event_rsvp
        UNION ALL SELECT 'check-in', created_at FROM checkin_assignment UNION ALL SELECT 'check-in answer', submitted_at FROM checkin_response
        UNION ALL SELECT 'strategy use', created_at FROM strategy_use
      ) dated WHERE at > ${loadedOn}`.execute(t.db);
    expect(late.map((r) => r.what)).toEqual([]);

    // Every goal being measured was measured in the week before, Sofía's too, and hers is going well.
    const goals = await t.db.selectFrom('goal as g').innerJoin('measurement as m', 'm.goal_id', 'g.id')
      .select(['g.statement', 'g.status', (eb) => eb.fn.max('m.measured_on').as('last')]).groupBy(['g.statement', 'g.status']).execute();
    expect(goals.length).toBeGreaterThanOrEqual(8);
    for (const g of goals) expect(String(g.last) >= dayBefore(day, 7), `${g.statement}: last measured ${String(g.last)}`).toBe(true);
    const sofia = await t.db.selectFrom('measurement as m').innerJoin('goal as g', 'g.id', 'm.goal_id')
      .select(['m.measured_on', 'm.value']).where('g.statement', '=', 'Pide ayuda con palabras en vez de llorar').orderBy('m.measured_on').execute();
    expect((sofia.at(-1)?.measured_on ?? '') >= dayBefore(day, 7)).toBe(true);
    expect(Number(sofia.at(-1)?.value)).toBeGreaterThan(Number(sofia[0]?.value));

    // Sofía's daily practice was logged in the days before and is still to do on the day itself.
    const logs = await t.db.selectFrom('practice_log as l').innerJoin('practice_item as i', 'i.id', 'l.item_id')
      .select((eb) => eb.fn.max('l.practice_date').as('last')).where('i.title', '=', 'Pedir ayuda en la cocina').executeTakeFirstOrThrow();
    expect(String(logs.last) < day && String(logs.last) >= dayBefore(day, 3), `last logged ${String(logs.last)}`).toBe(true);

    // The children are as old on that day as the families describe them (kindergarten, preschool).
    const ages = await sql<{ first_name: string; years: number }>`
      SELECT first_name, extract(year FROM age(${day}::date, birth_date))::int AS years FROM child ORDER BY first_name`.execute(t.db);
    expect(ages.rows.map((r) => `${r.first_name} ${r.years}`)).toEqual(['Ava 6', 'Bảo 4', 'Leo 5', 'Noah 4', 'Sofía 5', 'Yousef 5', 'Yutong 6']);

    // No translation server is set up for the demo, so nothing it writes promises one.
    const promises = await t.db.selectFrom('message').select('body')
      .where((eb) => eb.or([eb('body', 'ilike', '%translat%'), eb('body', 'ilike', '%traduc%'), eb('body', 'ilike', '%own language%'), eb('body', 'ilike', '%su idioma%')])).execute();
    expect(promises.map((m) => m.body)).toEqual([]);

    // Loading it again changes nothing and says the day its data is from, and how to get a fresh one.
    const again = await quietly(() => loadDemo(t.deps.config, 'http://localhost', t.url));
    expect(again).toContain(`already loaded: its data is from ${day}`);
    expect(again).toContain('npm run demo');
    const clinics = await t.db.selectFrom('clinic').select('id').where('name', '=', DEMO_CLINIC).execute();
    expect(clinics).toHaveLength(1);
  });
});

type DemoSession = { id: string; childId: string; seriesId: string | null; kind: string; startsAt: string; status: string; myResponse: string | null; familyInvited: boolean };
type DemoSummary = { text: { workedOn: string; wentWell: string; toPractise: string }; practiceItems: { title: string }[]; strategies: { name: string }[] };
type DemoEvent = { title: string; kind: string; askInterpreter: boolean; startsAt: string; myRsvp: { answer: string; interpreterLanguage: string | null } | null; counts: { yes: number; maybe: number; no: number; adults: number; children: number; interpreters: { language: string; requests: number }[] } | null };

describe('the demo’s sessions, meetings and family events', () => {
  let t: TestContext;
  const now = new Date();
  const range = (fromDays: number, toDays: number) => new URLSearchParams({
    from: new Date(now.getTime() + fromDays * DAY).toISOString(), to: new Date(now.getTime() + toDays * DAY).toISOString(),
  }).toString();
  const as = (email: string) => freshClient(t.app).login(email, DEMO_PASSWORD);
  let children: Record<string, string>;
  beforeAll(async () => {
    t = await createTestContext();
    t.clock.set(now);
    await quietly(() => loadDemo(t.deps.config, 'http://localhost', t.url, now));
    children = Object.fromEntries((await t.db.selectFrom('child').select(['id', 'first_name']).execute()).map((c) => [c.first_name, c.id]));
  });
  afterAll(async () => t.close());

  it('has families in at least four languages: each guardian with a child, writing in their language to a therapist writing in English, and the app in theirs', async () => {
    const guardians = await t.db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').innerJoin('child as c', 'c.id', 'm.child_id')
      .select(['u.id', 'u.email', 'u.locale', 'c.id as child_id', 'c.languages']).where('m.role', '=', 'guardian').where('m.revoked_at', 'is', null)
      .where('c.clinic_id', 'in', t.db.selectFrom('clinic').select('id').where('name', '=', DEMO_CLINIC)).orderBy('u.email').execute();
    const locales = new Set(guardians.map((g) => g.locale));
    expect(locales.size).toBeGreaterThanOrEqual(4);
    expect([...locales]).toEqual(expect.arrayContaining(['en', 'es', 'vi', 'ar', 'zh']));

    // What each family writes is in its language: no English, and Spanish accents, Vietnamese tone
    // marks, Arabic or Han script throughout.
    const script: Record<string, RegExp> = { es: /[áéíóúñ¿¡]/u, vi: /[ăâđêôơư\u1EA0-\u1EF9]/u, ar: /\p{Script=Arabic}/u, zh: /\p{Script=Han}/u };
    const english = /\b(the|and|she|his|her|with|was|they|when)\b/iu;
    const inLanguage = (locale: string, texts: string[], what: string) => {
      expect(texts.length, what).toBeGreaterThan(0);
      for (const x of texts) expect(english.test(x), `${what}: ${x}`).toBe(false);
      expect(texts.filter((x) => script[locale]?.test(x)).length, what).toBeGreaterThanOrEqual(Math.ceil(texts.length / 2));
    };
    for (const g of guardians.filter((x) => x.locale !== 'en')) {
      // The family profile names their language, as the app reads a typed language name.
      expect(g.languages.map((l) => languageCodeOf(l)), g.email).toContain(g.locale);
      const messages = await t.db.selectFrom('message').select(['body', 'language', 'author_id']).where('child_id', '=', g.child_id).execute();
      const theirs = messages.filter((m) => m.author_id === g.id);
      expect(theirs.length, g.email).toBeGreaterThanOrEqual(2);
      expect(new Set(theirs.map((m) => m.language)), g.email).toEqual(new Set([g.locale]));
      inLanguage(g.locale, theirs.map((m) => m.body), `${g.email} messages`);
      if (g.locale !== 'es') {
        // Their therapist writes in English: the conversation is where translation shows.
        const others = messages.filter((m) => m.author_id !== g.id);
        expect(others.length, g.email).toBeGreaterThan(0);
        expect(new Set(others.map((m) => m.language)), g.email).toEqual(new Set(['en']));
      }
      const journal = await t.db.selectFrom('journal_entry').select('content').where('author_id', '=', g.id).where('kind', 'in', ['behaviour', 'win']).execute();
      const journalTexts = journal.flatMap((j) => ['before', 'behaviour', 'after', 'text'].map((k) => j.content[k]).filter((v): v is string => typeof v === 'string'));
      inLanguage(g.locale, journalTexts, `${g.email} journal`);
      const notes = await t.db.selectFrom('practice_log').select('note').where('logged_by', '=', g.id).where('note', '<>', '').execute();
      inLanguage(g.locale, notes.map((n) => n.note), `${g.email} practice notes`);
      const answers = await t.db.selectFrom('checkin_response').select('answers').where('respondent_id', '=', g.id).where('status', '=', 'submitted').execute();
      inLanguage(g.locale, answers.flatMap((a) => Object.values(a.answers).filter((v): v is string => typeof v === 'string' && v !== '')), `${g.email} check-ins`);
    }

    // Each of them signs in to the app in their own language.
    for (const email of new Set(guardians.filter((g) => g.locale !== 'en').map((g) => g.email))) {
      const me = await (await as(email)).get('/api/me');
      expect(me.body.user.locale, email).toBe(guardians.find((g) => g.email === email)?.locale);
    }
  });

  it('gives every child’s record as valid FHIR R4 to its therapist and each of its guardians', async () => {
    const readers = await t.db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').innerJoin('child as c', 'c.id', 'm.child_id')
      .select(['m.child_id', 'u.email', 'm.role']).where('m.revoked_at', 'is', null).where('m.role', 'in', ['therapist', 'guardian'])
      .where('c.clinic_id', 'in', t.db.selectFrom('clinic').select('id').where('name', '=', DEMO_CLINIC)).execute();
    expect(new Set(readers.map((r) => r.child_id)).size).toBe(Object.keys(children).length);
    const clients = new Map<string, Awaited<ReturnType<typeof as>>>();
    for (const r of readers) {
      const c = clients.get(r.email) ?? await as(r.email);
      clients.set(r.email, c);
      const res = await c.get(`/fhir/r4/Patient/${r.child_id}/$everything`);
      expect(res.status, `${r.email} on ${r.child_id}`).toBe(200);
      const resources = expectValidBundle(res.body as Bundle);
      expect(resources.filter((x) => x.resourceType === 'Goal').length, r.email).toBeGreaterThan(0);
    }
  });

  it('has months of "did it help?" logs: Leo’s Support page counts home, therapy and school, and his dad’s Today asks', async () => {
    const span = await t.db.selectFrom('strategy_use').select((eb) => [eb.fn.min('used_on').as('first'), eb.fn.max('used_on').as('last')]).executeTakeFirstOrThrow();
    const today = localDate(now, ZONE);
    expect(String(span.first) <= dayBefore(today, 90), `first use ${String(span.first)}`).toBe(true);
    expect(String(span.last)).toBe(today);
    const dad = await as('diego.martinez@family.example');
    const leo = await dad.get(`/api/children/${children.Leo}/strategies`);
    const settings = new Set((leo.body.strategies as { uses: { setting: string; used: number }[] }[]).flatMap((s) => s.uses.filter((u) => u.used > 0).map((u) => u.setting)));
    expect([...settings].sort()).toEqual(['home', 'school', 'therapy']);
    const todays = await dad.get('/api/today/strategies');
    const mine = (todays.body.children as { strategies: { myToday: unknown }[] }[]).flatMap((c) => c.strategies);
    expect(mine.some((s) => s.myToday === null)).toBe(true);
  });

  it('has resources given to the families, opened and found helpful, and Leo’s parents’ ratings before his plan review', async () => {
    const leo = children.Leo ?? '';
    const carmen = await as('carmen.hernandez@family.example');
    const page = await carmen.get('/api/family-resources');
    expect(page.status).toBe(200);
    const given = page.body.children[0].resources as { resource: { content: { es?: { title: string } } }; mine: { openedAt: string | null; helpful: boolean | null } }[];
    expect(given.map((g) => [g.resource.content.es?.title, g.mine.helpful])).toEqual([['Cómo preparar a su hijo o hija para una nueva rutina', true]]);
    const sam = await as('sam.rivera@sunrise.example');
    const ratings = await sam.get(`/api/children/${leo}/goal-ratings`);
    expect(ratings.status).toBe(200);
    expect(ratings.body.open).toBe(true);
    const rated = (ratings.body.goals as { statement: string; ratings: { name: string; rating: string }[] }[]).find((g) => g.statement === 'Tells us what he wants with two words');
    expect(rated?.ratings.map((r) => [r.name, r.rating])).toEqual([['Diego Martínez', 'much_better'], ['Laura Bennett', 'a_bit_better']]);
  });

  it('has past sessions with summaries for the family, and a private note a parent cannot read', async () => {
    const leo = children.Leo ?? '';
    const diego = await as('diego.martinez@family.example');
    const list = await diego.get(`/api/children/${leo}/sessions?${range(-30, 30)}`);
    expect(list.status).toBe(200);
    const sessions = (list.body as { sessions: DemoSession[] }).sessions;
    const past = sessions.filter((s) => new Date(s.startsAt) < now && s.status === 'scheduled');
    expect(past.length).toBeGreaterThanOrEqual(2);
    // The holiday week's session was cancelled, with its reason.
    expect(sessions.some((s) => s.status === 'cancelled')).toBe(true);
    const summaries: DemoSummary[] = [];
    for (const s of past) {
      const r = await diego.get(`/api/children/${leo}/sessions/${s.id}/record`);
      expect(r.status).toBe(200);
      const summary = (r.body as { summary: DemoSummary | null }).summary;
      if (summary) summaries.push(summary);
    }
    expect(summaries.length).toBeGreaterThanOrEqual(2);
    expect(summaries.flatMap((x) => x.practiceItems.map((i) => i.title))).toContain('Bubbles: asking with two words');
    expect(summaries.flatMap((x) => x.strategies).length).toBeGreaterThan(0);

    // Sam reads his private note on a session; Diego cannot, and it is nowhere in what he reads.
    const noted = await t.db.selectFrom('session_clinical_note').select(['session_id', 'text']).where('child_id', '=', leo).execute();
    expect(noted.length).toBeGreaterThan(0);
    const sam = await as('sam.rivera@sunrise.example');
    for (const n of noted) {
      const own = await sam.get(`/api/children/${leo}/sessions/${n.session_id}/clinical-note`);
      const theirs = await diego.get(`/api/children/${leo}/sessions/${n.session_id}/clinical-note`);
      const record = await diego.get(`/api/children/${leo}/sessions/${n.session_id}/record`);
      if (own.status === 200) expect((own.body as { note: { text: string } }).note.text).toBe(n.text);
      expect([403, 404]).toContain(theirs.status);
      expect(JSON.stringify(theirs.body) + JSON.stringify(record.body)).not.toContain(n.text.slice(0, 30));
    }
    // Sofía's summaries are in her family's language.
    const carmen = await as('carmen.hernandez@family.example');
    const hers = (await carmen.get(`/api/children/${children['Sofía']}/sessions?${range(-30, 0)}`)).body as { sessions: DemoSession[] };
    const first = hers.sessions.at(-1);
    const record = (await carmen.get(`/api/children/${children['Sofía']}/sessions/${first?.id}/record`)).body as { summary: DemoSummary & { translation: { language: string } } };
    expect(record.summary.translation.language).toBe('es');
  });

  it('fills the therapist’s week, with a series the family joins, a move asked by the second home, and a plan review with an agenda', async () => {
    const sam = await as('sam.rivera@sunrise.example');
    const week = await sam.get(`/api/me/sessions?${range(0, 7)}`);
    expect(week.status).toBe(200);
    const mine = (week.body as { sessions: DemoSession[] }).sessions.filter((s) => s.status === 'scheduled');
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mine.map((s) => s.childId)).size).toBeGreaterThanOrEqual(3);
    expect(mine.map((s) => s.kind)).toContain('plan_review');

    // Leo's weekly session: Diego said he'd join the next one.
    const leo = children.Leo ?? '';
    const diego = await as('diego.martinez@family.example');
    const upcoming = ((await diego.get(`/api/children/${leo}/sessions?${range(0, 60)}`)).body as { sessions: DemoSession[] }).sessions;
    const series = Map.groupBy(upcoming.filter((s) => s.seriesId !== null && s.familyInvited), (s) => s.seriesId);
    const weekly = [...series.values()].find((s) => s.length >= 8);
    expect(weekly?.[0]?.myResponse).toBe('yes');

    // Laura (Mum's home) asked to move Saturday's home visit to one of two times; Sam sees her request.
    const laura = await as('laura.bennett@family.example');
    const ownMoves = (await laura.get(`/api/children/${leo}/session-moves`)).body as { moves: { requests: { times: unknown[]; status: string; mine: boolean }[] }[] };
    expect(ownMoves.moves.flatMap((m) => m.requests).filter((r) => r.status === 'open' && r.mine).map((r) => r.times.length)).toEqual([2]);
    const samMoves = (await sam.get(`/api/children/${leo}/session-moves`)).body as { moves: { requests: { household: string | null }[] }[] };
    expect(samMoves.moves.flatMap((m) => m.requests).map((r) => r.household)).toEqual(["Mum's home"]);

    // The plan review: Diego, Laura and Ms Park invited; points from both homes, the teacher and Sam.
    const review = mine.find((s) => s.kind === 'plan_review');
    const meeting = await diego.get(`/api/children/${leo}/sessions/${review?.id}/meeting`);
    expect(meeting.status).toBe(200);
    const m = meeting.body as { invited: { name: string }[]; agenda: { family: { author: { role: string } }[]; team: { author: { role: string } }[] } };
    expect(m.invited.map((p) => p.name)).toEqual(expect.arrayContaining(['Diego Martínez', 'Laura Bennett', 'Hannah Park']));
    expect(m.agenda.family.length).toBeGreaterThanOrEqual(2);
    expect(m.agenda.team.map((p) => p.author.role)).toEqual(expect.arrayContaining(['teacher', 'therapist']));
    const teacher = await as('hannah.park@school.example');
    expect((await teacher.get(`/api/children/${leo}/sessions/${review?.id}/meeting`)).status).toBe(200);
  });

  it('has months of check-ins: scores on Leo’s plan from both homes and the school, this week’s waiting on Today, and Sam’s partnership summary kept back (four families, fewer than five)', async () => {
    const leo = children.Leo ?? '';
    const sam = await as('sam.rivera@sunrise.example');
    const trend = (await sam.get(`/api/children/${leo}/checkins/trend`)).body as { forms: { title: { en: string }; series: { who: string; setting: string; points: { date: string }[] }[] }[] };
    const weekly = trend.forms.find((f) => f.title.en === 'Weekly home check-in');
    expect(weekly?.series.map((s) => s.who).sort()).toEqual(["Dad's home", "Mum's home"]);
    for (const s of weekly?.series ?? []) expect(s.points.length, s.who).toBeGreaterThanOrEqual(18);
    expect(trend.forms.find((f) => f.title.en === 'School check-in')?.series[0]?.setting).toBe('school');
    // Diego's well-being stays with the clinicians: Sam sees it, Diego's co-parent does not.
    expect(trend.forms.some((f) => f.title.en === 'How are you doing?')).toBe(true);
    const laura = await as('laura.bennett@family.example');
    const hers = (await laura.get(`/api/children/${leo}/checkins/trend`)).body as { forms: { title: { en: string } }[] };
    expect(hers.forms.some((f) => f.title.en === 'How are you doing?')).toBe(false);
    const texts = (await sam.get(`/api/children/${leo}/checkins/texts?from=${dayBefore(localDate(now, ZONE), 28)}`)).body as { texts: unknown[] };
    expect(texts.texts.length).toBeGreaterThan(0);
    const diego = await as('diego.martinez@family.example');
    const open = (await diego.get('/api/checkins/open')).body as { checkins: { childName: string; status: string }[] };
    expect(open.checkins).toEqual([expect.objectContaining({ childName: 'Leo', status: 'new' })]);
    const summary = (await sam.get('/api/checkins/partnership')).body as { therapists: { name: string; answers: number | null }[] };
    // Sam's four families have answered for months, but a summary needs five families: none is shown.
    expect(summary.therapists[0]).toMatchObject({ name: expect.any(String), answers: null });
  });

  it('has two family events ahead, with answers counted and interpreters asked for', async () => {
    const grace = await as('admin@sunrise.example');
    const list = await grace.get('/api/family-events');
    expect(list.status).toBe(200);
    const events = (list.body as { events: DemoEvent[] }).events;
    expect(events).toHaveLength(2);
    for (const e of events) expect(new Date(e.startsAt) > now).toBe(true);
    const workshop = events.find((e) => e.askInterpreter);
    expect(workshop?.counts).toMatchObject({
      yes: 5, maybe: 1, interpreters: [{ language: 'ar', requests: 1 }, { language: 'es', requests: 1 }, { language: 'vi', requests: 1 }],
    });
    const show = events.find((e) => e.kind === 'performance');
    expect(show?.counts?.yes).toBeGreaterThanOrEqual(3);
    expect(show?.counts?.children).toBeGreaterThan(0);
    // Carmen sees her own answers: an interpreter in Spanish for the workshop.
    const carmen = await as('carmen.hernandez@family.example');
    const hers = ((await carmen.get('/api/family-events')).body as { events: DemoEvent[] }).events;
    expect(hers.find((e) => e.askInterpreter)?.myRsvp).toMatchObject({ answer: 'yes', interpreterLanguage: 'es' });
    expect(hers.every((e) => e.counts === null)).toBe(true);
  });
});

describe('npm run demo in its own folder', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'careteam-demo-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  /** What `npm run demo` does: ready the folder, start the server, load the demo. */
  async function start(config: ReturnType<typeof loadConfig>, now?: Date) {
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    const printed = await quietly(async () => {
      await prepareDemoFolder(config, true);
      server = await startServer(config);
      await loadDemo(config, server.url, server.databaseUrl, now);
    });
    if (!server) throw new Error('not started');
    return { server, printed };
  }

  it('starts afresh, dated today, when started again a month later; and never empties a folder with other clinics', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }, false);
    const first = await start(config, new Date(Date.now() - 30 * DAY));
    await first.server.stop();

    const second = await start(config);
    expect(second.printed).toContain(`Starting the demo afresh in ${dataDir}`);
    expect(second.printed).toContain(`The demo clinic "${DEMO_CLINIC}" is ready.`);
    const today = localDate(new Date(), ZONE);
    const { server } = second;
    const db = createDb(createPool(server.databaseUrl, 1));
    try {
      expect(await db.selectFrom('clinic').select('name').execute()).toEqual([{ name: DEMO_CLINIC }]);

      // Carmen, Sofía's mother, sees today's practice to do and her daughter's goal going well.
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'carmen.hernandez@family.example', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const todayRes = await fetch(`${server.url}/api/today`, { headers: { cookie } });
      const home = await todayRes.json() as { children: { childId: string; firstName: string; today: string; items: { title: string; dueToday: boolean }[] }[] };
      const sofia = home.children.find((c) => c.firstName === 'Sofía');
      expect(sofia?.today).toBe(today);
      expect(sofia?.items.filter((i) => i.dueToday).map((i) => i.title)).toContain('Pedir ayuda en la cocina');
      const goalsRes = await fetch(`${server.url}/api/children/${sofia?.childId}/goals`, { headers: { cookie } });
      const { goals } = await goalsRes.json() as { goals: { statement: string; trend: { kind: string }; measurements: { date: string }[] }[] };
      const main = goals.find((g) => g.statement === 'Pide ayuda con palabras en vez de llorar');
      expect(main?.trend.kind).toBe('improving');
      expect((main?.measurements.at(-1)?.date ?? '') >= dayBefore(today, 7)).toBe(true);

      // Someone uses the demo's folder for a clinic of their own.
      await db.insertInto('clinic').values({ name: 'Harbour Speech', time_zone: ZONE }).execute();
    } finally {
      await db.destroy();
      await server.stop();
    }

    await expect(quietly(() => prepareDemoFolder(config, true))).rejects.toThrow(`${dataDir} holds clinics other than the demo`);
    // Named by DATA_DIR, the folder is kept as it is: the demo loads beside its clinics.
    await quietly(() => prepareDemoFolder(config, false));
    const embedded = await startEmbeddedPostgres(dataDir, () => {});
    const kept = createDb(createPool(embedded.ownerUrl, 1));
    try {
      expect((await kept.selectFrom('clinic').select('name').orderBy('name').execute()).map((c) => c.name)).toEqual(['Harbour Speech', DEMO_CLINIC]);
    } finally {
      await kept.destroy();
      await embedded.stop();
    }
  }, 90_000);
});
