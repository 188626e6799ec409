import { Anchor, Button, Group, List, Paper, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { firstStepsQuery, keys } from '../../api/queries.ts';
import type { FirstSteps } from '../../api/types.ts';
import { errorMessage } from '../../lib/errors.ts';
import { toast } from '../../lib/toast.ts';

type StepId = FirstSteps['steps'][number]['id'];

function stepText(id: StepId, t: TFunction): { label: string; hint: string; to: string } {
  switch (id) {
    case 'inviteTherapists':
      return { label: t('firstDay.steps.inviteTherapists'), hint: t('firstDay.steps.inviteTherapistsHint'), to: '/admin/clinicians' };
    case 'setUpMail':
      return { label: t('firstDay.steps.setUpMail'), hint: t('firstDay.steps.setUpMailHint'), to: '/admin/outbox' };
    case 'addChild':
      return { label: t('firstDay.steps.addChild'), hint: t('firstDay.steps.addChildHint'), to: '/children/new' };
    case 'inviteFamily':
      return { label: t('firstDay.steps.inviteFamily'), hint: t('firstDay.steps.inviteFamilyHint'), to: '/' };
    case 'agreeGoal':
      return { label: t('firstDay.steps.agreeGoal'), hint: t('firstDay.steps.agreeGoalHint'), to: '/' };
    case 'assignPractice':
      return { label: t('firstDay.steps.assignPractice'), hint: t('firstDay.steps.assignPracticeHint'), to: '/' };
  }
}

/** The clinic owner's first steps on their home page, each ticked from what really exists, until put away. */
export function FirstStepsCard({ clinic }: { clinic: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(firstStepsQuery);
  const dismiss = useMutation({
    mutationFn: () => api('/api/admin/first-steps/dismiss', { method: 'POST' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.firstSteps });
      toast(t('firstDay.steps.dismissed'));
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });
  if (!query.data || query.data.dismissed) return null;
  const steps = query.data.steps;
  const done = steps.filter((s) => s.done).length;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" mb="lg" component="section" aria-labelledby="first-steps-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ flex: '1 1 260px' }}>
            <Title order={2} id="first-steps-title">
              {t('firstDay.steps.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('firstDay.steps.lead', { clinic })}
            </Text>
          </Stack>
          <Button variant="subtle" size="sm" onClick={() => dismiss.mutate()} loading={dismiss.isPending}>
            {t('firstDay.steps.dismiss')}
          </Button>
        </Group>
        <Stack gap={6}>
          <Text size="sm" fw={600} id="first-steps-progress">
            {t('firstDay.steps.progress', { done, total: steps.length })}
          </Text>
          <Progress.Root>
            <Progress.Section value={(done / steps.length) * 100} aria-label={t('firstDay.steps.progress', { done, total: steps.length })} />
          </Progress.Root>
        </Stack>
        <List spacing="sm" listStyleType="none" p={0} m={0}>
          {steps.map((s) => {
            const text = stepText(s.id, t);
            return (
              <List.Item
                key={s.id}
                data-step={s.id}
                data-done={s.done}
                icon={
                  <ThemeIcon color={s.done ? 'care' : 'gray'} variant={s.done ? 'filled' : 'light'} radius="xl" size={26}>
                    {s.done ? <IconCheck size={16} aria-hidden /> : <IconCircleDashed size={16} aria-hidden />}
                  </ThemeIcon>
                }
              >
                <Text fw={600} td={s.done ? 'line-through' : undefined}>
                  {s.done || text.to === '/' ? text.label : (
                    <Anchor component={Link} to={text.to} inherit>
                      {text.label}
                    </Anchor>
                  )}
                  <span className="visually-hidden"> ({s.done ? t('firstDay.steps.done') : t('firstDay.steps.notYet')})</span>
                </Text>
                <Text size="sm" c="dimmed">
                  {text.hint}
                </Text>
              </List.Item>
            );
          })}
        </List>
      </Stack>
    </Paper>
  );
}
