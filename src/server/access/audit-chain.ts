import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Rows without a clinic (e.g. sign-in attempts) form their own chain under this key. */
const NO_CLINIC = '00000000-0000-0000-0000-000000000000';

export type AuditChainReport = {
  ok: boolean;
  /** Id of the first row whose hash or link to the previous row does not match. */
  brokenAt: string | null;
  count: number;
};

/**
 * Recomputes a clinic's audit hash chain exactly as the audit_event_chain trigger (migration
 * 0001) builds it: each row's hash must match its content and previous hash, and its previous
 * hash must be the hash of the row before it. An edited row breaks its own hash; a removed row
 * breaks the link of the row after it. Removing the newest rows is not detectable from the chain
 * alone. Pass null for the chain of rows that belong to no clinic.
 */
export async function verifyAuditChain(db: Executor, clinicId: string | null): Promise<AuditChainReport> {
  const key = clinicId ?? NO_CLINIC;
  const { rows } = await sql<{ count: string; broken_at: string | null }>`
    SELECT count(*)::text AS count, (min(id) FILTER (WHERE NOT ok))::text AS broken_at
    FROM (
      SELECT id,
        coalesce(
          hash = sha256(convert_to(concat_ws('|',
            id, clinic_id, actor_id, actor_role, action, subject_type,
            subject_id, child_id, outcome, ip, user_agent, request_id,
            details::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
            encode(coalesce(prev_hash, ''::bytea), 'hex')), 'UTF8'))
          AND prev_hash IS NOT DISTINCT FROM lag(hash) OVER (ORDER BY id),
          false) AS ok
      FROM audit_event
      WHERE coalesce(clinic_id, ${NO_CLINIC}::uuid) = ${key}::uuid
    ) chain
  `.execute(db);
  const row = rows[0];
  const brokenAt = row?.broken_at ?? null;
  return { ok: brokenAt === null, brokenAt, count: Number(row?.count ?? 0) };
}
