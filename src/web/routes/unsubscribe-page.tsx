import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconMailOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AuthCard } from '../components/auth-card.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { digestKeys, unsubscribe, unsubscribeQuery } from '../features/digests/digests.api.ts';

/**
 * The page an email's unsubscribe link opens. It asks before it changes anything, because mail
 * scanners open links on their own; mail programs' one-click unsubscribe posts directly.
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const { token } = useParams({ from: '/unsubscribe/$token' });
  const queryClient = useQueryClient();
  const query = useQuery(unsubscribeQuery(token));
  const mutation = useMutation({
    mutationFn: () => unsubscribe(token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: digestKeys.unsubscribe(token) }),
  });
  const info = query.data;
  const what = info?.kind === 'digest' ? t('digest.unsubscribe.digest') : t('digest.unsubscribe.newsletter', { clinic: info?.clinic ?? 'CareTeam' });
  return (
    <AuthCard title={t('digest.unsubscribe.title')}>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {info && info.done ? (
        <Alert color="care" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('digest.unsubscribe.doneTitle')} role="status">
          <Stack gap="sm">
            <Text>{t('digest.unsubscribe.doneBody', { what })}</Text>
            <Text size="sm">{t('digest.unsubscribe.urgent')}</Text>
          </Stack>
        </Alert>
      ) : null}
      {info && !info.done ? (
        <Stack gap="md">
          <Text>{t('digest.unsubscribe.ask', { what })}</Text>
          <Text size="sm" c="dimmed">
            {t('digest.unsubscribe.urgent')}
          </Text>
          <ErrorAlert error={mutation.error} />
          <Button leftSection={<IconMailOff size={18} aria-hidden />} loading={mutation.isPending} onClick={() => mutation.mutate()}>
            {t('digest.unsubscribe.confirm')}
          </Button>
        </Stack>
      ) : null}
      <Text size="sm" ta="center" mt="md">
        <Link to="/account" hash="email" className="text-link">
          {t('digest.unsubscribe.settings')}
        </Link>
      </Text>
    </AuthCard>
  );
}
