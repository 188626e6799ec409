import { Button, Group, NativeSelect, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { currentLocale } from '../../i18n.ts';
import { weekdayName } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';
import { digestKeys, mailPreferencesQuery, saveMailPreferences, type MailPreferences } from './digests.api.ts';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function formatNext(at: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(at));
  } catch {
    return new Date(at).toLocaleString(currentLocale());
  }
}

interface Values {
  [key: string]: unknown;
  enabled: boolean;
  details: boolean;
  weekday: string;
  time: string;
  newsletters: boolean;
}

/**
 * The person's optional email: the weekly summary (on or off, which day, what time, in their own
 * time zone) and newsletters. Urgent notices are not optional and are not here.
 */
export function MailSettings({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery(mailPreferencesQuery);
  const isStaff = me.clinics.length > 0;
  const form = useForm<Values>({
    initialValues: { enabled: true, details: false, weekday: '7', time: '17:00', newsletters: true },
    validate: { time: (v, all) => (all.enabled && !/^([01]\d|2[0-3]):[0-5]\d$/u.test(v) ? t('digest.settings.timeInvalid') : null) },
  });
  const data = query.data;
  useEffect(() => {
    if (!data) return;
    const values = { enabled: data.digest.enabled, details: data.digest.details, weekday: String(data.digest.weekday), time: data.digest.time, newsletters: data.newsletters };
    form.setInitialValues(values);
    form.setValues(values);
    // Only when the server's answer changes.
  }, [data]);
  const serverError = useServerError(form, ['time', 'weekday']);
  const mutation = useMutation({
    mutationFn: (v: Values) => saveMailPreferences({ digest: { enabled: v.enabled, weekday: Number(v.weekday), time: v.time, details: v.details }, newsletters: v.newsletters }),
    onSuccess: (saved: MailPreferences) => {
      queryClient.setQueryData(digestKeys.mail, saved);
      toast(t('digest.settings.saved'));
    },
    onError: serverError.onError,
  });
  if (!data) return query.isError ? <ErrorAlert error={query.error} /> : null;
  const values = form.getValues();
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        mutation.mutate(v);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={serverError.error} />
        <Switch
          size="md"
          label={isStaff ? t('digest.settings.caseloadSwitch') : t('digest.settings.familySwitch')}
          description={isStaff ? t('digest.settings.caseloadHint') : t('digest.settings.familyHint')}
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        {values.enabled ? (
          <Group gap="md" align="flex-start" wrap="wrap">
            <NativeSelect
              label={t('digest.settings.day')}
              w={200}
              data={WEEKDAYS.map((d) => ({ value: String(d), label: weekdayName(d) }))}
              {...form.getInputProps('weekday')}
            />
            <TextInput type="time" label={t('digest.settings.time')} w={160} required {...form.getInputProps('time')} />
          </Group>
        ) : null}
        {values.enabled ? (
          <Switch
            size="md"
            label={t('digest.settings.details')}
            description={t('digest.settings.detailsHint')}
            {...form.getInputProps('details', { type: 'checkbox' })}
          />
        ) : null}
        {data.digest.enabled && data.digest.nextAt ? (
          <Text size="sm" fw={500} data-testid="digest-next">
            {t('digest.settings.next', { when: formatNext(data.digest.nextAt, data.digest.timeZone) })}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('digest.settings.zone', { zone: data.digest.timeZone.replaceAll('_', ' ') })}
        </Text>
        {isStaff ? null : (
          <Switch
            size="md"
            label={t('digest.settings.newsletters')}
            description={t('digest.settings.newslettersHint')}
            {...form.getInputProps('newsletters', { type: 'checkbox' })}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending}>
            {t('common.saveChanges')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
