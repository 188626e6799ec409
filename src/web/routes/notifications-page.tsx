import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBell, IconSettings } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { notificationHref, notificationSentence } from '../features/notifications/notification-text.ts';
import { notificationKeys, notificationsQuery, type Notification } from '../features/notifications/notifications.api.ts';
import { useContentText } from '../features/translation/content-text.tsx';
import { currentLocale } from '../i18n.ts';
import { formatDate } from '../lib/format.ts';
import { toast } from '../lib/toast.ts';

const dayOf = (timestamp: string) => {
  const d = new Date(timestamp);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Notifications in groups by the reader's local day, newest first. */
function byDay(items: readonly Notification[]): [string, Notification[]][] {
  const groups = new Map<string, Notification[]>();
  for (const n of items) {
    const day = dayOf(n.updatedAt);
    groups.set(day, [...(groups.get(day) ?? []), n]);
  }
  return [...groups];
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const first = useQuery(notificationsQuery(null));
  const older = pages.slice(1);
  const olderQueries = older.map((before) => queryClient.getQueryData(notificationsQuery(before).queryKey));
  const lastPage = olderQueries.at(-1) ?? first.data;
  const items = [first.data, ...olderQueries].flatMap((p) => p?.notifications ?? []);
  const unread = first.data?.unread ?? 0;

  const readAll = useMutation({
    mutationFn: () => api<{ read: number; unread: number }>('/api/notifications/read-all', { method: 'POST' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      toast(t('notifications.allRead'));
    },
  });
  const loadMore = useMutation({
    mutationFn: async (before: string) => queryClient.fetchQuery(notificationsQuery(before)),
    onSuccess: (_data, before) => setPages((p) => [...p, before]),
  });

  const today = dayOf(new Date().toISOString());
  const yesterday = dayOf(new Date(Date.now() - 86_400_000).toISOString());
  const heading = (day: string) => (day === today ? t('notifications.today') : day === yesterday ? t('notifications.yesterday') : formatDate(day));

  return (
    <Page
      title={t('notifications.title')}
      description={t('notifications.lead')}
      actions={
        <>
          <Button component={Link} to="/account" hash="notifications" variant="subtle" leftSection={<IconSettings size={18} aria-hidden />}>
            {t('notifications.settingsLink')}
          </Button>
          {unread > 0 ? (
            <Button variant="light" onClick={() => readAll.mutate()} loading={readAll.isPending}>
              {t('notifications.markAllRead')}
            </Button>
          ) : null}
        </>
      }
    >
      {first.isPending ? <Loading /> : null}
      {first.isError ? <ErrorAlert error={first.error} /> : null}
      <ErrorAlert error={readAll.error ?? loadMore.error} />
      {first.data && items.length === 0 ? (
        <EmptyState icon={<IconBell aria-hidden />} title={t('notifications.emptyTitle')} description={t('notifications.emptyBody')} />
      ) : null}
      {byDay(items).map(([day, list]) => (
        <Stack key={day} gap="xs" component="section" aria-labelledby={`day-${day}`}>
          <Title order={2} size="h4" id={`day-${day}`}>
            {heading(day)}
          </Title>
          <Stack gap={6} component="ul" className="notification-list">
            {list.map((n) => (
              <NotificationItem key={n.id} n={n} />
            ))}
          </Stack>
        </Stack>
      ))}
      {lastPage?.nextBefore ? (
        <Group justify="center">
          <Button variant="default" loading={loadMore.isPending} onClick={() => lastPage.nextBefore && loadMore.mutate(lastPage.nextBefore)}>
            {t('notifications.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Page>
  );
}

function NotificationItem({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sentence = notificationSentence(n, t);
  const href = notificationHref(n);
  const unread = n.readAt === null;
  const read = useMutation({
    mutationFn: () => api<{ unread: number }>(`/api/notifications/${encodeURIComponent(n.id)}/read`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const time = new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short' }).format(new Date(n.updatedAt));
  const notice = useContentText(n.translation);
  return (
    <Paper component="li" withBorder radius="md" p="sm" className="notification-item" data-unread={unread || undefined}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <span className={unread ? 'notification-dot' : 'notification-dot notification-dot-read'} aria-hidden />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            {n.kind === 'urgent_notice' ? (
              <Badge color="red" variant="light">
                {t('notifications.urgent')}
              </Badge>
            ) : null}
            {href ? (
              <Anchor
                href={href}
                fw={unread ? 700 : 500}
                onClick={(event) => {
                  event.preventDefault();
                  if (unread) read.mutate();
                  void navigate({ href });
                }}
              >
                {sentence}
              </Anchor>
            ) : (
              <Text fw={unread ? 700 : 500}>{sentence}</Text>
            )}
          </Group>
          {n.notice ? (
            <>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} id={notice.id} lang={notice.lang} dir="auto">
                {notice.text('body', n.notice)}
              </Text>
              {notice.note}
            </>
          ) : null}
          <Text size="sm" c="dimmed">
            {unread ? `${t('notifications.unread')} · ${time}` : time}
          </Text>
        </Stack>
        {unread ? (
          <Button size="compact-sm" variant="subtle" onClick={() => read.mutate()} loading={read.isPending} aria-label={`${t('notifications.markRead')}: ${sentence}`}>
            {t('notifications.markRead')}
          </Button>
        ) : null}
      </Group>
    </Paper>
  );
}
