import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repository functions take either the database or a transaction. */
export type Executor = Db | Tx;

// Dates stay strings ('YYYY-MM-DD'): a child's calendar day is not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/**
 * Statements this process runs again and again get a name, so PostgreSQL parses and plans them
 * once per connection instead of on every call (planning was most of the database's work on a
 * child's overview). Only data statements sent with parameters are named (migrations' multi-
 * statement scripts are not), a text is named the second time it is seen, and the number of
 * names is bounded, so texts that differ on every call (many-row inserts) cannot grow it.
 */
const MAX_NAMED = 400;
const named = new Map<string, string>();
const seenOnce = new Set<string>();
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

function statementName(text: string): string | undefined {
  const name = named.get(text);
  if (name !== undefined || named.size >= MAX_NAMED) return name;
  if (!seenOnce.has(text)) {
    if (seenOnce.size >= 5_000) seenOnce.clear();
    if (DATA_STATEMENT.test(text)) seenOnce.add(text);
    return undefined;
  }
  seenOnce.delete(text);
  const fresh = `careteam_${named.size}`;
  named.set(text, fresh);
  return fresh;
}

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

function nameStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  const withNames: QueryFn = (config, values, callback) => {
    const name = typeof config === 'string' && Array.isArray(values) ? statementName(config) : undefined;
    if (name === undefined) return query(config, values, callback);
    const named = { name, text: config, values };
    return typeof callback === 'function' ? query(named, callback) : query(named);
  };
  client.query = withNames as typeof client.query;
}

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A statement that hangs must not hang a request forever.
    statement_timeout: 15_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', nameStatements);
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
