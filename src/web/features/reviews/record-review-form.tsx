import { Alert, Checkbox, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { teamQuery } from '../../api/queries.ts';
import type { Child } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDate } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';
import { todayIn } from '../milestones/milestones.api.ts';
import { GoalChanges } from './goal-changes.tsx';
import { reviewPreviewQuery, type CreateReviewRequest } from './reviews.api.ts';
import { FormActions } from '../../components/form-actions.tsx';

interface ReviewValues {
  [key: string]: unknown;
  heldOn: string;
  participants: string[];
  agreed: string;
}

interface RecordReviewFormProps {
  child: Child;
  meId: string;
  pending: boolean;
  onSubmit: (body: CreateReviewRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** Date, who took part, what was agreed, and a look at the goals that changed before saving for good. */
export function RecordReviewForm({ child, meId, pending, onSubmit, onCancel }: RecordReviewFormProps) {
  const { t } = useTranslation();
  const today = todayIn(child.profile.timeZone);
  const team = useQuery(teamQuery(child.id));
  const form = useForm<ReviewValues>({
    initialValues: { heldOn: today, participants: [meId], agreed: '' },
    validate: {
      heldOn: (value) => (value === '' ? t('validation.required') : value > today ? t('review.form.dateFuture') : null),
      participants: (value) => (value.length === 0 ? t('review.form.participantsRequired') : null),
      agreed: required(t),
    },
  });
  const serverError = useServerError(form);
  const heldOn = /^\d{4}-\d{2}-\d{2}$/u.test(form.values.heldOn) && form.values.heldOn <= today ? form.values.heldOn : today;
  const preview = useQuery(reviewPreviewQuery(child.id, heldOn));

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        onSubmit({ heldOn: v.heldOn, participants: v.participants, agreed: v.agreed.trim() }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={serverError.error} />
        <TextInput label={t('review.form.heldOn')} type="date" max={today} required data-autofocus {...form.getInputProps('heldOn')} maw={260} />
        {team.isPending ? <Loading /> : null}
        <Checkbox.Group label={t('review.form.participants')} required {...form.getInputProps('participants')}>
          <Stack gap="xs" mt="xs">
            {(team.data?.members ?? []).map((m) => (
              <Checkbox key={m.userId} value={m.userId} label={`${m.name} · ${teamRoleLabel(m.role, t)}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Textarea label={t('review.form.agreed')} description={t('review.form.agreedHint')} required minRows={4} maxLength={4000} {...form.getInputProps('agreed')} />

        <Paper withBorder radius="md" p="md" bg="gray.0" component="section" aria-labelledby="review-preview-title">
          <Stack gap="sm">
            <Title order={4} id="review-preview-title">
              {preview.data?.since ? t('review.form.previewSince', { date: formatDate(preview.data.since) }) : t('review.form.previewFirst')}
            </Title>
            <ErrorAlert error={preview.error} />
            {preview.isPending ? <Loading /> : null}
            {preview.data && preview.data.goalsChanged.length === 0 ? <Text c="dimmed">{t('review.noGoalsChanged')}</Text> : null}
            {preview.data && preview.data.goalsChanged.length > 0 ? <GoalChanges changes={preview.data.goalsChanged} headingOrder={5} /> : null}
          </Stack>
        </Paper>

        <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />}>
          {t('review.form.final')}
        </Alert>
        <FormActions onCancel={onCancel} pending={pending} submit={t('review.form.save')} />
      </Stack>
    </form>
  );
}
