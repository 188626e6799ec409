import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ConversationTable, Database } from '../../db/schema.ts';

// Who reads which conversation, decided in SQL. A team conversation is read by everyone on the
// child's team holding messages.team; a smaller one by its members who are still on the team
// with messages.send or messages.team. Leaving the team (or losing the permission) ends access
// at once, whatever the conversation's member list says.

export type ConversationRow = {
  id: string;
  child_id: string;
  clinic_id: string;
  kind: 'team' | 'group';
  title: string;
  created_at: Date;
  unread: number;
  last_id: string | null;
  last_body: string | null;
  last_language: string | null;
  last_author_id: string | null;
  last_created_at: Date | null;
  last_retracted_at: Date | null;
  last_attachments: number;
};

/** Active team memberships (consent still given) of one child, as a subquery. */
const activeMembers = (childId: ReturnType<typeof sql>) => sql`
  select m.user_id, m.permissions, m.role from care_team_member m
  left join consent k on k.id = m.consent_id
  where m.child_id = ${childId} and m.revoked_at is null and (m.consent_id is null or k.revoked_at is null)`;

/**
 * The conversations this person reads, with their unread count and newest message, newest
 * activity first (the team conversation first within a child).
 */
export async function visibleConversations(
  db: Executor,
  userId: string,
  filter: { childIds?: readonly string[]; conversationId?: string },
): Promise<ConversationRow[]> {
  if (filter.childIds && filter.childIds.length === 0) return [];
  const byChild = filter.childIds ? sql`and c.child_id in (${sql.join(filter.childIds)})` : sql``;
  const byId = filter.conversationId ? sql`and c.id = ${filter.conversationId}` : sql``;
  const { rows } = await sql<ConversationRow>`
    select c.id, c.child_id, c.clinic_id, c.kind, c.title, c.created_at,
      (select count(*) from message x
        where x.conversation_id = c.id and x.author_id <> ${userId} and x.retracted_at is null
          and x.seq > coalesce((select r.last_read_seq from conversation_read r where r.conversation_id = c.id and r.user_id = ${userId}), 0))::int as unread,
      l.id as last_id, l.body as last_body, l.language as last_language, l.author_id as last_author_id, l.created_at as last_created_at, l.retracted_at as last_retracted_at,
      (select count(*) from upload u where u.owner_type = 'message' and u.owner_id = l.id)::int as last_attachments
    from conversation c
    join care_team_member m on m.child_id = c.child_id and m.user_id = ${userId} and m.revoked_at is null
    left join consent k on k.id = m.consent_id
    left join lateral (select * from message y where y.conversation_id = c.id order by y.seq desc limit 1) l on true
    where (m.consent_id is null or k.revoked_at is null)
      and (
        (c.kind = 'team' and 'messages.team' = any(m.permissions))
        or (c.kind = 'group' and ('messages.send' = any(m.permissions) or 'messages.team' = any(m.permissions))
          and exists (select 1 from conversation_member cm where cm.conversation_id = c.id and cm.user_id = ${userId} and cm.removed_at is null))
      )
      ${byChild} ${byId}
    order by c.child_id, (c.kind = 'team') desc, coalesce(l.created_at, c.created_at) desc`.execute(db);
  return rows;
}

/** Everyone who reads the conversation now: the addressees of its realtime events. */
export async function conversationReaders(db: Executor, conversation: { id: string; child_id: string; kind: 'team' | 'group' }): Promise<string[]> {
  const members = activeMembers(sql`${conversation.child_id}`);
  const { rows } = conversation.kind === 'team'
    ? await sql<{ user_id: string }>`select a.user_id from (${members}) a where 'messages.team' = any(a.permissions)`.execute(db)
    : await sql<{ user_id: string }>`
        select a.user_id from (${members}) a
        join conversation_member cm on cm.user_id = a.user_id and cm.conversation_id = ${conversation.id} and cm.removed_at is null
        where 'messages.send' = any(a.permissions) or 'messages.team' = any(a.permissions)`.execute(db);
  return rows.map((r) => r.user_id);
}

