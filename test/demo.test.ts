import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/server/config.ts';
import { createDb, createPool, type Db } from '../src/server/db/database.ts';
import { startEmbeddedPostgres } from '../src/server/db/embedded.ts';
import { localDate } from '../src/server/features/children/calendar.ts';
import { startServer } from '../src/server/main.ts';
import { prepareDemoFolder } from '../scripts/demo-folder.ts';
import { DEMO_CLINIC, DEMO_PASSWORD, loadDemo } from '../scripts/demo.ts';
import { createTestContext, type TestContext } from './support.ts';

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
    UNION ALL SELECT 'journal', max(entry_date)::text FROM journal_entry
    UNION ALL SELECT 'milestone', max(happened_on)::text FROM milestone
    UNION ALL SELECT 'plan review', max(held_on)::text FROM plan_review
    UNION ALL SELECT 'message', to_char(max(created_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') FROM message
    UNION ALL SELECT 'newsletter', to_char(max(sent_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') FROM newsletter
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
    expect(ages.rows.map((r) => `${r.first_name} ${r.years}`)).toEqual(['Ava 6', 'Leo 5', 'Noah 4', 'Sofía 5']);

    // Loading it again changes nothing and says the day its data is from, and how to get a fresh one.
    const again = await quietly(() => loadDemo(t.deps.config, 'http://localhost', t.url));
    expect(again).toContain(`already loaded: its data is from ${day}`);
    expect(again).toContain('npm run demo');
    const clinics = await t.db.selectFrom('clinic').select('id').where('name', '=', DEMO_CLINIC).execute();
    expect(clinics).toHaveLength(1);
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
