import { Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import type { Child, Me } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { currentLocale } from '../../i18n.ts';
import { useMe } from '../../routes/authed-layout.tsx';
import { practiceKeys, reminderQuery, saveReminder } from './practice.api.ts';

const DEFAULT_TIME = '18:00';

function formatNext(at: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(at));
  } catch {
    return new Date(at).toLocaleString(currentLocale());
  }
}

/**
 * "Remind me": a switch and a time, per child, for the family. The time is read in the person's
 * own time zone; the first time they switch it on without one, the phone's zone becomes theirs.
 */
export function ReminderSetting({ child }: { child: Child }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(reminderQuery(child.id));
  const [time, setTime] = useState(DEFAULT_TIME);
  // What the person just chose, shown at once: the mutation's own pending state arrives a render
  // later, and in between the switch would flick back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const stored = query.data?.time ?? null;
  useEffect(() => {
    if (stored) setTime(stored);
  }, [stored]);

  const save = useMutation({
    mutationFn: async (body: { enabled: boolean; time: string }) => {
      if (body.enabled && me.user.timeZone === null) {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        const updated = await api<Me>('/api/me', { method: 'PATCH', body: { timeZone: zone } });
        queryClient.setQueryData(keys.me, updated);
      }
      return saveReminder(child.id, body);
    },
    onSuccess: (data) => queryClient.setQueryData(practiceKeys.reminder(child.id), data),
    onSettled: () => setChosen(null),
  });

  const data = query.data;
  if (!data) return query.isError ? <ErrorAlert error={query.error} /> : null;
  const enabled = chosen ?? data.enabled;
  const validTime = /^([01]\d|2[0-3]):[0-5]\d$/u.test(time);

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="reminder-title" data-testid="reminder">
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconBell size={20} aria-hidden color="var(--mantine-color-care-7)" />
          <Text component="h3" id="reminder-title" fw={650} m={0}>
            {t('practice.reminder.title')}
          </Text>
        </Group>
        <Group gap="lg" align="center" wrap="wrap">
          <Switch
            size="md"
            className="yesterday-switch"
            label={t('practice.reminder.switch')}
            checked={enabled}
            disabled={save.isPending || !validTime}
            onChange={(e) => {
              setChosen(e.currentTarget.checked);
              save.mutate({ enabled: e.currentTarget.checked, time });
            }}
          />
          <TextInput
            type="time"
            label={t('practice.reminder.time')}
            value={time}
            w={140}
            onChange={(e) => setTime(e.currentTarget.value)}
            onBlur={() => {
              if (validTime && enabled && time !== stored) save.mutate({ enabled: true, time });
            }}
          />
        </Group>
        {enabled ? (
          <Text size="sm" aria-live="polite" fw={500}>
            {data.nextAt ? t('practice.reminder.next', { when: formatNext(data.nextAt, data.timeZone) }) : t('practice.reminder.none')}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('practice.reminder.zone', { zone: data.timeZone })}
        </Text>
        <ErrorAlert error={save.error} />
      </Stack>
    </Paper>
  );
}
