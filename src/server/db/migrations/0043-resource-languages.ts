import { sql, type Kysely } from 'kysely';

// A resource may be written in any of the app's languages, not only English or Spanish: its
// content holds at least one of them. The app's languages as they are now (a migration imports no
// app code); adding a language later needs a migration like this one.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE resource DROP CONSTRAINT resource_content_check;
    ALTER TABLE resource ADD CONSTRAINT resource_content_check CHECK (content ?| ARRAY['en', 'es', 'zh', 'vi', 'ar', 'pt', 'fr']);
  `.execute(db);
}
