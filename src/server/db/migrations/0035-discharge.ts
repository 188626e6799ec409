import { sql, type Kysely } from 'kysely';

// Leaving and retention. A therapist or admin discharges a child: the record becomes read-only for
// everyone on the team (the family keeps reading it) until purge_after, the discharge day plus
// the clinic's retention period; then the child's data is purged. The audit log keeps its rows
// (who read or changed what, when: never content) and gains the purge event.
//
// The purge is the one way history is deleted: purge_child(), run with the owner's rights
// (SECURITY DEFINER), refuses a child not discharged or not yet due, and deletes every row that
// names the child (every table with a child_id but the audit log, found in the catalogue, so a
// table added later is included) and the rows that belong to those without naming the child (one
// foreign key away), then the child. The append-only tables' guards let a DELETE through only
// while purge_child runs (a transaction-local setting it sets); the runtime role still holds no
// DELETE right on them, so it cannot use that door itself.
// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE clinic ADD COLUMN retention_days integer NOT NULL DEFAULT 730 CHECK (retention_days BETWEEN 30 AND 3650);
    ALTER TABLE child
      ADD COLUMN discharged_at timestamptz,
      ADD COLUMN discharged_by uuid REFERENCES app_user(id),
      ADD COLUMN discharge_reason text,
      ADD COLUMN purge_after timestamptz,
      ADD CONSTRAINT child_discharge CHECK (
        (discharged_at IS NULL) = (purge_after IS NULL) AND (discharged_at IS NULL) = (discharge_reason IS NULL) AND (discharged_at IS NULL) = (discharged_by IS NULL));
    CREATE INDEX child_purge_due ON child (purge_after) WHERE purge_after IS NOT NULL;

    -- A discharge changes what everyone on the team may do: servers hear of it.
    DROP TRIGGER child_access_change ON child;
    CREATE TRIGGER child_access_change AFTER INSERT OR UPDATE OF clinic_id, time_zone, discharged_at OR DELETE ON child
      FOR EACH ROW EXECUTE FUNCTION announce_access_change('*');

    CREATE OR REPLACE FUNCTION careteam_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('careteam.purging', true) = 'on' THEN RETURN OLD; END IF;
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END $$;
    CREATE OR REPLACE FUNCTION goal_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('careteam.purging', true) = 'on' THEN RETURN OLD; END IF;
      RAISE EXCEPTION 'goal_event is append-only';
    END $$;
    CREATE OR REPLACE FUNCTION message_retract_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('careteam.purging', true) = 'on' THEN RETURN OLD; END IF;
      IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'message is append-only';
      END IF;
      IF OLD.retracted_at IS NOT NULL OR NEW.retracted_at IS NULL OR NEW.retracted_by IS DISTINCT FROM OLD.author_id
         OR (to_jsonb(NEW) - 'retracted_at' - 'retracted_by') IS DISTINCT FROM (to_jsonb(OLD) - 'retracted_at' - 'retracted_by') THEN
        RAISE EXCEPTION 'a message can only be retracted, once, by its author';
      END IF;
      RETURN NEW;
    END $$;

    CREATE FUNCTION purge_child(p_child uuid, p_now timestamptz) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      due timestamptz;
      t record;
      n bigint;
      counts jsonb := '{}';
      progress boolean;
      pending integer;
    BEGIN
      SELECT purge_after INTO due FROM child WHERE id = p_child FOR UPDATE;
      IF NOT FOUND THEN RAISE EXCEPTION 'no child %', p_child; END IF;
      IF due IS NULL OR due > p_now THEN RAISE EXCEPTION 'child % is not due to be purged', p_child; END IF;
      PERFORM set_config('careteam.purging', 'on', true);
      -- Rows one foreign key away from the child's rows that do not name the child themselves.
      FOR t IN
        SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref, af.attname AS refcol
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND array_length(c.conkey, 1) = 1
          AND NOT EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.conrelid AND x.attname = 'child_id' AND NOT x.attisdropped)
          AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.confrelid AND x.attname = 'child_id' AND NOT x.attisdropped)
        ORDER BY 1, 2
      LOOP
        EXECUTE format('DELETE FROM %s WHERE %I IN (SELECT %I FROM %s WHERE child_id = $1)', t.tbl, t.col, t.refcol, t.ref) USING p_child;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN counts := counts || jsonb_build_object(t.tbl, coalesce((counts ->> t.tbl)::bigint, 0) + n); END IF;
      END LOOP;
      -- Every table naming the child, but the audit log, in whatever order the foreign keys allow.
      LOOP
        progress := false;
        pending := 0;
        FOR t IN
          SELECT r.relname::text AS tbl FROM pg_class r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attname = 'child_id' AND NOT a.attisdropped
          WHERE r.relnamespace = 'public'::regnamespace AND r.relkind = 'r' AND r.relname NOT IN ('audit_event')
          ORDER BY 1
        LOOP
          BEGIN
            EXECUTE format('DELETE FROM %I WHERE child_id = $1', t.tbl) USING p_child;
            GET DIAGNOSTICS n = ROW_COUNT;
            IF n > 0 THEN
              progress := true;
              counts := counts || jsonb_build_object(t.tbl, coalesce((counts ->> t.tbl)::bigint, 0) + n);
            END IF;
          EXCEPTION WHEN foreign_key_violation THEN
            pending := pending + 1;
          END;
        END LOOP;
        EXIT WHEN pending = 0;
        IF NOT progress THEN RAISE EXCEPTION 'the purge of child % cannot go on: rows still refer to it', p_child; END IF;
      END LOOP;
      DELETE FROM child WHERE id = p_child;
      RETURN counts || '{"child": 1}';
    END $$;
  `.execute(db);
}
