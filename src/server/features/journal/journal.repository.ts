// Who may read which journal entries, as SQL, and the entries one reader may read, all of them
// (a copy of the record).
import type { ExpressionBuilder } from 'kysely';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/**
 * The entries this person may read: their own, and others' by visibility: "team" needs the
 * journal.view permission, "therapists" and "guardians" need that role on the child's team.
 */
export function readableBy(access: ChildAccess, userId: string) {
  const canTeam = access.permissions.includes('journal.view');
  return (eb: ExpressionBuilder<Database, 'journal_entry'>) => eb.or([
    eb('journal_entry.author_id', '=', userId),
    ...(canTeam ? [eb('journal_entry.visibility', '=', 'team')] : []),
    ...(canTeam && access.role === 'therapist' ? [eb('journal_entry.visibility', '=', 'therapists')] : []),
    ...(canTeam && access.role === 'guardian' ? [eb('journal_entry.visibility', '=', 'guardians')] : []),
  ]);
}

/** Whether the reader sees the journal at all (their own entries, at least). */
export function canRead(access: ChildAccess): boolean {
  return access.permissions.includes('journal.view') || access.permissions.includes('journal.write');
}


/** Every entry of the child this reader may read, oldest first, with its author's name. */
export async function readableEntries(db: Executor, access: ChildAccess, userId: string) {
  if (!canRead(access)) return [];
  return db.selectFrom('journal_entry').innerJoin('app_user as u', 'u.id', 'journal_entry.author_id')
    .selectAll('journal_entry').select('u.name as author_name')
    .where('journal_entry.child_id', '=', access.childId).where(readableBy(access, userId))
    .orderBy('journal_entry.entry_date').orderBy('journal_entry.created_at').orderBy('journal_entry.id').execute();
}