/** Readers of each of these conversations, in one query per kind. */
export async function readersOf(db: Executor, childId: string, conversations: readonly { id: string; kind: 'team' | 'group' }[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (conversations.length === 0) return out;
  const members = activeMembers(sql`${childId}`);
  const team = conversations.filter((c) => c.kind === 'team');
  const groups = conversations.filter((c) => c.kind === 'group');
  if (team.length > 0) {
    const { rows } = await sql<{ user_id: string }>`select a.user_id from (${members}) a where 'messages.team' = any(a.permissions)`.execute(db);
    for (const c of team) out.set(c.id, rows.map((r) => r.user_id));
  }
  if (groups.length > 0) {
    const { rows } = await sql<{ user_id: string; conversation_id: string }>`
      select a.user_id, cm.conversation_id from (${members}) a
      join conversation_member cm on cm.user_id = a.user_id and cm.removed_at is null and cm.conversation_id in (${sql.join(groups.map((g) => g.id))})
      where 'messages.send' = any(a.permissions) or 'messages.team' = any(a.permissions)`.execute(db);
    for (const c of groups) out.set(c.id, rows.filter((r) => r.conversation_id === c.id).map((r) => r.user_id));
  }
  return out;
}

/** The child's team conversation, created on first use (exactly one per child). */
export async function ensureTeamConversation(db: Executor, child: { id: string; clinicId: string }): Promise<void> {
  await sql`insert into conversation (clinic_id, child_id, kind) values (${child.clinicId}, ${child.id}, 'team')
    on conflict (child_id) where kind = 'team' do nothing`.execute(db);
}

/** Message text as a one-line preview: markdown-lite marks dropped, shortened. */
export function previewOf(body: string, max = 140): string {
  const plain = body
    .replace(/\[([^\]]*)\]\(([^)\s]*)\)/gu, '$1')
    .replace(/(\*\*|__)(.+?)\1/gu, '$2')
    .replace(/(^|\s)[*_](\S(?:.*?\S)?)[*_](?=\s|$|[.,!?;:])/gmu, '$1$2')
    .replace(/^\s*(?:[-*]|\d+[.)])\s+/gmu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

/**
 * Every conversation of the child this reader reads now, and their messages (not withdrawn),
 * oldest first, with each author's name: what the messages page shows them, all of it.
 */
export async function messagesSeenBy(db: Executor, userId: string, childId: string) {
  const conversations = await visibleConversations(db, userId, { childIds: [childId] });
  const messages = conversations.length === 0 ? [] : await db.selectFrom('message as m').innerJoin('app_user as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.conversation_id', 'm.author_id', 'm.author_role', 'm.body', 'm.language', 'm.created_at', 'u.name as author_name'])
    .where('m.conversation_id', 'in', conversations.map((c) => c.id)).where('m.retracted_at', 'is', null)
    .orderBy('m.conversation_id').orderBy('m.seq').execute();
  return { conversations: conversations.map((c) => ({ id: c.id, kind: c.kind, title: c.title, createdAt: c.created_at })), messages };
}

/** A conversation the clinic keeps: the team's, or one a clinician of the clinic is in. */
const clinicReads = (eb: ExpressionBuilder<Database & { c: ConversationTable }, 'c'>) => eb.or([
  eb('c.kind', '=', 'team'),
  eb.exists(eb.selectFrom('conversation_member as cm').innerJoin('clinic_member as k', (j) => j.onRef('k.user_id', '=', 'cm.user_id').onRef('k.clinic_id', '=', 'c.clinic_id'))
    .select('cm.user_id').whereRef('cm.conversation_id', '=', 'c.id')),
]);

/** Whether a message's files are in the clinic's copy: a message (not withdrawn) of a conversation the clinic keeps. */
export async function clinicKeepsMessage(db: Executor, childId: string, messageId: string): Promise<boolean> {
  const row = await db.selectFrom('message as m').innerJoin('conversation as c', 'c.id', 'm.conversation_id').select('m.id')
    .where('m.id', '=', messageId).where('m.child_id', '=', childId).where('m.retracted_at', 'is', null).where(clinicReads).executeTakeFirst();
  return row !== undefined;
}

/**
 * The clinic's own copy of a child's conversations (the clinic export): the team conversation and
 * every smaller one a clinician of the clinic is in; never one between family members alone.
 */
export async function messagesOfClinic(db: Executor, childId: string) {
  const conversations = await db.selectFrom('conversation as c').select(['c.id', 'c.kind', 'c.title', 'c.created_at'])
    .where('c.child_id', '=', childId).where(clinicReads)
    .orderBy('c.created_at').orderBy('c.id').execute();
  const messages = conversations.length === 0 ? [] : await db.selectFrom('message as m').innerJoin('app_user as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.conversation_id', 'm.author_id', 'm.author_role', 'm.body', 'm.language', 'm.created_at', 'u.name as author_name'])
    .where('m.conversation_id', 'in', conversations.map((c) => c.id)).where('m.retracted_at', 'is', null)
    .orderBy('m.conversation_id').orderBy('m.seq').execute();
  return { conversations: conversations.map((c) => ({ id: c.id, kind: c.kind, title: c.title, createdAt: c.created_at })), messages };
}
