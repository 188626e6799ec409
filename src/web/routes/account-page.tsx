import {
  Alert, Anchor, Badge, Button, Checkbox, Code, CopyButton, Group, List, NativeSelect, Stack, Switch, Text, TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconShieldCheck, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { keys, meQuery } from '../api/queries.ts';
import type { Me, TotpSetupResponse } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useChangeLocale } from '../components/language-switch.tsx';
import { Page } from '../components/page.tsx';
import { SettingsSection } from '../components/settings-section.tsx';
import { browserTimeZone, TimeZoneSelect } from '../components/time-zone-select.tsx';
import { NewPasswordField, PasswordField, validateNewPassword } from '../components/password-field.tsx';
import { APP_LOCALES, LOCALE_NAMES, isAppLocale, type AppLocale } from '../lib/locale.ts';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../lib/validate.ts';
import { MailSettings } from '../features/digests/mail-settings.tsx';
import { TextSizeSection } from '../features/accessibility/text-size-settings.tsx';
import { useMe } from './authed-layout.tsx';
import { NotificationSettingsSection } from '../features/notifications/notification-settings.tsx';
import { SessionReminderSettingsSection } from '../features/sessions/session-reminder-settings.tsx';
import { toast } from '../lib/toast.ts';

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const isStaff = me.clinics.length > 0;
  return (
    <Page title={t('account.title')} description={t('account.lead')}>
      {me.mustEnrolTwoFactor ? (
        <Alert color="yellow" variant="light" icon={<IconShieldLock aria-hidden />} title={t('account.mustEnrolTitle')} role="alert">
          {t('account.mustEnrolBody', { clinic: me.clinics[0]?.name ?? '' })}
        </Alert>
      ) : null}
      <Stack gap="lg" maw={720}>
        {me.mustEnrolTwoFactor ? <TwoFactorSection me={me} /> : null}
        <DetailsSection me={me} />
        <TextSizeSection me={me} />
        <NotificationSettingsSection me={me} />
        <SessionReminderSettingsSection />
        <TimeSection me={me} />
        <SettingsSection id="email" title={t('digest.settings.title')}>
          <MailSettings me={me} />
        </SettingsSection>
        <PasswordSection />
        {isStaff && !me.mustEnrolTwoFactor ? <TwoFactorSection me={me} /> : null}
      </Stack>
    </Page>
  );
}

function DetailsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const changeLocale = useChangeLocale();
  const form = useForm({
    initialValues: { name: me.user.name, locale: (isAppLocale(me.user.locale) ? me.user.locale : 'en') as AppLocale, phone: me.user.phone ?? '' },
    validate: { name: required(t) },
  });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: { name: string; locale: AppLocale; phone: string | null }) => api<Me>('/api/me', { method: 'PATCH', body }),
    onSuccess: async (updated, body) => {
      queryClient.setQueryData(keys.me, updated);
      await changeLocale(body.locale);
      toast(t('account.detailsSaved'));
    },
    onError: serverError.onError,
  });
  return (
    <SettingsSection id="details" title={t('account.detailsTitle')}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          const phone = v.phone.replace(/[\s().-]/g, '');
          mutation.mutate({ name: v.name.trim(), locale: v.locale, phone: phone === '' ? null : phone });
        }, focusFirstInvalid)}
      >
        <Stack gap="md">
          <ErrorAlert error={serverError.error} />
          <TextInput label={t('account.name')} autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput label={t('common.email')} value={me.user.email} readOnly description={t('account.emailHint')} />
          <TextInput type="tel" label={t('account.phone')} description={t('account.phoneHint')} autoComplete="tel" dir="ltr" maw={320} {...form.getInputProps('phone')} />
          <NativeSelect
            label={t('account.language')}
            description={t('account.languageHint')}
            data={APP_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            {...form.getInputProps('locale')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              {t('common.saveChanges')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SettingsSection>
  );
}

interface TimeValues {
  [key: string]: unknown;
  timeZone: string;
  quiet: boolean;
  start: string;
  end: string;
}

/** The person's own time zone and quiet hours: reminders come at their local time, never in quiet hours. */
function TimeSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const device = browserTimeZone();
  const form = useForm<TimeValues>({
    initialValues: {
      timeZone: me.user.timeZone ?? device,
      quiet: me.user.quietHours !== null,
      start: me.user.quietHours?.start ?? '21:00',
      end: me.user.quietHours?.end ?? '07:00',
    },
    validate: {
      start: (v, all) => (all.quiet && v === '' ? t('validation.required') : null),
      end: (v, all) => (all.quiet ? (v === '' ? t('validation.required') : v === all.start ? t('accountTime.sameTimes') : null) : null),
    },
  });
  const serverError = useServerError(form, ['timeZone', 'start', 'end']);
  const mutation = useMutation({
    mutationFn: (body: { timeZone: string; quietHours: { start: string; end: string } | null }) => api<Me>('/api/me', { method: 'PATCH', body }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.me, updated);
      toast(t('accountTime.saved'));
    },
    onError: serverError.onError,
  });
  const values = form.getValues();
  return (
    <SettingsSection id="time" title={t('accountTime.title')}>
      <Text c="dimmed">{t('accountTime.lead')}</Text>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          mutation.mutate({ timeZone: v.timeZone, quietHours: v.quiet ? { start: v.start, end: v.end } : null });
        }, focusFirstInvalid)}
      >
        <Stack gap="md">
          <ErrorAlert error={serverError.error} />
          <Stack gap={6}>
            <TimeZoneSelect
              label={t('accountTime.timeZone')}
              description={me.user.timeZone === null ? t('accountTime.notSet') : undefined}
              {...form.getInputProps('timeZone')}
              value={values.timeZone}
            />
            {values.timeZone !== device ? (
              <Anchor component="button" type="button" size="sm" ta="start" onClick={() => form.setFieldValue('timeZone', device)}>
                {t('accountTime.useDevice', { zone: device.replaceAll('_', ' ') })}
              </Anchor>
            ) : null}
          </Stack>
          <Switch label={t('accountTime.quiet')} description={t('accountTime.quietHint')} size="md" {...form.getInputProps('quiet', { type: 'checkbox' })} />
          {values.quiet ? (
            <Group grow gap="md" align="flex-start" maw={420}>
              <TextInput type="time" label={t('accountTime.start')} required {...form.getInputProps('start')} />
              <TextInput type="time" label={t('accountTime.end')} required {...form.getInputProps('end')} />
            </Group>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              {t('common.saveChanges')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SettingsSection>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', signOutEverywhere: false },
    validate: { currentPassword: required(t), newPassword: (v) => validateNewPassword(v, t) },
  });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string; signOutEverywhere: boolean }) =>
      api('/api/me/password', { method: 'POST', body, redirectOn401: false }),
    onSuccess: (_r, body) => {
      form.reset();
      toast(body.signOutEverywhere ? t('account.passwordChangedEverywhere') : t('account.passwordChanged'));
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403) && error.code !== 'csrf_failed') {
        form.setFieldError('currentPassword', t('account.currentPasswordWrong'));
      } else serverError.onError(error);
    },
  });
  return (
    <SettingsSection id="password" title={t('account.passwordTitle')}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          mutation.mutate(v);
        }, focusFirstInvalid)}
      >
        <Stack gap="md">
          <ErrorAlert error={serverError.error} />
          <input type="email" name="username" autoComplete="username" hidden readOnly value="" />
          <PasswordField label={t('account.currentPassword')} autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
          <NewPasswordField label={t('account.newPassword')} required {...form.getInputProps('newPassword')} />
          <Checkbox
            label={t('account.signOutEverywhere')}
            description={t('account.signOutEverywhereHint')}
            {...form.getInputProps('signOutEverywhere', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              {t('account.changePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SettingsSection>
  );
}

function TwoFactorSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const hash = useLocation({ select: (l) => l.hash });
  const [setup, setSetup] = useState<TotpSetupResponse | null>(null);

  useEffect(() => {
    if (hash !== 'two-factor') return;
    const section = document.getElementById('two-factor');
    section?.scrollIntoView({ block: 'start' });
    document.getElementById('two-factor-heading')?.focus();
  }, [hash]);

  const start = useMutation({
    mutationFn: () => api<TotpSetupResponse>('/api/me/totp/setup', { method: 'POST' }),
    onSuccess: (data) => setSetup(data),
  });

  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : t('totp.codeInvalid')) },
  });
  const serverError = useServerError(form);
  const enable = useMutation({
    mutationFn: (code: string) => api('/api/me/totp/enable', { method: 'POST', body: { code }, redirectOn401: false }),
    onSuccess: async () => {
      setSetup(null);
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      toast(t('account.twoFactorOnBody'), { title: t('account.twoFactorOnTitle') });
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 400 || error.status === 401)) {
        form.setFieldError('code', t('totp.codeWrong'));
      } else serverError.onError(error);
    },
  });

  return (
    <SettingsSection id="two-factor" title={t('account.twoFactorTitle')}>
      {me.user.totpEnabled ? (
        <Group gap="sm">
          <IconShieldCheck size={24} aria-hidden color="var(--mantine-color-care-7)" />
          <Text>{t('account.twoFactorIsOn')}</Text>
          <Badge color="care" variant="light">
            {t('account.on')}
          </Badge>
        </Group>
      ) : setup ? (
        <Stack gap="md">
          <List type="ordered" spacing="sm">
            <List.Item>{t('account.totpStep1')}</List.Item>
            <List.Item>
              <Stack gap={6}>
                <Text>{t('account.totpStep2')}</Text>
                <Group gap="xs" wrap="wrap">
                  <Code fz="md" style={{ overflowWrap: 'anywhere', letterSpacing: '0.08em', minWidth: 0 }} aria-label={t('account.totpSecret')}>
                    {setup.secret}
                  </Code>
                  <CopyButton value={setup.secret}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" onClick={copy}>
                        {copied ? t('common.copied') : t('common.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Text size="sm" c="dimmed">
                  {t('account.totpLinkHint')}
                </Text>
                <Anchor href={setup.otpauthUrl} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {setup.otpauthUrl}
                </Anchor>
              </Stack>
            </List.Item>
            <List.Item>{t('account.totpStep3')}</List.Item>
          </List>
          <form
            noValidate
            onSubmit={form.onSubmit((v) => {
              serverError.clear();
              enable.mutate(v.code.trim());
            }, focusFirstInvalid)}
          >
            <Stack gap="md">
              <ErrorAlert error={serverError.error} />
              <TextInput
                label={t('totp.codeLabel')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                maw={240}
                {...form.getInputProps('code')}
              />
              <Group>
                <Button type="submit" loading={enable.isPending}>
                  {t('account.turnOn')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      ) : (
        <Stack gap="md" align="flex-start">
          <Text>{t('account.twoFactorExplain')}</Text>
          <ErrorAlert error={start.error} />
          <Button leftSection={<IconShieldLock size={18} aria-hidden />} onClick={() => start.mutate()} loading={start.isPending}>
            {t('account.setUpTwoFactor')}
          </Button>
        </Stack>
      )}
    </SettingsSection>
  );
}
