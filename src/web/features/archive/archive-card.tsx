import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArchive } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { archiveKeys, type Archive } from './archive.api.ts';

type Texts = { title: string; intro: string; ask: string; prefix: 'archive.card' | 'archive.admin'; note?: string; maw?: number };

/** How the person's latest archive is going, in a sentence. */
function StatusLine({ archive, prefix }: { archive: Archive; prefix: Texts['prefix'] }) {
  const { t } = useTranslation();
  const s = archive.status;
  const text = s === 'pending' ? t(`${prefix}.pending`)
    : s === 'ready' ? t(`${prefix}.ready`, { time: formatDateTime(archive.expiresAt ?? archive.createdAt) })
    : s === 'downloaded' ? t(`${prefix}.downloaded`, { time: formatDateTime(archive.downloadedAt ?? archive.createdAt) })
    : s === 'expired' ? t(`${prefix}.expired`)
    : t(`${prefix}.failed`);
  return (
    <Alert color={s === 'failed' ? 'red' : 'care'} variant="light" role="status">
      {text}
    </Alert>
  );
}

/** A card that asks for an archive and says how the last one is going (asked again while it is built, it waits for it). */
function ArchiveRequestCard({ path, queryKey, texts }: { path: string; queryKey: readonly unknown[]; texts: Texts }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey,
    queryFn: () => api<{ archives: Archive[] }>(path),
    // While one is being built, look again now and then: the card says when the mail has gone.
    refetchInterval: (q) => (q.state.data?.archives[0]?.status === 'pending' ? 5_000 : false),
  });
  const ask = useMutation({
    mutationFn: () => api<Archive>(path, { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  const latest = list.data?.archives[0];
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" component="section" aria-labelledby="archive-heading" className="no-print" {...(texts.maw ? { maw: texts.maw } : {})}>
      <Stack gap="sm">
        <Title order={3} id="archive-heading">{texts.title}</Title>
        <Text size="sm">{texts.intro}</Text>
        {texts.note ? <Text size="sm" c="dimmed">{texts.note}</Text> : null}
        <ErrorAlert error={list.error ?? ask.error} />
        {latest ? <StatusLine archive={latest} prefix={texts.prefix} /> : null}
        <Button
          variant="default" w="fit-content" leftSection={<IconArchive size={18} aria-hidden />}
          loading={ask.isPending} disabled={latest?.status === 'pending'} onClick={() => ask.mutate()}
        >
          {texts.ask}
        </Button>
        {ask.isPending ? <Text size="sm" role="status">{t('archive.card.asking')}</Text> : null}
      </Stack>
    </Paper>
  );
}

/** The family's archive of one child, near the progress report on the plan page. */
export function ArchiveCard({ child }: { child: { id: string; firstName: string } }) {
  const { t } = useTranslation();
  return (
    <ArchiveRequestCard
      path={`/api/children/${child.id}/archives`}
      queryKey={archiveKeys.child(child.id)}
      texts={{
        prefix: 'archive.card', title: t('archive.card.title', { name: child.firstName }), intro: t('archive.card.intro', { name: child.firstName }),
        ask: t('archive.card.ask'), note: t('archive.card.mailNote'),
      }}
    />
  );
}

/** The clinic export, in the admin's settings. */
export function ClinicExportCard() {
  const { t } = useTranslation();
  return (
    <ArchiveRequestCard
      path="/api/admin/archives"
      queryKey={archiveKeys.clinic}
      texts={{ prefix: 'archive.admin', title: t('archive.admin.title'), intro: t('archive.admin.intro'), ask: t('archive.admin.ask'), maw: 720 }}
    />
  );
}
