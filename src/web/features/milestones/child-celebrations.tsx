import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconChecklist, IconStar } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { toast } from '../../lib/toast.ts';
import { CelebrationCard, CelebrationList } from './celebration-list.tsx';
import { MarkWinForm } from './mark-win-form.tsx';
import { markWin, milestonesQuery, refreshMilestones, useDismiss, type CreateWinRequest } from './milestones.api.ts';

/**
 * The child's Overview: celebrations the reader has not dismissed, a way to mark a win, and the
 * way to the child's wins and the plan reviews.
 */
export function ChildCelebrations({ child }: { child: Child }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [marking, setMarking] = useState(false);
  const canView = child.abilities.includes('plan.view');
  const canMark = child.abilities.includes('plan.measure');
  const query = useQuery({ ...milestonesQuery(child.id), enabled: canView });
  const { dismiss, dismissing, error } = useDismiss();
  const win = useMutation({
    mutationFn: (body: CreateWinRequest) => markWin(child.id, body),
    onSuccess: async () => {
      await refreshMilestones(queryClient, child.id);
      setMarking(false);
      toast(t('milestones.form.saved', { name: child.firstName }));
    },
  });
  if (!canView) return null;

  const celebrating = (query.data?.milestones ?? []).filter((m) => m.celebrate);
  const params = { childId: child.id };
  const actions = (
    <Group gap="sm">
      {canMark ? (
        <Button leftSection={<IconStar size={18} aria-hidden />} onClick={() => setMarking(true)}>
          {t('milestones.markWin')}
        </Button>
      ) : null}
      <Button renderRoot={(props) => <Link {...props} to="/children/$childId/wins" params={params} />} variant="default">
        {t('milestones.seeAllWins', { name: child.firstName })}
      </Button>
      <Button
        renderRoot={(props) => <Link {...props} to="/children/$childId/reviews" params={params} />}
        variant="subtle"
        leftSection={<IconChecklist size={18} aria-hidden />}
      >
        {t('review.title')}
      </Button>
    </Group>
  );

  return (
    <>
      {celebrating.length > 0 ? (
        <CelebrationCard titleId="celebrations-title" error={error}>
          <CelebrationList milestones={celebrating} childNameOf={() => child.firstName} variant="child" onDismiss={dismiss} dismissing={dismissing} />
          {actions}
        </CelebrationCard>
      ) : (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" component="section" aria-labelledby="wins-title">
          <Stack gap="sm">
            <Title order={2} size="h3" id="wins-title">
              {t('milestones.winsSectionTitle', { name: child.firstName })}
            </Title>
            <Text>{t('milestones.noCelebrations', { name: child.firstName })}</Text>
            {actions}
          </Stack>
        </Paper>
      )}
      <AppModal opened={marking} onClose={() => setMarking(false)} title={t('milestones.markWinFor', { name: child.firstName })} size="md">
        <MarkWinForm child={child} pending={win.isPending} onSubmit={(body) => win.mutateAsync(body)} onCancel={() => setMarking(false)} />
      </AppModal>
    </>
  );
}
