import { sql, type Kysely } from 'kysely';

// Each translation service's last failure, and when it worked again after it: what the admins'
// status shows, the same from every server on this database and after a restart. One row per
// service, not per clinic: the service is the server's (one TRANSLATE_PROVIDER for all clinics),
// and its failures are of the service, whoever's message it was translating. Written only when
// the state changes (a failure, or the first success after one), so translations do not write.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE translation_service_state (
      provider text PRIMARY KEY CHECK (provider IN ('libretranslate', 'deepl')),
      error text NOT NULL CHECK (error IN ('unreachable', 'timeout', 'api_key', 'quota', 'busy', 'http_error', 'bad_answer', 'no_languages')),
      http_status integer CHECK (http_status BETWEEN 100 AND 599),
      failed_at timestamptz NOT NULL,
      -- The first success after the failure; null while it is failing.
      recovered_at timestamptz CHECK (recovered_at >= failed_at)
    );
  `.execute(db);
}
