import { Button, Checkbox, Group, Stack } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SESSION_REMINDERS, SESSION_REMINDER_LEADS } from '../../../contract/session-reminder-leads.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadedSettingsSection } from '../../components/settings-section.tsx';
import { formatDuration } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { saveSessionReminders, sessionCalendarKeys, sessionRemindersQuery } from './session-calendar.api.ts';

/** How long before each session to be reminded: up to three of the offered times, or none. */
export function SessionReminderSettingsSection() {
  const { t } = useTranslation();
  const query = useQuery(sessionRemindersQuery);
  return (
    <LoadedSettingsSection id="session-reminders" title={t('sessionCalendar.reminders.title')} lead={t('sessionCalendar.reminders.lead')} query={query}>
      {(settings) => <LeadsForm initial={settings.leads} />}
    </LoadedSettingsSection>
  );
}

function LeadsForm({ initial }: { initial: number[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [leads, setLeads] = useState<string[]>(initial.map(String));
  const tooMany = leads.length > MAX_SESSION_REMINDERS;
  const save = useMutation({
    mutationFn: () => saveSessionReminders(leads.map(Number)),
    onSuccess: (saved) => {
      queryClient.setQueryData(sessionCalendarKeys.reminders, saved);
      toast(t('sessionCalendar.reminders.saved'));
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!tooMany) save.mutate();
      }}
    >
      <Stack gap="md">
        <ErrorAlert error={save.error} />
        <Checkbox.Group
          label={t('sessionCalendar.reminders.legend')}
          description={leads.length === 0 ? t('sessionCalendar.reminders.none') : undefined}
          error={tooMany ? t('sessionCalendar.reminders.max') : undefined}
          value={leads}
          onChange={setLeads}
        >
          <Stack gap="xs" mt="xs">
            {SESSION_REMINDER_LEADS.map((m) => (
              <Checkbox key={m} value={String(m)} label={t('sessionCalendar.reminders.before', { duration: formatDuration(m / 60) })} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('sessionCalendar.reminders.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
