import { Alert, Button, Stack } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { resetSession } from '../api/queries.ts';
import type { LoginResponse } from '../api/types.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { Loading } from '../components/loading.tsx';
import { TotpForm } from '../components/totp-form.tsx';

// A link works once: remember the attempt so a re-render (or React's strict mode) never spends it twice.
const attempts = new Map<string, Promise<LoginResponse>>();

function consume(token: string): Promise<LoginResponse> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = api<LoginResponse>('/api/auth/link/consume', { method: 'POST', body: { token }, redirectOn401: false });
    attempts.set(token, attempt);
  }
  return attempt;
}

export function SignInLinkPage() {
  const { t } = useTranslation();
  const { token } = useSearch({ from: '/signin/link' });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [state, setState] = useState<'working' | 'code' | 'failed'>(token ? 'working' : 'failed');

  const finish = async () => {
    await resetSession(queryClient);
    await navigate({ to: '/', replace: true });
  };

  useEffect(() => {
    if (!token) return;
    let active = true;
    consume(token).then(
      async (result) => {
        if (!active) return;
        if (result.mfaRequired) setState('code');
        else await finish();
      },
      () => {
        if (active) setState('failed');
      },
    );
    return () => {
      active = false;
    };
  }, [token]);

  if (state === 'code') {
    return (
      <AuthCard title={t('login.codeTitle')}>
        <TotpForm onSuccess={finish} />
      </AuthCard>
    );
  }

  if (state === 'failed') {
    return (
      <AuthCard title={t('signInLink.failedTitle')}>
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconLinkOff aria-hidden />} role="alert">
            {t('signInLink.failedBody')}
          </Alert>
          <Button component={Link} to="/login">
            {t('signInLink.backToSignIn')}
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('signInLink.workingTitle')}>
      <Loading />
    </AuthCard>
  );
}
