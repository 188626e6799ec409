import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import type { LinkRequestAccepted } from '../api/types.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { EmailLinkForm, LinkRequested } from '../components/link-requested.tsx';
import { NewPasswordField, PasswordField, validateNewPassword } from '../components/password-field.tsx';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid } from '../lib/validate.ts';
import { toast } from '../lib/toast.ts';

export function ResetPage() {
  const { token } = useSearch({ from: '/reset' });
  return token ? <CompleteReset token={token} /> : <RequestReset />;
}

function RequestReset() {
  const { t } = useTranslation();
  const [sent, setSent] = useState<{ email: string; delivery: LinkRequestAccepted['delivery'] } | null>(null);

  return (
    <AuthCard title={t('reset.title')} lead={sent ? undefined : t('reset.lead')}>
      {sent ? (
        <LinkRequested kind="reset" email={sent.email} delivery={sent.delivery} />
      ) : (
        <EmailLinkForm endpoint="/api/auth/reset" submitLabel={t('reset.send')} onSent={(email, delivery) => setSent({ email, delivery })} />
      )}
      <Anchor component={Link} to="/login" ta="center">
        {t('reset.backToSignIn')}
      </Anchor>
    </AuthCard>
  );
}

function CompleteReset({ token }: { token: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => validateNewPassword(v, t),
      confirm: (v, values) => (v === values.password ? null : t('reset.mismatch')),
    },
  });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (password: string) =>
      api('/api/auth/reset/complete', { method: 'POST', body: { token, password }, redirectOn401: false }),
    onSuccess: async () => {
      toast(t('reset.doneBody'), { title: t('reset.doneTitle') });
      await navigate({ to: '/login', search: {} });
    },
    onError: serverError.onError,
  });
  const expired =
    serverError.error instanceof ApiError && ['gone', 'not_found', 'unauthenticated'].includes(serverError.error.code);

  return (
    <AuthCard title={t('reset.newTitle')} lead={t('reset.newLead')}>
      {expired ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" role="alert">
            {t('reset.expired')}
          </Alert>
          <Button component={Link} to="/reset">
            {t('reset.requestAgain')}
          </Button>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((v) => {
            serverError.clear();
            mutation.mutate(v.password);
          }, focusFirstInvalid)}
        >
          <Stack gap="md">
            <ErrorAlert error={serverError.error} />
            <NewPasswordField label={t('reset.newPassword')} required {...form.getInputProps('password')} />
            <PasswordField
              label={t('reset.confirmPassword')}
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={mutation.isPending} fullWidth>
              {t('reset.save')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
