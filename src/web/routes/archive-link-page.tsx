import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { ARCHIVE_KEEP_HOURS } from '../../contract/archive-values.ts';
import { AuthCard } from '../components/auth-card.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { archiveKeys, downloadArchive, type ArchiveLink } from '../features/archive/archive.api.ts';
import { formatDateTime, formatNumber } from '../lib/format.ts';

/** Says why a link no longer works (used, expired, or not this person's) with a way on. */
function Gone({ title, body }: { title: string; body: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert">
        {body}
      </Alert>
      <Anchor renderRoot={(props) => <Link {...props} to="/" />}>{t('archive.link.home')}</Anchor>
    </Stack>
  );
}

/**
 * The page the archive mail links to (signed in: the router asks first). It downloads the ZIP
 * once, on a button, so a mail program that opens links by itself uses nothing.
 */
export function ArchiveLinkPage() {
  const { t } = useTranslation();
  const { token } = useParams({ from: '/signed-in/archive/$token' });
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: archiveKeys.link(token), queryFn: () => api<ArchiveLink>(`/api/archive-links/${encodeURIComponent(token)}`), retry: false });
  const download = useMutation({
    mutationFn: () => downloadArchive(token),
    onSettled: () => queryClient.invalidateQueries({ queryKey: archiveKeys.link(token) }),
  });
  const link = query.data;
  const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
  return (
    <AuthCard title={t('archive.link.title')}>
      {query.isPending ? <Loading /> : null}
      {missing ? <Gone title={t('archive.link.notFoundTitle')} body={t('archive.link.notFoundBody')} /> : null}
      {query.isError && !missing ? <ErrorAlert error={query.error} /> : null}
      {download.isSuccess ? (
        <Alert color="care" variant="light" icon={<IconCircleCheck aria-hidden />} role="status">
          {t('archive.link.done')}
        </Alert>
      ) : null}
      {link?.status === 'downloaded' && !download.isSuccess ? <Gone title={t('archive.link.usedTitle')} body={t('archive.link.usedBody')} /> : null}
      {link?.status === 'expired' ? <Gone title={t('archive.link.expiredTitle')} body={t('archive.link.expiredBody', { hours: ARCHIVE_KEEP_HOURS })} /> : null}
      {link?.status === 'ready' ? (
        <Stack gap="md">
          <Text>{link.scope === 'clinic' ? t('archive.link.readyClinic') : t('archive.link.readyChild')}</Text>
          <Text size="sm">{t('archive.link.once', { time: formatDateTime(link.expiresAt) })}</Text>
          {link.byteSize !== null ? <Text size="sm" c="dimmed">{t('archive.link.size', { size: `${formatNumber(Math.max(0.1, link.byteSize / 1_048_576), { maximumFractionDigits: 1 })} MB` })}</Text> : null}
          <ErrorAlert error={download.error} />
          <Button leftSection={<IconDownload size={18} aria-hidden />} loading={download.isPending} onClick={() => download.mutate()} w="fit-content">
            {t('archive.link.download')}
          </Button>
        </Stack>
      ) : null}
    </AuthCard>
  );
}
