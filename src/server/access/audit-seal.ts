import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { formatDate } from '../../contract/format.ts';
import type { Db, Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { queueMail } from '../mail/mail.service.ts';
import type { UploadStore } from '../uploads/store.ts';
import { auditRowHash, hmac, type AuditRowContent } from './audit.ts';
import { localeOf } from '../../contract/common.ts';

/** Rows without a clinic (e.g. sign-in attempts) form their own chain under this key. */
export const NO_CLINIC = '00000000-0000-0000-0000-000000000000';
/** Session-level lock name for a sealing round: one instance seals at a time. */
const SEAL_LOCK = sql`hashtextextended('careteam:audit-seal', 0)`;

type SealRow = { chain: string; seq: string; from_xact: string; to_xact: string; row_count: number; prev_seal: Buffer | null; seal: Buffer };

function sealOf(chain: string, seq: string, from: string, to: string, prev: Buffer | null, rowHashes: Buffer[]): Buffer {
  return hmac(`seal|1|${chain}|${seq}|${from}|${to}|${rowHashes.length}|`, prev ?? Buffer.alloc(0), ...rowHashes);
}

/**
 * One sealing round: the rows of every transaction older than this snapshot's horizon (none of
 * which can still commit) that no seal covers yet, sealed per chain in id order, each seal linked
 * to the chain's previous one. Returns how many rows it sealed; 0 when another instance holds the
 * round or nothing is new.
 */
export async function sealAudit(db: Db): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { rows: [lock] } = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS got`.execute(tx);
    if (!lock?.got) return 0;
    const { rows: [h] } = await sql<{ horizon: string; start: string }>`
      SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
             coalesce((SELECT max(to_xact) FROM audit_seal), '0'::xid8)::text AS start`.execute(tx);
    if (!h || BigInt(h.horizon) <= BigInt(h.start)) return 0;
    const rows = await tx.selectFrom('audit_event').selectAll()
      .where(sql<boolean>`xact_id >= ${h.start}::xid8 AND xact_id < ${h.horizon}::xid8`)
      .orderBy('id').execute();
    if (rows.length === 0) return 0;
    const byChain = new Map<string, Buffer[]>();
    for (const r of rows) {
      const chain = r.clinic_id ?? NO_CLINIC;
      const list = byChain.get(chain) ?? [];
      list.push(r.hash);
      byChain.set(chain, list);
    }
    const chains = [...byChain.keys()];
    const last = await tx.selectFrom('audit_seal').select(['chain', 'seq', 'to_xact', 'seal'])
      .where('chain', 'in', chains)
      .where((eb) => eb('seq', '=', eb.selectFrom('audit_seal as p').select((e) => e.fn.max('p.seq').as('m')).whereRef('p.chain', '=', 'audit_seal.chain')))
      .execute();
    const lastOf = new Map(last.map((l) => [l.chain, l]));
    const seals = chains.map((chain) => {
      const prev = lastOf.get(chain);
      const seq = String(prev ? BigInt(prev.seq) + 1n : 1n);
      const from = prev?.to_xact ?? '0';
      const hashes = byChain.get(chain) ?? [];
      return { chain, seq, from_xact: from, to_xact: h.horizon, row_count: hashes.length, prev_seal: prev?.seal ?? null, seal: sealOf(chain, seq, from, h.horizon, prev?.seal ?? null, hashes) };
    });
    await tx.insertInto('audit_seal').values(seals).execute();
    return rows.length;
  });
}

/** Seals about every second until stopped; a failed round is retried by the next. */
export function startAuditSealer(db: Db, onError: (e: unknown) => void, everyMs = 1_000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? 0 : sealAudit(db))).catch(onError);
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** The newest seal of a chain, as kept outside the database to detect removal of the newest rows. */
export type SealHead = { chain: string; seq: string; seal: string };

export async function sealHeads(db: Executor): Promise<SealHead[]> {
  const rows = await db.selectFrom('audit_seal').select(['chain', 'seq', 'seal']).distinctOn('chain').orderBy('chain').orderBy('seq', 'desc').execute();
  return rows.map((r) => ({ chain: r.chain, seq: r.seq, seal: r.seal.toString('hex') }));
}

export type AuditVerification = {
  ok: boolean;
  /** Id of the first row found wrong (edited, or out of place), when one can be named. */
  brokenAt: string | null;
  /** What is wrong, in words, for the admin who must answer for it. */
  problem: string | null;
  /** Rows of the chain. */
  count: number;
  /** Rows of the chain no seal covers yet (written in the last moments). */
  pending: number;
};

type StoredRow = AuditRowContent & { id: string; hash: Buffer };
const ROW_COLUMNS = ['id', 'clinic_id', 'actor_id', 'actor_role', 'action', 'subject_type', 'subject_id', 'child_id', 'outcome', 'ip', 'user_agent', 'request_id', 'details', 'created_at', 'hash'] as const;

/**
 * Checks a chain: every row's keyed hash against its content, every seal against the rows it
 * covers and the seal before it, seal numbers without gaps, and — given the seal head kept outside
 * the database — that no newer seals (with their rows) were removed. Rows written before keyed
 * hashes are checked against their old unkeyed chain. Pass null for rows of no clinic.
 */
export async function verifyAudit(db: Executor, clinicId: string | null, head?: SealHead): Promise<AuditVerification> {
  const chain = clinicId ?? NO_CLINIC;
  const inChain = sql<boolean>`coalesce(clinic_id, ${NO_CLINIC}::uuid) = ${chain}::uuid`;
  const legacy = await verifyLegacyChain(db, chain);
  const fail = (problem: string, brokenAt: string | null, count: number, pending = 0): AuditVerification => ({ ok: false, brokenAt, problem, count, pending });
  if (legacy.brokenAt) return fail('an audit row from before keyed hashes does not match its chain', legacy.brokenAt, legacy.count);
  // The old chain ended when keyed hashes began: a row made to look old after that is out of place.
  const { rows: [late] } = await sql<{ id: string | null }>`
    SELECT min(id)::text AS id FROM audit_event WHERE ${inChain} AND xact_id IS NULL
      AND id > (SELECT coalesce(min(id), 9223372036854775807) FROM audit_event WHERE xact_id IS NOT NULL)`.execute(db);
  if (late?.id) return fail('an audit row without a keyed hash was added after keyed hashes began', late.id, legacy.count);

  const seals: SealRow[] = await db.selectFrom('audit_seal').select(['chain', 'seq', 'from_xact', 'to_xact', 'row_count', 'prev_seal', 'seal'])
    .where('chain', '=', chain).orderBy('seq').execute();
  let count = legacy.count;
  let prev: SealRow | null = null;
  for (const s of seals) {
    const expectedSeq = prev ? BigInt(prev.seq) + 1n : 1n;
    if (BigInt(s.seq) !== expectedSeq) return fail(`seal ${expectedSeq} is missing`, null, count);
    if (s.from_xact !== (prev?.to_xact ?? '0') || !sameBytes(s.prev_seal, prev?.seal ?? null)) return fail(`seal ${s.seq} does not follow seal ${prev?.seq ?? 'none'}`, null, count);
    const rows = await db.selectFrom('audit_event')
      .select(ROW_COLUMNS)
      .where(inChain).where(sql<boolean>`xact_id >= ${s.from_xact}::xid8 AND xact_id < ${s.to_xact}::xid8`)
      .orderBy('id').execute() as StoredRow[];
    count += rows.length;
    for (const r of rows) if (!auditRowHash(r).equals(r.hash)) return fail('an audit row was changed after it was written', r.id, count);
    if (rows.length !== s.row_count || !sealOf(chain, s.seq, s.from_xact, s.to_xact, s.prev_seal, rows.map((r) => r.hash)).equals(s.seal)) {
      return fail(`the rows under seal ${s.seq} are not the rows that were sealed (a row was removed, added or moved)`, null, count);
    }
    prev = s;
  }
  // Rows written since the last seal: not sealed yet, but each must still match its keyed hash.
  const unsealed = await db.selectFrom('audit_event').select(ROW_COLUMNS)
    .where(inChain).where(sql<boolean>`xact_id >= ${prev?.to_xact ?? '0'}::xid8`).orderBy('id').execute() as StoredRow[];
  const pending = unsealed.length;
  count += pending;
  for (const r of unsealed) if (!auditRowHash(r).equals(r.hash)) return fail('an audit row was changed after it was written', r.id, count, pending);
  if (head) {
    const kept = seals.find((s) => s.seq === head.seq);
    if (!kept || kept.seal.toString('hex') !== head.seal) return fail(`seal ${head.seq}, kept outside the database, is missing or different: the newest audit rows were removed`, null, count, pending);
  }
  return { ok: true, brokenAt: null, problem: null, count, pending };
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** The unkeyed chain rows had before migration 0014 (see 0001's trigger): each hash covers the previous. */
async function verifyLegacyChain(db: Executor, chain: string): Promise<{ brokenAt: string | null; count: number }> {
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
      WHERE coalesce(clinic_id, ${NO_CLINIC}::uuid) = ${chain}::uuid AND xact_id IS NULL
    ) legacy
  `.execute(db);
  return { brokenAt: rows[0]?.broken_at ?? null, count: Number(rows[0]?.count ?? 0) };
}

