// A migration's way to allow new notification kinds: widen the notification table's check of
// kinds, keeping every kind it already allows (so migrations that add kinds never undo each other).
import { sql, type Kysely } from 'kysely';

export /** Widens the notification table's check of kinds by these, keeping the kinds it already allows. */
async function addNotificationKinds(db: Kysely<unknown>, kinds: readonly string[]): Promise<void> {
  const found = await sql<{ name: string; def: string }>`
    SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid = 'notification'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`.execute(db);
  const current = found.rows[0];
  if (!current) throw new Error('The notification table has no check of its kinds.');
  const existing = [...current.def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1] ?? '');
  const all = [...new Set([...existing, ...kinds])];
  await sql`ALTER TABLE notification DROP CONSTRAINT ${sql.id(current.name)}`.execute(db);
  await sql`ALTER TABLE notification ADD CONSTRAINT ${sql.id(current.name)} CHECK (kind IN (${sql.join(all.map((k) => sql.lit(k)))}))`.execute(db);
}
