import { Anchor, Button, Group, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CHOOSABLE_KINDS, modesFor, type ChoosableKind, type NotificationChannel, type NotificationMode } from '../../../contract/notification-kinds.ts';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadedSettingsSection } from '../../components/settings-section.tsx';
import { browserTimeZone } from '../../components/time-zone-select.tsx';
import { toast } from '../../lib/toast.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';
import { notificationKeys, notificationSettingsQuery, type NotificationSettings } from './notifications.api.ts';

/** Default minutes before an unread message is emailed; the server's setting decides. */
const MESSAGE_EMAIL_AFTER = 30;

/** The account page's notification settings: per kind immediately / daily digest / off, the channel, the digest time. */
export function NotificationSettingsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const query = useQuery(notificationSettingsQuery);
  return (
    <LoadedSettingsSection id="notifications" title={t('notifications.settings.title')} lead={t('notifications.settings.lead')} query={query}>
      {(settings) => <SettingsForm me={me} settings={settings} />}
    </LoadedSettingsSection>
  );
}

interface Values {
  [key: string]: unknown;
  channel: NotificationChannel;
  digestTime: string;
  kinds: Record<ChoosableKind, NotificationMode>;
}

function SettingsForm({ me, settings }: { me: Me; settings: NotificationSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      channel: settings.channel,
      digestTime: settings.digestTime,
      kinds: Object.fromEntries(settings.kinds.map((k) => [k.kind, k.mode])) as Record<ChoosableKind, NotificationMode>,
    },
    validate: { digestTime: (v) => (v === '' ? t('validation.required') : null) },
  });
  const serverError = useServerError(form, ['channel', 'digestTime']);
  const mutation = useMutation({
    mutationFn: (body: NotificationSettings) => api<NotificationSettings>('/api/notifications/settings', { method: 'PUT', body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.settings, saved);
      toast(t('notifications.settings.saved'));
    },
    onError: serverError.onError,
  });
  const zone = (me.user.timeZone ?? browserTimeZone()).replaceAll('_', ' ');
  const quiet = me.user.quietHours;
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        mutation.mutate({ channel: v.channel, digestTime: v.digestTime, kinds: CHOOSABLE_KINDS.map((kind) => ({ kind, mode: v.kinds[kind] })) });
      }, focusFirstInvalid)}
    >
      <Stack gap="lg">
        <ErrorAlert error={serverError.error} />
        <Radio.Group label={t('notifications.settings.channel')} description={t('notifications.settings.channelHint')} {...form.getInputProps('channel')}>
          <Stack gap="xs" mt="xs">
            <Radio value="email" label={t('notifications.settings.channelEmail')} />
            <Radio value="in_app" label={t('notifications.settings.channelInApp')} />
          </Stack>
        </Radio.Group>
        <Stack gap="sm" component="fieldset" className="plan-fieldset">
          <Text component="legend" fw={600} size="sm">
            {t('notifications.settings.kindsLegend')}
          </Text>
          {CHOOSABLE_KINDS.map((kind) => (
            <NativeSelect
              key={kind}
              label={t(`notifications.kinds.${kind}`)}
              description={kind === 'message' ? t('notifications.settings.messageHint', { minutes: MESSAGE_EMAIL_AFTER }) : undefined}
              data={modesFor(kind).map((mode) => ({ value: mode, label: t(`notifications.modes.${mode}`) }))}
              maw={420}
              {...form.getInputProps(`kinds.${kind}`)}
            />
          ))}
        </Stack>
        <TextInput type="time" label={t('notifications.settings.digestTime')} description={t('notifications.settings.digestTimeHint')} maw={260} required {...form.getInputProps('digestTime')} />
        <Stack gap={4}>
          <Text size="sm">
            {quiet ? t('notifications.settings.quiet', { start: quiet.start, end: quiet.end, zone }) : t('notifications.settings.noQuiet', { zone })}
          </Text>
          <Anchor href="#time" size="sm">
            {t('notifications.settings.timeLink')}
          </Anchor>
        </Stack>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconAlertTriangle size={18} aria-hidden style={{ flex: 'none', marginBlockStart: 2 }} />
          <Text size="sm">{t('notifications.settings.urgentNote')}</Text>
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending}>
            {t('common.saveChanges')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
