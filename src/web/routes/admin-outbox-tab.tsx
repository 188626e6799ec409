import { Badge, Button, CopyButton, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconCheck, IconCopy, IconInbox } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { outboxQuery } from '../api/queries.ts';
import type { OutboxMail } from '../api/types.ts';
import { AppModal } from '../components/app-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { formatDateTime } from '../lib/format.ts';
import { linkify } from '../lib/linkify.tsx';
import { CopyField } from '../features/team/invitation-share.tsx';

/** The link a mail carries (an invitation, a sign-in link), for passing on by hand. */
const firstLink = (text: string): string | null => /https?:\/\/\S+/u.exec(text)?.[0] ?? null;

function statusLabel(status: OutboxMail['status'], t: TFunction): string {
  switch (status) {
    case 'queued':
      return t('outbox.queued');
    case 'sent':
      return t('outbox.sent');
    case 'held':
      return t('outbox.held');
    case 'failed':
      return t('outbox.failed');
  }
}

const STATUS_COLORS: Record<OutboxMail['status'], string> = { queued: 'gray', sent: 'care', held: 'yellow', failed: 'red' };

export function AdminOutboxTab() {
  const { t } = useTranslation();
  const query = useQuery(outboxQuery);
  const [open, setOpen] = useState<OutboxMail | null>(null);

  return (
    <Stack gap="lg">
      <Title order={2}>{t('outbox.title')}</Title>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data && query.data.mails.length === 0 ? (
        <EmptyState icon={<IconInbox size={28} aria-hidden />} title={t('outbox.emptyTitle')} description={t('outbox.emptyBody')} />
      ) : null}
      {query.data && query.data.mails.length > 0 ? (
        <Paper withBorder radius="lg">
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {query.data.mails.map((mail, index) => (
              <li key={mail.id} style={{ borderBlockStart: index === 0 ? undefined : '1px solid var(--mantine-color-gray-2)' }}>
                <UnstyledButton
                  onClick={() => setOpen(mail)}
                  p="md"
                  style={{ display: 'block', width: '100%' }}
                  aria-label={t('outbox.openMail', { subject: mail.subject, to: mail.to })}
                >
                  <Group justify="space-between" gap="sm" wrap="wrap">
                    <Stack gap={2} style={{ minWidth: 0, flex: '1 1 260px' }}>
                      <Text fw={600} dir="auto" style={{ overflowWrap: 'anywhere' }}>
                        {mail.subject}
                      </Text>
                      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {t('outbox.to', { to: mail.to })}
                      </Text>
                    </Stack>
                    <Group gap="sm" wrap="nowrap">
                      <Text size="sm" c="dimmed">
                        {formatDateTime(mail.sentAt ?? mail.createdAt)}
                      </Text>
                      <Badge color={STATUS_COLORS[mail.status]} variant="light">
                        {statusLabel(mail.status, t)}
                      </Badge>
                    </Group>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </ul>
        </Paper>
      ) : null}

      <AppModal opened={open !== null} onClose={() => setOpen(null)} title={open?.subject ?? ''}>
        {open ? (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('outbox.to', { to: open.to })} · {formatDateTime(open.createdAt)} · {statusLabel(open.status, t)}
            </Text>
            <Paper withBorder p="md" radius="md" bg="gray.0">
              <p className="mail-text" dir="auto">{linkify(open.text)}</p>
            </Paper>
            {firstLink(open.text) ? <CopyField label={t('firstDay.outboxLinkLabel')} value={firstLink(open.text) ?? ''} /> : null}
            <Group justify="space-between" gap="sm">
              <Text size="sm" c="dimmed" style={{ flex: '1 1 240px' }}>
                {t('outbox.passOn')}
              </Text>
              <CopyButton value={open.text}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy} leftSection={copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}>
                    {copied ? t('firstDay.copied') : t('firstDay.outboxCopyText')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        ) : null}
      </AppModal>
    </Stack>
  );
}
