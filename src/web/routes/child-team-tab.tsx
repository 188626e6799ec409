import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconEyeOff, IconHome2, IconMail, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { keys, teamQuery } from '../api/queries.ts';
import type { Child, InviteTeamMemberRequest, PendingInvitation, Permission, TeamMember, UpdateTeamMemberRequest } from '../api/types.ts';
import { AppModal } from '../components/app-modal.tsx';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { InitialsAvatar } from '../components/initials-avatar.tsx';
import { Loading } from '../components/loading.tsx';
import { AddClinicTherapist } from '../features/team/add-clinic-therapist.tsx';
import { InviteMemberForm } from '../features/team/invite-member-form.tsx';
import { InvitationShare, invitedToast } from '../features/team/invitation-share.tsx';
import { PermissionCheckboxes } from '../features/team/permission-checkboxes.tsx';
import { errorMessage } from '../lib/errors.ts';
import { formatDate } from '../lib/format.ts';
import { ALWAYS_GRANTED, ROLE_DEFAULTS } from '../lib/permissions.ts';
import { ROLE_COLORS, teamRoleLabel } from '../lib/roles.ts';
import { useMe } from './authed-layout.tsx';
import { can, useChild } from './child-page.tsx';
import { toast } from '../lib/toast.ts';
import { FormActions } from '../components/form-actions.tsx';

function childPath(child: Child, rest: string): string {
  return `/api/children/${encodeURIComponent(child.id)}${rest}`;
}

/** Only the clinic changes or removes a therapist or a parent: one parent cannot shut out the other. */
const CLINIC_MANAGED_ROLES = new Set<TeamMember['role']>(['therapist', 'guardian']);

