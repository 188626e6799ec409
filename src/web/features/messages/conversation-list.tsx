import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { InitialsAvatar } from '../../components/initials-avatar.tsx';
import type { Conversation } from './messages.api.ts';
import { conversationName, shortTime } from './message-text.ts';

/** The child's conversations: the whole team first, then smaller ones, newest activity first. */
export function ConversationList({ childId, conversations, meId, activeId }: { childId: string; conversations: Conversation[]; meId: string; activeId: string | undefined }) {
  const { t } = useTranslation();
  return (
    <ul className="conversation-list">
      {conversations.map((c) => {
        const name = conversationName(c, meId, t);
        const last = c.lastMessage;
        const preview = !last ? t('messages.noMessagesYet') : last.preview === null ? t('messages.retracted') : last.preview || t('messages.attach.sentFiles', { count: last.attachmentCount });
        const who = last ? (last.mine ? t('messages.you') : last.author.name.split(' ')[0]) : null;
        return (
          <li key={c.id}>
            <UnstyledButton
              className="conversation-row"
              data-unread={c.unread > 0 || undefined}
              renderRoot={(props) => (
                <Link {...props} to="/children/$childId/messages/$conversationId" params={{ childId, conversationId: c.id }} activeProps={{ 'aria-current': 'page' }} />
              )}
              aria-current={activeId === c.id ? 'page' : undefined}
            >
              <span className="conversation-icon" aria-hidden>
                {c.kind === 'team' ? <IconUsersGroup size={22} /> : c.members.length <= 2 ? <InitialsAvatar name={c.members.find((m) => m.id !== meId)?.name ?? name} size={40} radius={999} /> : <IconUsers size={22} />}
              </span>
              <span className="conversation-text">
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text component="span" fw={c.unread > 0 ? 700 : 600} truncate="end">
                    {name}
                  </Text>
                  {last ? (
                    <Text component="span" size="xs" c={c.unread > 0 ? 'care.8' : 'dimmed'} style={{ flexShrink: 0 }}>
                      {shortTime(last.at)}
                    </Text>
                  ) : null}
                </Group>
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text component="span" size="sm" c="dimmed" truncate="end" fs={last?.preview === null ? 'italic' : undefined}>
                    {/* Name and text isolated: Latin text ending in a full stop stays whole in an Arabic line. */}
                    {who ? (
                      <>
                        <bdi>{who}</bdi>
                        {': '}
                      </>
                    ) : null}
                    <bdi lang={last?.preview ? (last.previewLanguage ?? undefined) : undefined}>{preview}</bdi>
                  </Text>
                  {c.unread > 0 ? (
                    <Badge size="md" circle={c.unread < 10} color="care" aria-label={t('messages.unreadCount', { count: c.unread })} style={{ flexShrink: 0 }}>
                      {c.unread}
                    </Badge>
                  ) : null}
                </Group>
                {c.kind === 'group' ? (
                  <Text component="span" size="xs" c="dimmed" truncate="end">
                    {t('messages.membersCount', { count: c.members.length })}
                  </Text>
                ) : null}
              </span>
            </UnstyledButton>
          </li>
        );
      })}
    </ul>
  );
}
