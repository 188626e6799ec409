import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Insertable } from 'kysely';
import type { Config } from '../config.ts';
import type { Db, Executor } from '../db/database.ts';
import type { AuditEventTable } from '../db/schema.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../http/idempotency.ts';

export type AuditContext = {
  actorId: string | null;
  actorRole: string | null;
  clinicId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The request's Idempotency-Key, claimed with the first audited write (see http/idempotency.ts). */
  idempotency?: IdempotencyClaim | null;
};

/** CareTeam itself acting, not a person (housekeeping, a purge, a series extended): no actor, no request. */
export const SYSTEM_AUDIT: AuditContext = { actorId: null, actorRole: 'system', clinicId: null, ip: null, userAgent: null, requestId: null, idempotency: null };

export type AuditEntry = {
  action: string;
  outcome?: 'ok' | 'denied' | 'failed';
  clinicId?: string | null;
  childId?: string | null;
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
  actorId?: string | null;
  actorRole?: string | null;
};

export function auditContext(request: FastifyRequest): AuditContext {
  const actor = request.actor;
  return {
    actorId: actor?.userId ?? null,
    actorRole: actor?.clinics[0]?.role ?? null,
    clinicId: actor?.clinics[0]?.clinicId ?? null,
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    requestId: request.id,
    idempotency: request.idempotency,
  };
}

// ---- The key ----------------------------------------------------------------------------------
// Row hashes and seals are keyed, so someone with only database access cannot write a history that
// verifies. The key lives outside the database: AUDIT_KEY, or a file in DATA_DIR made on first start.
// Kept as a KeyObject: importing raw bytes on every HMAC cost five times the HMAC itself.
let auditKey: KeyObject | null = null;

export function useAuditKey(key: Buffer): void {
  if (key.length < 32) throw new Error('The audit key must be at least 32 bytes.');
  auditKey = createSecretKey(key);
}

function currentKey(): KeyObject {
  if (!auditKey) throw new Error('No audit key: call useAuditKey (or loadAuditKey) at start-up.');
  return auditKey;
}

/**
 * A key of its own for another purpose (a calendar feed's token), derived from the audit key so it
 * lives outside the database too, and a leak of one never reveals the other.
 */
export function derivedKey(purpose: string): Buffer {
  return createHmac('sha256', currentKey()).update(`careteam:derived:${purpose}`).digest();
}

/** AUDIT_KEY when set; else DATA_DIR/audit.key, created (0600) on the first start. */
export async function loadAuditKey(config: Pick<Config, 'auditKey' | 'dataDir'>): Promise<Buffer> {
  if (config.auditKey) return Buffer.from(config.auditKey, 'hex');
  const file = path.join(config.dataDir, 'audit.key');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null) {
    const hex = existing.trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} is not an audit key (64 hex digits). Restore it from your backup of the key.`);
    return Buffer.from(hex, 'hex');
  }
  await mkdir(config.dataDir, { recursive: true });
  const hex = randomBytes(32).toString('hex');
  await writeFile(file, `${hex}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return Buffer.from(hex, 'hex');
}

export function hmac(...parts: (string | Buffer)[]): Buffer {
  const h = createHmac('sha256', currentKey());
  for (const p of parts) h.update(p);
  return h.digest();
}

// ---- Rows -------------------------------------------------------------------------------------

/** Text PostgreSQL stores as given: no NUL, no lone surrogate (a path id may carry either). */
function storable(s: string): string {
  return s.toWellFormed().replaceAll('\u0000', '\uFFFD');
}
const text = (s: string | null | undefined): string | null => (s === null || s === undefined ? null : storable(s));

/** JSON with object keys sorted, so a row hashes the same before it is stored and after jsonb gives it back. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a stored row says, in the shape both the writer and the verifier hash. */
export type AuditRowContent = {
  clinic_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  child_id: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: unknown;
  created_at: Date;
};

export function auditRowHash(r: AuditRowContent): Buffer {
  return hmac(JSON.stringify([
    1, r.clinic_id, r.actor_id, r.actor_role, r.action, r.subject_type, r.subject_id, r.child_id, r.outcome,
    r.ip, r.user_agent, r.request_id, canonical(r.details), r.created_at.toISOString(),
  ]));
}

function auditRow(ctx: AuditContext, e: AuditEntry): Insertable<AuditEventTable> & { hash: Buffer } {
  // Details go through JSON once, as jsonb will keep them (no undefined, dates as strings).
  const details: unknown = JSON.parse(storable(JSON.stringify(e.details ?? {})));
  const content: AuditRowContent = {
    clinic_id: e.clinicId === undefined ? ctx.clinicId : e.clinicId,
    actor_id: e.actorId === undefined ? ctx.actorId : e.actorId,
    actor_role: text(e.actorRole === undefined ? ctx.actorRole : e.actorRole),
    action: e.action,
    outcome: e.outcome ?? 'ok',
    child_id: e.childId ?? null,
    subject_type: text(e.subjectType),
    subject_id: text(e.subjectId),
    ip: text(ctx.ip),
    user_agent: text(ctx.userAgent),
    request_id: text(ctx.requestId),
    details,
    created_at: new Date(),
  };
  return { ...content, details: JSON.stringify(details), hash: auditRowHash(content) };
}

/**
 * Writes one append-only audit row; call it in the same transaction as the change it records.
 * A request's Idempotency-Key is claimed here too, so the claim commits with the write.
 */
export async function recordAudit(db: Executor, ctx: AuditContext, e: AuditEntry): Promise<void> {
  if (ctx.idempotency) await claimIdempotencyKey(db, ctx.idempotency);
  await db.insertInto('audit_event').values(auditRow(ctx, e)).execute();
}

// ---- Reads: group commit ----------------------------------------------------------------------

type Pending = { row: ReturnType<typeof auditRow>; done: (e?: unknown) => void };

/** At most this many flushes in flight per process; rows arriving meanwhile wait for the next. */
const PARALLEL_FLUSHES = 2;
const MAX_BATCH = 500;

/**
 * One writer per database pool: the audit rows of reads are inserted many to a statement, and
 * each read waits for the commit of the batch that holds its row before it answers.
 */
class ReadAuditWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  add(row: Pending['row']): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, done: (e) => (e === undefined ? resolve() : reject(e as Error)) });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= PARALLEL_FLUSHES || this.queue.length === 0) return;
    this.scheduled = true;
    // Rows queued in this turn of the event loop go together.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= PARALLEL_FLUSHES || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight++;
    try {
      await this.db.insertInto('audit_event').values(batch.map((p) => p.row)).execute();
      for (const p of batch) p.done();
    } catch (e) {
      for (const p of batch) p.done(e ?? new Error('audit flush failed'));
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}

const writers = new WeakMap<Db, ReadAuditWriter>();

/**
 * Records a read of a child's record. Resolves once the row is committed (with other reads' rows,
 * one statement for many); run the data read beside it and answer only when both are done, so a
 * read whose audit row could not be written answers 5xx without the data.
 */
export function recordRead(db: Db, ctx: AuditContext, e: AuditEntry): Promise<void> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new ReadAuditWriter(db);
    writers.set(db, writer);
  }
  return writer.add(auditRow(ctx, e));
}

/** Runs a read beside its audit row; the data comes back only once the row is committed. */
export async function auditedRead<T>(db: Db, ctx: AuditContext, e: AuditEntry, read: () => Promise<T>): Promise<T> {
  const [, data] = await Promise.all([recordRead(db, ctx, e), read()]);
  return data;
}
