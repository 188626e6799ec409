// A new parent or caregiver on a child's team starts from the family profile's preferred contact
// channel and hours: the channel becomes their notification channel, and when the hours name one
// clear range of the day, the rest of the day becomes their quiet hours (reminders and emails wait
// for the range). Only as defaults: someone who already chose their channel or quiet hours keeps them.
import { quietFromContactHours } from '../../../contract/contact-hours.ts';
import type { Executor } from '../../db/database.ts';

export async function applyFamilyContactDefaults(db: Executor, userId: string, childId: string, now: Date): Promise<void> {
  const child = await db.selectFrom('child').select(['contact_channel', 'contact_hours']).where('id', '=', childId).executeTakeFirst();
  if (!child) return;
  await db.insertInto('notification_setting').values({ user_id: userId, channel: child.contact_channel, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doNothing()).execute();
  const quiet = quietFromContactHours(child.contact_hours);
  if (quiet) {
    await db.updateTable('app_user').set({ quiet_start: quiet.start, quiet_end: quiet.end })
      .where('id', '=', userId).where('quiet_start', 'is', null).where('quiet_end', 'is', null).execute();
  }
}