export function ChildTeamTab() {
  const { t } = useTranslation();
  const child = useChild();
  const me = useMe();
  const queryClient = useQueryClient();
  const team = useQuery(teamQuery(child.id));
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<TeamMember | null>(null);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const isStaff = me.clinics.some((c) => c.id === child.clinicId);
  const manage = can(child, 'team.manage');

  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.team(child.id) });

  const invite = useMutation({
    mutationFn: (body: InviteTeamMemberRequest) => api<PendingInvitation>(childPath(child, '/invitations'), { method: 'POST', body }),
    onSuccess: async (created, body) => {
      await refresh();
      setInviting(false);
      invitedToast(created.delivery, body.name, body.email, t);
    },
  });

  const cancelInvite = useMutation({
    mutationFn: (invitation: PendingInvitation) =>
      api(childPath(child, `/invitations/${encodeURIComponent(invitation.id)}`), { method: 'DELETE' }),
    onSuccess: async (_r, invitation) => {
      await refresh();
      toast(t('team.inviteCancelled', { name: invitation.name }));
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });

  const update = useMutation({
    mutationFn: ({ member, body }: { member: TeamMember; body: UpdateTeamMemberRequest }) =>
      api(childPath(child, `/team/${encodeURIComponent(member.id)}`), { method: 'PATCH', body }),
    onSuccess: async (_r, { member }) => {
      await refresh();
      setEditing(null);
      toast(t('team.accessSaved', { name: member.name }));
    },
  });

  const remove = useMutation({
    mutationFn: (member: TeamMember) =>
      api(childPath(child, `/team/${encodeURIComponent(member.id)}`), { method: 'DELETE' }),
    onSuccess: async (_r, member) => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: keys.children, exact: true });
      setRemoving(null);
      toast(t('team.removed', { name: member.name, child: child.firstName }));
    },
  });

  const members = team.data?.members ?? [];
  const invitations = team.data?.invitations ?? [];
  const hasGuardian = members.some((m) => m.role === 'guardian') || invitations.some((i) => i.role === 'guardian');

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={2}>{t('team.title', { name: child.firstName })}</Title>
        {manage ? (
          <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => setInviting(true)}>
            {t('team.invite')}
          </Button>
        ) : null}
      </Group>

      {team.isPending ? <Loading /> : null}
      {team.isError ? <ErrorAlert error={team.error} /> : null}

      {team.data && manage && isStaff && !hasGuardian ? (
        <EmptyState
          order={3}
          icon={<IconUserPlus size={28} aria-hidden />}
          title={t('team.noGuardiansTitle')}
          description={t('team.noGuardiansBody', { name: child.firstName })}
          action={<Button onClick={() => setInviting(true)}>{t('team.inviteGuardian')}</Button>}
        />
      ) : null}

      {team.data && members.length > 0 ? (
        <section aria-labelledby="team-members-heading">
          <Title order={3} id="team-members-heading" mb="sm">
            {t('team.members', { count: members.length })}
          </Title>
          <Paper withBorder radius="lg">
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {members.map((member, index) => (
                <li
                  key={member.id}
                  style={{ borderBlockStart: index === 0 ? undefined : '1px solid var(--mantine-color-gray-2)' }}
                >
                  <MemberRow
                    member={member}
                    isMe={member.userId === me.user.id}
                    manage={manage && (isStaff || !CLINIC_MANAGED_ROLES.has(member.role))}
                    onEdit={() => setEditing(member)}
                    onRemove={() => setRemoving(member)}
                  />
                </li>
              ))}
            </ul>
          </Paper>
        </section>
      ) : null}

      {team.data && invitations.length > 0 ? (
        <section aria-labelledby="team-invitations-heading">
          <Title order={3} id="team-invitations-heading" mb="sm">
            {t('team.pending', { count: invitations.length })}
          </Title>
          <Paper withBorder radius="lg">
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {invitations.map((invitation, index) => (
                <li
                  key={invitation.id}
                  style={{ borderBlockStart: index === 0 ? undefined : '1px solid var(--mantine-color-gray-2)' }}
                >
                  <Group justify="space-between" p="md" gap="sm" wrap="wrap">
                    <Group gap="md" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 240px' }}>
                      <InitialsAvatar name={invitation.name} size={40} variant="outline" />
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Group gap={8}>
                          <Text fw={600}>{invitation.name}</Text>
                          <Badge color={ROLE_COLORS[invitation.role]} variant="light">
                            {teamRoleLabel(invitation.role, t)}
                          </Badge>
                        </Group>
                        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {[invitation.email, invitation.household, t('team.invitedOn', { date: formatDate(invitation.createdAt) })]
                            .filter(Boolean)
                            .join(' · ')}
                        </Text>
                      </Stack>
                    </Group>
                    {manage ? (
                      <Group gap="xs">
                        {invitation.canShare ? (
                          <InvitationShare basePath={childPath(child, `/invitations/${encodeURIComponent(invitation.id)}`)} name={invitation.name} onChanged={refresh} />
                        ) : null}
                        <Button
                          variant="subtle"
                          color="red"
                          size="sm"
                          loading={cancelInvite.isPending && cancelInvite.variables.id === invitation.id}
                          onClick={() => cancelInvite.mutate(invitation)}
                          aria-label={t('team.cancelInviteFor', { name: invitation.name })}
                        >
                          {t('team.cancelInvite')}
                        </Button>
                      </Group>
                    ) : null}
                  </Group>
                </li>
              ))}
            </ul>
          </Paper>
        </section>
      ) : null}

      {team.data && manage && isStaff ? <AddClinicTherapist child={child} members={members} onAdded={refresh} /> : null}

      <AppModal opened={inviting} onClose={() => setInviting(false)} title={t('team.inviteTitle', { name: child.firstName })}>
        {inviting ? (
          <InviteMemberForm
            child={child}
            isStaff={isStaff}
            pending={invite.isPending}
            onSubmit={invite.mutateAsync}
            onCancel={() => setInviting(false)}
          />
        ) : null}
      </AppModal>

      <AppModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t('team.editTitle', { name: editing.name }) : ''}
      >
        {editing ? (
          <EditAccessForm
            member={editing}
            child={child}
            isStaff={isStaff}
            pending={update.isPending}
            error={update.error}
            onCancel={() => setEditing(null)}
            onSave={(body) => update.mutate({ member: editing, body })}
          />
        ) : null}
      </AppModal>

      <ConfirmModal
        opened={removing !== null}
        title={removing ? t('team.removeTitle', { name: removing.name }) : ''}
        body={removing ? t('team.removeBody', { name: removing.name, child: child.firstName }) : ''}
        cancelLabel={t('team.keep')}
        confirmLabel={t('team.removeConfirm')}
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
      />
    </Stack>
  );
}

