// The home programme as one reader may see it, for other features (a copy of the record).
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { practiceItemsOfChild, practiceLogsOfChild } from './practice.repository.ts';

/** Every practice item and log of the child, for a reader who sees the practice page; nothing otherwise. */
export async function practiceSeenBy(db: Executor, access: ChildAccess) {
  if (!access.permissions.includes('practice.view')) return { items: [], logs: [] };
  const [items, logs] = await Promise.all([practiceItemsOfChild(db, access.childId), practiceLogsOfChild(db, access.childId)]);
  return { items, logs };
}
