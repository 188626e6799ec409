import { Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SESSION_REMINDERS, SESSION_REMINDER_LEADS } from '../../../contract/session-reminder-leads.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDuration } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { saveSessionReminders, sessionCalendarKeys, sessionRemindersQuery } from './session-calendar.api.ts';

/** How long before each session to be reminded: up to three of the offered times, or none. */
export function SessionReminderSettingsSection() {
  const { t } = useTranslation();
  const query = useQuery(sessionRemindersQuery);
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="lg" component="section" aria-labelledby="session-reminders-heading" id="session-reminders">
      <Stack gap="md">
        <Title order={2} id="session-reminders-heading" tabIndex={-1}>
          {t('sessionCalendar.reminders.title')}
        </Title>
        <Text c="dimmed">{t('sessionCalendar.reminders.lead')}</Text>
        {query.isPending ? <Loading /> : null}
        <ErrorAlert error={query.error} />
        {query.data ? <LeadsForm initial={query.data.leads} /> : null}
      </Stack>
    </Paper>
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
