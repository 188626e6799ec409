import { z } from 'zod';
import { Id, Text, Timestamp } from './common.ts';
import { ClockTime } from './auth.ts';
import { ContentTranslation } from './translation.ts';
import { CHOOSABLE_KINDS, NOTICE_AUDIENCES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_MODES, modesFor } from './notification-kinds.ts';

export { CHOOSABLE_KINDS, NOTICE_AUDIENCES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_MODES } from './notification-kinds.ts';

export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export const ChoosableKind = z.enum(CHOOSABLE_KINDS);
export const NotificationMode = z.enum(NOTIFICATION_MODES);
export const NotificationChannel = z.enum(NOTIFICATION_CHANNELS);
export const NoticeAudience = z.enum(NOTICE_AUDIENCES);

/** Ids for the link to what the notification is about; never its content. */
export const NotificationTarget = z.record(z.string(), z.string());

export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  childId: Id.nullable(),
  childName: z.string().nullable(),
  actorName: z.string().nullable(),
  target: NotificationTarget,
  /** Messages of one conversation collapse into one notification while it is unread. */
  count: z.number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  readAt: Timestamp.nullable(),
  /** An urgent notice's own words: the only text a notification carries. */
  notice: z.string().nullable(),
  /** The notice's words in the reader's language when written in another (field `body`). */
  translation: ContentTranslation.optional(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z.object({
  notifications: z.array(Notification),
  unread: z.number(),
  /** Pass as `before` for the next, older page; null at the end. */
  nextBefore: Timestamp.nullable(),
});
export const NotificationQuery = z.object({
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const UnreadCount = z.object({ unread: z.number() });
export const NotificationParams = z.object({ notificationId: z.string() });
export const ReadAllResponse = z.object({ read: z.number(), unread: z.number() });

export const NotificationSettings = z.object({
  /** The usual channel besides the in-app list. */
  channel: NotificationChannel,
  digestTime: ClockTime,
  /** channel: the kind's own channel; null, the usual one. */
  kinds: z.array(z.object({ kind: ChoosableKind, mode: NotificationMode, channel: NotificationChannel.nullable() })),
  /** Whether texts can reach the person: a provider is set up, their number, and whether it answered STOP. */
  texts: z.object({ configured: z.boolean(), phone: z.string().nullable(), stopped: z.boolean() }),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;
export const UpdateNotificationSettingsRequest = z.strictObject({
  channel: NotificationChannel,
  digestTime: ClockTime,
  kinds: z.array(z.strictObject({ kind: ChoosableKind, mode: NotificationMode, channel: NotificationChannel.nullable().optional() })).max(CHOOSABLE_KINDS.length),
}).superRefine((v, ctx) => {
  v.kinds.forEach((k, i) => {
    if (!modesFor(k.kind).includes(k.mode)) ctx.addIssue({ code: 'custom', path: ['kinds', i, 'mode'], message: 'This kind cannot wait for the digest.' });
  });
});

export const SendNoticeRequest = z.strictObject({
  audience: NoticeAudience,
  /** Sent by email as written: nothing about a child belongs here. */
  body: Text(1000),
});
export const UrgentNotice = z.object({
  id: Id,
  audience: NoticeAudience,
  body: z.string(),
  recipients: z.number(),
  by: z.string(),
  createdAt: Timestamp,
});
export const UrgentNoticeList = z.object({ notices: z.array(UrgentNotice) });
