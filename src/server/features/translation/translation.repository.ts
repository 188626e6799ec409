import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

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
