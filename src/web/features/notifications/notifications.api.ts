// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as N from '../../../contract/notifications.ts';
import { api } from '../../api/client.ts';

export type Notification = z.infer<typeof N.Notification>;
export type NotificationList = z.infer<typeof N.NotificationList>;
export type NotificationSettings = z.infer<typeof N.NotificationSettings>;
export type UpdateNotificationSettings = z.input<typeof N.UpdateNotificationSettingsRequest>;
export type UrgentNotice = z.infer<typeof N.UrgentNotice>;
export type UrgentNoticeList = z.infer<typeof N.UrgentNoticeList>;

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: ['notifications', 'list'] as const,
  settings: ['notifications', 'settings'] as const,
  notices: ['admin', 'notices'] as const,
};

export const unreadQuery = queryOptions({
  queryKey: notificationKeys.unread,
  queryFn: () => api<{ unread: number }>('/api/notifications/unread'),
  staleTime: 30_000,
});

export const notificationsQuery = (before: string | null) =>
  queryOptions({
    queryKey: [...notificationKeys.list, before] as const,
    queryFn: () => api<NotificationList>(`/api/notifications${before ? `?before=${encodeURIComponent(before)}` : ''}`),
  });

export const notificationSettingsQuery = queryOptions({
  queryKey: notificationKeys.settings,
  queryFn: () => api<NotificationSettings>('/api/notifications/settings'),
});

export const noticesQuery = queryOptions({
  queryKey: notificationKeys.notices,
  queryFn: () => api<UrgentNoticeList>('/api/admin/notices'),
});