/**
 * Sends each chain's newest seal outside the database, once a day: to the clinic's admins by mail
 * and into DATA_DIR/audit-seals (and the object store when one is configured). With a head kept
 * there, removing the newest rows together with their seals is detected (see verifyAudit).
 */
export async function publishSealHeads(deps: Deps, store: UploadStore | null, day: string): Promise<SealHead[]> {
  const heads = await sealHeads(deps.db);
  if (heads.length === 0) return heads;
  const dir = path.join(deps.config.dataDir, 'audit-seals');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${day}.json`);
  await writeFile(file, `${JSON.stringify({ day, heads }, null, 2)}\n`, { mode: 0o600 });
  if (store && deps.config.s3) {
    const incoming = path.join(store.incomingDir, `audit-seals-${day}.json`);
    await mkdir(store.incomingDir, { recursive: true });
    await copyFile(file, incoming);
    await store.put(`audit-seals-${day}`, incoming, 'application/json');
  }
  const clinics = await deps.db.selectFrom('clinic').select(['id', 'name']).where('id', 'in', heads.map((h) => h.chain).concat([NO_CLINIC])).execute();
  const admins = await deps.db.selectFrom('clinic_member as cm').innerJoin('app_user as u', 'u.id', 'cm.user_id')
    .select(['cm.clinic_id', 'u.email', 'u.name', 'u.locale']).where('cm.role', '=', 'admin').where('u.disabled_at', 'is', null)
    .where('cm.clinic_id', 'in', clinics.map((c) => c.id).concat([NO_CLINIC])).execute();
  await deps.db.transaction().execute(async (tx) => {
    for (const c of clinics) {
      const head = heads.find((h) => h.chain === c.id);
      if (!head) continue;
      for (const a of admins.filter((x) => x.clinic_id === c.id)) {
        const locale = localeOf(a.locale);
        await queueMail(deps, tx, {
          clinicId: c.id, to: a.email, locale, dedupeKey: `audit-seal:${c.id}:${day}:${a.email}`,
          template: 'auditSealHead', vars: { name: a.name, clinic: c.name, date: formatDate(locale, day) },
          link: { url: `${deps.config.publicUrl}/admin/audit`, hours: null },
          lines: [`seal ${head.seq}: ${head.seal}`], footer: 'audit',
        });
      }
    }
  });
  return heads;
}
