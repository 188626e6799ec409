// Secure messages between a child's family, therapists and school. Messages are never edited:
// an author may retract one for a short while, which leaves "message retracted" for everyone.
// Realtime events go, inside the writing transaction, to the conversation's current readers
// only, so someone removed from the team hears nothing further.
import { ChildId } from '../../../contract/children.ts';
import { mediaKind, uploadUrl } from '../../../contract/upload-rules.ts';
import {
  ConversationList, ConversationParams, Conversation as ConversationSchema, CreateConversationRequest, MarkReadRequest, Message as MessageSchema,
  MessagePage, MessageParams, MessagesQuery, RETRACT_WINDOW_MS, SendMessageRequest, UnreadSummary,
  type Attachment, type Conversation, type Message,
} from '../../../contract/messages.ts';
import { Ok } from '../../../contract/common.ts';
import { isUuid, type ChildAccess } from '../../access/access.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { MessageTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { openEventStream } from '../../realtime/events.routes.ts';
import { notify, readMessageNotifications } from '../notifications/notify.ts';
import { publish } from '../../realtime/hub.ts';
import { teamNames, type TeamNames } from '../children/team-names.ts';
import { quickReplyWording, readerLanguages, requestTranslation, storeHumanTranslations, translateForReader, translationsFor } from '../translation/translation.service.ts';
import { attachUploads, pictureSize } from '../../uploads/uploads.service.ts';
import type { OwnerCheck } from '../../uploads/uploads.routes.ts';
import { conversationReaders, ensureTeamConversation, previewOf, readersOf, visibleConversations, type ConversationRow } from './messages.service.ts';
import type { Selectable } from 'kysely';

type MessageRow = Selectable<MessageTable>;

const canSend = (access: ChildAccess) => access.permissions.includes('messages.send');
const canMessage = (access: ChildAccess) => canSend(access) || access.permissions.includes('messages.team');

function person(names: TeamNames, id: string) {
  const n = names.get(id);
  return { id, name: n?.name ?? '', role: n?.role ?? null };
}

/** The files of these messages, by message; none for a retracted one. */
async function attachmentsOf(db: Executor, rows: readonly MessageRow[]): Promise<Map<string, Attachment[]>> {
  const ids = rows.filter((r) => !r.retracted_at).map((r) => r.id);
  const out = new Map<string, Attachment[]>();
  if (ids.length === 0) return out;
  const uploads = await db.selectFrom('upload').select(['id', 'child_id', 'owner_id', 'content_type', 'byte_size', 'width', 'height'])
    .where('owner_type', '=', 'message').where('owner_id', 'in', ids).orderBy('attached_at').orderBy('created_at').execute();
  for (const u of uploads) {
    if (!u.owner_id) continue;
    const list = out.get(u.owner_id) ?? [];
    list.push({ id: u.id, contentType: u.content_type, kind: mediaKind(u.content_type), byteSize: u.byte_size, pictureSize: pictureSize(u), url: uploadUrl(u.child_id, u.id) });
    out.set(u.owner_id, list);
  }
  return out;
}

/** A message's files are seen by exactly the conversation's current readers, and not once it is retracted. */
export const messageVisible: OwnerCheck = async (db, access, userId, messageId) => {
  if (!canMessage(access)) return false;
  const message = await db.selectFrom('message').select(['conversation_id', 'retracted_at'])
    .where('id', '=', messageId).where('child_id', '=', access.childId).executeTakeFirst();
  if (!message || message.retracted_at) return false;
  const [conversation] = await visibleConversations(db, userId, { childIds: [access.childId], conversationId: message.conversation_id });
  return conversation !== undefined;
};

function toMessage(r: MessageRow, names: TeamNames, userId: string, attachments: Map<string, Attachment[]> = new Map()): Message {
  const mine = r.author_id === userId;
  return {
    id: r.id, conversationId: r.conversation_id, author: person(names, r.author_id), mine,
    body: r.retracted_at ? null : r.body, language: r.language, createdAt: r.created_at.toISOString(),
    retractedAt: r.retracted_at?.toISOString() ?? null,
    retractableUntil: mine && !r.retracted_at ? new Date(r.created_at.getTime() + RETRACT_WINDOW_MS).toISOString() : null,
    // Filled in for the reader by translateForReader.
    translated: null, translationUnavailable: false,
    attachments: r.retracted_at ? [] : (attachments.get(r.id) ?? []),
  };
}

