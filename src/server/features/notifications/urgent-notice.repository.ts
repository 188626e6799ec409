// The SQL of an urgent notice's words, for translation.
import type { Executor } from '../../db/database.ts';

/** The urgent notice of this clinic: what translation needs of it. */
export async function noticeWords(db: Executor, clinicId: string, id: string) {
  return db.selectFrom('urgent_notice').select(['id', 'clinic_id', 'body', 'created_by']).where('id', '=', id).where('clinic_id', '=', clinicId).executeTakeFirst();
}
