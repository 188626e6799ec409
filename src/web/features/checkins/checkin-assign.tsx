import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconClipboardPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/app-modal.tsx';
import { lazyLater } from '../../lib/lazy-later.ts';
import { listFormat, weekdayName } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { Written } from '../../components/written.tsx';
import { childCheckinsQuery, inLocale, refreshCheckins, stopCheckin, type Assignment, type Cadence } from './checkins.api.ts';

// The form loads when its dialog opens, or once the page is idle (see lazyLater).
const AssignForm = lazyLater(() => import('./checkin-assign-form.tsx').then((m) => m.AssignForm));

export function cadenceText(c: Cadence, t: TFunction): string {
  switch (c.kind) {
    case 'weekly':
      return t('checkins.cadence.weeklyOn', { day: weekdayName(c.weekday) });
    case 'monthly':
      return t('checkins.cadence.monthlyOn', { day: c.day });
    case 'before_session':
      return t('checkins.cadence.beforeSession');
  }
}

function AssignmentRow({ childId, a }: { childId: string; a: Assignment }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stop = useMutation({
    mutationFn: () => stopCheckin(childId, a.id),
    onSuccess: async () => {
      await refreshCheckins(queryClient);
      toast(t('checkins.assign.stopped'));
    },
  });
  const title = inLocale(a.title);
  return (
    <Group justify="space-between" gap="sm" wrap="wrap" component="li">
      <div>
        <Group gap="xs">
          <Text fw={600}><Written text={a.title} /></Text>
          {a.privacy === 'clinicians' ? <Badge variant="light" color="grape">{t('checkins.privacy.clinicians')}</Badge> : null}
          {a.privacy === 'aggregate' ? <Badge variant="light" color="gray">{t('checkins.privacy.aggregate')}</Badge> : null}
        </Group>
        <Text size="sm" c="dimmed">{t('checkins.assign.line', { cadence: cadenceText(a.cadence, t), who: listFormat(a.respondentNames) || t('checkins.assign.nobody') })}</Text>
      </div>
      <Button variant="subtle" color="red" size="compact-sm" loading={stop.isPending} onClick={() => stop.mutate()} aria-label={t('checkins.assign.stopLabel', { title })}>
        {t('checkins.assign.stop')}
      </Button>
    </Group>
  );
}

/** For the child's therapists: the check-ins given to the family or the school, and giving a new one. */
export function CheckinAssignments({ childId, childName }: { childId: string; childName: string }) {
  const { t } = useTranslation();
  const query = useQuery(childCheckinsQuery(childId));
  const [open, setOpen] = useState(false);
  const data = query.data;
  if (!data?.canAssign) return null;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="checkin-assign-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Title order={3} id="checkin-assign-title">{t('checkins.assign.title')}</Title>
          <Button leftSection={<IconClipboardPlus size={18} aria-hidden />} onClick={() => setOpen(true)}>{t('checkins.assign.open')}</Button>
        </Group>
        {data.assignments.length === 0 ? (
          <Text c="dimmed">{t('checkins.assign.none', { name: childName })}</Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {data.assignments.map((a) => <AssignmentRow key={a.id} childId={childId} a={a} />)}
          </Stack>
        )}
      </Stack>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('checkins.assign.modalTitle', { name: childName })}>
        {open ? <AssignForm childId={childId} data={data} onDone={() => setOpen(false)} /> : null}
      </AppModal>
    </Paper>
  );
}
