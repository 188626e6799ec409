import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconBulb, IconChevronDown, IconPlus, IconRefresh, IconTargetArrow } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { goalsQuery, keys } from '../api/queries.ts';
import type {
  ChangeGoalStatusRequest, Child, CreateGoalRequest, Goal, GoalStatus, Measurement, RecordMeasurementRequest, RespondToGoalRequest,
  SuggestGoalRequest, UpdateGoalPriorityRequest,
} from '../api/types.ts';
import { AppModal } from '../components/app-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { CheckinAssignments } from '../features/checkins/checkin-assign.tsx';
import { CheckinTrends } from '../features/checkins/checkin-trends.tsx';
import { GoalCard, measureSettingsFor, type GoalActions } from '../features/plan/goal-card.tsx';
import { StatusForm, type StatusChange } from '../features/plan/status-form.tsx';
import { canReport, ProgressReportButton } from '../features/reports/progress-report.tsx';
import { ArchiveCard } from '../features/archive/archive-card.tsx';
import { errorMessage } from '../lib/errors.ts';
import { lazyLater } from '../lib/lazy-later.ts';
import { toast } from '../lib/toast.ts';
import { can, useChild } from './child-page.tsx';
import { RatingsPrompt } from '../features/reviews/goal-ratings.tsx';

// The dialogs' forms load when one opens, or once the page is idle (see lazyLater).
const GoalForm = lazyLater(() => import('../features/plan/goal-form.tsx').then((m) => m.GoalForm));
const SuggestGoalForm = lazyLater(() => import('../features/plan/family-forms.tsx').then((m) => m.SuggestGoalForm));
const ChangeRequestForm = lazyLater(() => import('../features/plan/family-forms.tsx').then((m) => m.ChangeRequestForm));
const PriorityForm = lazyLater(() => import('../features/plan/family-forms.tsx').then((m) => m.PriorityForm));
const MeasurementForm = lazyLater(() => import('../features/plan/measurement-form.tsx').then((m) => m.MeasurementForm));
const GoalHistoryList = lazyLater(() => import('../features/plan/goal-history.tsx').then((m) => m.GoalHistoryList));

type Dialog =
  | { kind: 'new' }
  | { kind: 'suggest' }
  | { kind: 'revise'; goal: Goal }
  | { kind: 'ask'; goal: Goal }
  | { kind: 'priority'; goal: Goal }
  | { kind: 'status'; goal: Goal; change: StatusChange }
  | { kind: 'measure'; goal: Goal }
  | { kind: 'history'; goal: Goal };

interface Group {
  id: string;
  title: string;
  statuses: GoalStatus[];
  collapsed?: boolean;
}

function goalPath(child: Child, rest = '') {
  return `/api/children/${encodeURIComponent(child.id)}/goals${rest}`;
}

/** The goal changed between reading and answering: the server says 409 with a `version` detail. */
function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && Array.isArray(error.details)
    && (error.details as { path?: unknown[] }[]).some((d) => d.path?.[0] === 'version');
}

