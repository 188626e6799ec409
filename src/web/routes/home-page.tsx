import { Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowRight, IconMessages, IconMoodHappy, IconPlus, IconSearch, IconSettings, IconUsersGroup } from '@tabler/icons-react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { childrenQuery, firstStepsQuery } from '../api/queries.ts';
import type { ChildListItem, Me } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { InitialsAvatar } from '../components/initials-avatar.tsx';
import { Loading } from '../components/loading.tsx';
import { BelowFirstScreen } from '../components/below-first-screen.tsx';
import { Page } from '../components/page.tsx';
import { HomeCelebrations } from '../features/milestones/home-celebrations.tsx';
import { PartnershipCard } from '../features/checkins/partnership-card.tsx';
import { GoodNewsCard } from '../features/good-news/good-news-card.tsx';
import { HomeToday } from '../features/practice/home-today.tsx';
import { UpcomingSessions } from '../features/sessions/upcoming-sessions.tsx';
import { OpenCheckins } from '../features/checkins/open-checkins.tsx';
import { FirstStepsCard } from '../features/team/first-steps.tsx';
import { SchoolHome } from '../features/strategies/school-home.tsx';
import { isSchoolOnly } from '../features/strategies/school-only.ts';
import { useUnread } from '../features/messages/use-unread.ts';
import { unreadQuery } from '../features/messages/messages.api.ts';
import { recentCelebrationsQuery } from '../features/milestones/milestones.api.ts';
import { todayQuery } from '../features/practice/practice.api.ts';
import { upcomingSessionsQuery } from '../features/sessions/my-sessions.api.ts';
import { goodNewsQuery } from '../features/good-news/good-news-card.tsx';
import { openCheckinsQuery, partnershipQuery } from '../features/checkins/checkins.api.ts';
import { currentLocale } from '../i18n.ts';
import { listFormat } from '../lib/format.ts';
import { ROLE_COLORS, teamRoleLabel } from '../lib/roles.ts';
import { useMe } from './authed-layout.tsx';

/**
 * What the home page shows, fetched while its code loads (the route's loader calls this), so that
 * the page draws once with its cards in place rather than moving down as each card's answer comes.
 * A failed answer is not thrown here: the card shows its error as before.
 */
export async function prefetchHome(queryClient: QueryClient, me: Me): Promise<void> {
  const children = queryClient.prefetchQuery(childrenQuery);
  const fetches: Promise<unknown>[] = [
    children,
    queryClient.prefetchQuery(upcomingSessionsQuery),
    queryClient.prefetchQuery(recentCelebrationsQuery),
    queryClient.prefetchQuery(unreadQuery),
  ];
  if (me.clinics.length > 0) {
    fetches.push(queryClient.prefetchQuery(goodNewsQuery));
    if (me.clinics.some((c) => c.role === 'admin')) fetches.push(queryClient.prefetchQuery(firstStepsQuery));
    if (me.clinics.some((c) => c.role === 'therapist')) fetches.push(queryClient.prefetchQuery(partnershipQuery));
  } else {
    // School staff see their check-ins instead of the family's practice: known once the children are.
    fetches.push(
      children.then(() =>
        isSchoolOnly(queryClient.getQueryData(childrenQuery.queryKey)?.children)
          ? queryClient.prefetchQuery(openCheckinsQuery)
          : queryClient.prefetchQuery(todayQuery),
      ),
    );
  }
  await Promise.all(fetches);
}

export function HomePage() {
  const me = useMe();
  return me.clinics.length > 0 ? <Caseload me={me} /> : <FamilyHome me={me} />;
}

function fullName(child: ChildListItem): string {
  return `${child.firstName} ${child.lastName}`.trim();
}