function toConversation(c: ConversationRow, readers: readonly string[], names: TeamNames, userId: string, access: ChildAccess): Conversation {
  return {
    id: c.id, childId: c.child_id, kind: c.kind, title: c.title,
    members: readers.map((id) => person(names, id)).sort((a, b) => a.name.localeCompare(b.name)),
    unread: c.unread,
    lastMessage: c.last_id && c.last_author_id && c.last_created_at ? {
      id: c.last_id, preview: c.last_retracted_at || c.last_body === null ? null : previewOf(c.last_body), previewLanguage: c.last_language,
      attachmentCount: c.last_retracted_at ? 0 : c.last_attachments,
      author: person(names, c.last_author_id), mine: c.last_author_id === userId, at: c.last_created_at.toISOString(),
    } : null,
    createdAt: c.created_at.toISOString(),
    canSend: canSend(access),
  };
}

export function registerMessageRoutes(app: App, deps: Deps): void {
  /** The conversation, if this person reads it; otherwise it does not exist. */
  async function findConversation(db: Executor, access: ChildAccess, userId: string, conversationId: string): Promise<ConversationRow> {
    if (!isUuid(conversationId) || !canMessage(access)) throw notFound();
    const [row] = await visibleConversations(db, userId, { childIds: [access.childId], conversationId });
    if (!row) throw notFound();
    return row;
  }

  async function describe(db: Executor, access: ChildAccess, userId: string, rows: ConversationRow[]): Promise<Conversation[]> {
    const readers = await readersOf(db, access.childId, rows);
    const ids = [...readers.values()].flat().concat(rows.flatMap((r) => (r.last_author_id ? [r.last_author_id] : [])));
    const names = await teamNames(db, access.childId, ids);
    return rows.map((r) => toConversation(r, readers.get(r.id) ?? [], names, userId, access));
  }

  app.get('/api/children/:childId/conversations', {
    config: { child: 'child.view' },
    schema: { tags: ['messages'], params: ChildId, response: { 200: ConversationList } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (!canMessage(access)) throw notFound();
    const { rows, list } = await deps.db.transaction().execute(async (tx) => {
      if (access.permissions.includes('messages.team')) await ensureTeamConversation(tx, { id: access.childId, clinicId: access.clinicId });
      await recordAudit(tx, auditContext(request), { action: 'conversation.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId });
      const rows = await visibleConversations(tx, actor.userId, { childIds: [access.childId] });
      const conversations = await describe(tx, access, actor.userId, rows);
      const candidates = canSend(access) ? await sendersOnTeam(tx, access.childId) : [];
      const names = await teamNames(tx, access.childId, candidates);
      return { rows, list: {
        conversations,
        candidates: candidates.filter((id) => id !== actor.userId).map((id) => person(names, id)).sort((a, b) => a.name.localeCompare(b.name)),
        canCreate: canSend(access),
      } };
    });
    // Each newest message previewed in the reader's language, as the conversation shows it.
    const views = await translationsFor(deps, rows.flatMap((r) => (r.last_id && r.last_body && !r.last_retracted_at
      ? [{ id: r.last_id, clinicId: access.clinicId, text: r.last_body, language: r.last_language, retracted: false }] : [])), actor.locale);
    for (const c of list.conversations) {
      const translated = c.lastMessage ? views.get(c.lastMessage.id)?.translated : null;
      if (c.lastMessage && translated) c.lastMessage = { ...c.lastMessage, preview: previewOf(translated.text), previewLanguage: translated.language };
    }
    return list;
  });

  /** Team members who may be in a smaller conversation: active, holding messages.send. */
  async function sendersOnTeam(db: Executor, childId: string): Promise<string[]> {
    const rows = await db.selectFrom('care_team_member as m').leftJoin('consent as k', 'k.id', 'm.consent_id').select('m.user_id')
      .where('m.child_id', '=', childId).where('m.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('m.consent_id', 'is', null), eb('k.revoked_at', 'is', null)]))
      .where((eb) => eb(eb.val('messages.send'), '=', eb.fn.any('m.permissions')))
      .execute();
    return rows.map((r) => r.user_id);
  }

  app.post('/api/children/:childId/conversations', {
    config: { child: 'messages.send' },
    schema: { tags: ['messages'], params: ChildId, body: CreateConversationRequest, response: { 201: ConversationSchema } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const b = request.body;
    const created = await deps.db.transaction().execute(async (tx) => {
      const allowed = new Set(await sendersOnTeam(tx, access.childId));
      const others = [...new Set(b.memberIds)].filter((id) => id !== actor.userId);
      if (others.length === 0) throw badField('memberIds', 'Choose at least one other person from the team.');
      if (others.some((id) => !allowed.has(id))) throw badField('memberIds', 'Everyone in a conversation must be on the child’s team and allowed to send messages.');
      const conversation = await tx.insertInto('conversation').values({
        clinic_id: access.clinicId, child_id: access.childId, kind: 'group', title: b.title, created_by: actor.userId,
      }).returningAll().executeTakeFirstOrThrow();
      await tx.insertInto('conversation_member').values([actor.userId, ...others].map((userId) => ({
        conversation_id: conversation.id, clinic_id: access.clinicId, child_id: access.childId, user_id: userId, added_by: actor.userId,
      }))).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'conversation.create', childId: access.childId, clinicId: access.clinicId, subjectType: 'conversation', subjectId: conversation.id,
        details: { members: [actor.userId, ...others] },
      });
      await publish(tx, [actor.userId, ...others], { type: 'conversation.created', childId: access.childId, conversationId: conversation.id });
      const [row] = await visibleConversations(tx, actor.userId, { childIds: [access.childId], conversationId: conversation.id });
      if (!row) throw notFound();
      const [described] = await describe(tx, access, actor.userId, [row]);
      if (!described) throw notFound();
      return described;
    });
    return reply.status(201).send(created);
  });

  app.get('/api/children/:childId/conversations/:conversationId/messages', {
    config: { child: 'child.view' },
    schema: { tags: ['messages'], params: ConversationParams, querystring: MessagesQuery, response: { 200: MessagePage } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { before, limit } = request.query;
    const result = await deps.db.transaction().execute(async (tx) => {
      const conversation = await findConversation(tx, access, actor.userId, request.params.conversationId);
      await recordAudit(tx, auditContext(request), {
        action: 'message.list', childId: access.childId, clinicId: access.clinicId, subjectType: 'conversation', subjectId: conversation.id,
      });
      let q = tx.selectFrom('message').selectAll().where('conversation_id', '=', conversation.id);
      if (before) q = q.where('seq', '<', before as never);
      const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit).reverse();
      const [described] = await describe(tx, access, actor.userId, [conversation]);
      if (!described) throw notFound();
      const newest = rows[0];
      const seen = newest && !before
        ? await tx.selectFrom('conversation_read').select(['user_id', 'read_at'])
            .where('conversation_id', '=', conversation.id).where('last_read_seq', '>=', newest.seq)
            .where('user_id', '<>', actor.userId).where('user_id', '<>', newest.author_id)
            .where('user_id', 'in', described.members.map((m) => m.id).concat([actor.userId]))
            .orderBy('read_at').execute()
        : [];
      const names = await teamNames(tx, access.childId, [...page.map((m) => m.author_id), ...seen.map((s) => s.user_id)]);
      const attachments = await attachmentsOf(tx, page);
      return {
        conversation: described,
        messages: page.map((m) => toMessage(m, names, actor.userId, attachments)),
        olderCursor: rows.length > limit ? (page[0]?.seq ?? null) : null,
        seenBy: seen.map((s) => ({ ...person(names, s.user_id), at: s.read_at.toISOString() })),
      };
    });
    // After the transaction: a translation server is never waited on while holding a connection.
    return { ...result, messages: await translateForReader(deps, access.clinicId, result.messages, actor.locale) };
  });

  app.post('/api/children/:childId/conversations/:conversationId/messages', {
    config: { child: 'messages.send' },
    schema: { tags: ['messages'], params: ConversationParams, body: SendMessageRequest, response: { 201: MessageSchema } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const { body, attachmentIds, quickReplyId } = request.body;
    if (body === '' && attachmentIds.length === 0) throw badField('body', 'Write a message or attach a file.');
    const { row, attachments, languages } = await deps.db.transaction().execute(async (tx) => {
      const conversation = await findConversation(tx, access, actor.userId, request.params.conversationId);
      const now = deps.clock();
      // A quick reply sent unchanged carries its own wording in the other language.
      const wording = quickReplyId && body ? await quickReplyWording(tx, actor.userId, quickReplyId, body) : null;
      const message = await tx.insertInto('message').values({
        clinic_id: access.clinicId, child_id: access.childId, conversation_id: conversation.id, author_id: actor.userId, author_role: access.role,
        body, language: wording?.language ?? actor.locale, created_at: now,
      }).returningAll().executeTakeFirstOrThrow();
      if (wording) await storeHumanTranslations(tx, { id: message.id, clinicId: access.clinicId }, message.language, wording.others);
      await attachUploads(tx, {
        childId: access.childId, userId: actor.userId, owner: { type: 'message', id: message.id }, now,
        uploads: attachmentIds.map((id, i) => ({ id, purpose: 'message_attachment' as const, field: `attachmentIds.${i}` })),
      });
      // The author has read what they wrote.
      await markRead(tx, access, actor.userId, conversation.id, message);
      await recordAudit(tx, auditContext(request), {
        action: 'message.send', childId: access.childId, clinicId: access.clinicId, subjectType: 'message', subjectId: message.id,
        details: { conversationId: conversation.id, length: message.body.length, attachments: attachmentIds.length },
      });
      const readers = await conversationReaders(tx, conversation);
      await publish(tx, readers, { type: 'message.created', childId: access.childId, conversationId: conversation.id, messageId: message.id });
      // In the app at once; by email only if it stays unread (the notification sweep), never with its words.
      await notify(deps, tx, {
        userIds: readers, kind: 'message', childId: access.childId, clinicId: access.clinicId, actorId: actor.userId,
        target: { conversationId: conversation.id, messageId: message.id }, dedupeKey: `message:${message.id}`,
      });
      const covered = new Set([message.language, ...(wording?.others.map((o) => o.language) ?? [])]);
      const languages = message.body === '' ? [] : (await readerLanguages(tx, readers)).filter((l) => !covered.has(l));
      return { row: message, attachments: await attachmentsOf(tx, [message]), languages };
    });
    // Translated in the background for the readers' languages; sending never waits for it.
    await requestTranslation(deps, row.id, languages).catch((e: unknown) => request.log.warn({ message: (e as Error).message }, 'translation not queued'));
    const names = await teamNames(deps.db, access.childId, [actor.userId]);
    return reply.status(201).send(toMessage(row, names, actor.userId, attachments));
  });

  app.post('/api/children/:childId/conversations/:conversationId/messages/:messageId/retract', {
    config: { child: 'messages.send' },
    schema: { tags: ['messages'], params: MessageParams, response: { 200: MessageSchema } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const row = await deps.db.transaction().execute(async (tx) => {
      const conversation = await findConversation(tx, access, actor.userId, request.params.conversationId);
      if (!isUuid(request.params.messageId)) throw notFound();
      const message = await tx.selectFrom('message').selectAll()
        .where('id', '=', request.params.messageId).where('conversation_id', '=', conversation.id).forUpdate().executeTakeFirst();
      if (!message) throw notFound();
      if (message.author_id !== actor.userId) throw new AppError('forbidden', 403, 'Only the person who wrote a message can retract it.');
      if (message.retracted_at) throw new AppError('conflict', 409, 'This message was already retracted.');
      const now = deps.clock();
      if (now.getTime() - message.created_at.getTime() > RETRACT_WINDOW_MS) {
        throw new AppError('conflict', 409, `A message can be retracted within ${RETRACT_WINDOW_MS / 60_000} minutes of sending it. Send a correction instead.`);
      }
      const updated = await tx.updateTable('message').set({ retracted_at: now, retracted_by: actor.userId })
        .where('id', '=', message.id).returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), {
        action: 'message.retract', childId: access.childId, clinicId: access.clinicId, subjectType: 'message', subjectId: message.id,
        details: { conversationId: conversation.id },
      });
      const readers = await conversationReaders(tx, conversation);
      await publish(tx, readers, { type: 'message.retracted', childId: access.childId, conversationId: conversation.id, messageId: message.id });
      return updated;
    });
    const names = await teamNames(deps.db, access.childId, [actor.userId]);
    return toMessage(row, names, actor.userId);
  });

  /** Moves the person's read position forward (never back) to this message. */
  async function markRead(tx: Executor, access: ChildAccess, userId: string, conversationId: string, message: { id: string; seq: string }): Promise<boolean> {
    const now = deps.clock();
    const result = await tx.insertInto('conversation_read').values({
      conversation_id: conversationId, user_id: userId, clinic_id: access.clinicId, child_id: access.childId,
      last_read_seq: message.seq, last_read_message_id: message.id, read_at: now,
    }).onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet({
      last_read_seq: message.seq, last_read_message_id: message.id, read_at: now,
    }).where('conversation_read.last_read_seq', '<', message.seq)).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  app.post('/api/children/:childId/conversations/:conversationId/read', {
    config: { child: 'child.view' },
    schema: { tags: ['messages'], params: ConversationParams, body: MarkReadRequest, response: { 200: Ok } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const conversation = await findConversation(tx, access, actor.userId, request.params.conversationId);
      const message = await tx.selectFrom('message').select(['id', 'seq'])
        .where('id', '=', request.body.messageId).where('conversation_id', '=', conversation.id).executeTakeFirst();
      if (!message) throw badField('messageId', 'This message is not in the conversation.');
      const moved = await markRead(tx, access, actor.userId, conversation.id, message);
      if (!moved) return;
      await readMessageNotifications(deps, tx, actor.userId, conversation.id);
      await recordAudit(tx, auditContext(request), {
        action: 'conversation.read', childId: access.childId, clinicId: access.clinicId, subjectType: 'conversation', subjectId: conversation.id,
        details: { messageId: message.id },
      });
      const readers = await conversationReaders(tx, conversation);
      await publish(tx, readers, { type: 'conversation.read', childId: access.childId, conversationId: conversation.id, userId: actor.userId });
    });
    return { ok: true as const };
  });

  app.post('/api/children/:childId/conversations/:conversationId/leave', {
    config: { child: 'child.view' },
    schema: { tags: ['messages'], params: ConversationParams, response: { 200: Ok } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    await deps.db.transaction().execute(async (tx) => {
      const conversation = await findConversation(tx, access, actor.userId, request.params.conversationId);
      if (conversation.kind === 'team') throw new AppError('conflict', 409, 'The team conversation is everyone’s: it cannot be left.');
      const readers = await conversationReaders(tx, conversation);
      await tx.updateTable('conversation_member').set({ removed_at: deps.clock() })
        .where('conversation_id', '=', conversation.id).where('user_id', '=', actor.userId).execute();
      await recordAudit(tx, auditContext(request), {
        action: 'conversation.leave', childId: access.childId, clinicId: access.clinicId, subjectType: 'conversation', subjectId: conversation.id,
      });
      await publish(tx, [actor.userId], { type: 'conversation.left', childId: access.childId, conversationId: conversation.id, userId: actor.userId });
      await publish(tx, readers.filter((id) => id !== actor.userId), { type: 'conversation.changed', childId: access.childId, conversationId: conversation.id });
    });
    return { ok: true as const };
  });

  app.get('/api/children/:childId/conversations/:conversationId/events', {
    config: { child: 'child.view' },
    schema: { tags: ['messages'], params: ConversationParams, summary: 'Server-sent events of one conversation: new, retracted and read messages.' },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const conversation = await findConversation(deps.db, access, actor.userId, request.params.conversationId);
    openEventStream(deps, request, reply, (e) => {
      // Removed from the team, or out of this conversation: the stream ends at once.
      if ((e.type === 'team.removed' || e.type === 'team.access_changed') && e.childId === access.childId) return 'close';
      if (e.type === 'conversation.left' && e.conversationId === conversation.id) return 'close';
      return e.type === 'resync' || e.conversationId === conversation.id;
    });
  });

  app.get('/api/messages/unread', {
    schema: { tags: ['messages'], response: { 200: UnreadSummary } },
  }, async (request) => {
    const actor = requireActor(request);
    const rows = await visibleConversations(deps.db, actor.userId, {});
    const byChild = new Map<string, number>();
    for (const r of rows) byChild.set(r.child_id, (byChild.get(r.child_id) ?? 0) + r.unread);
    const children = [...byChild].map(([childId, unread]) => ({ childId, unread }));
    return { total: children.reduce((n, c) => n + c.unread, 0), children };
  });
}
