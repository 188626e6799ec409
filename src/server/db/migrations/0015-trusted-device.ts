import { sql, type Kysely } from 'kysely';

// Devices a person has signed in from (OWASP's device cookies): the cookie holds a random token,
// only its hash is kept. A known device is not slowed by the failures of strangers on the account.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE trusted_device (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz NOT NULL
    );
    CREATE INDEX trusted_device_user ON trusted_device (user_id);
  `.execute(db);
}
