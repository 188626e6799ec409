import { sql, type Kysely } from 'kysely';

// Audit rows without a clinic-wide lock. Until now every insert took one advisory lock per clinic
// and looked up the previous row's hash, which serialised a clinic's requests. From here on the
// server computes each row's own keyed hash (HMAC with a key that lives outside the database) and
// one leader seals finished rows per clinic in order, about every second, in audit_seal:
//   seal = HMAC(prev seal ‖ range ‖ row hashes in id order).
// Rows are chosen by the id of the transaction that wrote them (xact_id): a round seals the rows of
// transactions older than its snapshot's horizon, none of which can still commit, so no row is
// skipped. Rows written before this migration keep their unkeyed chain (xact_id NULL).
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER audit_event_chain ON audit_event;
    DROP FUNCTION audit_event_chain();
    ALTER TABLE audit_event ADD COLUMN xact_id xid8;
    ALTER TABLE audit_event ALTER COLUMN xact_id SET DEFAULT pg_current_xact_id();
    CREATE INDEX audit_event_xact ON audit_event (xact_id) WHERE xact_id IS NOT NULL;
    CREATE INDEX audit_event_chain_xact ON audit_event ((coalesce(clinic_id, '00000000-0000-0000-0000-000000000000'::uuid)), xact_id, id)
      WHERE xact_id IS NOT NULL;

    CREATE TABLE audit_seal (
      id bigserial PRIMARY KEY,
      -- The clinic, or the zero uuid for rows that belong to no clinic (sign-in attempts).
      chain uuid NOT NULL,
      seq bigint NOT NULL,
      -- Covers the chain's rows with from_xact <= xact_id < to_xact; the next seal starts at to_xact.
      from_xact xid8 NOT NULL,
      to_xact xid8 NOT NULL,
      row_count integer NOT NULL,
      prev_seal bytea,
      seal bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (chain, seq)
    );
    CREATE TRIGGER audit_seal_no_update BEFORE UPDATE OR DELETE ON audit_seal
      FOR EACH ROW EXECUTE FUNCTION careteam_append_only();
    CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
      FOR EACH STATEMENT EXECUTE FUNCTION careteam_append_only();
  `.execute(db);
}
