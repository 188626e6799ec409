import { Button, Collapse, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronDown, IconPlus, IconSparkles, IconWalk } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../api/types.ts';
import { AppModal } from '../components/app-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { goalsQuery } from '../features/milestones/milestones.api.ts';
import { PracticeCard } from '../features/practice/practice-card.tsx';
import { PracticeManage } from '../features/practice/practice-manage.tsx';
import { createPractice, practiceQuery, refreshPractice, useRefreshOnSent, type PracticeItem } from '../features/practice/practice.api.ts';
import { ReminderSetting } from '../features/practice/reminder-setting.tsx';
import { toast } from '../lib/toast.ts';
import { can, useChild } from './child-page.tsx';
import { lazyLater } from '../lib/lazy-later.ts';

// The dialog's form loads when it opens, or once the page is idle (see lazyLater).
const PracticeForm = lazyLater(() => import('../features/practice/practice-form.tsx').then((m) => m.PracticeForm));
const StrategyStart = lazyLater(() => import('../features/practice/strategy-start.tsx').then((m) => m.StrategyStart));

function AssignPractice({ child }: { child: Child }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const create = useMutation({
    mutationFn: (body: Parameters<typeof createPractice>[1]) => createPractice(child.id, body),
    onSuccess: async () => {
      await refreshPractice(queryClient);
      setOpen(false);
      toast(t('practice.form.saved'));
    },
  });
  return (
    <>
      <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setOpen(true)}>
        {t('practice.assign')}
      </Button>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('practice.assignTitle', { name: child.firstName })}>
        {open ? (
          <PracticeForm
            child={child}
            item={null}
            pending={create.isPending}
            onSubmit={(body) => create.mutateAsync(body)}
            onCancel={() => setOpen(false)}
            top={(prefill) => <StrategyStart child={child} onPick={prefill} />}
          />
        ) : null}
      </AppModal>
    </>
  );
}

/** The child's home practice: what to do and how often, this week at a glance, and a tap to log it. */
export function ChildPracticeTab() {
  const { t } = useTranslation();
  const child = useChild();
  useRefreshOnSent();
  const [showEnded, setShowEnded] = useState(false);
  const endedId = useId();
  const query = useQuery({ ...practiceQuery(child.id), enabled: can(child, 'practice.view') });
  const goals = useQuery({ ...goalsQuery(child.id), enabled: can(child, 'plan.view') });
  const goalName = new Map((goals.data?.goals ?? []).map((g) => [g.id, g.statement]));
  // Home practice is the family's to log (and school's, where they help): a therapist reads the day's log instead of getting the family's buttons.
  const canLog = can(child, 'practice.log') && child.myRole !== 'therapist' && child.myRole !== null;
  const canEdit = can(child, 'plan.edit');
  const isFamily = (child.myRole === 'guardian' || child.myRole === 'caregiver') && canLog;
  const name = child.firstName;
  const items = query.data?.items ?? [];
  const today = query.data?.today ?? '';
  const current = items.filter((i) => i.status !== 'ended');
  const ended = items.filter((i) => i.status === 'ended');

  if (!can(child, 'practice.view')) {
    return <EmptyState icon={<IconWalk size={28} aria-hidden />} title={t('child.empty.practiceTitle')} description={t('child.empty.practiceBody', { name })} />;
  }

  const card = (item: PracticeItem) => (
    <PracticeCard
      key={item.id}
      childId={child.id}
      item={item}
      today={today}
      canLog={canLog}
      goalNames={item.goalIds.map((id) => goalName.get(id)).filter((g) => g !== undefined)}
      actions={canEdit ? <PracticeManage child={child} item={item} /> : null}
    />
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 240px' }}>
          <Title order={2}>{t('practice.tabTitle')}</Title>
          <Text c="dimmed" size="sm">
            {t('practice.tabLead', { name })}
          </Text>
        </Stack>
        <Group gap="sm">
          {isFamily && current.length > 0 ? (
            <Button
              renderRoot={(props) => <Link {...props} to="/children/$childId/stickers" params={{ childId: child.id }} />}
              variant="light"
              color="yellow"
              c="yellow.9"
              leftSection={<IconSparkles size={18} aria-hidden />}
            >
              {t('practice.stickersLink', { name })}
            </Button>
          ) : null}
          {canEdit ? <AssignPractice child={child} /> : null}
        </Group>
      </Group>
      {isFamily && current.length > 0 ? <ReminderSetting child={child} /> : null}
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data && current.length === 0 ? (
        <EmptyState icon={<IconWalk size={28} aria-hidden />} title={t('child.empty.practiceTitle')} description={t('child.empty.practiceBody', { name })} />
      ) : null}
      {current.map(card)}
      {ended.length > 0 ? (
        <Stack gap="md">
          <Button
            variant="subtle"
            color="gray"
            onClick={() => setShowEnded((s) => !s)}
            aria-expanded={showEnded}
            aria-controls={endedId}
            rightSection={<IconChevronDown size={18} aria-hidden style={{ transform: showEnded ? 'rotate(180deg)' : undefined }} />}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('practice.endedTitle', { count: ended.length })}
          </Button>
          <Collapse expanded={showEnded} id={endedId}>
            <Stack gap="md">{showEnded ? ended.map(card) : null}</Stack>
          </Collapse>
        </Stack>
      ) : null}
    </Stack>
  );
}
