import { sql, type Kysely } from 'kysely';

// A newsletter due to be sent is claimed, for a short while, by the server instance translating
// it, so that another instance sweeping at the same moment leaves it alone rather than asking the
// translation service for the same words again. Only a claim: the send itself is still guarded by
// the row lock and the status. A claim left by an instance that stopped runs out by itself.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE newsletter ADD COLUMN translating_until timestamptz`.execute(db);
}
