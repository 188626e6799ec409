import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/page.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { GoalChanges } from '../features/reviews/goal-changes.tsx';
import { FamilyView } from '../features/reviews/goal-ratings.tsx';
import { RecordReviewForm } from '../features/reviews/record-review-form.tsx';
import { recordReview, reviewKeys, reviewsQuery, type CreateReviewRequest, type PlanReview } from '../features/reviews/reviews.api.ts';
import { formatDate, formatDateTime, listFormat } from '../lib/format.ts';
import { teamRoleLabel } from '../lib/roles.ts';
import { toast } from '../lib/toast.ts';
import { useMe } from './authed-layout.tsx';
import { can, childName, useChild } from './child-page.tsx';

function ReviewCard({ review }: { review: PlanReview }) {
  const { t } = useTranslation();
  const people = review.participants.map((p) => (p.role ? `${p.name} (${teamRoleLabel(p.role, t)})` : p.name));
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="article" data-testid="review" id={`review-${review.id}`}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={3}>{t('review.heldOn', { date: formatDate(review.heldOn) })}</Title>
          <Text size="sm" c="dimmed">
            {t('review.recordedBy', { name: review.recordedBy.name, date: formatDateTime(review.recordedAt) })}
          </Text>
        </Stack>
        <Stack gap={4}>
          <Text fw={650}>{t('review.participants')}</Text>
          <Text>{listFormat(people)}</Text>
        </Stack>
        <Stack gap={4}>
          <Text fw={650}>{t('review.agreed')}</Text>
          <Text className="prewrap" style={{ overflowWrap: 'anywhere' }}>
            {review.agreed}
          </Text>
        </Stack>
        <Stack gap="xs">
          <Text fw={650}>{t('review.goalsChanged')}</Text>
          {review.goalsChanged.length > 0 ? <GoalChanges changes={review.goalsChanged} headingOrder={4} /> : <Text c="dimmed">{t('review.noGoalsChanged')}</Text>}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** The plan reviews of a child: dated records of what changed and what the team agreed. */
export function ChildReviewsPage() {
  const { t } = useTranslation();
  const child = useChild();
  const me = useMe();
  const queryClient = useQueryClient();
  const [recording, setRecording] = useState(false);
  const canRecord = can(child, 'plan.edit');
  const query = useQuery({ ...reviewsQuery(child.id), enabled: can(child, 'plan.view') });
  const mutation = useMutation({
    mutationFn: (body: CreateReviewRequest) => recordReview(child.id, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: reviewKeys.list(child.id) });
      setRecording(false);
      toast(t('review.saved'));
    },
  });
  const reviews = query.data?.reviews ?? [];

  return (
    <Stack gap="lg">
      <DocumentTitle title={`${t('review.title')} · ${childName(child)}`} />
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4} style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Title order={2}>{t('review.title')}</Title>
          <Text c="dimmed">{t('review.lead', { name: child.firstName })}</Text>
        </Stack>
        {canRecord && !recording ? (
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setRecording(true)}>
            {t('review.record')}
          </Button>
        ) : null}
      </Group>

      {recording ? (
        <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="record-review-title">
          <Stack gap="md">
            <Title order={3} id="record-review-title">
              {t('review.record')}
            </Title>
            <RecordReviewForm child={child} meId={me.user.id} pending={mutation.isPending} onSubmit={(body) => mutation.mutateAsync(body)} onCancel={() => setRecording(false)} />
          </Stack>
        </Paper>
      ) : null}

      <FamilyView child={child} />

      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data && reviews.length === 0 && !recording ? (
        <EmptyState
          order={3}
          icon={<IconChecklist size={28} aria-hidden />}
          title={t('review.emptyTitle')}
          description={t('review.emptyBody', { name: child.firstName })}
        />
      ) : null}
      {reviews.map((r) => (
        <ReviewCard key={r.id} review={r} />
      ))}
    </Stack>
  );
}
