import { NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Goal, GoalArea, SuggestGoalRequest, UpdateGoalPriorityRequest } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';
import { AREAS, areaLabel } from './plan-text.ts';
import { PriorityField } from './segmented-field.tsx';

// What a parent writes on the plan: a goal of their own, a change they ask for, and what matters most.

interface FormProps<T> {
  pending: boolean;
  onSubmit: (body: T) => Promise<unknown>;
  onCancel: () => void;
}

export function SuggestGoalForm({ childName, pending, onSubmit, onCancel }: FormProps<SuggestGoalRequest> & { childName: string }) {
  const { t } = useTranslation();
  const form = useForm<{ [key: string]: unknown; area: GoalArea; statement: string; priority: string; whyItMatters: string }>({
    initialValues: { area: 'communication', statement: '', priority: '2', whyItMatters: '' },
    validate: { statement: required(t) },
  });
  const serverError = useServerError(form);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onSubmit({ area: v.area, statement: v.statement.trim(), priority: Number(v.priority), whyItMatters: v.whyItMatters.trim() }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <Text>{t('plan.suggest.lead', { name: childName })}</Text>
        <ErrorAlert error={serverError.error} />
        <Textarea
          label={t('plan.suggest.statement')}
          description={t('plan.suggest.statementHint', { name: childName })}
          required
          minRows={2}
          maxLength={300}
          data-autofocus
          {...form.getInputProps('statement')}
        />
        <NativeSelect label={t('plan.form.area')} data={AREAS.map((a) => ({ value: a, label: areaLabel(a, t) }))} {...form.getInputProps('area')} />
        <PriorityField value={form.values.priority} onChange={(v) => form.setFieldValue('priority', v)} error={form.errors.priority} />
        <Textarea label={t('plan.form.why')} description={t('plan.form.whyHint')} maxLength={1000} {...form.getInputProps('whyItMatters')} />
        <FormActions submit={t('plan.suggest.submit')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

/** A guardian asks for a change to the version they read; the comment is what the therapist acts on. */
export function ChangeRequestForm({ goal, pending, onSubmit, onCancel }: FormProps<{ comment: string }> & { goal: Goal }) {
  const { t } = useTranslation();
  const form = useForm<{ [key: string]: unknown; comment: string }>({
    initialValues: { comment: '' },
    validate: { comment: required(t) },
  });
  const serverError = useServerError(form);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onSubmit({ comment: v.comment.trim() }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <blockquote className="plan-quote" dir="auto">{goal.statement}</blockquote>
        <ErrorAlert error={serverError.error} />
        <Textarea
          label={t('plan.respond.comment')}
          description={t('plan.respond.commentHint')}
          required
          minRows={3}
          maxLength={1000}
          data-autofocus
          {...form.getInputProps('comment')}
        />
        <FormActions submit={t('plan.respond.send')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

export function PriorityForm({ goal, pending, onSubmit, onCancel }: FormProps<UpdateGoalPriorityRequest> & { goal: Goal }) {
  const { t } = useTranslation();
  const form = useForm<{ [key: string]: unknown; priority: string; whyItMatters: string }>({
    initialValues: { priority: String(goal.priority), whyItMatters: goal.whyItMatters },
  });
  const serverError = useServerError(form);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onSubmit({ priority: Number(v.priority), whyItMatters: v.whyItMatters.trim() }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <blockquote className="plan-quote" dir="auto">{goal.statement}</blockquote>
        <ErrorAlert error={serverError.error} />
        <PriorityField value={form.values.priority} onChange={(v) => form.setFieldValue('priority', v)} error={form.errors.priority} />
        <Textarea label={t('plan.form.why')} description={t('plan.form.whyHint')} maxLength={1000} data-autofocus {...form.getInputProps('whyItMatters')} />
        <FormActions submit={t('common.saveChanges')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
