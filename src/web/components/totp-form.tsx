import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { applyServerErrors } from '../lib/errors.ts';
import { ErrorAlert } from './error-alert.tsx';
import { focusFirstInvalid } from '../lib/validate.ts';

/** The second sign-in step: the 6-digit code from an authenticator app. */
export function TotpForm({ onSuccess }: { onSuccess: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : t('totp.codeInvalid')) },
  });
  const mutation = useMutation({
    mutationFn: (code: string) => api('/api/auth/totp', { method: 'POST', body: { code }, redirectOn401: false }),
    onSuccess: () => onSuccess(),
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
        if (!applyServerErrors(form, error, undefined, t('totp.codeInvalid'))) form.setFieldError('code', t('totp.codeWrong'));
      }
    },
  });
  const showGeneral = mutation.error instanceof ApiError && mutation.error.status !== 401 && mutation.error.status !== 400;

  return (
    <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v.code.trim()), focusFirstInvalid)}>
      <Stack gap="md">
        <Text>{t('totp.intro')}</Text>
        {showGeneral ? <ErrorAlert error={mutation.error} /> : null}
        <TextInput
          label={t('totp.codeLabel')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          data-autofocus
          autoFocus
          {...form.getInputProps('code')}
        />
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('totp.submit')}
        </Button>
      </Stack>
    </form>
  );
}
