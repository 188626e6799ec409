// The SQL of a newsletter's words, for translation.
import type { Executor } from '../../db/database.ts';

/** The newsletter of this clinic: what translation needs of it. */
export async function newsletterWords(db: Executor, clinicId: string, id: string) {
  return db.selectFrom('newsletter').select(['id', 'clinic_id', 'title', 'body', 'created_by']).where('id', '=', id).where('clinic_id', '=', clinicId).executeTakeFirst();
}
