import { Badge, Button, Group, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconShieldCheck, IconShieldX, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { cliniciansQuery, keys } from '../api/queries.ts';
import type { ClinicInvitation, ClinicRole, InviteClinicianRequest } from '../api/types.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { InitialsAvatar } from '../components/initials-avatar.tsx';
import { Loading } from '../components/loading.tsx';
import { currentLocale } from '../i18n.ts';
import { errorMessage } from '../lib/errors.ts';
import { formatDate } from '../lib/format.ts';
import { APP_LOCALES, LOCALE_NAMES, isAppLocale, type AppLocale } from '../lib/locale.ts';
import { anyRoleLabel, clinicRoleLabel } from '../lib/roles.ts';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, isEmail, required } from '../lib/validate.ts';
import type { TFunction } from 'i18next';
import { toast } from '../lib/toast.ts';
import { InvitationShare, invitedToast } from '../features/team/invitation-share.tsx';

function invitationRole(invitation: ClinicInvitation, t: TFunction): string {
  return anyRoleLabel(invitation.role, t);
}

export function AdminCliniciansTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(cliniciansQuery);

  const cancel = useMutation({
    mutationFn: (invitation: ClinicInvitation) =>
      api(`/api/admin/invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' }),
    onSuccess: async (_r, invitation) => {
      await queryClient.invalidateQueries({ queryKey: keys.clinicians });
      toast(t('team.inviteCancelled', { name: invitation.name }));
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });

  return (
    <Stack gap="xl">
      <InviteClinicianCard />

      <section aria-labelledby="clinicians-heading">
        <Title order={2} id="clinicians-heading" mb="sm">
          {t('admin.cliniciansTitle')}
        </Title>
        {query.isPending ? <Loading /> : null}
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {query.data ? (
          <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
            <table className="stack-table compact">
              <thead>
                <tr>
                  <th scope="col">{t('admin.colName')}</th>
                  <th scope="col">{t('admin.colRole')}</th>
                  <th scope="col">{t('admin.colTwoFactor')}</th>
                  <th scope="col">{t('admin.colChildren')}</th>
                  <th scope="col">{t('admin.colJoined')}</th>
                </tr>
              </thead>
              <tbody>
                {query.data.clinicians.map((c) => (
                  <tr key={c.userId}>
                    <td>
                      <Group gap="sm" wrap="nowrap">
                        <InitialsAvatar name={c.name} size={36} />
                        <Stack gap={0} style={{ minWidth: 0 }}>
                          <Text fw={600}>{c.name}</Text>
                          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                            {c.email}
                          </Text>
                        </Stack>
                      </Group>
                    </td>
                    <td data-label={t('admin.colRole')}>
                      <Badge variant="light" color={c.role === 'admin' ? 'grape' : 'indigo'}>
                        {clinicRoleLabel(c.role, t)}
                      </Badge>
                    </td>
                    <td data-label={t('admin.colTwoFactor')}>
                      <Group gap={6} wrap="nowrap">
                        {c.totpEnabled ? (
                          <IconShieldCheck size={18} aria-hidden color="var(--mantine-color-care-7)" />
                        ) : (
                          <IconShieldX size={18} aria-hidden color="var(--mantine-color-gray-6)" />
                        )}
                        <Text size="sm">{c.totpEnabled ? t('admin.twoFactorOn') : t('admin.twoFactorOff')}</Text>
                      </Group>
                    </td>
                    <td data-label={t('admin.colChildren')}>{new Intl.NumberFormat(currentLocale()).format(c.childCount)}</td>
                    <td data-label={t('admin.colJoined')}>{formatDate(c.joinedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Paper>
        ) : null}
      </section>

      {query.data ? (
        <section aria-labelledby="clinic-invitations-heading">
          <Title order={2} id="clinic-invitations-heading" mb="sm">
            {t('admin.pendingTitle')}
          </Title>
          {query.data.invitations.length === 0 ? (
            <Text c="dimmed">{t('admin.noPending')}</Text>
          ) : (
            <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
              <table className="stack-table compact">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.colName')}</th>
                    <th scope="col">{t('admin.colRole')}</th>
                    <th scope="col">{t('admin.colInvitedBy')}</th>
                    <th scope="col">{t('admin.colExpires')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('admin.colActions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.invitations.map((invitation) => (
                    <tr key={invitation.id}>
                      <td>
                        <Text fw={600}>{invitation.name}</Text>
                        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {invitation.email}
                        </Text>
                      </td>
                      <td data-label={t('admin.colRole')}>
                        {invitationRole(invitation, t)}
                        {invitation.kind === 'team' ? (
                          <Text size="xs" c="dimmed">
                            {t('admin.teamInvitation')}
                          </Text>
                        ) : null}
                      </td>
                      <td data-label={t('admin.colInvitedBy')}>{invitation.invitedBy}</td>
                      <td data-label={t('admin.colExpires')}>{formatDate(invitation.expiresAt)}</td>
                      <td>
                        <Group gap="xs" justify="flex-end">
                        <InvitationShare
                          basePath={`/api/admin/invitations/${encodeURIComponent(invitation.id)}`}
                          name={invitation.name}
                          onChanged={() => queryClient.invalidateQueries({ queryKey: keys.outbox })}
                        />
                        {invitation.kind === 'clinician' ? (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => cancel.mutate(invitation)}
                            loading={cancel.isPending && cancel.variables.id === invitation.id}
                            aria-label={t('team.cancelInviteFor', { name: invitation.name })}
                          >
                            {t('team.cancelInvite')}
                          </Button>
                        ) : null}
                        </Group>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Paper>
          )}
        </section>
      ) : null}
    </Stack>
  );
}

interface InviteValues {
  [key: string]: unknown;
  name: string;
  email: string;
  role: ClinicRole;
  locale: AppLocale;
}

function InviteClinicianCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<InviteValues>({
    initialValues: { name: '', email: '', role: 'therapist', locale: currentLocale() },
    validate: { name: required(t), email: isEmail(t) },
  });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: InviteClinicianRequest) => api<ClinicInvitation>('/api/admin/invitations', { method: 'POST', body }),
    onSuccess: async (created, body) => {
      await queryClient.invalidateQueries({ queryKey: keys.clinicians });
      await queryClient.invalidateQueries({ queryKey: keys.outbox });
      await queryClient.invalidateQueries({ queryKey: keys.firstSteps });
      form.reset();
      invitedToast(created.delivery, body.name, body.email, t);
    },
    onError: serverError.onError,
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="lg" component="section" aria-labelledby="invite-clinician-heading">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          mutation.mutate({ name: v.name.trim(), email: v.email.trim(), role: v.role, locale: v.locale });
        }, focusFirstInvalid)}
      >
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap">
            <IconUserPlus size={22} aria-hidden color="var(--mantine-color-care-7)" style={{ flexShrink: 0 }} />
            <Title order={2} id="invite-clinician-heading">
              {t('admin.inviteTitle')}
            </Title>
          </Group>
          <Text c="dimmed">{t('admin.inviteLead')}</Text>
          <ErrorAlert error={serverError.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('admin.inviteName')} autoComplete="off" required {...form.getInputProps('name')} />
            <TextInput label={t('admin.inviteEmail')} type="email" autoComplete="off" required {...form.getInputProps('email')} />
          </SimpleGrid>
          <Radio.Group label={t('admin.inviteRole')} {...form.getInputProps('role')}>
            <Group gap="xl" mt="xs">
              <Radio value="therapist" label={t('roles.therapist')} description={t('admin.roleTherapistHint')} />
              <Radio value="admin" label={t('roles.admin')} description={t('admin.roleAdminHint')} />
            </Group>
          </Radio.Group>
          <NativeSelect
            label={t('team.inviteLanguage')}
            data={APP_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            value={form.values.locale}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (isAppLocale(value)) form.setFieldValue('locale', value);
            }}
            maw={320}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              {t('team.sendInvite')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
