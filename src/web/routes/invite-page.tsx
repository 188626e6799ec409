import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconClockX, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { invitationQuery, meQuery, resetSession } from '../api/queries.ts';
import type { AcceptInvitationRequest, AcceptInvitationResponse, InvitationInfo } from '../api/types.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { NewPasswordField, PasswordField, validateNewPassword } from '../components/password-field.tsx';
import { currentLocale } from '../i18n.ts';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../lib/validate.ts';
import { toast } from '../lib/toast.ts';

export function InvitePage() {
  const { t } = useTranslation();
  const { token } = useParams({ from: '/invite/$token' });
  const query = useQuery(invitationQuery(token));

  if (query.isPending) {
    return (
      <AuthCard title={t('invite.loadingTitle')}>
        <Loading />
      </AuthCard>
    );
  }
  if (query.isError) {
    const gone = query.error instanceof ApiError && (query.error.code === 'gone' || query.error.status === 410);
    // A malformed token (400) is as unusable as an unknown one: say so in words, not the server's.
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    if (gone || missing) {
      return (
        <AuthCard title={gone ? t('invite.goneTitle') : t('invite.missingTitle')}>
          <Alert color="orange" variant="light" icon={<IconClockX aria-hidden />} role="alert">
            {gone ? t('invite.goneBody') : t('invite.missingBody')}
          </Alert>
          <Button component={Link} to="/login" variant="light">
            {t('invite.goToSignIn')}
          </Button>
        </AuthCard>
      );
    }
    return (
      <AuthCard title={t('invite.loadingTitle')}>
        <ErrorAlert error={query.error} />
      </AuthCard>
    );
  }
  return <Invitation token={token} info={query.data} />;
}

function Invitation({ token, info }: { token: string; info: InvitationInfo }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery(meQuery).data ?? null;
  const signedInAsInvitee = me !== null && me.user.email.toLowerCase() === info.email.toLowerCase();
  // Signed in as someone else: nothing is offered until they say they want to switch.
  const [switching, setSwitching] = useState(false);
  const otherAccount = me !== null && !signedInAsInvitee;

  const title =
    info.kind === 'team' && info.childFirstName
      ? t('invite.teamTitle', { child: info.childFirstName })
      : t('invite.clinicTitle', { clinic: info.clinicName });
  const role = info.teamRole ?? info.clinicRole ?? 'other';
  const lead =
    info.kind === 'team'
      ? t('invite.teamLead', { inviter: info.invitedBy, clinic: info.clinicName, role })
      : t('invite.clinicLead', { inviter: info.invitedBy, clinic: info.clinicName, role });

  const accept = useMutation({
    mutationFn: (body: AcceptInvitationRequest) =>
      api<AcceptInvitationResponse>(`/api/invitations/${encodeURIComponent(token)}/accept`, {
        method: 'POST',
        body: otherAccount ? { ...body, switchAccount: true } : body,
        redirectOn401: false,
      }),
    onSuccess: async (result) => {
      await resetSession(queryClient);
      toast(t('invite.welcomeBody'), { title: t('invite.welcomeTitle') });
      if (result.childId) await navigate({ to: '/children/$childId', params: { childId: result.childId } });
      else await navigate({ to: '/' });
    },
  });

  return (
    <AuthCard title={title} lead={lead}>
      {signedInAsInvitee ? (
        <Stack gap="md">
          <ErrorAlert error={accept.error} />
          <Text>{t('invite.signedInAs', { email: info.email })}</Text>
          <Button onClick={() => accept.mutate({})} loading={accept.isPending} fullWidth>
            {t('invite.accept')}
          </Button>
        </Stack>
      ) : (
        <Stack gap="md">
          {otherAccount && me ? (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('invite.otherAccountTitle')}>
              <Stack gap="sm" align="stretch">
                <Text size="sm">{t('invite.otherAccount', { current: me.user.email, email: info.email })}</Text>
                {switching ? null : (
                  <>
                    <Button onClick={() => setSwitching(true)}>{t('invite.continueAs', { email: info.email })}</Button>
                    <Button component={Link} to="/" variant="default">
                      {t('invite.stayAs', { current: me.user.email })}
                    </Button>
                  </>
                )}
              </Stack>
            </Alert>
          ) : null}
          {otherAccount && !switching ? null : info.accountExists ? (
            <ExistingAccountForm email={info.email} pending={accept.isPending} onAccept={accept.mutateAsync} />
          ) : (
            <NewAccountForm email={info.email} name={info.name} pending={accept.isPending} onAccept={accept.mutateAsync} />
          )}
        </Stack>
      )}
    </AuthCard>
  );
}

type Accept = (body: AcceptInvitationRequest) => Promise<unknown>;

function ExistingAccountForm({ email, pending, onAccept }: { email: string; pending: boolean; onAccept: Accept }) {
  const { t } = useTranslation();
  const form = useForm({ initialValues: { password: '' }, validate: { password: required(t) } });
  const serverError = useServerError(form);
  const wrongPassword = serverError.error instanceof ApiError && serverError.error.status === 401;
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onAccept({ password: v.password }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <Text>{t('invite.existingAccount', { email })}</Text>
        {wrongPassword ? (
          <Alert color="red" variant="light" role="alert">
            {t('invite.wrongPassword')}
          </Alert>
        ) : (
          <ErrorAlert error={serverError.error} />
        )}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <PasswordField label={t('common.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
        <Button type="submit" loading={pending} fullWidth>
          {t('invite.accept')}
        </Button>
      </Stack>
    </form>
  );
}

function NewAccountForm({ email, name, pending, onAccept }: { email: string; name: string; pending: boolean; onAccept: Accept }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { name, password: '' },
    validate: { name: required(t), password: (v) => validateNewPassword(v, t) },
  });
  const serverError = useServerError(form);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onAccept({ name: v.name.trim(), password: v.password, locale: currentLocale() }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <Text>{t('invite.newAccount')}</Text>
        <ErrorAlert error={serverError.error} />
        <TextInput label={t('common.email')} value={email} readOnly autoComplete="username" description={t('invite.emailFixed')} />
        <TextInput label={t('invite.yourName')} autoComplete="name" required {...form.getInputProps('name')} />
        <NewPasswordField label={t('invite.choosePassword')} required {...form.getInputProps('password')} />
        <Button type="submit" loading={pending} fullWidth>
          {t('invite.createAndJoin')}
        </Button>
      </Stack>
    </form>
  );
}
