import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/page.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { FamilyView, RatingForm, goalRatingsQuery } from '../features/reviews/goal-ratings.tsx';
import { useChild } from './child-page.tsx';

/** How the goals are going, in the family's words: a guardian rates them; everyone sees the ratings beside the trend. */
export function ChildGoalRatingsPage() {
  const { t } = useTranslation();
  const child = useChild();
  const query = useQuery(goalRatingsQuery(child.id));
  const data = query.data;
  return (
    <Stack gap="lg">
      <DocumentTitle title={`${t('goalRatings.pageTitle')} · ${child.firstName}`} />
      <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/plan" params={{ childId: child.id }} />}>
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden className="flip-rtl" />
          {t('goalRatings.backToPlan', { name: child.firstName })}
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Title order={2}>{t('goalRatings.pageTitle')}</Title>
        <Text c="dimmed">{t('goalRatings.pageLead', { name: child.firstName })}</Text>
      </Stack>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {data && data.goals.length === 0 ? <Text c="dimmed">{t('goalRatings.noGoals')}</Text> : null}
      {data?.canRate && data.goals.length > 0 ? <RatingForm key={data.since ?? 'first'} child={child} data={data} /> : null}
      <FamilyView child={child} />
    </Stack>
  );
}
