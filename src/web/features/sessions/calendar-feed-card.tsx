import { Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarShare, IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { toast } from '../../lib/toast.ts';
import { calendarFeedQuery, resetCalendarFeed, sessionCalendarKeys } from './session-calendar.api.ts';

/**
 * "Add to your calendar": the person's private feed address to subscribe to from their calendar
 * app, with a copy button, and a reset (asked first) that makes the old address stop working.
 */
export function CalendarFeedCard({ headingOrder = 3 }: { headingOrder?: 2 | 3 }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = useId();
  const query = useQuery(calendarFeedQuery);
  const [confirming, setConfirming] = useState(false);
  const reset = useMutation({
    mutationFn: resetCalendarFeed,
    onSuccess: (saved) => {
      const had = query.data?.feed !== null;
      queryClient.setQueryData(sessionCalendarKeys.feed, saved);
      setConfirming(false);
      if (had) toast(t('sessionCalendar.feed.resetDone'));
    },
  });
  const feed = query.data?.feed ?? null;
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={headingId} data-testid="calendar-feed">
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconCalendarShare size={20} aria-hidden style={{ flex: 'none' }} />
          <Title order={headingOrder} id={headingId} fz="lg">
            {t('sessionCalendar.feed.title')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t('sessionCalendar.feed.lead')}
        </Text>
        {query.isPending ? <Loading /> : null}
        <ErrorAlert error={query.error ?? (confirming ? null : reset.error)} />
        {query.data && !feed ? (
          <Group>
            <Button leftSection={<IconCalendarShare size={18} aria-hidden />} loading={reset.isPending} onClick={() => reset.mutate()}>
              {t('sessionCalendar.feed.create')}
            </Button>
          </Group>
        ) : null}
        {feed ? (
          <>
            <TextInput label={t('sessionCalendar.feed.label')} description={t('sessionCalendar.feed.secret')} value={feed.url} readOnly onFocus={(e) => e.currentTarget.select()} />
            <Group gap="sm">
              <CopyButton value={feed.url}>
                {({ copied, copy }) => (
                  <Button variant={copied ? 'light' : 'filled'} leftSection={copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />} onClick={copy}>
                    {copied ? t('sessionCalendar.feed.copied') : t('sessionCalendar.feed.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button variant="default" leftSection={<IconRefresh size={18} aria-hidden />} onClick={() => {
                reset.reset();
                setConfirming(true);
              }}>
                {t('sessionCalendar.feed.reset')}
              </Button>
            </Group>
          </>
        ) : null}
      </Stack>
      <AppModal opened={confirming} onClose={() => setConfirming(false)} title={t('sessionCalendar.feed.resetTitle')} size="md">
        <Stack gap="md">
          <Text>{t('sessionCalendar.feed.resetBody')}</Text>
          <ErrorAlert error={reset.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('sessionCalendar.feed.resetKeep')}
            </Button>
            <Button color="red" loading={reset.isPending} onClick={() => reset.mutate()}>
              {t('sessionCalendar.feed.resetConfirm')}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </Paper>
  );
}
