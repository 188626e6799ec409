import { sql, type Kysely } from 'kysely';

// A clinic's strategy may be written in any of the app's languages, not only English or Spanish:
// its content holds at least one of them. Every existing row holds English or Spanish, so it stays
// valid. The app's languages as they are now (a migration imports no app code); adding a language
// later needs a migration like this one.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE strategy DROP CONSTRAINT strategy_content_check;
    ALTER TABLE strategy ADD CONSTRAINT strategy_content_check CHECK (content ?| ARRAY['en', 'es', 'zh', 'vi', 'ar', 'pt', 'fr']);
  `.execute(db);
}
