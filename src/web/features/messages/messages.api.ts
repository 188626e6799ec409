// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Messages from '../../../contract/messages.ts';
import { api } from '../../api/client.ts';
import { sendOrKeep } from '../../api/outbox.ts';

export type Conversation = z.infer<typeof Messages.Conversation>;
export type ConversationList = z.infer<typeof Messages.ConversationList>;
export type Message = z.infer<typeof Messages.Message>;
export type MessagePage = z.infer<typeof Messages.MessagePage>;
export type Person = z.infer<typeof Messages.Person>;
export type Attachment = z.infer<typeof Messages.Attachment>;
export type UnreadSummary = z.infer<typeof Messages.UnreadSummary>;
export type CreateConversationRequest = z.input<typeof Messages.CreateConversationRequest>;

export const messageKeys = {
  all: (childId: string) => ['children', childId, 'messages'] as const,
  list: (childId: string) => ['children', childId, 'messages', 'list'] as const,
  conversation: (childId: string, conversationId: string) => ['children', childId, 'messages', 'conversation', conversationId] as const,
  unread: ['messages', 'unread'] as const,
};

export const conversationsPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}/conversations`;
export const messagesPath = (childId: string, conversationId: string) => `${conversationsPath(childId)}/${encodeURIComponent(conversationId)}/messages`;

export const conversationsQuery = (childId: string) =>
  queryOptions({
    queryKey: messageKeys.list(childId),
    queryFn: () => api<ConversationList>(conversationsPath(childId)),
  });

/** The newest page of a conversation; older pages are fetched on request. */
export const conversationQuery = (childId: string, conversationId: string) =>
  queryOptions({
    queryKey: messageKeys.conversation(childId, conversationId),
    queryFn: () => api<MessagePage>(messagesPath(childId, conversationId)),
  });

export const unreadQuery = queryOptions({
  queryKey: messageKeys.unread,
  queryFn: () => api<UnreadSummary>('/api/messages/unread'),
  staleTime: 30_000,
});

export function olderMessages(childId: string, conversationId: string, before: string): Promise<MessagePage> {
  return api<MessagePage>(`${messagesPath(childId, conversationId)}?before=${encodeURIComponent(before)}`);
}

/** A message: sent now, or kept on this device until the connection returns. */
/** `quickReplyId`: the quick reply the text came from, so its human translation goes with it. */
export function sendMessage(childId: string, conversationId: string, message: { body: string; attachmentIds: string[]; quickReplyId?: string }, label: string) {
  return sendOrKeep<Message>({ path: messagesPath(childId, conversationId), method: 'POST', body: message, label });
}

export function isQueuedMessageFor(childId: string, conversationId: string, path: string): boolean {
  return path === messagesPath(childId, conversationId);
}

export function retractMessage(childId: string, conversationId: string, messageId: string): Promise<Message> {
  return api<Message>(`${messagesPath(childId, conversationId)}/${encodeURIComponent(messageId)}/retract`, { method: 'POST' });
}

export function markRead(childId: string, conversationId: string, messageId: string): Promise<{ ok: true }> {
  return api(`${conversationsPath(childId)}/${encodeURIComponent(conversationId)}/read`, { method: 'POST', body: { messageId } });
}

export function createConversation(childId: string, body: CreateConversationRequest): Promise<Conversation> {
  return api<Conversation>(conversationsPath(childId), { method: 'POST', body });
}

export function refreshMessages(queryClient: QueryClient, childId: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: messageKeys.all(childId) }),
    queryClient.invalidateQueries({ queryKey: messageKeys.unread }),
  ]).then(() => undefined);
}

export const MESSAGE_EVENTS = new Set(['message.created', 'message.retracted', 'message.translated', 'conversation.read', 'conversation.created', 'conversation.changed', 'conversation.left', 'team.removed', 'team.access_changed']);
