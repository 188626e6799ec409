import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { TranslationServiceStateTable } from '../../db/schema.ts';

export type UsageProvider = 'libretranslate' | 'deepl';

/** The first day of `now`'s month (UTC), as the usage table keys it. */
export const monthOf = (now: Date) => `${now.toISOString().slice(0, 7)}-01`;

/** Adds one translation's characters to the clinic's count for the month. */
export async function addUsage(db: Executor, row: { clinicId: string; month: string; provider: UsageProvider; characters: number; at: Date }): Promise<void> {
  await db.insertInto('translation_usage').values({
    clinic_id: row.clinicId, month: row.month, provider: row.provider, characters: row.characters, requests: 1, updated_at: row.at,
  }).onConflict((oc) => oc.columns(['clinic_id', 'month', 'provider']).doUpdateSet({
    characters: sql`translation_usage.characters + excluded.characters`,
    requests: sql`translation_usage.requests + 1`,
    updated_at: row.at,
  })).execute();
}

/** Characters the clinic had translated by `provider` in the month. */
export async function usageOf(db: Executor, clinicId: string, month: string, provider: UsageProvider): Promise<number> {
  const row = await db.selectFrom('translation_usage').select('characters')
    .where('clinic_id', '=', clinicId).where('month', '=', month).where('provider', '=', provider).executeTakeFirst();
  return row ? Number(row.characters) : 0;
}

export type ServiceFailure = { error: TranslationServiceStateTable['error']; httpStatus?: number };
export type ServiceState = { error: ServiceFailure['error']; httpStatus?: number; at: string; recoveredAt: string | null };

/** Keeps the service's failure as its last one (and failing until a success is noted). */
export async function saveServiceFailure(db: Executor, provider: UsageProvider, failure: ServiceFailure, at: Date): Promise<void> {
  const row = { error: failure.error, http_status: failure.httpStatus ?? null, failed_at: at, recovered_at: null };
  await db.insertInto('translation_service_state').values({ provider, ...row })
    .onConflict((oc) => oc.column('provider').doUpdateSet(row)).execute();
}

/** Notes the first success after the service's last failure; writes nothing when it was not failing. */
export async function saveServiceRecovered(db: Executor, provider: UsageProvider, at: Date): Promise<void> {
  await db.updateTable('translation_service_state').set({ recovered_at: sql<Date>`greatest(${at}, failed_at)` })
    .where('provider', '=', provider).where('recovered_at', 'is', null).execute();
}

/** The service's last failure, and when it worked again after it (null: still failing). */
export async function serviceStateOf(db: Executor, provider: UsageProvider): Promise<ServiceState | null> {
  const row = await db.selectFrom('translation_service_state').select(['error', 'http_status', 'failed_at', 'recovered_at'])
    .where('provider', '=', provider).executeTakeFirst();
  if (!row) return null;
  return {
    error: row.error, ...(row.http_status === null ? {} : { httpStatus: row.http_status }),
    at: row.failed_at.toISOString(), recoveredAt: row.recovered_at?.toISOString() ?? null,
  };
}
