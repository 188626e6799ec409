import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ChangeGoalStatusRequest, Goal, GoalStatus } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';

export type StatusChange = ChangeGoalStatusRequest['status'];

/** The status changes a therapist may make from where a goal stands (the server's own rules). */
export function statusChangesFor(status: GoalStatus): StatusChange[] {
  switch (status) {
    case 'agreed':
      return ['paused', 'met', 'discontinued'];
    case 'paused':
      return ['agreed', 'met', 'discontinued'];
    case 'suggested':
    case 'proposed':
    case 'changes_requested':
      return ['discontinued'];
    case 'met':
    case 'discontinued':
      return [];
  }
}

export function statusActionLabel(change: StatusChange, t: TFunction): string {
  switch (change) {
    case 'agreed':
      return t('plan.statusAction.resume');
    case 'paused':
      return t('plan.statusAction.pause');
    case 'met':
      return t('plan.statusAction.met');
    case 'discontinued':
      return t('plan.statusAction.discontinue');
  }
}

function statusLead(change: StatusChange, t: TFunction): string {
  switch (change) {
    case 'agreed':
      return t('plan.statusAction.resumeLead');
    case 'paused':
      return t('plan.statusAction.pauseLead');
    case 'met':
      return t('plan.statusAction.metLead');
    case 'discontinued':
      return t('plan.statusAction.discontinueLead');
  }
}

interface StatusFormProps {
  goal: Goal;
  change: StatusChange;
  pending: boolean;
  onSubmit: (body: ChangeGoalStatusRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** Pause, resume, mark met or stop a goal; pausing and stopping say why, so the family knows. */
export function StatusForm({ goal, change, pending, onSubmit, onCancel }: StatusFormProps) {
  const { t } = useTranslation();
  const needsReason = change === 'paused' || change === 'discontinued';
  const form = useForm<{ [key: string]: unknown; reason: string }>({
    initialValues: { reason: '' },
    validate: { reason: (v) => (needsReason && v.trim() === '' ? t('plan.statusAction.reasonRequired') : null) },
  });
  const serverError = useServerError(form, ['reason', 'status']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onSubmit({ status: change, reason: v.reason.trim() }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <blockquote className="plan-quote" dir="auto">{goal.statement}</blockquote>
        <Text>{statusLead(change, t)}</Text>
        <ErrorAlert error={serverError.error} />
        <Textarea
          label={needsReason ? t('plan.statusAction.reason') : t('plan.statusAction.reasonOptional')}
          description={t('plan.statusAction.reasonHint')}
          required={needsReason}
          maxLength={1000}
          data-autofocus
          {...form.getInputProps('reason')}
        />
        <FormActions submit={statusActionLabel(change, t)} pending={pending} onCancel={onCancel} danger={change === 'discontinued'} />
      </Stack>
    </form>
  );
}
