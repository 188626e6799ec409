import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconClock, IconFileTypePdf } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutbox } from '../../api/outbox.ts';
import type { Child } from '../../api/types.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatNumber, listFormat } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import { toast } from '../../lib/toast.ts';
import { useMe } from '../../routes/authed-layout.tsx';
import { MessageText } from '../translation/message-translation.tsx';
import { Composer, type Outgoing } from './composer.tsx';
import { MediaView } from '../uploads/media-picker.tsx';
import { MessageBody } from './message-body.tsx';
import { conversationName, dayHeading, dayKey, timeOfDay } from './message-text.ts';
import {
  conversationQuery, isQueuedMessageFor, markRead, olderMessages, refreshMessages, retractMessage, sendMessage, type Message,
} from './messages.api.ts';

type Shown = { key: string; message: Message | null; queued?: { body: string; at: string } };

function Attachments({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (message.attachments.length === 0) return null;
  return (
    <div className="message-attachments">
      {message.attachments.map((a) =>
        a.kind === 'pdf' ? (
          <Anchor key={a.id} href={a.url} download className="message-file">
            <IconFileTypePdf size={18} aria-hidden />
            {t('messages.attach.pdf', { size: formatNumber(Math.max(1, Math.round(a.byteSize / 1024))) })}
          </Anchor>
        ) : (
          <MediaView key={a.id} media={{ id: a.id, url: a.url, kind: a.kind, pictureSize: a.pictureSize }} alt={t('messages.attach.imageFrom', { name: message.author.name })} className="message-picture" />
        ),
      )}
    </div>
  );
}

function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

export function ConversationView({ child, conversationId, meId }: { child: Child; conversationId: string; meId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const isClinician = useMe().clinics.length > 0;
  const page = useQuery(conversationQuery(child.id, conversationId));
  const [older, setOlder] = useState<{ messages: Message[]; cursor: string | null } | null>(null);
  const [retracting, setRetracting] = useState<Message | null>(null);
  const { pending } = useOutbox();
  const now = useNow(15_000);
  const endRef = useRef<HTMLDivElement>(null);
  const data = page.data;

  // Another conversation: start again from its newest page.
  useEffect(() => setOlder(null), [conversationId]);

  const messages = [...(older?.messages ?? []), ...(data?.messages ?? [])];
  const last = data?.messages.at(-1);
  const queued = pending.filter((p) => isQueuedMessageFor(child.id, conversationId, p.path));

  // Read while visible: the newest message someone else wrote moves the read position.
  useEffect(() => {
    if (!data || !last || data.conversation.unread === 0) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      void markRead(child.id, conversationId, last.id).then(() => refreshMessages(queryClient, child.id), () => {});
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [child.id, conversationId, data, last, queryClient]);

  // New messages come into view at the bottom.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [last?.id, queued.length]);

  const send = useMutation({
    mutationFn: (m: Outgoing) => sendMessage(child.id, conversationId, m, t('messages.queuedLabel', { name: child.firstName })),
    // Offline is the outbox's business: the write is kept on the device rather than paused here.
    networkMode: 'always',
    onSuccess: (result) => {
      // Offline, queries wait for the connection: the kept message shows from the outbox meanwhile.
      if (result.queued) toast(t('messages.keptOffline'));
      void refreshMessages(queryClient, child.id);
    },
  });

  const retract = useMutation({
    mutationFn: (m: Message) => retractMessage(child.id, conversationId, m.id),
    onSuccess: async () => {
      setRetracting(null);
      await refreshMessages(queryClient, child.id);
      toast(t('messages.retractedToast'));
    },
  });

  const loadOlder = useMutation({
    mutationFn: (cursor: string) => olderMessages(child.id, conversationId, cursor),
    onSuccess: (res) => setOlder((prev) => ({ messages: [...res.messages, ...(prev?.messages ?? [])], cursor: res.olderCursor })),
  });

  const back = (
    <Anchor
      className="conversation-back"
      renderRoot={(props) => <Link {...props} to="/children/$childId/messages" params={{ childId: child.id }} />}
      aria-label={t('messages.backToList')}
    >
      <IconArrowLeft size={22} aria-hidden className="flip-rtl" />
    </Anchor>
  );
  if (page.isPending) return <Loading />;
  if (!data) {
    return (
      <Stack gap="sm">
        {back}
        <ErrorAlert error={page.error} />
      </Stack>
    );
  }
  const conversation = data.conversation;
  const name = conversationName(conversation, meId, t);
  const cursor = older ? older.cursor : data.olderCursor;
  const others = conversation.members.filter((m) => m.id !== meId);

  const shown: Shown[] = [
    ...messages.map((m) => ({ key: m.id, message: m })),
    ...queued.map((q) => ({ key: q.key, message: null, queued: { body: (q.body as { body: string }).body, at: q.queuedAt } })),
  ];
  const days: { key: string; at: string; items: Shown[] }[] = [];
  for (const s of shown) {
    const at = s.message?.createdAt ?? s.queued?.at ?? new Date().toISOString();
    const key = dayKey(new Date(at));
    const day = days.at(-1);
    if (day?.key === key) day.items.push(s);
    else days.push({ key, at, items: [s] });
  }

  return (
    <Stack gap="sm" className="conversation-view">
      <Group gap="sm" wrap="nowrap" className="conversation-header">
        {back}
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }} dir="auto">
            {name}
          </Title>
          <Text size="xs" c="dimmed" truncate="end">
            {conversation.kind === 'team' ? t('messages.teamMembers', { names: listFormat(others.map((m) => m.name)) }) : t('messages.withMembers', { names: listFormat(others.map((m) => m.name)) })}
          </Text>
        </Stack>
      </Group>

      {cursor ? (
        <Button variant="subtle" size="compact-sm" onClick={() => loadOlder.mutate(cursor)} loading={loadOlder.isPending} style={{ alignSelf: 'center' }}>
          {t('messages.showEarlier')}
        </Button>
      ) : null}
      <ErrorAlert error={loadOlder.error} />

      <div role="log" aria-label={t('messages.logLabel', { name })} className="message-log">
        {shown.length === 0 ? (
          <Text c="dimmed" ta="center" py="xl">
            {t('messages.startHint', { name: child.firstName })}
          </Text>
        ) : null}
        {days.map((day) => (
          <section key={day.key} aria-label={dayHeading(day.at, t)}>
            <p className="message-day" aria-hidden>
              <span>{dayHeading(day.at, t)}</span>
            </p>
            <ul className="message-list">
              {day.items.map((s, i) => {
                const m = s.message;
                const prev = day.items[i - 1]?.message;
                const mine = m ? m.mine : true;
                const sameAuthor = m && prev && prev.author.id === m.author.id && !prev.retractedAt;
                const canRetract = m?.retractableUntil && Date.parse(m.retractableUntil) > now;
                return (
                  <li key={s.key} className="message" data-mine={mine || undefined}>
                    {m && !mine && !sameAuthor ? (
                      <Text size="xs" fw={600} className="message-author">
                        <bdi>{m.author.name}</bdi>
                        {m.author.role ? <span className="message-role"> · {teamRoleLabel(m.author.role, t)}</span> : null}
                      </Text>
                    ) : null}
                    <div className="message-bubble" data-retracted={m?.retractedAt ? true : undefined} data-queued={s.queued ? true : undefined}>
                      {m?.retractedAt ? (
                        <Text size="sm" fs="italic" c="dimmed">
                          {t('messages.retracted')}
                        </Text>
                      ) : (
                        <>
                          {m ? <Attachments message={m} /> : null}
                          {m && m.body ? (
                            <MessageText message={m} render={(text) => <MessageBody body={text} />} />
                          ) : (s.queued?.body ?? '') !== '' ? (
                            <MessageBody body={s.queued?.body ?? ''} />
                          ) : null}
                        </>
                      )}
                      <span className="message-meta">
                        {s.queued ? (
                          <>
                            <IconClock size={12} aria-hidden /> {t('messages.waitingToSend')}
                          </>
                        ) : m ? (
                          <time dateTime={m.createdAt}>{timeOfDay(m.createdAt)}</time>
                        ) : null}
                      </span>
                    </div>
                    {m && canRetract ? (
                      <Button variant="subtle" color="gray" size="compact-xs" className="message-action" onClick={() => setRetracting(m)}>
                        {t('messages.retract')}
                      </Button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
        {last && data.seenBy.length > 0 && queued.length === 0 ? (
          <Text size="xs" c="dimmed" className="message-seen" data-mine={last.mine || undefined}>
            {t('messages.seenBy', { names: listFormat(data.seenBy.map((p) => p.name.split(' ')[0] ?? p.name)) })}
          </Text>
        ) : null}
        <div ref={endRef} />
      </div>

      {conversation.canSend ? (
        <Composer
          childId={child.id}
          label={t('messages.composer.label', { name })}
          pending={send.isPending}
          error={send.error}
          quickReplies={isClinician}
          onSend={async (m) => {
            try {
              await send.mutateAsync(m);
              return true;
            } catch {
              return false;
            }
          }}
        />
      ) : (
        <Text size="sm" c="dimmed">
          {t('messages.readOnly')}
        </Text>
      )}

      <ConfirmModal
        opened={retracting !== null}
        title={t('messages.retractTitle')}
        body={t('messages.retractBody')}
        cancelLabel={t('messages.keep')}
        confirmLabel={t('messages.retract')}
        pending={retract.isPending}
        error={retract.error}
        onCancel={() => {
          setRetracting(null);
          retract.reset();
        }}
        onConfirm={() => retracting && retract.mutate(retracting)}
      />
    </Stack>
  );
}