export function ChildPlanTab() {
  const { t } = useTranslation();
  const child = useChild();
  const queryClient = useQueryClient();
  const goals = useQuery(goalsQuery(child.id));
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [staleError, setStaleError] = useState<string | null>(null);
  const isGuardian = child.myRole === 'guardian' && can(child, 'plan.agree');
  const close = () => setDialog(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.goals(child.id) });

  const saveGoal = useMutation({
    mutationFn: ({ goal, body }: { goal: Goal | null; body: CreateGoalRequest }) =>
      goal
        ? api<Goal>(goalPath(child, `/${encodeURIComponent(goal.id)}`), { method: 'PATCH', body })
        : api<Goal>(goalPath(child), { method: 'POST', body }),
    onSuccess: async (saved, { goal }) => {
      await refresh();
      close();
      toast(goal ? (saved.status === 'proposed' && goal.status !== 'proposed' ? t('plan.toast.revisedBack') : t('plan.toast.revised')) : t('plan.toast.created'));
    },
  });

  const suggest = useMutation({
    mutationFn: (body: SuggestGoalRequest) => api<Goal>(goalPath(child, '/suggest'), { method: 'POST', body }),
    onSuccess: async () => {
      await refresh();
      close();
      toast(t('plan.toast.suggested'));
    },
  });

  const respond = useMutation({
    mutationFn: ({ goal, body }: { goal: Goal; body: RespondToGoalRequest }) =>
      api<Goal>(goalPath(child, `/${encodeURIComponent(goal.id)}/response`), { method: 'POST', body }),
    onSuccess: async (_saved, { body }) => {
      setStaleError(null);
      await refresh();
      close();
      toast(body.decision === 'agree' ? t('plan.toast.agreed') : t('plan.toast.changeAsked'));
    },
    onError: async (error) => {
      if (isStale(error)) {
        setStaleError(t('plan.respond.stale'));
        close();
        await refresh();
      } else if (dialog?.kind !== 'ask') {
        toast(errorMessage(error, t), { color: 'red' });
      }
    },
  });

  const priority = useMutation({
    mutationFn: ({ goal, body }: { goal: Goal; body: UpdateGoalPriorityRequest }) =>
      api<Goal>(goalPath(child, `/${encodeURIComponent(goal.id)}/priority`), { method: 'PUT', body }),
    onSuccess: async () => {
      await refresh();
      close();
      toast(t('plan.toast.priority'));
    },
  });

  const status = useMutation({
    mutationFn: ({ goal, body }: { goal: Goal; body: ChangeGoalStatusRequest }) =>
      api<Goal>(goalPath(child, `/${encodeURIComponent(goal.id)}/status`), { method: 'POST', body }),
    onSuccess: async () => {
      await refresh();
      close();
      toast(t('plan.toast.status'));
    },
  });

  const measure = useMutation({
    mutationFn: ({ goal, body }: { goal: Goal; body: RecordMeasurementRequest }) =>
      api<Measurement>(goalPath(child, `/${encodeURIComponent(goal.id)}/measurements`), { method: 'POST', body }),
    onSuccess: async () => {
      await refresh();
      close();
      toast(t('plan.toast.measured'));
    },
  });

  const actions: GoalActions = {
    onAgree: (goal) => {
      setStaleError(null);
      respond.mutate({ goal, body: { decision: 'agree', version: goal.version } });
    },
    agreeing: respond.isPending && respond.variables.body.decision === 'agree',
    onAskChange: (goal) => {
      setStaleError(null);
      respond.reset();
      setDialog({ kind: 'ask', goal });
    },
    onPriority: (goal) => setDialog({ kind: 'priority', goal }),
    onRevise: (goal) => setDialog({ kind: 'revise', goal }),
    onStatus: (goal, change) => setDialog({ kind: 'status', goal, change }),
    onMeasure: (goal) => setDialog({ kind: 'measure', goal }),
    onHistory: (goal) => setDialog({ kind: 'history', goal }),
  };

  const groups: Group[] = [
    {
      id: 'waiting',
      title: isGuardian ? t('plan.group.waitingForYou') : t('plan.group.waitingForFamily'),
      statuses: ['changes_requested', 'proposed'],
    },
    { id: 'agreed', title: t('plan.group.agreed'), statuses: ['agreed'] },
    { id: 'suggested', title: t('plan.group.suggested'), statuses: ['suggested'] },
    { id: 'paused', title: t('plan.group.paused'), statuses: ['paused'] },
    { id: 'met', title: t('plan.group.met'), statuses: ['met'], collapsed: true },
    { id: 'discontinued', title: t('plan.group.discontinued'), statuses: ['discontinued'], collapsed: true },
  ];
  const all = goals.data?.goals ?? [];
  // The family's priority orders each group; the server's order breaks ties.
  const inGroup = (group: Group) =>
    all.filter((g) => group.statuses.includes(g.status)).sort((a, b) => a.priority - b.priority);

  const newGoal = can(child, 'plan.edit') ? (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setDialog({ kind: 'new' })}>
      {t('plan.newGoal')}
    </Button>
  ) : null;
  const suggestGoal = isGuardian ? (
    <Button variant={newGoal ? 'default' : 'filled'} leftSection={<IconBulb size={18} aria-hidden />} onClick={() => setDialog({ kind: 'suggest' })}>
      {t('plan.suggestGoal')}
    </Button>
  ) : null;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Title order={2}>{t('plan.title', { name: child.firstName })}</Title>
          <Text c="dimmed" size="sm">
            {isGuardian ? t('plan.leadGuardian', { name: child.firstName }) : t('plan.lead', { name: child.firstName })}
          </Text>
          <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/reviews" params={{ childId: child.id }} />} size="sm" w="fit-content">
            {t('plan.reviewsLink')}
          </Anchor>
        </Stack>
        {/* With no goals yet the empty state carries the action, so it is not offered twice. */}
        {all.length > 0 && (newGoal || suggestGoal || canReport(child)) ? (
          <Group gap="sm" className="no-print">
            {newGoal}
            {suggestGoal}
            {canReport(child) ? <ProgressReportButton child={child} goals={all} /> : null}
          </Group>
        ) : null}
      </Group>

      <RatingsPrompt child={child} />
      {goals.isPending ? <Loading /> : null}
      {goals.isError ? <ErrorAlert error={goals.error} /> : null}
      {staleError ? (
        <Alert color="yellow" variant="light" role="alert" icon={<IconRefresh aria-hidden />} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setStaleError(null)}>
          {staleError}
        </Alert>
      ) : null}
      {goals.data && all.length === 0 ? (
        <EmptyState
          order={3}
          icon={<IconTargetArrow size={28} aria-hidden />}
          title={t('child.empty.planTitle')}
          description={t('child.empty.planBody', { name: child.firstName })}
          action={newGoal || suggestGoal ? (
            <Group gap="sm" justify="center">
              {newGoal}
              {suggestGoal}
            </Group>
          ) : undefined}
        />
      ) : null}

      {groups.map((group) => {
        const list = inGroup(group);
        if (list.length === 0) return null;
        return <GoalGroup key={group.id} group={group} goals={list} child={child} actions={actions} />;
      })}

      <CheckinTrends childId={child.id} />
      <CheckinAssignments childId={child.id} childName={child.firstName} />
      {can(child, 'record.export') && (child.myRole === 'guardian' || child.myRole === 'caregiver') ? <ArchiveCard child={child} /> : null}

      <AppModal opened={dialog?.kind === 'new' || dialog?.kind === 'revise'} onClose={close} title={dialog?.kind === 'revise' ? t('plan.form.reviseTitle') : t('plan.form.newTitle', { name: child.firstName })}>
        {dialog?.kind === 'new' || dialog?.kind === 'revise' ? (
          <GoalForm
            goal={dialog.kind === 'revise' ? dialog.goal : null}
            childName={child.firstName}
            pending={saveGoal.isPending}
            onSubmit={(body) => saveGoal.mutateAsync({ goal: dialog.kind === 'revise' ? dialog.goal : null, body })}
            onCancel={close}
          />
        ) : null}
      </AppModal>

      <AppModal opened={dialog?.kind === 'suggest'} onClose={close} title={t('plan.suggest.title', { name: child.firstName })}>
        {dialog?.kind === 'suggest' ? (
          <SuggestGoalForm childName={child.firstName} pending={suggest.isPending} onSubmit={suggest.mutateAsync} onCancel={close} />
        ) : null}
      </AppModal>

      <AppModal opened={dialog?.kind === 'ask'} onClose={close} title={t('plan.respond.askTitle')} size="md">
        {dialog?.kind === 'ask' ? (
          <ChangeRequestForm
            goal={dialog.goal}
            pending={respond.isPending}
            onSubmit={({ comment }) => respond.mutateAsync({ goal: dialog.goal, body: { decision: 'request_change', version: dialog.goal.version, comment } })}
            onCancel={close}
          />
        ) : null}
      </AppModal>

      <AppModal opened={dialog?.kind === 'priority'} onClose={close} title={t('plan.priorityTitle')} size="md">
        {dialog?.kind === 'priority' ? (
          <PriorityForm goal={dialog.goal} pending={priority.isPending} onSubmit={(body) => priority.mutateAsync({ goal: dialog.goal, body })} onCancel={close} />
        ) : null}
      </AppModal>

      <AppModal opened={dialog?.kind === 'status'} onClose={close} title={t('plan.statusAction.title')} size="md">
        {dialog?.kind === 'status' ? (
          <StatusForm
            goal={dialog.goal}
            change={dialog.change}
            pending={status.isPending}
            onSubmit={(body) => status.mutateAsync({ goal: dialog.goal, body })}
            onCancel={close}
          />
        ) : null}
      </AppModal>

      <AppModal opened={dialog?.kind === 'measure'} onClose={close} title={t('plan.measureForm.title')} size="md">
        {dialog?.kind === 'measure' ? (
          <MeasureDialog child={child} goal={dialog.goal} pending={measure.isPending} onSubmit={(body) => measure.mutateAsync({ goal: dialog.goal, body })} onCancel={close} />
        ) : null}
      </AppModal>

      <AppModal opened={dialog?.kind === 'history'} onClose={close} title={t('plan.history.title')}>
        {dialog?.kind === 'history' ? <GoalHistoryList goal={dialog.goal} /> : null}
      </AppModal>
    </Stack>
  );
}

