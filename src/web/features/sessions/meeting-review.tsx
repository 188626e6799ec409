import { Anchor, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDate } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { reviewKeys } from '../reviews/reviews.api.ts';
import { meetingKeys, recordMeetingReview, type Meeting } from './meetings.api.ts';

/** After the meeting: the clinician records the plan review from it in one click; then the page links to it. */
export function MeetingReviewSection({ childId, meeting, canManage, canReadReviews }: { childId: string; meeting: Meeting; canManage: boolean; canReadReviews: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [agreed, setAgreed] = useState('');
  const record = useMutation({
    mutationFn: () => recordMeetingReview(childId, meeting.session.id, agreed.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meetingKeys.one(childId, meeting.session.id) });
      await queryClient.invalidateQueries({ queryKey: reviewKeys.list(childId) });
      toast(t('meetings.recorded'));
    },
  });
  const review = meeting.review;
  if (!review && !meeting.canRecordReview && !canManage) return null;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="meeting-review-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="meeting-review-title">
          {t('meetings.reviewTitle')}
        </Title>
        {review ? (
          canReadReviews ? (
            <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/reviews" params={{ childId }} hash={`review-${review.id}`} />} fw={650}>
              {t('meetings.reviewLink', { date: formatDate(review.heldOn) })}
            </Anchor>
          ) : (
            <Text>{t('meetings.reviewLink', { date: formatDate(review.heldOn) })}</Text>
          )
        ) : meeting.canRecordReview ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              record.mutate();
            }}
          >
            <Stack gap="sm">
              <Text size="sm">{t('meetings.reviewLead')}</Text>
              <Textarea label={t('meetings.agreed')} autosize minRows={3} maxLength={2000} value={agreed} onChange={(e) => setAgreed(e.currentTarget.value)} />
              <Button type="submit" loading={record.isPending} leftSection={<IconChecklist size={18} aria-hidden />} style={{ alignSelf: 'flex-start' }}>
                {t('meetings.recordButton')}
              </Button>
              <ErrorAlert error={record.error} />
            </Stack>
          </form>
        ) : (
          <Text size="sm" c="dimmed">
            {t('meetings.reviewAfter')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
