import { sql, type Kysely } from 'kysely';

// Progress reports: the clinic's letterhead (a line or two under its name at the top of every
// report, edited by an admin), and each report asked for. A report is a PDF kept in the uploads
// store for a day after it is ready; a long period is written by a job, so the row says whether
// it is ready yet. What was asked (the goals, the closing words) stays with the row until then.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE clinic ADD COLUMN letterhead text NOT NULL DEFAULT '' CHECK (length(letterhead) <= 500);

    CREATE TABLE progress_report (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      requested_by uuid NOT NULL REFERENCES app_user(id),
      locale text NOT NULL CHECK (length(locale) BETWEEN 2 AND 35),
      period_from date NOT NULL,
      period_to date NOT NULL CHECK (period_to >= period_from),
      goal_ids uuid[] NOT NULL,
      closing text NOT NULL DEFAULT '' CHECK (length(closing) <= 5000),
      status text NOT NULL CHECK (status IN ('pending', 'ready', 'failed', 'expired')),
      storage_key text,
      byte_size integer,
      page_count integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      ready_at timestamptz,
      expires_at timestamptz NOT NULL,
      CHECK ((status = 'ready') = (storage_key IS NOT NULL))
    );
    CREATE INDEX progress_report_child ON progress_report (child_id, created_at);
    CREATE INDEX progress_report_expiry ON progress_report (expires_at) WHERE storage_key IS NOT NULL;
  `.execute(db);
}
