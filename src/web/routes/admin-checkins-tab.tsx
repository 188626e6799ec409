import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconClipboardList, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { inLocale, partnershipQuery } from '../features/checkins/checkins.api.ts';
import { formatNumber } from '../lib/format.ts';

/** The clinic's view of the families' partnership check: per therapist, only a mean of five answers or more. */
export function AdminCheckinsTab() {
  const { t } = useTranslation();
  const query = useQuery(partnershipQuery);
  const data = query.data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>{t('checkins.partnership.title')}</Title>
        <Text c="dimmed">{t('checkins.partnership.lead')}</Text>
        <Group>
          <Button component={Link} to="/checkin-forms" variant="light" size="sm" leftSection={<IconClipboardList size={16} aria-hidden />}>
            {t('checkinForms.partnership.forms')}
          </Button>
        </Group>
      </Stack>
      <Alert variant="light" color="blue" icon={<IconLock size={20} aria-hidden />}>
        {t('checkins.partnership.privacy', { minimum: data?.minimum ?? 5 })}
      </Alert>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {data && data.therapists.length === 0 ? <Text c="dimmed">{t('checkins.partnership.none')}</Text> : null}
      {data && data.therapists.length > 0 ? (
        <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
          <table className="stack-table">
            <caption className="visually-hidden">{t('checkins.partnership.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('checkins.partnership.therapist')}</th>
                <th scope="col">{t('checkins.partnership.answers')}</th>
                <th scope="col">{t('checkins.partnership.means')}</th>
              </tr>
            </thead>
            <tbody>
              {data.therapists.map((r) => (
                <tr key={r.therapistId}>
                  <td><Text span fw={600}>{r.name}</Text></td>
                  <td data-label={t('checkins.partnership.answers')}>
                    <span>{r.answers === null ? t('checkins.partnership.tooFew', { minimum: data.minimum }) : formatNumber(r.answers)}</span>
                  </td>
                  <td data-label={t('checkins.partnership.means')}>
                    <span>
                      {r.items === null ? '—' : r.items.map((i) => t('checkins.partnership.mean', { item: inLocale(i.text), mean: formatNumber(i.mean, { maximumFractionDigits: 1 }) })).join(' · ')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Paper>
      ) : null}
    </Stack>
  );
}
