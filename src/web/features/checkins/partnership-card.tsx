import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconClipboardList, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatNumber } from '../../lib/format.ts';
import { inLocale, partnershipQuery } from './checkins.api.ts';
import { Written } from '../../components/written.tsx';

/**
 * A therapist's own "working together" answers: the families on their caseload, only as means and
 * only once five families have answered (the server's rule, the same as the clinic's view).
 */
export function PartnershipCard({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const query = useQuery(partnershipQuery);
  const data = query.data;
  const mine = data?.therapists.find((r) => r.therapistId === userId) ?? null;
  const minimum = data?.minimum ?? 5;
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="partnership-card-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Title order={2} size="h3" id="partnership-card-title">{t('checkinForms.partnership.title')}</Title>
          <Button component={Link} to="/checkin-forms" size="xs" variant="light" leftSection={<IconClipboardList size={16} aria-hidden />}>
            {t('checkinForms.partnership.forms')}
          </Button>
        </Group>
        <ErrorAlert error={query.error} />
        {data && mine?.items && mine.answers !== null ? (
          <>
            <Text size="sm" c="dimmed">{t('checkinForms.partnership.from', { count: mine.answers })}</Text>
            <Stack component="ul" className="plain-list" gap="sm">
              {mine.items.map((i) => (
                <li key={i.key}>
                  <Group justify="space-between" gap="sm" wrap="nowrap">
                    <Text><Written text={i.text} /></Text>
                    <Text fw={650} style={{ whiteSpace: 'nowrap' }}>{t('checkinForms.partnership.outOfFive', { mean: formatNumber(i.mean, { maximumFractionDigits: 1 }) })}</Text>
                  </Group>
                  <Progress value={((i.mean - 1) / 4) * 100} aria-hidden size="sm" radius="xl" mt={4} />
                </li>
              ))}
            </Stack>
          </>
        ) : data ? (
          <Text>{t('checkinForms.partnership.notYet', { minimum })}</Text>
        ) : null}
        <Alert variant="light" color="blue" icon={<IconLock size={18} aria-hidden />} p="xs">
          <Text size="sm">{t('checkinForms.partnership.why', { minimum })}</Text>
        </Alert>
      </Stack>
    </Paper>
  );
}
