import { Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconLink, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { InvitationDelivery, InvitationLink } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';

/** What to tell the sender right after an invitation was made: mailed, or only kept in the outbox. */
export function invitedToast(delivery: InvitationDelivery, name: string, email: string, t: TFunction): void {
  if (delivery === 'email') toast(t('team.invitedBody', { name, email }), { title: t('team.invitedTitle') });
  else toast(t('firstDay.invitedOutboxBody', { name }), { title: t('firstDay.invitedOutboxTitle') });
}

/** A copy-able field with its button: the link itself stays visible, for a phone without a clipboard. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput label={label} value={value} readOnly style={{ flex: 1, minWidth: 0 }} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button onClick={copy} variant={copied ? 'light' : 'filled'} leftSection={copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}>
            {copied ? t('firstDay.copied') : t('firstDay.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/**
 * "Copy invitation link" and "Resend" for a pending invitation, for whoever sent it and the
 * clinic's admins. Only a link's hash is kept, so copying makes a fresh link (the one mailed
 * earlier stops working); resending mails a fresh one, or keeps it in the outbox without a mail server.
 */
export function InvitationShare({ basePath, name, onChanged }: { basePath: string; name: string; onChanged?: () => unknown }) {
  const { t } = useTranslation();
  const [link, setLink] = useState<InvitationLink | null>(null);
  const copy = useMutation({
    mutationFn: () => api<InvitationLink>(`${basePath}/link`, { method: 'POST' }),
    onSuccess: (result) => setLink(result),
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });
  const resend = useMutation({
    mutationFn: () => api<InvitationLink>(`${basePath}/resend`, { method: 'POST' }),
    onSuccess: async (result) => {
      await onChanged?.();
      if (result.delivery === 'email') toast(t('firstDay.resentEmail', { name }));
      else toast(t('firstDay.resentOutbox', { name }));
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });
  return (
    <>
      <Button variant="light" size="sm" leftSection={<IconLink size={16} aria-hidden />} loading={copy.isPending} onClick={() => copy.mutate()} aria-label={t('firstDay.copyLinkFor', { name })}>
        {t('firstDay.copyLink')}
      </Button>
      <Button variant="default" size="sm" leftSection={<IconSend size={16} aria-hidden className="flip-rtl" />} loading={resend.isPending} onClick={() => resend.mutate()} aria-label={t('firstDay.resendFor', { name })}>
        {t('firstDay.resend')}
      </Button>
      <AppModal opened={link !== null} onClose={() => setLink(null)} title={t('firstDay.linkTitle', { name })} size="md">
        {link?.url ? (
          <Stack gap="md">
            <Text>{t('firstDay.linkLead', { name })}</Text>
            <CopyField label={t('firstDay.linkLabel')} value={link.url} />
            <Text size="sm" c="dimmed">
              {t('firstDay.linkNote', { date: formatDate(link.expiresAt) })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setLink(null)}>
                {t('common.close')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </AppModal>
    </>
  );
}