function Caseload({ me }: { me: Me }) {
  const { t } = useTranslation();
  const unread = useUnread();
  const query = useQuery(childrenQuery);
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const isAdmin = me.clinics.some((c) => c.role === 'admin');
  const clinicName = me.clinics[0]?.name ?? '';

  const children = useMemo(() => {
    const all = query.data?.children ?? [];
    const needle = deferred.trim().toLocaleLowerCase(currentLocale());
    const sorted = [...all].sort((a, b) => fullName(a).localeCompare(fullName(b), currentLocale()));
    return needle ? sorted.filter((c) => fullName(c).toLocaleLowerCase(currentLocale()).includes(needle)) : sorted;
  }, [query.data, deferred]);

  const addChild = (
    <Button component={Link} to="/children/new" leftSection={<IconPlus size={18} aria-hidden />}>
      {t('home.addChild')}
    </Button>
  );

  return (
    <Page
      title={t('home.caseloadTitle')}
      description={isAdmin ? t('home.caseloadLeadAdmin', { clinic: clinicName }) : t('home.caseloadLead')}
      actions={
        <>
          {isAdmin ? (
            <Button component={Link} to="/admin/clinicians" variant="default" leftSection={<IconSettings size={18} aria-hidden />}>
              {t('home.openAdmin')}
            </Button>
          ) : null}
          {addChild}
        </>
      }
    >
      {isAdmin ? <FirstStepsCard clinic={clinicName} /> : null}
      <UpcomingSessions />
      <HomeCelebrations />
      <BelowFirstScreen>
        <GoodNewsCard />
        {me.clinics.some((c) => c.role === 'therapist') ? <PartnershipCard userId={me.user.id} /> : null}
        {query.isPending ? <Loading /> : null}
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {query.data && query.data.children.length === 0 ? (
          <EmptyState
            icon={<IconUsersGroup size={28} aria-hidden />}
            title={t('home.emptyStaffTitle')}
            description={t('home.emptyStaffBody')}
            action={addChild}
          />
        ) : null}
        {query.data && query.data.children.length > 0 ? (
          <Stack gap="md">
            <TextInput
              label={t('home.searchLabel')}
              placeholder={t('home.searchPlaceholder')}
              leftSection={<IconSearch size={18} aria-hidden />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              type="search"
              maw={420}
            />
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('home.count', { count: children.length })}
            </Text>
            <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
              <table className="stack-table">
                <caption className="visually-hidden">{t('home.caseloadTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('home.colChild')}</th>
                    <th scope="col">{t('home.colGuardians')}</th>
                    <th scope="col">{t('home.colTherapists')}</th>
                  </tr>
                </thead>
                <tbody>
                  {children.map((child) => (
                    <tr key={child.id}>
                      <td>
                        <Group gap="sm" wrap="nowrap">
                          <InitialsAvatar name={fullName(child)} size={36} />
                          <Stack gap={2}>
                            <Link to="/children/$childId" params={{ childId: child.id }} className="text-link">
                              {fullName(child)}
                            </Link>
                            {child.goalsNeedingAttention > 0 ? (
                              <Link to="/children/$childId/plan" params={{ childId: child.id }} className="attention-link">
                                {t('home.needsAttention', { count: child.goalsNeedingAttention })}
                              </Link>
                            ) : null}
                            {(unread.get(child.id) ?? 0) > 0 ? (
                              <Link to="/children/$childId/messages" params={{ childId: child.id }} className="attention-link">
                                {t('messages.unreadBadge', { count: unread.get(child.id) ?? 0 })}
                              </Link>
                            ) : null}
                            {child.quietForAWeek ? (
                              <Link to="/children/$childId/since" params={{ childId: child.id }} className="attention-link">
                                {t('since.caseloadFlag')}
                              </Link>
                            ) : null}
                          </Stack>
                        </Group>
                      </td>
                      <td data-label={t('home.colGuardians')}>
                        {child.guardians.length > 0 ? (
                          listFormat(child.guardians)
                        ) : (
                          <Text span c="dimmed" size="sm">
                            {t('home.noGuardiansYet')}
                          </Text>
                        )}
                      </td>
                      <td data-label={t('home.colTherapists')}>
                        {child.therapists.length > 0 ? (
                          listFormat(child.therapists)
                        ) : (
                          <Text span c="dimmed" size="sm">
                            {t('home.noTherapistsYet')}
                          </Text>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {children.length === 0 ? (
                <Text p="lg" c="dimmed">
                  {t('home.noMatch', { search: deferred.trim() })}
                </Text>
              ) : null}
            </Paper>
          </Stack>
        ) : null}
      </BelowFirstScreen>
    </Page>
  );
}

function FamilyHome({ me }: { me: Me }) {
  const { t } = useTranslation();
  const unread = useUnread();
  const query = useQuery(childrenQuery);
  const firstName = me.user.name.trim().split(/\s+/u)[0] ?? me.user.name;
  const kids = query.data?.children ?? [];
  if (isSchoolOnly(kids)) {
    return (
      <Page title={t('firstDay.school.title')} description={t('firstDay.school.lead', { name: firstName })}>
        {/* Teachers have no Today page: the school check-ins waiting for them are here. */}
        <OpenCheckins />
        <SchoolHome children={kids} />
      </Page>
    );
  }
  return (
    <Page title={t('home.familyTitle')} description={t('home.familyLead', { name: firstName })}>
      <UpcomingSessions />
      <HomeToday />
      <BelowFirstScreen>
        <HomeCelebrations />
        {query.isPending ? <Loading /> : null}
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {query.data && query.data.children.length === 0 ? (
          <EmptyState
            icon={<IconMoodHappy size={28} aria-hidden />}
            title={t('home.emptyFamilyTitle')}
            description={t('home.emptyFamilyBody')}
          />
        ) : null}
        {query.data && query.data.children.length > 0 ? (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg">
            {query.data.children.map((child) => (
              <Link key={child.id} to="/children/$childId" params={{ childId: child.id }} className="child-card">
              <Card shadow="xs" h="100%">
                <Stack gap="md">
                  <Group gap="md" wrap="nowrap">
                    <InitialsAvatar name={fullName(child)} size={56} />
                    <Stack gap={4} style={{ minWidth: 0 }}>
                      <Text component="h2" fw={650} size="lg" m={0}>
                        {fullName(child)}
                      </Text>
                      {child.myRole && child.myRole !== 'guardian' ? (
                        <Badge color={ROLE_COLORS[child.myRole]} variant="light">
                          {teamRoleLabel(child.myRole, t)}
                        </Badge>
                      ) : null}
                    </Stack>
                  </Group>
                  {(unread.get(child.id) ?? 0) > 0 ? (
                    <Badge color="care" variant="filled" size="lg" radius="sm" leftSection={<IconMessages size={14} aria-hidden />} style={{ alignSelf: 'flex-start' }}>
                      {t('messages.unreadBadge', { count: unread.get(child.id) ?? 0 })}
                    </Badge>
                  ) : null}
                  {child.therapists.length > 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('home.withTherapists', { names: listFormat(child.therapists) })}
                    </Text>
                  ) : null}
                  <Group gap={6} c="care.7" fw={600}>
                    <Text span inherit>
                      {t('home.openChild', { name: child.firstName })}
                    </Text>
                    <IconArrowRight size={18} aria-hidden className="flip-rtl" />
                  </Group>
                </Stack>
              </Card>
              </Link>
            ))}
          </SimpleGrid>
        ) : null}
      </BelowFirstScreen>
    </Page>
  );
}
