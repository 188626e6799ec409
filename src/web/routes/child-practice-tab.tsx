import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconSparkles, IconWalk } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { goalsQuery } from '../features/milestones/milestones.api.ts';
import { PracticeCard } from '../features/practice/practice-card.tsx';
import { practiceQuery, useRefreshOnSent } from '../features/practice/practice.api.ts';
import { can, useChild } from './child-page.tsx';

/** The child's home practice: what to do and how often, this week at a glance, and a tap to log it. */
export function ChildPracticeTab() {
  const { t } = useTranslation();
  const child = useChild();
  useRefreshOnSent();
  const query = useQuery({ ...practiceQuery(child.id), enabled: can(child, 'practice.view') });
  const goals = useQuery({ ...goalsQuery(child.id), enabled: can(child, 'plan.view') });
  const goalName = new Map((goals.data?.goals ?? []).map((g) => [g.id, g.statement]));
  const canLog = can(child, 'practice.log');
  const isFamily = child.myRole === 'guardian' || child.myRole === 'caregiver';
  const name = child.firstName;
  const items = query.data?.items ?? [];
  const today = query.data?.today ?? '';

  if (!can(child, 'practice.view')) {
    return <EmptyState icon={<IconWalk size={28} aria-hidden />} title={t('child.empty.practiceTitle')} description={t('child.empty.practiceBody', { name })} />;
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 240px' }}>
          <Title order={2}>{t('practice.tabTitle')}</Title>
          <Text c="dimmed" size="sm">
            {t('practice.tabLead', { name })}
          </Text>
        </Stack>
        {isFamily && items.length > 0 ? (
          <Button renderRoot={(props) => <Link {...props} to="/children/$childId/stickers" params={{ childId: child.id }} />} variant="light" color="yellow" c="yellow.9" leftSection={<IconSparkles size={18} aria-hidden />}>
            {t('practice.stickersLink', { name })}
          </Button>
        ) : null}
      </Group>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data && items.length === 0 ? (
        <EmptyState icon={<IconWalk size={28} aria-hidden />} title={t('child.empty.practiceTitle')} description={t('child.empty.practiceBody', { name })} />
      ) : null}
      {items.map((item) => (
        <PracticeCard
          key={item.id}
          childId={child.id}
          item={item}
          today={today}
          canLog={canLog}
          goalNames={item.goalIds.map((id) => goalName.get(id)).filter((g) => g !== undefined)}
        />
      ))}
    </Stack>
  );
}
