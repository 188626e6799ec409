import { Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { IconStethoscope } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { clinicCliniciansQuery } from '../../api/queries.ts';
import type { Child, TeamMember } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { toast } from '../../lib/toast.ts';

/** Staff put one of the clinic's clinicians on the child's team, without an invitation by email. */
export function AddClinicTherapist({ child, members, onAdded }: { child: Child; members: TeamMember[]; onAdded: () => unknown }) {
  const { t } = useTranslation();
  const clinicians = useQuery(clinicCliniciansQuery);
  const onTeam = new Set(members.map((m) => m.userId));
  const options = (clinicians.data?.clinicians ?? []).filter((c) => !onTeam.has(c.userId));
  const [userId, setUserId] = useState('');
  const add = useMutation({
    mutationFn: (id: string) => api<TeamMember>(`/api/children/${encodeURIComponent(child.id)}/team/therapists`, { method: 'POST', body: { userId: id } }),
    onSuccess: async (member) => {
      await onAdded();
      setUserId('');
      toast(t('firstDay.therapistAdded', { name: member.name, child: child.firstName }));
    },
  });
  if (options.length === 0) return null;
  const chosen = options.some((o) => o.userId === userId) ? userId : (options[0]?.userId ?? '');
  return (
    <Paper withBorder p="md" radius="lg" component="section" aria-labelledby="add-therapist-heading">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconStethoscope size={20} aria-hidden color="var(--mantine-color-care-7)" style={{ flexShrink: 0 }} />
          <Title order={3} id="add-therapist-heading">
            {t('firstDay.addTherapistTitle')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t('firstDay.addTherapistLead', { name: child.firstName })}
        </Text>
        <ErrorAlert error={add.error} />
        <Group gap="sm" align="flex-end">
          <NativeSelect
            label={t('firstDay.addTherapistLabel')}
            data={options.map((o) => ({ value: o.userId, label: o.name }))}
            value={chosen}
            onChange={(e) => setUserId(e.currentTarget.value)}
            style={{ flex: '1 1 220px' }}
          />
          <Button onClick={() => add.mutate(chosen)} loading={add.isPending} disabled={!chosen}>
            {t('firstDay.addTherapistSubmit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
