import { NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';
import { goalsQuery, todayIn, type CreateWinRequest } from './milestones.api.ts';
import { FormActions } from '../../components/form-actions.tsx';

interface WinValues {
  [key: string]: unknown;
  title: string;
  note: string;
  goalId: string;
  date: string;
}

interface MarkWinFormProps {
  child: Child;
  pending: boolean;
  onSubmit: (body: CreateWinRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** A short form: what happened, when, and (if it fits) which goal it is about. */
export function MarkWinForm({ child, pending, onSubmit, onCancel }: MarkWinFormProps) {
  const { t } = useTranslation();
  const today = todayIn(child.profile.timeZone);
  const goals = useQuery(goalsQuery(child.id));
  const open = (goals.data?.goals ?? []).filter((g) => g.status !== 'discontinued' && g.status !== 'suggested');
  const form = useForm<WinValues>({
    initialValues: { title: '', note: '', goalId: '', date: today },
    validate: {
      title: required(t),
      date: (value) => (value === '' ? t('validation.required') : value > today ? t('milestones.form.dateFuture') : null),
    },
  });
  const serverError = useServerError(form);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onSubmit({ title: v.title.trim(), note: v.note.trim(), goalId: v.goalId || null, date: v.date }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={serverError.error} />
        <TextInput
          label={t('milestones.form.title')}
          description={t('milestones.form.titleHint')}
          placeholder={t('milestones.form.titlePlaceholder')}
          maxLength={140}
          required
          data-autofocus
          {...form.getInputProps('title')}
        />
        <Textarea label={t('milestones.form.note')} maxLength={1000} minRows={2} {...form.getInputProps('note')} />
        {open.length > 0 ? (
          <NativeSelect
            label={t('milestones.form.goal')}
            data={[{ value: '', label: t('milestones.form.noGoal') }, ...open.map((g) => ({ value: g.id, label: g.statement }))]}
            {...form.getInputProps('goalId')}
          />
        ) : null}
        <TextInput label={t('milestones.form.date')} type="date" max={today} required {...form.getInputProps('date')} />
        <FormActions onCancel={onCancel} pending={pending} submit={t('milestones.form.save')} />
      </Stack>
    </form>
  );
}
