import { Button, Group, NumberInput, Paper, Stack, Switch, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { clinicQuery, keys } from '../api/queries.ts';
import type { ClinicSettings } from '../api/types.ts';
import { RETENTION_DAYS } from '../../contract/admin-values.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { TranslationStatusCard } from '../features/translation/translation-status.tsx';
import { ClinicExportCard } from '../features/archive/archive-card.tsx';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../lib/validate.ts';
import { toast } from '../lib/toast.ts';

export function AdminSettingsTab() {
  const { t } = useTranslation();
  const query = useQuery(clinicQuery);
  return (
    <Stack gap="lg">
      <Title order={2}>{t('settings.title')}</Title>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data ? <SettingsForm clinic={query.data} /> : null}
      <TranslationStatusCard />
      <ClinicExportCard />
    </Stack>
  );
}

function SettingsForm({ clinic }: { clinic: ClinicSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: clinic.name, requireTwoFactor: clinic.requireTwoFactor, letterhead: clinic.letterhead, retentionDays: clinic.retentionDays as number | string },
    validate: { name: required(t) },
  });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: { name: string; requireTwoFactor: boolean; letterhead: string; retentionDays: number }) =>
      api<ClinicSettings>('/api/admin/clinic', { method: 'PATCH', body }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(keys.clinic, updated);
      form.resetDirty({ name: updated.name, requireTwoFactor: updated.requireTwoFactor, letterhead: updated.letterhead, retentionDays: updated.retentionDays });
      await queryClient.invalidateQueries({ queryKey: keys.me });
      toast(t('settings.saved'));
    },
    onError: serverError.onError,
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="lg" maw={720}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          mutation.mutate({ name: v.name.trim(), requireTwoFactor: v.requireTwoFactor, letterhead: v.letterhead.trim(), retentionDays: Number(v.retentionDays) });
        }, focusFirstInvalid)}
      >
        <Stack gap="lg">
          <ErrorAlert error={serverError.error} />
          <TextInput label={t('settings.clinicName')} required {...form.getInputProps('name')} />
          <TextInput label={t('settings.timeZone')} value={clinic.timeZone.replaceAll('_', ' ')} readOnly description={t('settings.timeZoneHint')} />
          <Textarea
            label={t('settings.letterhead')}
            description={t('settings.letterheadHint')}
            autosize
            minRows={2}
            maxLength={500}
            {...form.getInputProps('letterhead')}
          />
          <Switch
            size="md"
            label={t('settings.requireTwoFactor')}
            description={t('settings.requireTwoFactorHint')}
            {...form.getInputProps('requireTwoFactor', { type: 'checkbox' })}
          />
          <NumberInput
            label={t('settings.retentionDays')}
            description={t('settings.retentionDaysHint')}
            min={RETENTION_DAYS.min}
            max={RETENTION_DAYS.max}
            allowDecimal={false}
            styles={{ wrapper: { maxWidth: 240 } }}
            {...form.getInputProps('retentionDays')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              {t('common.saveChanges')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
