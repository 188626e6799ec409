// The family's view of progress: a guardian rates each goal in a word and a sentence before a
// review; the team sees their ratings beside each goal's measured trend.
import { Anchor, Badge, Button, Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMessageCircleQuestion, IconStars } from '@tabler/icons-react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { GOAL_RATINGS, type GoalRatingValue as RatingValue } from '../../../contract/goal-rating-values.ts';
import type * as Ratings from '../../../contract/goal-ratings.ts';
import { api } from '../../api/client.ts';
import { goalsQuery } from '../../api/queries.ts';
import type { Child } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDate } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import { toast } from '../../lib/toast.ts';
import { trendSentence } from '../plan/plan-text.ts';

export type GoalRatings = z.infer<typeof Ratings.GoalRatings>;
export type DueGoalRatings = z.infer<typeof Ratings.DueGoalRatings>;

const ratingsPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}/goal-ratings`;
export const ratingKeys = { child: (childId: string) => ['children', childId, 'goal-ratings'] as const, due: ['goal-ratings-due'] as const };
export const goalRatingsQuery = (childId: string) => queryOptions({ queryKey: ratingKeys.child(childId), queryFn: () => api<GoalRatings>(ratingsPath(childId)) });
export const dueRatingsQuery = queryOptions({ queryKey: ratingKeys.due, queryFn: () => api<DueGoalRatings>('/api/goal-ratings/due') });

/** Better news reads in deep teal; "worse" in red: each with white words, readable at any size. */
const COLORS: Record<RatingValue, string> = { much_better: 'teal.9', a_bit_better: 'cyan.9', same: 'gray.7', worse: 'red.9' };

export function RatingBadge({ rating }: { rating: RatingValue }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[rating]} variant="filled" radius="sm" tt="none" fw={600} style={{ flexShrink: 0 }}>
      {t(`goalRatings.values.${rating}`)}
    </Badge>
  );
}

/** Why the family is asked now, in a sentence. */
function whyAsked(data: GoalRatings, name: string, t: TFunction): string {
  if (data.meeting) {
    const date = formatDate(data.meeting.date);
    return data.meeting.kind === 'plan_review' ? t('goalRatings.beforeReview', { name, date }) : t('goalRatings.beforeMeeting', { name, date });
  }
  if (data.asked) return t('goalRatings.askedBy', { name, by: data.asked.by });
  return t('goalRatings.anyTime', { name });
}

/** A guardian's ratings: one choice and an optional sentence per goal, saved together. */
export function RatingForm({ child, data }: { child: Child; data: GoalRatings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mine = (g: GoalRatings['goals'][number]) => g.ratings.find((r) => r.mine);
  const [values, setValues] = useState<Record<string, { rating: RatingValue | ''; comment: string }>>(() =>
    Object.fromEntries(data.goals.map((g) => [g.goalId, { rating: mine(g)?.rating ?? '', comment: mine(g)?.comment ?? '' }])));
  const save = useMutation({
    mutationFn: () => api<GoalRatings>(ratingsPath(child.id), {
      method: 'PUT',
      body: { ratings: Object.entries(values).flatMap(([goalId, v]) => (v.rating ? [{ goalId, rating: v.rating, comment: v.comment.trim() }] : [])) },
    }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(ratingKeys.child(child.id), saved);
      await queryClient.invalidateQueries({ queryKey: ratingKeys.due });
      toast(t('goalRatings.saved'));
    },
  });
  const chosen = Object.values(values).filter((v) => v.rating).length;
  const set = (goalId: string, patch: Partial<{ rating: RatingValue | ''; comment: string }>) =>
    setValues((all) => ({ ...all, [goalId]: { rating: all[goalId]?.rating ?? '', comment: all[goalId]?.comment ?? '', ...patch } }));
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen > 0) save.mutate();
      }}
    >
      <Stack gap="md">
        <Text>{whyAsked(data, child.firstName, t)}</Text>
        <ErrorAlert error={save.error} />
        {data.goals.map((g, i) => (
          <Paper key={g.goalId} withBorder radius="lg" p="md">
            <Stack gap="sm">
              <Radio.Group
                label={g.statement}
                labelProps={{ fw: 650, fz: 'md', mb: 6 }}
                value={values[g.goalId]?.rating ?? ''}
                onChange={(v) => set(g.goalId, { rating: GOAL_RATINGS.find((x) => x === v) ?? '' })}
                data-testid={`rate-goal-${i}`}
              >
                <Group gap="md" wrap="wrap">
                  {GOAL_RATINGS.map((r) => (
                    <Radio key={r} value={r} label={t(`goalRatings.values.${r}`)} />
                  ))}
                </Group>
              </Radio.Group>
              <TextInput
                label={t('goalRatings.comment')}
                placeholder={t('goalRatings.commentPlaceholder')}
                maxLength={500}
                value={values[g.goalId]?.comment ?? ''}
                onChange={(e) => set(g.goalId, { comment: e.currentTarget.value })}
              />
            </Stack>
          </Paper>
        ))}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={chosen === 0}>
            {t('goalRatings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Each goal's measured trend beside the family's ratings, for the review; the therapist may ask for them. */
export function FamilyView({ child, headingOrder = 3 }: { child: Child; headingOrder?: 2 | 3 }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const ratings = useQuery(goalRatingsQuery(child.id));
  const goals = useQuery(goalsQuery(child.id));
  const ask = useMutation({
    mutationFn: () => api<GoalRatings>(`${ratingsPath(child.id)}/request`, { method: 'POST' }),
    onSuccess: (saved) => {
      queryClient.setQueryData(ratingKeys.child(child.id), saved);
      toast(t('goalRatings.askedToast', { name: child.firstName }));
    },
  });
  const data = ratings.data;
  if (!data || data.goals.length === 0) return null;
  const byId = new Map((goals.data?.goals ?? []).map((g) => [g.id, g]));
  const any = data.goals.some((g) => g.ratings.length > 0);
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="family-view-title" data-testid="family-view">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2} style={{ flex: '1 1 240px' }}>
            <Title order={headingOrder} id="family-view-title">
              {t('goalRatings.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {data.since ? t('goalRatings.sinceReview', { date: formatDate(data.since) }) : t('goalRatings.sinceStart')}
            </Text>
          </Stack>
          {data.canAsk && !data.asked ? (
            <Button variant="light" leftSection={<IconMessageCircleQuestion size={18} aria-hidden />} loading={ask.isPending} onClick={() => ask.mutate()}>
              {t('goalRatings.ask')}
            </Button>
          ) : null}
          {data.canRate ? (
            <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/goal-ratings" params={{ childId: child.id }} />}>
              {t('goalRatings.rateLink')}
            </Anchor>
          ) : null}
        </Group>
        {data.asked ? (
          <Text size="sm">{t('goalRatings.askedOn', { by: data.asked.by, date: formatDate(data.asked.at.slice(0, 10)) })}</Text>
        ) : null}
        {!any ? <Text c="dimmed">{t('goalRatings.noneYet')}</Text> : null}
        {data.goals.map((g) => {
          const goal = byId.get(g.goalId);
          return (
            <Stack key={g.goalId} gap={6} data-testid="family-view-goal">
              <Text fw={650} dir="auto">{g.statement}</Text>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                  {t('goalRatings.measured')}
                </Text>
                <Text size="sm" data-testid="measured-trend">
                  {goal ? trendSentence(goal, t) : ''}
                </Text>
              </Group>
              {g.ratings.map((r) => (
                <Group key={r.name} gap="xs" wrap="nowrap" align="flex-start" data-testid="family-rating">
                  <RatingBadge rating={r.rating} />
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    <Text span fw={600}>
                      {r.role ? `${r.name} (${teamRoleLabel(r.role, t)})` : r.name}
                    </Text>
                    {r.comment ? `: ${r.comment}` : ''}
                  </Text>
                </Group>
              ))}
            </Stack>
          );
        })}
      </Stack>
    </Paper>
  );
}

/** On the plan page: the guardian is asked to rate, with the reason. */
export function RatingsPrompt({ child }: { child: Child }) {
  const { t } = useTranslation();
  const ratings = useQuery(goalRatingsQuery(child.id));
  const data = ratings.data;
  if (!data || !data.open || !data.canRate || data.goals.length === 0) return null;
  const done = data.goals.filter((g) => g.ratings.some((r) => r.mine)).length;
  return <AskCard text={whyAsked(data, child.firstName, t)} childId={child.id} done={done} total={data.goals.length} />;
}

function AskCard({ text, childId, done, total }: { text: string; childId: string; done: number; total: number }) {
  const { t } = useTranslation();
  return (
    <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" bg="care.0" style={{ border: '1px solid var(--mantine-color-care-2)' }} data-testid="rating-prompt">
      <Group gap="md" wrap="nowrap" align="flex-start">
        <IconStars size={28} aria-hidden color="var(--mantine-color-care-7)" style={{ flexShrink: 0 }} />
        <Stack gap="sm" align="flex-start">
          <Text fw={650}>{text}</Text>
          <Text size="sm">{t('goalRatings.progress', { done, total })}</Text>
          <Button renderRoot={(props) => <Link {...props} to="/children/$childId/goal-ratings" params={{ childId }} />}>
            {done > 0 ? t('goalRatings.change') : t('goalRatings.start')}
          </Button>
        </Stack>
      </Group>
    </Paper>
  );
}

/** On Today: each child whose goals the guardian is asked to rate now. */
export function DueRatings() {
  const { t } = useTranslation();
  const due = useQuery(dueRatingsQuery);
  const children = due.data?.children ?? [];
  if (children.length === 0) return null;
  return (
    <Stack gap="sm">
      {children.map((c) => (
        <AskCard
          key={c.childId}
          childId={c.childId}
          done={c.rated}
          total={c.goals}
          text={c.meetingDate ? t('goalRatings.beforeReview', { name: c.firstName, date: formatDate(c.meetingDate) }) : t('goalRatings.askedShort', { name: c.firstName })}
        />
      ))}
    </Stack>
  );
}
