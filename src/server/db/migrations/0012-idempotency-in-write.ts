import { sql, type Kysely } from 'kysely';

// An Idempotency-Key is now claimed inside the write's own transaction, so a write and its claim
// commit together or not at all (a server killed mid-request leaves neither). request_id tells a
// request's own claim from another's. Claims left pending by the earlier scheme (taken before the
// write, in their own transaction) are dropped: the retry they blocked can go through.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE idempotency_record ADD COLUMN request_id text;
    DELETE FROM idempotency_record WHERE status = 0;
    CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
  `.execute(db);
}
