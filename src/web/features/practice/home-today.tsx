import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { todayQuery } from './practice.api.ts';
import { TodayList } from './today-list.tsx';

/** The top of the family home page: today's practice, when there is any practice at all. */
export function HomeToday() {
  const { t } = useTranslation();
  const query = useQuery(todayQuery);
  const children = query.data?.children ?? [];
  if (!children.some((c) => c.items.length > 0)) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="home-today-title">
      <Title order={2} id="home-today-title">
        {t('today.homeTitle')}
      </Title>
      <TodayList headingOrder={3} />
    </Stack>
  );
}
