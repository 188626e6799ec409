import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconConfetti, IconStarFilled, IconTrophyFilled } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDate } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import type { Milestone } from './milestones.api.ts';
import './milestones.css';

/** Who marked it and when, in plain words. */
export function MarkedBy({ milestone }: { milestone: Milestone }) {
  const { t } = useTranslation();
  const date = formatDate(milestone.date);
  return (
    <Text size="sm" c="dimmed">
      {milestone.by.role
        ? t('milestones.markedBy', { person: milestone.by.name, role: teamRoleLabel(milestone.by.role, t), date })
        : t('milestones.markedByNoRole', { person: milestone.by.name, date })}
    </Text>
  );
}

export function MilestoneIcon({ kind, size }: { kind: Milestone['kind']; size: number }) {
  return kind === 'goal_met' ? <IconTrophyFilled size={size} aria-hidden /> : <IconStarFilled size={size} aria-hidden />;
}

interface CelebrationListProps {
  milestones: Milestone[];
  /** The child's first name, for each item's own heading. */
  childNameOf: (m: Milestone) => string;
  /** The home page says it in one line with the child's name; the child's page by kind. */
  variant: 'child' | 'home';
  onDismiss: (m: Milestone) => void;
  dismissing: string | null;
}

/** The celebrations the reader has not dismissed yet, each with its own "seen it" button. */
export function CelebrationList({ milestones, childNameOf, variant, onDismiss, dismissing }: CelebrationListProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {milestones.map((m) => {
        const name = childNameOf(m);
        const heading =
          variant === 'home'
            ? m.kind === 'goal_met'
              ? t('milestones.homeGoalMet', { name, goal: m.title })
              : t('milestones.homeWin', { name, title: m.title })
            : m.kind === 'goal_met'
              ? t('milestones.goalMetHeading', { name })
              : t('milestones.winHeading', { name });
        return (
          <li key={m.id} className="celebration-item" data-testid="celebration" data-milestone-id={m.id}>
            <Group gap="md" wrap="nowrap" align="flex-start">
              <span className="celebration-badge" data-kind={m.kind}>
                <MilestoneIcon kind={m.kind} size={28} />
              </span>
              <Stack gap={6} className="celebration-text" style={{ minWidth: 0, flex: 1 }}>
                <Text component="h3" fw={700} size="lg" m={0} style={{ overflowWrap: 'anywhere' }}>
                  {heading}
                </Text>
                {variant === 'child' ? (
                  <Text size="lg" style={{ overflowWrap: 'anywhere' }}>
                    {m.title}
                  </Text>
                ) : null}
                {variant === 'child' && m.kind === 'win' && m.goal ? (
                  <Text size="sm">{t('milestones.forGoal', { goal: m.goal.statement })}</Text>
                ) : null}
                {variant === 'child' && m.note ? (
                  <Text size="sm" className="prewrap" style={{ overflowWrap: 'anywhere' }}>
                    {m.note}
                  </Text>
                ) : null}
                <MarkedBy milestone={m} />
                <Group gap="sm" mt={4}>
                  <Button
                    size="sm"
                    variant="white"
                    color="dark"
                    onClick={() => onDismiss(m)}
                    loading={dismissing === m.id}
                    aria-label={t('milestones.dismissLabel', { title: m.title })}
                  >
                    {t('milestones.dismiss')}
                  </Button>
                  {variant === 'home' ? (
                    <Link to="/children/$childId/wins" params={{ childId: m.childId }} className="text-link">
                      {t('milestones.seeAllWins', { name })}
                    </Link>
                  ) : null}
                </Group>
              </Stack>
            </Group>
          </li>
        );
      })}
    </Stack>
  );
}

/** The warm card that holds celebrations, on the child's page and on the home page. */
export function CelebrationCard({ titleId, error, children }: { titleId: string; error: unknown; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" className="celebration-card" component="section" aria-labelledby={titleId}>
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <IconConfetti size={26} aria-hidden color="var(--mantine-color-yellow-8)" />
          <Title order={2} size="h3" id={titleId}>
            {t('milestones.celebrateTitle')}
          </Title>
        </Group>
        <ErrorAlert error={error} />
        {children}
      </Stack>
    </Paper>
  );
}
