import { Alert, Badge, Button, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle, IconChartLine, IconCheck, IconChevronDown, IconCircleCheck, IconHistory, IconMessageCircle, IconPencil, IconStar,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { goalHistoryQuery } from '../../api/queries.ts';
import type { Child, Goal, Setting } from '../../api/types.ts';
import { formatDate, listFormat } from '../../lib/format.ts';
import { useContentText } from '../translation/content-text.tsx';
import { TranslationsButton } from '../translation/content-translation.tsx';
import { GoalChart } from './goal-chart.tsx';
import {
  STATUS_COLORS, areaLabel, attentionLabel, formatValue, measureLabel, ownSettings, settingLabel, statusLabel, trendColor, trendSentence,
} from './plan-text.ts';
import { statusActionLabel, statusChangesFor, type StatusChange } from './status-form.tsx';

export interface GoalActions {
  onAgree: (goal: Goal) => void;
  agreeing: boolean;
  onAskChange: (goal: Goal) => void;
  onPriority: (goal: Goal) => void;
  onRevise: (goal: Goal) => void;
  onStatus: (goal: Goal, change: StatusChange) => void;
  onMeasure: (goal: Goal) => void;
  onHistory: (goal: Goal) => void;
}

const MEASURABLE = new Set<Goal['status']>(['proposed', 'changes_requested', 'agreed']);

/** Where this reader may record a measurement for this goal; empty when they may not. */
export function measureSettingsFor(child: Child, goal: Goal): Setting[] {
  if (!child.abilities.includes('plan.measure') || !MEASURABLE.has(goal.status)) return [];
  const mine = ownSettings(child);
  return goal.settings.filter((s) => mine.includes(s));
}

/** The guardian's last "please change…", so the therapist sees it on the card itself. */
function ChangeRequest({ goal }: { goal: Goal }) {
  const { t } = useTranslation();
  const history = useQuery(goalHistoryQuery(goal.childId, goal.id));
  const request = history.data?.events.filter((e) => e.kind === 'change_requested').at(-1);
  if (!request) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconMessageCircle aria-hidden />}
      title={t('plan.card.changeAsked', { name: request.by.name, date: formatDate(request.at) })}
    >
      <Text className="prewrap">{request.comment}</Text>
    </Alert>
  );
}

