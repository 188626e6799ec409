// Writing the good news: the family's newest win and a goal going well as a start, in the messages
// composer; sent to the team conversation and marked as good news.
import { Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { toast } from '../../lib/toast.ts';
import { Composer, type Outgoing } from '../messages/composer.tsx';
import { conversationsPath, messageKeys, messagesPath, type ConversationList, type Message } from '../messages/messages.api.ts';
import { goodNewsQuery, type Family } from './good-news-card.tsx';

/** A start for the message, in the writer's words and language: the newest win and a goal going well. */
export function goodNewsDraft(f: Family, t: TFunction): string {
  const parts = [t('goodNews.draftHello', { name: f.firstName })];
  const win = f.wins[0];
  if (win) parts.push(t('goodNews.draftWin', { title: win.title }));
  const goal = f.goingWell[0];
  if (goal) parts.push(t('goodNews.draftGoal', { statement: goal.statement }));
  parts.push(t('goodNews.draftThanks'));
  return parts.join(' ');
}

export function GoodNewsWrite({ family, onDone }: { family: Family; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: async (m: Outgoing) => {
      const list = await api<ConversationList>(conversationsPath(family.childId));
      const team = list.conversations.find((c) => c.kind === 'team') ?? list.conversations[0];
      if (!team) throw new Error('no conversation');
      const message = await api<Message>(messagesPath(family.childId, team.id), { method: 'POST', body: m, idempotencyKey: crypto.randomUUID() });
      await api(`/api/children/${encodeURIComponent(family.childId)}/good-news`, { method: 'POST', body: { messageId: message.id }, idempotencyKey: crypto.randomUUID() });
    },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: goodNewsQuery.queryKey }),
        queryClient.invalidateQueries({ queryKey: messageKeys.all(family.childId) }),
      ]);
      toast(t('goodNews.sent', { name: family.firstName }));
      onDone();
    },
  });
  const draft = goodNewsDraft(family, t);
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('goodNews.composeLead')}
      </Text>
      <Composer
        // The composer takes its first words once: drawn again when the draft's words arrive (the
        // catalogue's part loading after the dialog opened), so the start is never shown as keys.
        key={draft}
        childId={family.childId}
        label={t('goodNews.composeLabel', { name: family.firstName })}
        initialBody={draft}
        pending={send.isPending}
        error={send.error}
        onSend={(m) => send.mutateAsync(m).then(() => true, () => false)}
      />
    </Stack>
  );
}