function MemberRow({
  member,
  isMe,
  manage,
  onEdit,
  onRemove,
}: {
  member: TeamMember;
  isMe: boolean;
  manage: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" p="md" gap="sm" wrap="wrap">
      <Group gap="md" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: '1 1 260px' }}>
        <InitialsAvatar name={member.name} size={44} />
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap={8}>
            <Text fw={600}>
              {member.name}
              {isMe ? ` ${t('team.you')}` : ''}
            </Text>
            <Badge color={ROLE_COLORS[member.role]} variant="light">
              {teamRoleLabel(member.role, t)}
            </Badge>
          </Group>
          {member.household ? (
            <Group gap={6} wrap="nowrap">
              <IconHome2 size={16} aria-hidden color="var(--mantine-color-gray-6)" />
              <Text size="sm" c="dimmed">
                {member.household}
              </Text>
            </Group>
          ) : null}
          {member.email ? (
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <IconMail size={16} aria-hidden color="var(--mantine-color-gray-6)" />
              <Anchor href={`mailto:${member.email}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {member.email}
              </Anchor>
            </Group>
          ) : (
            <Group gap={6} wrap="nowrap">
              <IconEyeOff size={16} aria-hidden color="var(--mantine-color-gray-6)" />
              <Text size="sm" c="dimmed">
                {t('team.contactHidden')}
              </Text>
            </Group>
          )}
        </Stack>
      </Group>
      {manage && !isMe ? (
        <Group gap="xs">
          <Button variant="default" size="sm" onClick={onEdit} aria-label={t('team.editAccessFor', { name: member.name })}>
            {t('team.editAccess')}
          </Button>
          <Button
            variant="subtle"
            color="red"
            size="sm"
            onClick={onRemove}
            aria-label={t('team.removeFor', { name: member.name })}
          >
            {t('team.remove')}
          </Button>
        </Group>
      ) : null}
    </Group>
  );
}

function EditAccessForm({
  member,
  child,
  isStaff,
  pending,
  error,
  onCancel,
  onSave,
}: {
  member: TeamMember;
  child: Child;
  isStaff: boolean;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSave: (body: UpdateTeamMemberRequest) => void;
}) {
  const { t } = useTranslation();
  const options = ROLE_DEFAULTS[member.role].filter(
    (p) => p !== ALWAYS_GRANTED && (isStaff || child.abilities.includes(p)),
  );
  const [permissions, setPermissions] = useState<Permission[]>(member.permissions.filter((p) => options.includes(p)));
  const [household, setHousehold] = useState(member.household ?? '');
  // Permissions the editor cannot grant stay as they are.
  const kept = member.permissions.filter((p) => !options.includes(p));

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ permissions: [...new Set([...kept, ...permissions])], household: household.trim() || null });
      }}
    >
      <Stack gap="md">
        <ErrorAlert error={error} />
        {member.role === 'guardian' || member.role === 'caregiver' ? (
          <TextInput
            label={t('team.household')}
            description={t('team.householdHint')}
            value={household}
            onChange={(e) => setHousehold(e.currentTarget.value)}
          />
        ) : null}
        <PermissionCheckboxes
          label={t('team.accessLabel')}
          description={t('team.accessHint', { name: member.name })}
          options={options}
          value={permissions}
          onChange={setPermissions}
        />
        <FormActions onCancel={onCancel} pending={pending} submit={t('common.saveChanges')} />
      </Stack>
    </form>
  );
}
