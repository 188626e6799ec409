import type { Executor } from '../../db/database.ts';

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();

export const findUserById = (db: Executor, id: string) =>
  db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();

export async function createUser(
  db: Executor,
  u: { email: string; name: string; passwordHash: string | null; locale: string },
): Promise<string> {
  const row = await db
    .insertInto('app_user')
    .values({ email: u.email, name: u.name, password_hash: u.passwordHash, locale: u.locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setPassword(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/**
 * Claims a TOTP time step for the user: true only for the one request that moves the last used
 * step forward, so one code cannot sign in two sessions even when they send it at once.
 */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const row = await db.updateTable('app_user').set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .returning('id').executeTakeFirst();
  return row !== undefined;
}

/** A clinic the person belongs to (as staff or on a child's team), to name in their mail. */
export const firstClinicOf = (db: Executor, userId: string) =>
  db
    .selectFrom('clinic_member as cm')
    .innerJoin('clinic as c', 'c.id', 'cm.clinic_id')
    .select(['c.id', 'c.name'])
    .where('cm.user_id', '=', userId)
    .unionAll(
      db.selectFrom('care_team_member as m').innerJoin('clinic as c', 'c.id', 'm.clinic_id').select(['c.id', 'c.name'])
        .where('m.user_id', '=', userId).where('m.revoked_at', 'is', null),
    )
    .executeTakeFirst();
