import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { keys, resetSession } from '../api/queries.ts';
import type { SetupRequest } from '../api/types.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { NewPasswordField, validateNewPassword } from '../components/password-field.tsx';
import { browserTimeZone, TimeZoneSelect } from '../components/time-zone-select.tsx';
import { currentLocale } from '../i18n.ts';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, isEmail, required } from '../lib/validate.ts';
import { toast } from '../lib/toast.ts';

export function SetupPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { clinicName: '', timeZone: browserTimeZone(), adminName: '', email: '', password: '' },
    validate: {
      clinicName: required(t),
      adminName: required(t),
      email: isEmail(t),
      password: (v) => validateNewPassword(v, t),
    },
  });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: SetupRequest) => api('/api/setup', { method: 'POST', body, redirectOn401: false }),
    onSuccess: async () => {
      queryClient.setQueryData(keys.setup, { needsSetup: false });
      await resetSession(queryClient);
      toast(t('setup.doneBody'), { title: t('setup.doneTitle') });
      await navigate({ to: '/' });
    },
    onError: serverError.onError,
  });

  return (
    <AuthCard title={t('setup.title')} lead={t('setup.lead')}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          mutation.mutate({ ...v, locale: currentLocale() });
        }, focusFirstInvalid)}
      >
        <Stack gap="md">
          <ErrorAlert error={serverError.error} />
          <TextInput label={t('setup.clinicName')} autoComplete="organization" required {...form.getInputProps('clinicName')} />
          <TimeZoneSelect
            label={t('setup.timeZone')}
            description={t('setup.timeZoneHint')}
            required
            {...form.getInputProps('timeZone')}
            value={form.values.timeZone}
          />
          <TextInput label={t('setup.yourName')} autoComplete="name" required {...form.getInputProps('adminName')} />
          <TextInput label={t('common.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
          <NewPasswordField label={t('common.password')} required {...form.getInputProps('password')} />
          <Button type="submit" loading={mutation.isPending} fullWidth mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
