import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDoorExit } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import type { Child } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { ReasonForm } from '../../components/reason-form.tsx';
import { zonedDate } from '../../../contract/format.ts';
import { formatDate } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';

/** The day of an instant, as the child's family reads it. */
const dayOf = (iso: string, zone: string) => formatDate(zonedDate(new Date(iso), zone));

function useChildWrite(child: Child, path: 'discharge' | 'readmit', done: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string } | undefined) => api<Child>(`/api/children/${child.id}/${path}`, { method: 'POST', ...(body ? { body } : {}) }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(keys.child(child.id), saved);
      await queryClient.invalidateQueries({ queryKey: ['children'] });
      toast(done);
    },
  });
}

/** On a discharged child's page: read-only since when and why, purged when; "take back" for those who may. */
export function DischargedNotice({ child }: { child: Child }) {
  const { t } = useTranslation();
  const readmit = useChildWrite(child, 'readmit', t('discharge.readmitted'));
  const d = child.discharge;
  if (!d) return null;
  const zone = child.profile.timeZone;
  return (
    <Alert color="gray" variant="light" mb="lg" title={t('discharge.noticeTitle', { date: dayOf(d.at, zone) })} data-testid="discharged-notice">
      <Stack gap="xs">
        <Text size="sm">{t('discharge.noticeBody', { by: d.by, reason: d.reason, purge: dayOf(d.purgeAfter, zone) })}</Text>
        <ErrorAlert error={readmit.error} />
        {child.mayDischarge ? (
          <Group>
            <Button size="sm" variant="default" loading={readmit.isPending} onClick={() => readmit.mutate(undefined)}>{t('discharge.readmit')}</Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** For a therapist on the team or a clinic admin: "Discharge", with the reason asked first. */
export function DischargeCard({ child }: { child: Child }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const discharge = useChildWrite(child, 'discharge', t('discharge.saved'));
  if (!child.mayDischarge || child.discharge) return null;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="discharge-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="discharge-title">{t('discharge.title')}</Title>
        <Text size="sm" c="dimmed">{t('discharge.lead')}</Text>
        <Group>
          <Button
            variant="default"
            leftSection={<IconDoorExit size={16} aria-hidden className="flip-rtl" />}
            onClick={() => {
              discharge.reset();
              setOpen(true);
            }}
          >
            {t('discharge.button')}
          </Button>
        </Group>
      </Stack>
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('discharge.modalTitle', { name: child.firstName })} size="md">
        {open ? (
          <ReasonForm
            label={t('discharge.reason')}
            hint={t('discharge.reasonHint')}
            keepLabel={t('discharge.keep')}
            confirmLabel={t('discharge.confirm')}
            pending={discharge.isPending}
            error={discharge.error}
            onKeep={() => setOpen(false)}
            onConfirm={(reason) => discharge.mutate({ reason }, { onSuccess: () => setOpen(false) })}
          />
        ) : null}
      </AppModal>
    </Paper>
  );
}
