import { Avatar, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconBooks, IconCalendarEvent, IconHeartHandshake, IconHome, IconMessages, IconNotebook, IconTargetArrow, IconUsersGroup, IconWalk,
} from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, useLocation, useParams } from '@tanstack/react-router';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { childQuery, teamQuery } from '../api/queries.ts';
import type { Child, Permission } from '../api/types.ts';
import type { AvatarsProps } from '../components/avatars-with-names.tsx';
import { InitialsAvatar } from '../components/initials-avatar.tsx';
import { LinkTabs, type LinkTab } from '../components/link-tabs.tsx';
import { ROLE_COLORS, teamRoleLabel } from '../lib/roles.ts';
import { useUnread } from '../features/messages/use-unread.ts';
import { formatDate } from '../lib/format.ts';
import { lazyLater } from '../lib/lazy-later.ts';
import { todayIn } from '../features/milestones/milestones.api.ts';
import { useMe } from './authed-layout.tsx';
import { DischargedNotice } from '../features/children/discharge.tsx';

export function childName(child: Pick<Child, 'firstName' | 'lastName'>): string {
  return `${child.firstName} ${child.lastName}`.trim();
}

export function can(child: Child, permission: Permission): boolean {
  return child.abilities.includes(permission);
}

export function useChildId(): string {
  return useParams({ from: '/signed-in/children/$childId' }).childId;
}

export function useChild(): Child {
  return useSuspenseQuery(childQuery(useChildId())).data;
}

/** The team's avatars before their names on hover have loaded (they need the tooltip's positioning code). */
function PlainAvatars({ people, more }: AvatarsProps) {
  return (
    <Avatar.Group spacing={6} aria-hidden>
      {people.map((p) => <InitialsAvatar key={p.id} name={p.name} size={32} />)}
      {more > 0 ? <Avatar size={32} radius="xl">+{more}</Avatar> : null}
    </Avatar.Group>
  );
}

// The names load once the page has drawn (see lazyLater).
const AvatarsWithNames = lazyLater(() => import('../components/avatars-with-names.tsx').then((m) => m.AvatarsWithNames), PlainAvatars);

function TeamAvatars({ child }: { child: Child }) {
  const { t } = useTranslation();
  const team = useQuery({ ...teamQuery(child.id), enabled: can(child, 'team.view') });
  const members = team.data?.members ?? [];
  if (members.length === 0) return null;
  const shown = members.slice(0, 5);
  const people = shown.map((m) => ({ id: m.id, name: m.name, label: `${m.name} · ${teamRoleLabel(m.role, t)}` }));
  const more = members.length - shown.length;
  return (
    <Group gap="xs" wrap="nowrap">
      <Suspense fallback={<PlainAvatars people={people} more={more} />}>
        <AvatarsWithNames people={people} more={more} />
      </Suspense>
      <Text size="sm" c="dimmed">
        {t('child.teamCount', { count: members.length })}
      </Text>
    </Group>
  );
}

export function ChildPage() {
  const { t } = useTranslation();
  const child = useChild();
  const me = useMe();
  const name = childName(child);
  const pathname = useLocation({ select: (l) => l.pathname });
  const isAdmin = me.clinics.some((c) => c.id === child.clinicId && c.role === 'admin');
  const params = { childId: child.id };
  const unread = useUnread().get(child.id) ?? 0;

  const tabs: LinkTab[] = [
    { to: '/children/$childId', params, label: t('child.tabs.overview'), icon: <IconHome size={18} aria-hidden />, exact: true },
  ];
  if (can(child, 'plan.view')) {
    tabs.push({ to: '/children/$childId/plan', params, label: t('child.tabs.plan'), icon: <IconTargetArrow size={18} aria-hidden /> });
    tabs.push({ to: '/children/$childId/support', params, label: t('strategies.support.tab'), icon: <IconHeartHandshake size={18} aria-hidden /> });
    tabs.push({ to: '/children/$childId/resources', params, label: t('resources.tab'), icon: <IconBooks size={18} aria-hidden /> });
  }
  if (can(child, 'practice.view') || can(child, 'practice.log')) {
    tabs.push({ to: '/children/$childId/practice', params, label: t('child.tabs.practice'), icon: <IconWalk size={18} aria-hidden /> });
  }
  if (can(child, 'journal.view') || can(child, 'journal.write')) {
    tabs.push({ to: '/children/$childId/journal', params, label: t('child.tabs.journal'), icon: <IconNotebook size={18} aria-hidden /> });
  }
  if (can(child, 'messages.send') || can(child, 'messages.team')) {
    tabs.push({
      to: '/children/$childId/messages', params, label: t('child.tabs.messages'), icon: <IconMessages size={18} aria-hidden />,
      badge: { count: unread, label: t('messages.unreadBadge', { count: unread }) },
    });
  }
  if (can(child, 'sessions.view')) {
    tabs.push({ to: '/children/$childId/sessions', params, label: t('child.tabs.sessions'), icon: <IconCalendarEvent size={18} aria-hidden /> });
  }
  if (can(child, 'team.view')) {
    tabs.push({ to: '/children/$childId/team', params, label: t('child.tabs.team'), icon: <IconUsersGroup size={18} aria-hidden /> });
  }

  const active = tabs.find((tab) => tab.to.endsWith(pathname.split('/').at(-1) ?? '') && !tab.exact);
  useDocumentTitle(`${active ? `${active.label} · ` : ''}${name} · CareTeam`);

  return (
    <Stack gap={0}>
      <div className="print-only child-print-header" data-testid="child-print-header">
        <p className="child-print-name">{name}</p>
        <p>{t('childPrint.line', { clinic: child.clinicName, date: formatDate(todayIn(child.profile.timeZone)) })}</p>
      </div>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" mb="lg" className="no-print">
        <Group gap="lg" wrap="nowrap" align="center">
          <InitialsAvatar name={name} size={72} radius={999} variant="filled" style={{ flexShrink: 0 }} className="child-header-avatar" />
          <Stack gap={8} style={{ minWidth: 0 }}>
            <Title order={1} style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Title>
            <Group gap="xs">
              {child.myRole ? (
                <>
                  <Text size="sm" c="dimmed">
                    {t('child.youAre')}
                  </Text>
                  <Badge color={ROLE_COLORS[child.myRole]} variant="light">
                    {teamRoleLabel(child.myRole, t)}
                  </Badge>
                </>
              ) : isAdmin ? (
                <Badge color="gray" variant="light">
                  {t('child.viewingAsAdmin')}
                </Badge>
              ) : null}
            </Group>
            <TeamAvatars child={child} />
          </Stack>
        </Group>
      </Paper>
      <DischargedNotice child={child} />
      <LinkTabs label={t('child.sections', { name: child.firstName })} tabs={tabs} />
      <Outlet />
    </Stack>
  );
}
