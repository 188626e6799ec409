import { sql, type Kysely } from 'kysely';

// How large the app draws its text for each person: kept on the account, so the choice follows
// them from one device to the next.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE app_user ADD COLUMN text_size text NOT NULL DEFAULT 'normal' CHECK (text_size IN ('normal', 'larger', 'largest'));
  `.execute(db);
}
