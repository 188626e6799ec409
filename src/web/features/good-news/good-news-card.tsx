// Good news, on purpose: on the therapist's caseload, the families who have heard nothing positive
// from the team for two weeks, with their latest wins and goals going well as a start for a short
// personal message, written in the messages composer and marked as good news once sent.
import { Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconConfetti, IconHeart } from '@tabler/icons-react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type * as GoodNews from '../../../contract/good-news.ts';
import { api } from '../../api/client.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { lazyLater } from '../../lib/lazy-later.ts';

export type Family = z.infer<typeof GoodNews.GoodNewsFamily>;
// The composer (and what it brings) loads only when a message is written.
const Write = lazyLater(() => import('./good-news-write.tsx').then((m) => m.GoodNewsWrite));

export const goodNewsQuery = queryOptions({ queryKey: ['good-news'] as const, queryFn: () => api<{ families: Family[] }>('/api/good-news') });

function FamilyItem({ family, onWrite }: { family: Family; onWrite: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="li" data-testid="good-news-family" style={{ listStyle: 'none' }}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2} style={{ flex: '1 1 200px', minWidth: 0 }}>
            <Text fw={650}>{t('goodNews.family', { name: family.firstName })}</Text>
            <Text size="sm" c="dimmed">
              {family.lastAt ? t('goodNews.lastAt', { date: formatDateTime(family.lastAt) }) : t('goodNews.never')}
            </Text>
          </Stack>
          <Button size="sm" leftSection={<IconHeart size={16} aria-hidden />} onClick={onWrite} aria-label={t('goodNews.writeLabel', { name: family.firstName })}>
            {t('goodNews.write')}
          </Button>
        </Group>
        {family.wins.length > 0 || family.goingWell.length > 0 ? (
          <List size="sm" spacing={4}>
            {family.wins.map((w) => (
              <List.Item key={`${w.title}-${w.happenedOn}`}>{t('goodNews.win', { title: w.title, date: formatDate(w.happenedOn) })}</List.Item>
            ))}
            {family.goingWell.map((g) => (
              <List.Item key={g.goalId}>{t('goodNews.goingWell', { statement: g.statement })}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">{t('goodNews.nothingYet')}</Text>
        )}
      </Stack>
    </Paper>
  );
}

export function GoodNewsCard() {
  const { t } = useTranslation();
  const query = useQuery(goodNewsQuery);
  const [writing, setWriting] = useState<Family | null>(null);
  const families = query.data?.families ?? [];
  if (families.length === 0) return null;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="good-news-title">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <IconConfetti size={26} aria-hidden color="var(--mantine-color-care-7)" style={{ flexShrink: 0 }} />
          <Stack gap={2}>
            <Title order={2} size="h3" id="good-news-title">
              {t('goodNews.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('goodNews.lead', { count: families.length })}
            </Text>
          </Stack>
        </Group>
        <Stack gap="sm" component="ul" p={0} m={0}>
          {families.map((f) => (
            <FamilyItem key={f.childId} family={f} onWrite={() => setWriting(f)} />
          ))}
        </Stack>
      </Stack>
      <AppModal opened={writing !== null} onClose={() => setWriting(null)} title={writing ? t('goodNews.composeTitle', { name: writing.firstName }) : ''}>
        {writing ? (
          <Suspense fallback={<Loading />}>
            <Write key={writing.childId} family={writing} onDone={() => setWriting(null)} />
          </Suspense>
        ) : null}
      </AppModal>
    </Paper>
  );
}
