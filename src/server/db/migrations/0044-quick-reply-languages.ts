import { sql, type Kysely } from 'kysely';

// Quick replies and clinic templates in any of the app's languages, no longer only English and
// Spanish: the four columns become two per-language objects, `title` and `text` ({ "en": …,
// "ar": … }), each holding only the languages written. The message needs at least one language;
// a short name only in a language the message has. What was written moves over; an empty
// language is left out.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE quick_reply
      ADD COLUMN title jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN text jsonb NOT NULL DEFAULT '{}';
    UPDATE quick_reply SET
      title = jsonb_strip_nulls(jsonb_build_object('en', NULLIF(title_en, ''), 'es', NULLIF(title_es, ''))),
      text = jsonb_strip_nulls(jsonb_build_object('en', NULLIF(text_en, ''), 'es', NULLIF(text_es, '')));
    -- A short name without its message in that language is dropped, as the API would refuse it.
    UPDATE quick_reply SET title = title - ARRAY(SELECT jsonb_object_keys(title) EXCEPT SELECT jsonb_object_keys(text))
      WHERE EXISTS (SELECT 1 FROM jsonb_object_keys(title) k WHERE NOT text ? k);
    ALTER TABLE quick_reply
      DROP COLUMN title_en, DROP COLUMN title_es, DROP COLUMN text_en, DROP COLUMN text_es,
      ALTER COLUMN text DROP DEFAULT,
      ADD CONSTRAINT quick_reply_text_written CHECK (jsonb_typeof(text) = 'object' AND text <> '{}'),
      ADD CONSTRAINT quick_reply_title_object CHECK (jsonb_typeof(title) = 'object');
  `.execute(db);
}