export function GoalCard({ goal, child, actions }: { goal: Goal; child: Child; actions: GoalActions }) {
  const { t } = useTranslation();
  const headingId = `goal-${goal.id}`;
  const isGuardian = child.myRole === 'guardian' && child.abilities.includes('plan.agree');
  const canEdit = child.abilities.includes('plan.edit');
  const awaiting = goal.status === 'proposed' || goal.status === 'changes_requested';
  const suggestion = goal.status === 'suggested';
  const closed = goal.status === 'met' || goal.status === 'discontinued';
  const measureIn = measureSettingsFor(child, goal);
  const changes = canEdit ? statusChangesFor(goal.status) : [];
  const fmt = (v: number) => formatValue(goal.measure, v, t);
  // Waiting for agreement is already said by the status badge (and the change request, when there is one).
  const attention = canEdit ? goal.attention.filter((r) => !(r === 'awaiting_agreement' && awaiting)) : [];
  const words = useContentText(goal.translation);

  const facts = suggestion
    ? [t('plan.card.suggestionNote')]
    : [
        goal.unit ? `${measureLabel(goal.measure, t)}: ${goal.unit}` : measureLabel(goal.measure, t),
        goal.baseline !== null ? t('plan.card.fromTo', { from: fmt(goal.baseline), to: fmt(goal.target) }) : t('plan.card.target', { to: fmt(goal.target) }),
        ...(goal.lowerIsBetter ? [t('plan.card.lessIsBetter')] : []),
        ...(goal.targetDate ? [t('plan.card.by', { date: formatDate(goal.targetDate) })] : []),
        t('plan.card.where', { settings: listFormat(goal.settings.map((s) => settingLabel(s, t).toLocaleLowerCase())) }),
      ];

  return (
    <Paper component="article" withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group gap={6}>
          <Badge color={STATUS_COLORS[goal.status]} variant="light">
            {statusLabel(goal.status, t)}
          </Badge>
          <Badge color="gray" variant="outline">
            {areaLabel(goal.area, t)}
          </Badge>
          <Badge color="care" variant="outline" leftSection={<IconStar size={12} aria-hidden />}>
            {t('plan.card.priority', { priority: goal.priority })}
          </Badge>
        </Group>
        <Stack gap="sm" id={words.id}>
          <Title order={4} id={headingId} fz="lg" style={{ overflowWrap: 'anywhere' }} dir="auto" lang={words.lang}>
            {words.text('statement', goal.statement)}
          </Title>
          {goal.whyItMatters ? (
            <div>
              <Text size="sm" fw={600} c="care.8">
                {t('plan.card.why')}
              </Text>
              <blockquote className="plan-quote" dir="auto" lang={words.lang}>
                {words.text('whyItMatters', goal.whyItMatters)}
              </blockquote>
            </div>
          ) : null}
        </Stack>
        {words.note}
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {facts.join(' · ')}
        </Text>
        {goal.agreement ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconCircleCheck size={18} color="var(--mantine-color-green-8)" aria-hidden style={{ flexShrink: 0, marginBlockStart: 2 }} />
            <Text size="sm">
              {t('plan.card.agreed', { name: goal.agreement.by, date: formatDate(goal.agreement.at), version: goal.agreement.version })}
              {goal.agreement.version < goal.version ? ` ${t('plan.card.newVersion', { version: goal.version })}` : ''}
            </Text>
          </Group>
        ) : null}
        {goal.status === 'changes_requested' ? <ChangeRequest goal={goal} /> : null}
        {goal.statusReason && (goal.status === 'paused' || closed) ? (
          <Text size="sm">
            <Text span fw={600} size="sm">
              {t('plan.card.reason')}
            </Text>{' '}
            <span className="prewrap">{goal.statusReason}</span>
          </Text>
        ) : null}
        {attention.length > 0 ? (
          <Group gap={6} wrap="wrap" aria-label={t('plan.card.attention')} role="list">
            {attention.map((reason) => (
              <Badge key={reason} role="listitem" color="yellow" variant="light" leftSection={<IconAlertTriangle size={13} aria-hidden />}>
                {attentionLabel(reason, t)}
              </Badge>
            ))}
          </Group>
        ) : null}

        {!suggestion ? (
          <Paper bg="gray.0" p="sm" radius="md">
            <Group gap={8} wrap="nowrap" align="flex-start" mb={goal.measurements.length > 0 ? 'xs' : 0}>
              <IconChartLine size={20} aria-hidden color={`var(--mantine-color-${trendColor(goal)}-8)`} style={{ flexShrink: 0 }} />
              <Text fw={650} data-testid="trend-sentence">
                {trendSentence(goal, t)}
              </Text>
            </Group>
            <GoalChart goal={goal} />
          </Paper>
        ) : null}

        <Group gap="xs" mt={4}>
          {isGuardian && awaiting ? (
            <>
              <Button size="sm" leftSection={<IconCheck size={18} aria-hidden />} loading={actions.agreeing} onClick={() => actions.onAgree(goal)}>
                {t('plan.respond.agree')}
              </Button>
              <Button size="sm" variant="default" onClick={() => actions.onAskChange(goal)}>
                {t('plan.respond.ask')}
              </Button>
            </>
          ) : null}
          {measureIn.length > 0 ? (
            <Button size="sm" variant={awaiting && isGuardian ? 'default' : 'filled'} onClick={() => actions.onMeasure(goal)}>
              {t('plan.card.record')}
            </Button>
          ) : null}
          {canEdit && !closed ? (
            <Button size="sm" variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => actions.onRevise(goal)}>
              {suggestion ? t('plan.card.writeUp') : t('plan.card.revise')}
            </Button>
          ) : null}
          {changes.length > 0 ? (
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button size="sm" variant="default" rightSection={<IconChevronDown size={16} aria-hidden />}>
                  {t('plan.card.changeStatus')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {changes.map((change) => (
                  <Menu.Item key={change} onClick={() => actions.onStatus(goal, change)} {...(change === 'discontinued' ? { color: 'red' } : {})}>
                    {statusActionLabel(change, t)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          ) : null}
          {child.abilities.includes('plan.agree') && !closed ? (
            <Button size="sm" variant="subtle" onClick={() => actions.onPriority(goal)}>
              {t('plan.card.editPriority')}
            </Button>
          ) : null}
          <Button size="sm" variant="subtle" leftSection={<IconHistory size={16} aria-hidden />} onClick={() => actions.onHistory(goal)}>
            {t('plan.card.history')}
          </Button>
          {canEdit && !closed ? <TranslationsButton childId={goal.childId} type="goal" id={goal.id} title={goal.statement} refresh={['children', goal.childId, 'goals']} /> : null}
        </Group>
      </Stack>
    </Paper>
  );
}
