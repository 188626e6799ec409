import { Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTICE_AUDIENCES, type NoticeAudience } from '../../contract/notification-kinds.ts';
import { api } from '../api/client.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { noticesQuery, notificationKeys, type UrgentNotice } from '../features/notifications/notifications.api.ts';
import { TranslationsButton } from '../features/translation/content-translation.tsx';
import { formatDateTime } from '../lib/format.ts';
import { toast } from '../lib/toast.ts';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../lib/validate.ts';

/** The clinic admin's urgent notices: one that reaches every chosen person at once, and those sent before. */
export function AdminNoticesTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const notices = useQuery(noticesQuery);
  const [confirming, setConfirming] = useState<{ audience: NoticeAudience; body: string } | null>(null);
  const form = useForm({ initialValues: { audience: 'families' as NoticeAudience, body: '' }, validate: { body: required(t) } });
  const serverError = useServerError(form);
  const send = useMutation({
    mutationFn: (body: { audience: NoticeAudience; body: string }) => api<UrgentNotice>('/api/admin/notices', { method: 'POST', body }),
    onSuccess: async (notice) => {
      setConfirming(null);
      form.reset();
      await queryClient.invalidateQueries({ queryKey: notificationKeys.notices });
      toast(t('notifications.notices.sent', { count: notice.recipients }));
    },
    onError: (error) => {
      setConfirming(null);
      serverError.onError(error);
    },
  });
  return (
    <Stack gap="lg">
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="lg" component="section" aria-labelledby="notice-heading">
        <form
          noValidate
          onSubmit={form.onSubmit((v) => {
            serverError.clear();
            setConfirming({ audience: v.audience, body: v.body.trim() });
          }, focusFirstInvalid)}
        >
          <Stack gap="md">
            <Title order={2} id="notice-heading">
              {t('notifications.notices.title')}
            </Title>
            <Text c="dimmed">{t('notifications.notices.lead')}</Text>
            <ErrorAlert error={serverError.error} />
            <NativeSelect
              label={t('notifications.notices.audience')}
              data={NOTICE_AUDIENCES.map((a) => ({ value: a, label: t(`notifications.notices.audiences.${a}`) }))}
              maw={420}
              {...form.getInputProps('audience')}
            />
            <Textarea label={t('notifications.notices.body')} description={t('notifications.notices.bodyHint')} autosize minRows={3} maxLength={1000} required {...form.getInputProps('body')} />
            <Group justify="flex-end">
              <Button type="submit" color="red" leftSection={<IconAlertTriangle size={18} aria-hidden />}>
                {t('notifications.notices.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <ConfirmModal
        opened={confirming !== null}
        title={t('notifications.notices.confirmTitle')}
        body={t('notifications.notices.confirmBody', { audience: confirming?.audience ?? 'families' })}
        cancelLabel={t('common.cancel')}
        confirmLabel={t('notifications.notices.send')}
        pending={send.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && send.mutate(confirming)}
      />
      <Stack gap="sm" component="section" aria-labelledby="past-notices">
        <Title order={2} size="h3" id="past-notices">
          {t('notifications.notices.pastTitle')}
        </Title>
        {notices.isPending ? <Loading /> : null}
        {notices.isError ? <ErrorAlert error={notices.error} /> : null}
        {notices.data?.notices.length === 0 ? <Text c="dimmed">{t('notifications.notices.none')}</Text> : null}
        {notices.data?.notices.map((n) => (
          <Paper key={n.id} withBorder radius="md" p="md">
            <Stack gap={4}>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} dir="auto">{n.body}</Text>
              <Text size="sm" c="dimmed">
                {formatDateTime(n.createdAt)} · {t('notifications.notices.sentBy', { name: n.by, audience: n.audience, count: n.recipients })}
              </Text>
              <Group>
                <TranslationsButton childId={null} type="urgent_notice" id={n.id} title={formatDateTime(n.createdAt)} refresh={notificationKeys.notices} />
              </Group>
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
