import { Button, Chip, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { IconNotebook } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutbox } from '../api/outbox.ts';
import type { Child } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { toast } from '../lib/toast.ts';
import { EntryList, type QueuedEntry } from '../features/journal/entry-list.tsx';
import { QuickEntry } from '../features/journal/quick-entry.tsx';
import {
  correctEntry, isQueuedEntryFor, journalQuery, KINDS, refreshJournal, saveDefaultVisibility, VISIBILITY_CHOICES,
  type CorrectJournalEntryRequest, type CreateJournalEntryRequest, type JournalEntry, type JournalKind, type Visibility,
} from '../features/journal/journal.api.ts';
import { EntryForm } from '../features/journal/entry-form.tsx';
import { kindLabel, visibilityHint, visibilityLabel } from '../features/journal/journal-text.tsx';
import { AppModal } from '../components/app-modal.tsx';
import { can, useChild } from './child-page.tsx';
import '../features/journal/journal.css';

/** The family's default: who reads a new entry when the writer does not choose. */
function DefaultVisibility({ child, value }: { child: Child; value: Visibility }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (v: Visibility) => saveDefaultVisibility(child.id, v),
    onSuccess: async () => {
      await refreshJournal(queryClient, child.id);
      toast(t('journal.settings.saved'));
    },
  });
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" component="section" aria-labelledby="journal-default-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="journal-default-title">
          {t('journal.settings.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('journal.settings.lead', { name: child.firstName })}
        </Text>
        <ErrorAlert error={mutation.error} />
        <Radio.Group value={mutation.isPending ? (mutation.variables ?? value) : value} onChange={(v) => mutation.mutate(v as Visibility)} aria-labelledby="journal-default-title">
          <Stack gap="sm">
            {VISIBILITY_CHOICES.map((choice) => (
              <Radio key={choice} value={choice} label={visibilityLabel(choice, child.firstName, t)} description={visibilityHint(choice, t)} disabled={mutation.isPending} />
            ))}
          </Stack>
        </Radio.Group>
      </Stack>
    </Paper>
  );
}

/** The child's home journal: quick entry first, then what was written, newest day first. */
const PAGE = 20;

export function ChildJournalTab() {
  const { t } = useTranslation();
  const child = useChild();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<JournalKind | null>(null);
  // A phone shows the latest entries first; older ones a page at a time.
  const [shown, setShown] = useState(PAGE);
  const [correcting, setCorrecting] = useState<JournalEntry | null>(null);
  const list = useQuery(journalQuery(child.id, kind));
  const all = useQuery(journalQuery(child.id, null));
  const { pending } = useOutbox();
  const canWrite = can(child, 'journal.write');
  const readsAll = can(child, 'journal.view');
  const defaultVisibility = list.data?.defaultVisibility ?? 'team';
  const lastSleepEntry = all.data?.entries.find((e) => e.content.kind === 'sleep');
  const lastSleep = lastSleepEntry?.content.kind === 'sleep' ? { bedtime: lastSleepEntry.content.bedtime, wakeTime: lastSleepEntry.content.wakeTime } : null;

  const queued: QueuedEntry[] = pending
    .filter((p) => isQueuedEntryFor(child.id, p.path))
    .map((p) => {
      const body = p.body as CreateJournalEntryRequest;
      return { key: p.key, content: body.content, date: body.date, time: body.time ?? null, visibility: body.visibility };
    })
    .filter((q) => kind === null || q.content.kind === kind);

  const correction = useMutation({
    mutationFn: ({ entry, body }: { entry: JournalEntry; body: CorrectJournalEntryRequest }) => correctEntry(child.id, entry.id, body),
    onSuccess: async () => {
      await refreshJournal(queryClient, child.id);
      setCorrecting(null);
      toast(t('journal.form.corrected'));
    },
  });

  const entries = list.data?.entries ?? [];
  const empty = list.data && entries.length === 0 && queued.length === 0;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" gap="sm">
        <Title order={2}>{t('journal.title')}</Title>
        {readsAll && can(child, 'practice.view') ? (
          <Button variant="light" renderRoot={(props) => <Link {...props} to="/children/$childId/since" params={{ childId: child.id }} />}>
            {t('since.open')}
          </Button>
        ) : null}
      </Group>
      {canWrite ? <QuickEntry child={child} defaultVisibility={defaultVisibility} lastSleep={lastSleep} /> : null}
      {!readsAll ? (
        <Text size="sm" c="dimmed">
          {t('journal.ownOnly')}
        </Text>
      ) : null}

      <section aria-labelledby="journal-list-title">
        <Stack gap="md">
          <Title order={2} size="h3" id="journal-list-title">
            {t('journal.list.title')}
          </Title>
          <fieldset className="journal-fieldset">
            <legend className="visually-hidden">{t('journal.list.filter')}</legend>
            <Chip.Group value={kind ?? 'all'} onChange={(v) => {
              setKind(v === 'all' ? null : (v as JournalKind));
              setShown(PAGE);
            }}>
              <Group gap={6}>
                <Chip value="all" variant="outline" size="sm">
                  {t('journal.list.all')}
                </Chip>
                {KINDS.map((k) => (
                  <Chip key={k} value={k} variant="outline" size="sm">
                    {kindLabel(k, t)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </fieldset>
          {list.isPending ? <Loading /> : null}
          <ErrorAlert error={list.error} />
          {empty ? (
            <EmptyState
              icon={<IconNotebook size={28} aria-hidden />}
              title={kind ? t('journal.list.emptyKind') : t('child.empty.journalTitle')}
              description={t('child.empty.journalBody', { name: child.firstName })}
            />
          ) : null}
          <EntryList child={child} entries={entries.slice(0, shown)} queued={queued} onCorrect={canWrite ? setCorrecting : undefined} />
          {entries.length > shown ? (
            <Button variant="default" onClick={() => setShown((n) => n + PAGE)} style={{ alignSelf: 'center' }}>
              {t('journal.list.showMore', { count: Math.min(PAGE, entries.length - shown) })}
            </Button>
          ) : null}
        </Stack>
      </section>

      {can(child, 'profile.edit') && list.data ? <DefaultVisibility child={child} value={list.data.defaultVisibility} /> : null}

      {correcting ? (
        <AppModal opened onClose={() => setCorrecting(null)} title={t('journal.form.correctTitle', { what: kindLabel(correcting.content.kind, t) })}>
          <EntryForm
            kind={correcting.content.kind}
            child={child}
            defaultVisibility={defaultVisibility}
            lastSleep={lastSleep}
            entry={correcting}
            pending={correction.isPending}
            onSubmit={(body) => correction.mutateAsync({ entry: correcting, body })}
            onCancel={() => setCorrecting(null)}
          />
        </AppModal>
      ) : null}
    </Stack>
  );
}
