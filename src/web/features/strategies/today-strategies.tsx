import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconHeartHandshake } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { StrategyIllustration } from './illustration.tsx';
import { todayStrategiesQuery, useRefreshUsesOnSent, type TodayStrategies } from './strategy-use-api.ts';
import { useStrategyText } from './strategy-body.tsx';
import { UseLog } from './use-log.tsx';

type TodayChild = TodayStrategies['children'][number];

function TodayStrategy({ child, item }: { child: TodayChild; item: TodayChild['strategies'][number] }) {
  const { text, note, lang, id } = useStrategyText(item.strategy);
  if (!text) return null;
  return (
    <li className="today-strategy">
      <Stack gap="xs">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <StrategyIllustration strategy={item.strategy} small />
          <div style={{ minWidth: 0 }} id={id} lang={lang} dir="auto">
            <Title order={4} fz="md" style={{ overflowWrap: 'anywhere' }}>
              {text.name}
            </Title>
            <Text size="sm" c="dimmed">
              {text.purpose}
            </Text>
          </div>
        </Group>
        {note}
        <UseLog childId={child.childId} item={item} today={child.today} />
      </Stack>
    </li>
  );
}

/** On Today: the strategies used at home with each child, each loggable in two taps. */
export function TodayStrategiesList() {
  const { t } = useTranslation();
  const query = useQuery(todayStrategiesQuery);
  useRefreshUsesOnSent();
  if (query.isError) return <ErrorAlert error={query.error} />;
  const children = (query.data?.children ?? []).filter((c) => c.strategies.length > 0);
  if (children.length === 0) return null;
  return (
    <Stack gap="md" component="section" aria-labelledby="today-strategies" className="today-strategies">
      <div>
        <Title order={2} id="today-strategies">
          {t('strategyUse.todayTitle')}
        </Title>
        <Text c="dimmed">{t('strategyUse.todayLead')}</Text>
      </div>
      {children.map((c) => (
        <Paper key={c.childId} withBorder radius="lg" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={`today-strategies-${c.childId}`}>
          <Stack gap="md">
            <Group gap="xs" wrap="nowrap">
              <IconHeartHandshake size={22} aria-hidden color="var(--mantine-color-care-7)" />
              <Title order={3} id={`today-strategies-${c.childId}`} fz="lg">
                {t('strategyUse.todayChild', { name: c.firstName })}
              </Title>
            </Group>
            <ul className="today-strategy-list">
              {c.strategies.map((item) => (
                <TodayStrategy key={item.id} child={c} item={item} />
              ))}
            </ul>
            <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/support" params={{ childId: c.childId }} />} size="sm" fw={600}>
              <Group gap={6} component="span" wrap="nowrap">
                {t('strategyUse.allStrategies', { name: c.firstName })}
                <IconArrowRight size={16} aria-hidden className="flip-rtl" />
              </Group>
            </Anchor>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
