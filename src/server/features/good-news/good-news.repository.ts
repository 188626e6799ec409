// Good news' SQL: the team's last positive word to each family, the family's latest wins, and the
// good-news messages marked as such.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** The newest positive word from the team per child: a win or milestone the team recorded, or good news sent. */
export async function lastPositive(db: Executor, childIds: readonly string[]): Promise<Map<string, Date>> {
  if (childIds.length === 0) return new Map();
  const { rows } = await sql<{ child_id: string; at: Date }>`
    SELECT child_id, max(at) AS at FROM (
      SELECT child_id, created_at AS at FROM milestone WHERE child_id = ANY(${[...childIds]}::uuid[]) AND creator_role IN ('therapist', 'teacher')
      UNION ALL SELECT child_id, sent_at FROM good_news WHERE child_id = ANY(${[...childIds]}::uuid[])
    ) p GROUP BY child_id`.execute(db);
  return new Map(rows.map((r) => [r.child_id, r.at]));
}

/** Each child's newest wins and milestones since a date, anyone's, three at most. */
export async function recentWins(db: Executor, childIds: readonly string[], since: string) {
  if (childIds.length === 0) return [];
  return db.selectFrom('milestone').select(['child_id', 'title', 'happened_on'])
    .where('child_id', 'in', [...childIds]).where('happened_on', '>=', since)
    .orderBy('happened_on', 'desc').orderBy('created_at', 'desc').execute();
}

export async function caseloadNames(db: Executor, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  return db.selectFrom('child').select(['id', 'first_name', 'time_zone']).where('id', 'in', [...childIds]).orderBy('first_name').execute();
}

/** The message, if this person wrote it in this child's conversations. */
export async function ownMessage(db: Executor, childId: string, authorId: string, messageId: string) {
  return db.selectFrom('message').select(['id', 'created_at']).where('id', '=', messageId).where('child_id', '=', childId).where('author_id', '=', authorId).executeTakeFirst();
}

export async function markGoodNews(db: Executor, v: { clinicId: string; childId: string; messageId: string; by: string; at: Date }): Promise<{ id: string; sent_at: Date; created: boolean }> {
  const inserted = await db.insertInto('good_news').values({ clinic_id: v.clinicId, child_id: v.childId, message_id: v.messageId, sent_by: v.by, sent_at: v.at })
    .onConflict((oc) => oc.column('message_id').doNothing()).returning(['id', 'sent_at']).executeTakeFirst();
  if (inserted) return { ...inserted, created: true };
  const row = await db.selectFrom('good_news').select(['id', 'sent_at']).where('message_id', '=', v.messageId).executeTakeFirstOrThrow();
  return { ...row, created: false };
}
