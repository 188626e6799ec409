import { Alert, Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Child, Goal } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { appLocalesOf } from '../../../contract/format.ts';
import { localeOf } from '../../../contract/locales.ts';
import { REPORT_DEFAULT_MONTHS } from '../../../contract/report-values.ts';
import { formatDateTime } from '../../lib/format.ts';
import { APP_LOCALES, LOCALE_NAMES, type AppLocale } from '../../lib/locale.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { currentLocale } from '../../i18n.ts';
import { todayIn } from '../milestones/milestones.api.ts';
import type { CreateReportRequest, Report } from './reports.api.ts';

// The progress report's form and its download, in progress-report.tsx's dialog.

/** The family's language when the app speaks it (the first of the profile's languages that it does), else the reader's. */
function familyLocale(child: Child): AppLocale {
  return appLocalesOf(child.profile.languages)[0] ?? localeOf(currentLocale());
}

function monthsBefore(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

interface ReportValues {
  [key: string]: unknown;
  from: string;
  to: string;
  goalIds: string[];
  locale: AppLocale;
  closing: string;
}

export function ReportDialog({ child, goals, onClose }: { child: Child; goals: Goal[]; onClose: () => void }) {
  const { t } = useTranslation();
  const today = todayIn(child.profile.timeZone);
  const offered = goals.filter((g) => g.status !== 'suggested');
  const form = useForm<ReportValues>({
    initialValues: { from: monthsBefore(today, REPORT_DEFAULT_MONTHS), to: today, goalIds: offered.map((g) => g.id), locale: familyLocale(child), closing: '' },
    validate: {
      from: (v) => (v === '' ? t('validation.required') : null),
      to: (v, all) => (v === '' ? t('validation.required') : v < all.from ? t('reports.toBeforeFrom') : null),
      goalIds: (v) => (v.length === 0 ? t('reports.pickGoal') : null),
    },
  });
  const serverError = useServerError(form);
  const base = `/api/children/${encodeURIComponent(child.id)}/reports`;
  const create = useMutation({
    mutationFn: (body: CreateReportRequest) => api<Report>(base, { method: 'POST', body }),
  });
  const made = create.data;
  // A long period is written by a job: ask again until it is ready.
  const status = useQuery({
    queryKey: ['report', made?.id],
    queryFn: () => api<Report>(`${base}/${encodeURIComponent(made?.id ?? '')}`),
    enabled: made?.status === 'pending',
    refetchInterval: (q) => (q.state.data?.status === 'pending' || !q.state.data ? 2000 : false),
  });
  const report = status.data ?? made;
  const closeRow = (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        {t('reports.close')}
      </Button>
    </Group>
  );

  if (offered.length === 0) {
    return (
      <Stack gap="md">
        <Text>{t('reports.noGoals')}</Text>
        {closeRow}
      </Stack>
    );
  }

  if (report) {
    return (
      <Stack gap="md" aria-live="polite">
        {report.status === 'ready' && report.url ? (
          <>
            <Alert color="care" variant="light" title={t('reports.ready')}>
              {report.pageCount !== null ? t('reports.pages', { count: report.pageCount }) : null}
            </Alert>
            <Group>
              <Button component="a" href={report.url} download leftSection={<IconDownload size={18} aria-hidden />} data-autofocus>
                {t('reports.download')}
              </Button>
            </Group>
            <Text size="sm" c="dimmed">
              {t('reports.expires', { time: formatDateTime(report.expiresAt) })}
            </Text>
          </>
        ) : report.status === 'pending' ? (
          <Alert color="blue" variant="light">
            {t('reports.pending')}
          </Alert>
        ) : (
          <Alert color="red" variant="light" role="alert">
            {t('reports.failed')}
          </Alert>
        )}
        {closeRow}
      </Stack>
    );
  }

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        create.mutate(
          { from: v.from, to: v.to, goalIds: v.goalIds, locale: v.locale, closing: child.myRole === 'therapist' ? v.closing.trim() : '' },
          { onError: serverError.onError },
        );
      })}
    >
      <Stack gap="md">
        <Text size="sm">{t('reports.intro')}</Text>
        <ErrorAlert error={serverError.error} />
        <Group grow align="flex-start">
          <TextInput label={t('reports.from')} type="date" max={today} required {...form.getInputProps('from')} />
          <TextInput label={t('reports.to')} type="date" max={today} required {...form.getInputProps('to')} />
        </Group>
        <Checkbox.Group label={t('reports.goals')} required {...form.getInputProps('goalIds')}>
          <Stack gap={8} mt={6}>
            {offered.map((g) => (
              <Checkbox key={g.id} value={g.id} label={g.statement} />
            ))}
          </Stack>
        </Checkbox.Group>
        <NativeSelect
          label={t('reports.language')}
          description={t('reports.languageHint')}
          data={APP_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          {...form.getInputProps('locale')}
        />
        {child.myRole === 'therapist' ? (
          <Textarea label={t('reports.closing')} description={t('reports.closingHint')} autosize minRows={3} maxLength={5000} {...form.getInputProps('closing')} />
        ) : null}
        <FormActions onCancel={onClose} pending={create.isPending} submit={create.isPending ? t('reports.creating') : t('reports.create')} />
      </Stack>
    </form>
  );
}
