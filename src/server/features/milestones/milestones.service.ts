// The milestones a reader may see, for the milestones pages and for other features (a copy of the record).
import { sql } from 'kysely';
import { TEAM_ROLES, type TeamRole } from '../../../contract/access.ts';
import { CELEBRATION_DAYS } from '../../../contract/milestones.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';

const DAY_MS = 86_400_000;
const ROLES = new Set<string>(TEAM_ROLES);

/**
 * The milestones of these children that the reader may see, newest first. A teacher sees wins of
 * school goals or of no goal, and school goals met.
 */
export async function readMilestones(db: Executor, userId: string, access: ChildAccess[], now: Date, opts: { milestoneId?: string; onlyCelebrating?: boolean; all?: boolean } = {}) {
  const all = access.filter((a) => a.role !== 'teacher').map((a) => a.childId);
  const school = access.filter((a) => a.role === 'teacher').map((a) => a.childId);
  if (all.length + school.length === 0) return [];
  const since = new Date(now.getTime() - CELEBRATION_DAYS * DAY_MS);
  let q = db.selectFrom('milestone as m')
    .leftJoin('goal as g', 'g.id', 'm.goal_id')
    .innerJoin('app_user as u', 'u.id', 'm.created_by')
    .leftJoin('milestone_seen as s', (j) => j.onRef('s.milestone_id', '=', 'm.id').on('s.user_id', '=', userId))
    .select([
      'm.id', 'm.child_id', 'm.kind', 'm.title', 'm.note', 'm.happened_on', 'm.created_at', 'm.creator_role', 'm.goal_id',
      'g.statement', 'u.name as by_name', sql<boolean>`s.user_id is not null`.as('seen'),
    ])
    .where((eb) => eb.or([
      ...(all.length > 0 ? [eb('m.child_id', 'in', all)] : []),
      ...(school.length > 0 ? [eb.and([eb('m.child_id', 'in', school), eb.or([eb('m.goal_id', 'is', null), sql<boolean>`'school' = any(g.settings)`])])] : []),
    ]));
  if (opts.milestoneId !== undefined) q = q.where('m.id', '=', opts.milestoneId);
  if (opts.onlyCelebrating) q = q.where('s.user_id', 'is', null).where('m.created_at', '>=', since);
  const rows = await q.orderBy('m.happened_on', 'desc').orderBy('m.created_at', 'desc').limit(opts.all ? 1_000_000 : 500).execute();
  return rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    kind: r.kind,
    title: r.title,
    note: r.note,
    goal: r.goal_id && r.statement !== null ? { id: r.goal_id, statement: r.statement } : null,
    date: r.happened_on,
    by: { name: r.by_name, role: r.creator_role && ROLES.has(r.creator_role) ? (r.creator_role as TeamRole) : null },
    createdAt: r.created_at.toISOString(),
    seen: r.seen,
    celebrate: !r.seen && r.created_at >= since,
  }));
}
