// The SQL of the clinic's own settings, for other features (the clinic export).
import type { Executor } from '../../db/database.ts';

export const clinicById = (db: Executor, clinicId: string) =>
  db.selectFrom('clinic').select(['id', 'name', 'time_zone', 'require_two_factor', 'letterhead', 'retention_days', 'created_at'])
    .where('id', '=', clinicId).executeTakeFirstOrThrow();
