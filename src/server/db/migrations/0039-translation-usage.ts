import { sql, type Kysely } from 'kysely';

// Characters each clinic had machine-translated, per month and translation service: what an admin
// sees in Settings, and what a paid service (DeepL) bills. Counted where translations are made.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE translation_usage (
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      -- The first day of the month (UTC).
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      provider text NOT NULL CHECK (provider IN ('libretranslate', 'deepl')),
      characters bigint NOT NULL DEFAULT 0 CHECK (characters >= 0),
      requests integer NOT NULL DEFAULT 0 CHECK (requests >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (clinic_id, month, provider)
    );
  `.execute(db);
}
