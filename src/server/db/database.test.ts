import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support.ts';
import { createDb, createPool, type Db } from './database.ts';

let t: TestContext;
let db: Db;
beforeAll(async () => {
  t = await createTestContext();
  db = createDb(createPool(t.url, 1));
});
afterAll(async () => {
  await db.destroy();
  await t.close();
});

const prepared = async (marker: string) => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`.execute(db);
  return rows[0]?.n;
};

describe('statements run again and again', () => {
  it('are prepared once per connection from their second run, and give the same answers', async () => {
    const run = (n: number) => sql<{ v: number }>`select ${n}::int + 1 as v /* repeated-marker */`.execute(db);
    expect((await run(1)).rows).toEqual([{ v: 2 }]);
    expect(await prepared('repeated-marker')).toBe(0);
    expect((await run(2)).rows).toEqual([{ v: 3 }]);
    expect((await run(3)).rows).toEqual([{ v: 4 }]);
    expect(await prepared('repeated-marker')).toBe(1);
  });

  it('leave scripts of several statements (migrations) unprepared', async () => {
    const pool = createPool(t.url, 1);
    try {
      for (let i = 0; i < 3; i++) await pool.query('select 1 /* script-marker */; select 2');
      const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where statement like '%script-marker%' and statement not like '%pg_prepared_statements%'");
      expect(rows[0]?.n).toBe(0);
    } finally {
      await pool.end();
    }
  });
});
