import { Anchor, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconMoodSmileBeam, IconSparkles } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { InitialsAvatar } from '../../components/initials-avatar.tsx';
import { Loading } from '../../components/loading.tsx';
import { listFormat } from '../../lib/format.ts';
import { contentField } from '../translation/content-text.tsx';
import { PracticeCard } from './practice-card.tsx';
import { todayQuery, useRefreshOnSent, type PracticeItem, type TodayResponse } from './practice.api.ts';
import { describeSchedule } from './schedule-text.ts';

type TodayChild = TodayResponse['children'][number];

const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase() + text.slice(1);

/** On today's list: due today, or already logged today (so it stays in view after the tap). */
export function onTodaysList(item: PracticeItem, today: string): boolean {
  const state = item.week.find((d) => d.date === today)?.state;
  return item.dueToday || state === 'done' || state === 'partial' || state === 'skipped';
}

function TodayChildCard({ child, headingOrder }: { child: TodayChild; headingOrder: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = `h${headingOrder}` as const;
  const todays = child.items.filter((i) => onTodaysList(i, child.today));
  const others = child.items.filter((i) => !onTodaysList(i, child.today));
  const params = { childId: child.childId };
  return (
    <Paper withBorder radius="lg" p={{ base: 'sm', sm: 'md' }} className="today-child" data-testid="today-child" aria-labelledby={`today-${child.childId}`} component="section">
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Group gap="sm" wrap="nowrap">
            <InitialsAvatar name={child.firstName} size={44} />
            <Heading id={`today-${child.childId}`} className="today-child-name">
              {child.firstName}
            </Heading>
          </Group>
          {child.items.length > 0 ? (
            <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/stickers" params={params} />} fw={600} className="today-link" c="yellow.9">
              <Group gap={6} component="span" wrap="nowrap">
                <IconSparkles size={18} aria-hidden />
                {t('today.stickers', { name: child.firstName })}
              </Group>
            </Anchor>
          ) : null}
        </Group>
        {todays.length === 0 ? (
          <Group gap="sm" wrap="nowrap" className="today-empty">
            <IconMoodSmileBeam size={32} aria-hidden color="var(--mantine-color-care-7)" style={{ flexShrink: 0 }} />
            <Text>{t('today.nothing')}</Text>
          </Group>
        ) : (
          todays.map((item) => <PracticeCard key={item.id} childId={child.childId} item={item} today={child.today} canLog stepsOpen={false} headingOrder={headingOrder === 2 ? 3 : 4} />)
        )}
        {others.length > 0 ? (
          <Text size="sm" c="dimmed">
            {t('today.notToday', { items: listFormat(others.map((i) => `${contentField(i.translation, 'title', i.title)} (${lowerFirst(describeSchedule(i.schedule, t))})`)) })}
          </Text>
        ) : null}
        <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/practice" params={params} />} size="sm" fw={600} className="today-link">
          <Group gap={6} component="span" wrap="nowrap">
            {t('today.allPractice', { name: child.firstName })}
            <IconArrowRight size={16} aria-hidden className="flip-rtl" />
          </Group>
        </Anchor>
      </Stack>
    </Paper>
  );
}

/**
 * For each child the reader practises with at home: what to do today, the steps a tap away, the
 * buttons to log it and the week so far.
 */
export function TodayList({ headingOrder = 2 }: { headingOrder?: 2 | 3 }) {
  const query = useQuery(todayQuery);
  useRefreshOnSent();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const children = query.data.children;
  if (children.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: children.length > 1 ? 2 : 1 }} spacing="lg" className="today-list">
      {children.map((c) => (
        <TodayChildCard key={c.childId} child={c} headingOrder={headingOrder} />
      ))}
    </SimpleGrid>
  );
}
