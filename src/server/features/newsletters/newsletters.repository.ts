// The SQL of newsletters: their words, for translation; the families an audience reaches; and
// sending (the newsletters due, each locked while it is sent, its recipients, its being sent).
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { NewsletterTable } from '../../db/schema.ts';

/** The newsletter of this clinic: what translation needs of it. */
export async function newsletterWords(db: Executor, clinicId: string, id: string) {
  return db.selectFrom('newsletter').select(['id', 'clinic_id', 'title', 'body', 'created_by']).where('id', '=', id).where('clinic_id', '=', clinicId).executeTakeFirst();
}

/** A newsletter's audience, or a family event's (whose audience may be chosen children). */
type Audience = Pick<NewsletterTable, 'audience_therapy_type'> & {
  clinic_id: string;
  audience: NewsletterTable['audience'] | 'children';
  audience_therapist?: string | null;
  audience_children?: readonly string[];
};
export type Recipient = { id: string; email: string; name: string; locale: string; wants_mail: boolean };

/**
 * The family members a newsletter (or a family event) reaches: guardians and caregivers on the
 * active team of a child of the clinic (all children, a therapist's, a therapy type's, or chosen
 * children). Teachers and staff are not families; nobody is reached through another clinic's child.
 */
export async function audienceOf(db: Executor, a: Audience): Promise<Recipient[]> {
  const filter = a.audience === 'therapist'
    ? sql`and exists (select 1 from care_team_member t where t.child_id = c.id and t.user_id = ${a.audience_therapist ?? null} and t.role = 'therapist' and t.revoked_at is null)`
    : a.audience === 'therapy_type' ? sql`and ${a.audience_therapy_type} = any(c.therapy_types)`
      : a.audience === 'children' ? sql`and c.id = any(${[...(a.audience_children ?? [])]}::uuid[])` : sql``;
  const rows = await sql<Recipient>`
    select distinct u.id, u.email, u.name, u.locale, coalesce(p.newsletters, true) as wants_mail
    from care_team_member m
    join child c on c.id = m.child_id
    join app_user u on u.id = m.user_id
    left join mail_preference p on p.user_id = u.id
    where c.clinic_id = ${a.clinic_id} and m.revoked_at is null and m.role in ('guardian', 'caregiver') and u.disabled_at is null
    ${filter}
    order by u.id`.execute(db);
  return rows.rows;
}

function dueNewsletters(db: Executor, now: Date) {
  return db.selectFrom('newsletter as n').innerJoin('clinic as k', 'k.id', 'n.clinic_id')
    .select(['n.id', 'n.clinic_id', 'n.title', 'n.body', 'n.created_by', 'n.image_type', 'n.audience', 'n.audience_therapist', 'n.audience_therapy_type', 'k.name as clinic'])
    .where('n.status', '=', 'scheduled').where('n.send_at', '<=', now);
}

/** The newsletter whose time came first, of those due now and not among `except`. */
export async function nextDueNewsletter(db: Executor, now: Date, except: readonly string[]) {
  let q = dueNewsletters(db, now).orderBy('n.send_at').limit(1);
  if (except.length > 0) q = q.where('n.id', 'not in', [...except]);
  return q.executeTakeFirst();
}

/** This newsletter when it is still due, locked for sending; undefined when another instance holds it. */
export async function lockDueNewsletter(tx: Executor, id: string, now: Date) {
  return dueNewsletters(tx, now).where('n.id', '=', id).forUpdate('n').skipLocked().executeTakeFirst();
}

export type DueNewsletter = NonNullable<Awaited<ReturnType<typeof nextDueNewsletter>>>;

/** Records that the newsletter reached this person (once, however often it is asked). */
export async function addRecipient(tx: Executor, newsletterId: string, userId: string): Promise<void> {
  await tx.insertInto('newsletter_recipient').values({ newsletter_id: newsletterId, user_id: userId }).onConflict((oc) => oc.columns(['newsletter_id', 'user_id']).doNothing()).execute();
}

export async function setRecipientMail(tx: Executor, newsletterId: string, userId: string, mailId: string): Promise<void> {
  await tx.updateTable('newsletter_recipient').set({ mail_id: mailId }).where('newsletter_id', '=', newsletterId).where('user_id', '=', userId).execute();
}

export async function markSent(tx: Executor, id: string, now: Date): Promise<void> {
  await tx.updateTable('newsletter').set({ status: 'sent', sent_at: now, updated_at: now, translating_until: null }).where('id', '=', id).execute();
}

/**
 * Claims a newsletter still to send for translating until `until`: false when another claim has
 * not run out (another instance is translating it) or it is no longer to send.
 */
export async function claimTranslation(db: Executor, id: string, now: Date, until: Date): Promise<boolean> {
  const row = await db.updateTable('newsletter').set({ translating_until: until })
    .where('id', '=', id).where('status', '=', 'scheduled')
    .where((eb) => eb.or([eb('translating_until', 'is', null), eb('translating_until', '<=', now)]))
    .returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Gives the claim up (the translation or the send failed): the next sweep, anywhere, tries again. */
export async function releaseTranslation(db: Executor, id: string): Promise<void> {
  await db.updateTable('newsletter').set({ translating_until: null }).where('id', '=', id).where('status', '=', 'scheduled').execute();
}
