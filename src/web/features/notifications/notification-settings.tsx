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
import { notificationKeys, notificationSettingsQuery, type NotificationSettings, type UpdateNotificationSettings } from './notifications.api.ts';

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

/** A kind's own channel in the form: '' is the person's usual channel. */
type KindChannel = NotificationChannel | '';

interface Values {
  [key: string]: unknown;
  channel: NotificationChannel;
  digestTime: string;
  kinds: Record<ChoosableKind, NotificationMode>;
  channels: Record<ChoosableKind, KindChannel>;
}

function SettingsForm({ me, settings }: { me: Me; settings: NotificationSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      channel: settings.channel,
      digestTime: settings.digestTime,
      kinds: Object.fromEntries(settings.kinds.map((k) => [k.kind, k.mode])) as Record<ChoosableKind, NotificationMode>,
      channels: Object.fromEntries(settings.kinds.map((k) => [k.kind, k.channel ?? ''])) as Record<ChoosableKind, KindChannel>,
    },
    validate: { digestTime: (v) => (v === '' ? t('validation.required') : null) },
  });
  const serverError = useServerError(form, ['channel', 'digestTime']);
  // Texts are offered when the clinic set them up and the person gave a number; a choice made before keeps showing.
  const { texts } = settings;
  const textable = texts.configured && texts.phone !== null;
  const channelOptions = (['in_app', 'email', ...(textable ? ['sms' as const] : [])] as const).map((c) => ({
    value: c, label: t(c === 'in_app' ? 'notifications.settings.channelInApp' : c === 'email' ? 'notifications.settings.channelEmail' : 'notifications.settings.channelSms', { phone: texts.phone ?? '' }),
  }));
  const mutation = useMutation({
    mutationFn: (body: UpdateNotificationSettings) => api<NotificationSettings>('/api/notifications/settings', { method: 'PUT', body }),
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
        mutation.mutate({
          channel: v.channel, digestTime: v.digestTime,
          kinds: CHOOSABLE_KINDS.map((kind) => ({ kind, mode: v.kinds[kind], channel: v.channels[kind] === '' ? null : v.channels[kind] })),
        });
      }, focusFirstInvalid)}
    >
      <Stack gap="lg">
        <ErrorAlert error={serverError.error} />
        <Radio.Group label={t('notifications.settings.channel')} description={t('notifications.settings.channelHint')} {...form.getInputProps('channel')}>
          <Stack gap="xs" mt="xs">
            <Radio value="email" label={t('notifications.settings.channelEmail')} />
            {textable && <Radio value="sms" label={<bdi>{t('notifications.settings.channelSms', { phone: texts.phone ?? '' })}</bdi>} description={t('notifications.settings.smsHint')} />}
            <Radio value="in_app" label={t('notifications.settings.channelInApp')} />
          </Stack>
        </Radio.Group>
        {texts.configured && !texts.phone && <Text size="sm"><Anchor href="#details">{t('notifications.settings.smsNeedsPhone')}</Anchor></Text>}
        {textable && texts.stopped && <Text size="sm" role="status">{t('notifications.settings.smsStopped')}</Text>}
        <Stack gap="sm" component="fieldset" className="plan-fieldset">
          <Text component="legend" fw={600} size="sm">
            {t('notifications.settings.kindsLegend')}
          </Text>
          {CHOOSABLE_KINDS.map((kind) => (
            <Group key={kind} gap="sm" align="flex-end" wrap="wrap">
              <NativeSelect
                label={t(`notifications.kinds.${kind}`)}
                description={kind === 'message' ? t('notifications.settings.messageHint', { minutes: MESSAGE_EMAIL_AFTER }) : undefined}
                data={modesFor(kind).map((mode) => ({ value: mode, label: t(`notifications.modes.${mode}`) }))}
                w={260}
                {...form.getInputProps(`kinds.${kind}`)}
              />
              <NativeSelect
                label={t('notifications.settings.kindChannel')}
                aria-label={t('notifications.settings.kindChannelFor', { kind: t(`notifications.kinds.${kind}`) })}
                data={[{ value: '', label: t('notifications.settings.kindChannelUsual') }, ...channelOptions]}
                disabled={form.values.kinds[kind] === 'off'}
                w={260}
                {...form.getInputProps(`channels.${kind}`)}
              />
            </Group>
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
