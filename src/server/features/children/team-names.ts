import type { TeamRole } from '../../../contract/access.ts';
import type { Executor } from '../../db/database.ts';

export type TeamNames = Map<string, { name: string; role: TeamRole | null }>;

/** Names of people as the child's team knows them, with their role on that team (null for clinic staff off the team). */
export async function teamNames(db: Executor, childId: string, ids: readonly string[]): Promise<TeamNames> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('app_user')
    .leftJoin('care_team_member as m', (j) => j.onRef('m.user_id', '=', 'app_user.id').on('m.child_id', '=', childId).on('m.revoked_at', 'is', null))
    .select(['app_user.id', 'app_user.name', 'm.role'])
    .where('app_user.id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, role: r.role }]));
}

/** Field → { before, after } for every field whose value changed: what a history shows. */
export function changedFields<T extends object>(before: T, after: T): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of Object.keys(after) as (keyof T & string)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { before: before[k], after: after[k] };
  }
  return out;
}
