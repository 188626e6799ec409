// The texts waiting to go, the ones sent, and the numbers that answered STOP.
import type { Executor } from '../../../db/database.ts';

export type NewText = { clinicId: string | null; userId: string | null; to: string; body: string; dedupeKey: string };

/** One text per dedupe key: a second insert with the same key writes nothing and returns null. */
export async function insertText(db: Executor, t: NewText): Promise<string | null> {
  const row = await db.insertInto('sms_outbox')
    .values({ clinic_id: t.clinicId, user_id: t.userId, to_number: t.to, body: t.body, dedupe_key: t.dedupeKey })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id').executeTakeFirst();
  return row?.id ?? null;
}

/** A queued text, locked for its sender: another sender skips it rather than waiting to send it again. */
export function lockQueuedText(db: Executor, id: string) {
  return db.selectFrom('sms_outbox as s')
    .leftJoin('sms_opt_out as o', 'o.phone', 's.to_number')
    .select(['s.id', 's.to_number', 's.body', 's.attempts', 'o.phone as stopped'])
    .where('s.id', '=', id).where('s.status', '=', 'queued')
    .forUpdate('s').skipLocked()
    .executeTakeFirst();
}

export async function markText(db: Executor, id: string, change: {
  status: 'queued' | 'sent' | 'failed' | 'skipped'; attempts?: number; lastError?: string | null; providerId?: string; sentAt?: Date;
}): Promise<void> {
  await db.updateTable('sms_outbox').set({
    status: change.status,
    ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
    ...(change.lastError !== undefined ? { last_error: change.lastError } : {}),
    ...(change.providerId !== undefined ? { provider_id: change.providerId } : {}),
    ...(change.sentAt ? { sent_at: change.sentAt } : {}),
  }).where('id', '=', id).execute();
}

/** Texts still queued a while after they were written: their wake-up was lost. */
export async function stuckTexts(db: Executor, before: Date): Promise<string[]> {
  const rows = await db.selectFrom('sms_outbox').select('id').where('status', '=', 'queued').where('created_at', '<', before).limit(500).execute();
  return rows.map((r) => r.id);
}

/** Records a STOP (again: the time moves); returns whether the number was taking texts until now. */
export async function stopNumber(db: Executor, phone: string, now: Date): Promise<boolean> {
  const before = await db.selectFrom('sms_opt_out').select('phone').where('phone', '=', phone).executeTakeFirst();
  await db.insertInto('sms_opt_out').values({ phone, stopped_at: now })
    .onConflict((oc) => oc.column('phone').doUpdateSet({ stopped_at: now })).execute();
  return !before;
}

/** Forgets a STOP; returns whether there was one. */
export async function startNumber(db: Executor, phone: string): Promise<boolean> {
  const done = await db.deleteFrom('sms_opt_out').where('phone', '=', phone).returning('phone').execute();
  return done.length > 0;
}

export async function isStopped(db: Executor, phone: string): Promise<boolean> {
  return Boolean(await db.selectFrom('sms_opt_out').select('phone').where('phone', '=', phone).executeTakeFirst());
}

/** The accounts that use a number, with a clinic each belongs to (for the audit trail). */
export async function accountsWithNumber(db: Executor, phone: string) {
  return db.selectFrom('app_user as u')
    .select((eb) => ['u.id', eb.selectFrom('care_team_member as m').select('m.clinic_id').whereRef('m.user_id', '=', 'u.id').limit(1).as('family_clinic'),
      eb.selectFrom('clinic_member as c').select('c.clinic_id').whereRef('c.user_id', '=', 'u.id').limit(1).as('staff_clinic')])
    .where('u.phone', '=', phone).execute();
}
