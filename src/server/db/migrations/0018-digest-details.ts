import { sql, type Kysely } from 'kysely';

// Whether the weekly digest carries its content (children's names, progress) in the email itself:
// only for people who chose it after being told email is not private. Everyone else is told the
// summary is ready, with a link.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE mail_preference ADD COLUMN digest_details boolean NOT NULL DEFAULT false`.execute(db);
}
