// The weekly digest for a whole large clinic: every family and every therapist due at once (a
// Sunday evening), each digest read with the reader's permissions, rendered and queued as mail.
// Baseline in the same run: the same number of mail rows written bare, 200 per transaction, so
// the figure says what reading and rendering cost on top of the writes.
import { sql } from 'kysely';
import type { Config } from '../src/server/config.ts';
import type { Db } from '../src/server/db/database.ts';
import type { Deps } from '../src/server/deps.ts';
import { sweepDigests } from '../src/server/features/digests/digests.ts';
import { ensurePreferences } from '../src/server/features/digests/digests.repository.ts';
import { startRealtime } from '../src/server/realtime/hub.ts';

/** A week worth telling: a daily practice with four days logged, an agreed goal with six weeks of data. */
async function seedWeek(db: Db, clinicId: string): Promise<void> {
  await sql`
    INSERT INTO practice_item (clinic_id, child_id, title, steps, rule, start_date, created_by)
    SELECT clinic_id, id, 'Balloon breathing', '["Hand on tummy","Breathe in for four","Out like a balloon"]', 'FREQ=DAILY', current_date - 60, created_by
    FROM child WHERE clinic_id = ${clinicId}`.execute(db);
  await sql`
    INSERT INTO practice_log (item_id, child_id, practice_date, outcome, how_it_went, logged_by, logger_role)
    SELECT i.id, i.child_id, current_date - d, 'done', 4, m.user_id, 'guardian'
    FROM practice_item i JOIN care_team_member m ON m.child_id = i.child_id AND m.role = 'guardian'
    CROSS JOIN generate_series(1, 4) d WHERE i.clinic_id = ${clinicId}`.execute(db);
  await sql`
    INSERT INTO goal (clinic_id, child_id, status, area, statement, measure, baseline, target, settings, created_by, agreed_at)
    SELECT clinic_id, id, 'agreed', 'communication', 'Asks for help with words', 'count', 1, 5, '{home}', created_by, now() - interval '60 days'
    FROM child WHERE clinic_id = ${clinicId}`.execute(db);
  await sql`
    INSERT INTO measurement (goal_id, child_id, value, measured_on, setting, recorded_by)
    SELECT g.id, g.child_id, 1 + w * 0.5, current_date - 7 * (6 - w), 'home', g.created_by
    FROM goal g CROSS JOIN generate_series(0, 5) w WHERE g.clinic_id = ${clinicId}`.execute(db);
  await sql`ANALYZE`.execute(db);
}

export type DigestBench = { people: number; queued: number; seconds: number; baselineSeconds: number };

export async function benchDigests(db: Db, config: Config, databaseUrl: string, clinicId: string): Promise<DigestBench> {
  await seedWeek(db, clinicId);
  const realtime = await startRealtime(databaseUrl, () => {});
  // The bench server sends no mail (no SMTP_URL): queued mail waits in the outbox, as it would there.
  const deps: Deps = { config, db, clock: () => new Date(), jobs: { send: async () => {}, stop: async () => {} }, realtime };
  await ensurePreferences(db);
  const people = Number((await db.selectFrom('mail_preference').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  // Baseline: as many bare mail rows, 200 to a transaction, then gone again.
  const baseStart = performance.now();
  for (let i = 0; i < people; i += 200) {
    await db.transaction().execute(async (tx) => {
      for (let j = i; j < Math.min(i + 200, people); j++) {
        await tx.insertInto('mail_outbox').values({ to_address: `baseline${j}@bench.example`, subject: 'Baseline', text_body: 'Baseline', html_body: '<p>Baseline</p>', dedupe_key: `baseline:${j}` }).execute();
      }
    });
  }
  const baselineSeconds = (performance.now() - baseStart) / 1000;
  await db.deleteFrom('mail_outbox').where('dedupe_key', 'like', 'baseline:%').execute();

  // Everyone due a minute ago. The server's own per-minute sweep may take some of them (rows are
  // locked and skipped between sweeps): the clock stops when none is left due.
  const dueAt = new Date(Date.now() - 60_000);
  await db.updateTable('mail_preference').set({ digest_next_at: dueAt }).execute();
  const started = performance.now();
  await sweepDigests(deps);
  for (;;) {
    const left = await db.selectFrom('mail_preference').select('user_id').where('digest_next_at', '<=', dueAt).limit(1).execute();
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const queued = Number((await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll().as('n')).where('dedupe_key', 'like', 'digest:%').executeTakeFirstOrThrow()).n);
  await realtime.stop();
  return { people, queued, seconds, baselineSeconds };
}
