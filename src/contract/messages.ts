import { z } from 'zod';
import { Id, LongText, Timestamp } from './common.ts';
import { TeamRole } from './access.ts';
import { TranslatedText } from './translation.ts';
import { PictureSize } from './uploads.ts';
import { MESSAGE_MAX_LENGTH, RETRACT_WINDOW_MS, TITLE_MAX_LENGTH } from './message-values.ts';

// Secure messages: a child's team conversation and smaller conversations with chosen members.

export { MESSAGE_MAX_LENGTH, RETRACT_WINDOW_MS, TITLE_MAX_LENGTH };

export const ConversationParams = z.object({ childId: z.string(), conversationId: z.string() });
export const MessageParams = z.object({ childId: z.string(), conversationId: z.string(), messageId: z.string() });

export const Person = z.object({ id: Id, name: z.string(), role: TeamRole.nullable() });
export type Person = z.infer<typeof Person>;

export const LastMessage = z.object({
  id: Id,
  /** Plain text, shortened, in the reader's language when a translation is at hand; null when the message was retracted. */
  preview: z.string().nullable(),
  /** The language the preview is in. */
  previewLanguage: z.string().nullable(),
  /** Files it carries (a message may be files only). */
  attachmentCount: z.number().int(),
  author: Person,
  mine: z.boolean(),
  at: Timestamp,
});

export const Conversation = z.object({
  id: Id,
  childId: Id,
  kind: z.enum(['team', 'group']),
  title: z.string(),
  /** Everyone who reads it now (the team conversation: the team members with messages.team). */
  members: z.array(Person),
  unread: z.number().int(),
  lastMessage: LastMessage.nullable(),
  createdAt: Timestamp,
  canSend: z.boolean(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationList = z.object({
  conversations: z.array(Conversation),
  /** Team members this person may start a smaller conversation with (empty without messages.send). */
  candidates: z.array(Person),
  canCreate: z.boolean(),
});
export type ConversationList = z.infer<typeof ConversationList>;

export const CreateConversationRequest = z.strictObject({
  title: LongText(TITLE_MAX_LENGTH).default(''),
  /** Besides the creator, who is always a member. */
  memberIds: z.array(Id).min(1).max(30),
});
export type CreateConversationRequest = z.infer<typeof CreateConversationRequest>;

export const Attachment = z.object({
  id: Id,
  contentType: z.string(),
  kind: z.enum(['image', 'audio', 'video', 'pdf']),
  byteSize: z.number(),
  pictureSize: PictureSize.nullable(),
  url: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  author: Person,
  mine: z.boolean(),
  /** Markdown-lite as written; null once retracted. */
  body: z.string().nullable(),
  /** The author's language when they wrote it (or the one the translation server found). */
  language: z.string(),
  /** The text in the reader's language when it was written in another; null otherwise and once retracted. */
  translated: TranslatedText.nullable(),
  /** The reader should have had a translation, but none could be made right now: the original is shown. */
  translationUnavailable: z.boolean(),
  createdAt: Timestamp,
  retractedAt: Timestamp.nullable(),
  /** Until when the author may still retract it; null for others' or retracted messages. */
  retractableUntil: Timestamp.nullable(),
  /** Its files, served only to the conversation's readers; none once retracted. */
  attachments: z.array(Attachment),
});
export type Message = z.infer<typeof Message>;

export const MessagesQuery = z.object({
  /** The cursor from the previous page: older messages than this. */
  before: z.string().regex(/^\d{1,18}$/, { error: 'Use the cursor from the previous page.' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const MessagePage = z.object({
  conversation: Conversation,
  /** Oldest first within the page; the first page holds the newest messages. */
  messages: z.array(Message),
  /** Pass as `before` for the page of older messages; null at the start of the conversation. */
  olderCursor: z.string().nullable(),
  /** Who else has read up to the newest message. */
  seenBy: z.array(Person.extend({ at: Timestamp })),
});
export type MessagePage = z.infer<typeof MessagePage>;

/** At most this many files in one message. */
export const MAX_ATTACHMENTS = 5;

export const SendMessageRequest = z.strictObject({
  /** May be empty when the message carries files. */
  body: LongText(MESSAGE_MAX_LENGTH).default(''),
  /** Files uploaded first (purpose message_attachment), sent with the message. */
  attachmentIds: z.array(Id).max(MAX_ATTACHMENTS).default([]),
  /** The quick reply or clinic template the text came from: sent unchanged, its other language is the translation. */
  quickReplyId: Id.optional(),
});
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

export const MarkReadRequest = z.strictObject({ messageId: Id });

export const UnreadSummary = z.object({
  total: z.number().int(),
  children: z.array(z.object({ childId: Id, unread: z.number().int() })),
});
export type UnreadSummary = z.infer<typeof UnreadSummary>;
