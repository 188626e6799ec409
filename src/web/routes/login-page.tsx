import { Alert, Anchor, Button, Divider, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { resetSession } from '../api/queries.ts';
import type { LinkRequestAccepted, LoginResponse } from '../api/types.ts';
import { PasswordField } from '../components/password-field.tsx';
import { AuthCard } from '../components/auth-card.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { EmailLinkForm, LinkRequested } from '../components/link-requested.tsx';
import { TotpForm } from '../components/totp-form.tsx';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, isEmail, required } from '../lib/validate.ts';

type Step = 'password' | 'code' | 'link' | 'linkSent';

export function LoginPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/login' });
  const [step, setStep] = useState<Step>(search.step === 'code' ? 'code' : 'password');
  const [email, setEmail] = useState('');
  const [delivery, setDelivery] = useState<LinkRequestAccepted['delivery']>('email');
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const finish = async () => {
    await resetSession(queryClient);
    await navigate({ href: search.redirect ?? '/', replace: true });
  };

  if (step === 'code') {
    return (
      <AuthCard title={t('login.codeTitle')}>
        <TotpForm onSuccess={finish} />
        <Anchor component="button" type="button" onClick={() => setStep('password')} ta="center">
          {t('login.backToPassword')}
        </Anchor>
      </AuthCard>
    );
  }

  if (step === 'link' || step === 'linkSent') {
    return (
      <AuthCard title={t('login.linkTitle')} lead={step === 'link' ? t('login.linkLead') : undefined}>
        {step === 'link' ? (
          <EmailLinkForm
            endpoint="/api/auth/link"
            submitLabel={t('login.sendLink')}
            initialEmail={email}
            onSent={(sentTo, how) => {
              setEmail(sentTo);
              setDelivery(how);
              setStep('linkSent');
            }}
          />
        ) : (
          <LinkRequested kind="signIn" email={email} delivery={delivery} />
        )}
        <Anchor component="button" type="button" onClick={() => setStep('password')} ta="center">
          {t('login.usePassword')}
        </Anchor>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('login.title')} lead={t('login.lead')}>
      <PasswordForm
        initialEmail={email}
        onSignedIn={finish}
        onMfa={(typed) => {
          setEmail(typed);
          setStep('code');
        }}
      />
      <Divider label={t('login.or')} labelPosition="center" />
      <Stack gap={6}>
        <Button
          variant="light"
          fullWidth
          onClick={() => setStep('link')}
        >
          {t('login.emailMeLink')}
        </Button>
        <Text size="sm" c="dimmed" ta="center">
          {t('login.linkHint')}
        </Text>
      </Stack>
    </AuthCard>
  );
}

function PasswordForm({
  initialEmail,
  onSignedIn,
  onMfa,
}: {
  initialEmail: string;
  onSignedIn: () => Promise<void>;
  onMfa: (email: string) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { email: initialEmail, password: '' },
    validate: { email: isEmail(t), password: required(t) },
  });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api<LoginResponse>('/api/auth/login', { method: 'POST', body, redirectOn401: false }),
    onSuccess: async (result, body) => {
      if (result.mfaRequired) onMfa(body.email);
      else await onSignedIn();
    },
    onError: serverError.onError,
  });
  const wrongCredentials = serverError.error instanceof ApiError && serverError.error.status === 401;

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        mutation.mutate({ email: v.email.trim(), password: v.password });
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        {wrongCredentials ? (
          <Alert color="red" variant="light" role="alert" title={t('login.failedTitle')}>
            {t('login.failedBody')}
          </Alert>
        ) : (
          <ErrorAlert error={serverError.error} />
        )}
        <TextInput label={t('common.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
        <PasswordField label={t('common.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
        <Group justify="flex-end" mt={-6}>
          <Anchor component={Link} to="/reset" size="sm">
            {t('login.forgot')}
          </Anchor>
        </Group>
        <Button type="submit" loading={mutation.isPending} fullWidth>
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
