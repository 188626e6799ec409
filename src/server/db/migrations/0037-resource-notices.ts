import type { Kysely } from 'kysely';
import { addNotificationKinds } from '../notification-kinds.ts';

// A resource given to a family tells the family members who may read it: the notification kind
// resource_shared. Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addNotificationKinds(db, ['resource_shared']);
}
