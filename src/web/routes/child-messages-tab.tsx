import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconMessages, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtimeEvent } from '../api/realtime.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { ConversationList } from '../features/messages/conversation-list.tsx';
import { ConversationView } from '../features/messages/conversation-view.tsx';
import { conversationsQuery, MESSAGE_EVENTS, refreshMessages } from '../features/messages/messages.api.ts';
import { NewConversation } from '../features/messages/new-conversation.tsx';
import { useMe } from './authed-layout.tsx';
import { useChild } from './child-page.tsx';
import '../features/messages/messages.css';

/**
 * The child's messages: the conversation list beside the open conversation on a wide screen; on
 * a phone one or the other, like a messaging app.
 */
export function ChildMessagesTab() {
  const { t } = useTranslation();
  const child = useChild();
  const me = useMe();
  const queryClient = useQueryClient();
  const conversationId = useParams({ strict: false, select: (p) => p.conversationId });
  const list = useQuery(conversationsQuery(child.id));
  const [creating, setCreating] = useState(false);

  useRealtimeEvent((e) => {
    if (e.childId === child.id && MESSAGE_EVENTS.has(e.type)) void refreshMessages(queryClient, child.id);
  }, [child.id, queryClient]);

  const conversations = list.data?.conversations ?? [];
  return (
    <div className="messages-layout" data-open={conversationId ? 'conversation' : 'list'}>
      <section className="messages-list-pane" aria-labelledby="conversations-title">
        <Stack gap="sm">
          <Group justify="space-between" gap="sm">
            <Title order={2} id="conversations-title" size="h3">
              {t('messages.title')}
            </Title>
            {list.data?.canCreate ? (
              <Button variant="light" size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} style={{ flexShrink: 0 }}>
                {t('messages.new.open')}
              </Button>
            ) : null}
          </Group>
          {list.isPending ? <Loading /> : null}
          <ErrorAlert error={list.error} />
          {list.data && conversations.length === 0 ? (
            <EmptyState icon={<IconMessages size={28} aria-hidden />} title={t('child.empty.messagesTitle')} description={t('messages.emptyNoTeam')} order={3} />
          ) : null}
          <ConversationList childId={child.id} conversations={conversations} meId={me.user.id} activeId={conversationId} />
        </Stack>
      </section>
      <section className="messages-conversation-pane" aria-label={t('messages.conversation')}>
        <Outlet />
      </section>
      {list.data ? <NewConversation childId={child.id} candidates={list.data.candidates} opened={creating} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

/** A wide screen with no conversation open yet. */
export function MessagesIndex() {
  const { t } = useTranslation();
  return (
    <Text c="dimmed" ta="center" py="xl" className="messages-choose">
      {t('messages.choose')}
    </Text>
  );
}

/** The open conversation, beside the list on a wide screen. */
export function ConversationPage() {
  const child = useChild();
  const me = useMe();
  const conversationId = useParams({ from: '/signed-in/children/$childId/messages/$conversationId', select: (p) => p.conversationId });
  return <ConversationView key={conversationId} child={child} conversationId={conversationId} meId={me.user.id} />;
}