function MeasureDialog({ child, goal, pending, onSubmit, onCancel }: {
  child: Child;
  goal: Goal;
  pending: boolean;
  onSubmit: (body: RecordMeasurementRequest) => Promise<unknown>;
  onCancel: () => void;
}) {
  const settings = measureSettingsFor(child, goal);
  const preferred = child.myRole === 'teacher' ? 'school' : child.myRole === 'therapist' ? 'therapy' : 'home';
  const first = settings.includes(preferred) ? preferred : settings[0];
  if (!first) return null;
  return <MeasurementForm goal={goal} timeZone={child.profile.timeZone} settings={settings} defaultSetting={first} pending={pending} onSubmit={onSubmit} onCancel={onCancel} />;
}

function GoalGroup({ group, goals, child, actions }: { group: Group; goals: Goal[]; child: Child; actions: GoalActions }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(!group.collapsed);
  const headingId = `plan-group-${group.id}`;
  const listId = `${headingId}-list`;
  return (
    <section aria-labelledby={headingId}>
      {group.collapsed ? (
        <Title order={3} id={headingId} mb="sm">
          <Button
            variant="subtle"
            color="gray"
            px={4}
            size="md"
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen((v) => !v)}
            rightSection={<IconChevronDown size={18} aria-hidden style={{ transform: open ? 'rotate(180deg)' : undefined }} />}
          >
            {t('plan.group.count', { title: group.title, count: goals.length })}
          </Button>
        </Title>
      ) : (
        <Title order={3} id={headingId} mb="sm">
          {t('plan.group.count', { title: group.title, count: goals.length })}
        </Title>
      )}
      <Stack gap="md" id={listId} hidden={!open}>
        {open ? goals.map((goal) => <GoalCard key={goal.id} goal={goal} child={child} actions={actions} />) : null}
      </Stack>
    </section>
  );
}
