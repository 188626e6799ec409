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
