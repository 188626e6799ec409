import { Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconNotebook, IconTargetArrow } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ChildListItem } from '../../api/types.ts';
import { InitialsAvatar } from '../../components/initials-avatar.tsx';
import { currentLocale } from '../../i18n.ts';
import { childGoalsQuery, childStrategiesQuery } from './strategies-api.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';

/** One child a teacher supports: the strategies marked for school, and what to log there. */
function SchoolChildCard({ child }: { child: ChildListItem }) {
  const { t } = useTranslation();
  const strategies = useQuery(childStrategiesQuery(child.id));
  const goals = useQuery(childGoalsQuery(child.id));
  const lang = currentLocale();
  const forSchool = (strategies.data?.strategies ?? []).filter((s) => s.settings.includes('school'));
  const schoolGoals = (goals.data?.goals ?? []).filter((g) => g.status === 'agreed' && g.settings.includes('school'));
  const name = `${child.firstName} ${child.lastName}`.trim();
  return (
    <Card shadow="xs" h="100%" component="section" aria-labelledby={`school-${child.id}`}>
      <Stack gap="md">
        <Group gap="md" wrap="nowrap">
          <InitialsAvatar name={name} size={48} />
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={2} size="h3" id={`school-${child.id}`}>
              {name}
            </Title>
            <Text size="sm" c="dimmed">
              {t('firstDay.school.role', { name: child.firstName })}
            </Text>
          </Stack>
        </Group>
        <Stack gap={6}>
          <Title order={3} size="h5">
            {t('firstDay.school.strategiesTitle')}
          </Title>
          {strategies.data && forSchool.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('firstDay.school.noStrategies')}
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {forSchool.map((s) => (
                <List.Item key={s.id}>{strategyNameFor(s.strategy, lang)}</List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Stack gap={6}>
          <Title order={3} size="h5">
            {t('firstDay.school.logTitle')}
          </Title>
          {schoolGoals.length > 0 ? (
            <Group gap={6} wrap="nowrap">
              <IconTargetArrow size={18} aria-hidden />
              <Link to="/children/$childId/plan" params={{ childId: child.id }} className="text-link">
                {t('firstDay.school.logGoals', { count: schoolGoals.length })}
              </Link>
            </Group>
          ) : null}
          <Group gap={6} wrap="nowrap">
            <IconNotebook size={18} aria-hidden />
            <Link to="/children/$childId/journal" params={{ childId: child.id }} className="text-link">
              {t('firstDay.school.logNote')}
            </Link>
          </Group>
        </Stack>
        <Link to="/children/$childId" params={{ childId: child.id }} className="text-link">
          {t('firstDay.school.open', { name: child.firstName })}
        </Link>
      </Stack>
    </Card>
  );
}

/** A teacher's home: the children they support at school, not the families' pages. */
export function SchoolHome({ children }: { children: ChildListItem[] }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {children.map((c) => (
        <SchoolChildCard key={c.id} child={c} />
      ))}
    </SimpleGrid>
  );
}
