import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconSparkles } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { childQuery } from '../api/queries.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { MilestoneIcon } from '../features/milestones/celebration-list.tsx';
import { milestonesQuery } from '../features/milestones/milestones.api.ts';
import { formatDate } from '../lib/format.ts';

/**
 * The child's own page of wins, to look at together: a star for every win and a trophy for every
 * goal reached, newest first. Nothing counted, nothing compared, nothing ever taken away.
 */
export function ChildWinsPage() {
  const { t } = useTranslation();
  const { childId } = useParams({ from: '/signed-in/children/$childId/wins' });
  const child = useSuspenseQuery(childQuery(childId)).data;
  const query = useQuery({ ...milestonesQuery(childId), enabled: child.abilities.includes('plan.view') });
  const name = child.firstName;
  useDocumentTitle(`${t('milestones.wins.title', { name })} · CareTeam`);
  const milestones = query.data?.milestones ?? [];

  return (
    <Stack gap="xl" className="wins-page">
      <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId" params={{ childId }} />} size="sm" fw={600}>
        <Group gap={6} component="span">
          <IconArrowLeft size={16} aria-hidden className="flip-rtl" />
          {t('milestones.wins.back', { name })}
        </Group>
      </Anchor>
      <Stack gap="sm" align="center" ta="center">
        <IconSparkles size={48} aria-hidden color="var(--mantine-color-yellow-7)" />
        <Title order={1} className="wins-title">
          {t('milestones.wins.title', { name })}
        </Title>
        <Text className="wins-lead">{milestones.length > 0 ? t('milestones.wins.lead', { name }) : t('milestones.wins.empty', { name })}</Text>
      </Stack>
      {query.isPending && child.abilities.includes('plan.view') ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {milestones.length > 0 ? (
        <ul className="wins-grid">
          {milestones.map((m) => (
            <li key={m.id} className="wins-tile" data-kind={m.kind} data-testid="win">
              <span className="wins-star">
                <MilestoneIcon kind={m.kind} size={64} />
              </span>
              {m.kind === 'goal_met' ? (
                <Text fw={700} c="care.8" size="sm" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
                  {t('milestones.wins.goalReached')}
                </Text>
              ) : null}
              <h2 className="wins-tile-title">{m.title}</h2>
              <Text size="md">{formatDate(m.date)}</Text>
              <Text size="sm" c="dimmed">
                {t('milestones.wins.noticedBy', { person: m.by.name })}
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
    </Stack>
  );
}
