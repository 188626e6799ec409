import { Accordion, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBulb, IconCopy, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { AppModal } from '../components/app-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import {
  SETTINGS, libraryQuery, strategyKeys, uploadPicture, type Setting, type Strategy,
} from '../features/strategies/strategies-api.ts';
import { StrategyIllustration } from '../features/strategies/illustration.tsx';
import { SettingBadges, StrategyBody, useStrategyText } from '../features/strategies/strategy-body.tsx';
import { strategyNameFor } from '../../contract/strategy-name.ts';
import { TranslationsButton } from '../features/translation/content-translation.tsx';
import { errorMessage } from '../lib/errors.ts';
import { toast } from '../lib/toast.ts';
import { useMe } from './authed-layout.tsx';
import { lazyLater } from '../lib/lazy-later.ts';
import type { StrategyFormResult } from '../features/strategies/strategy-form.tsx';

const StrategyForm = lazyLater(() => import('../features/strategies/strategy-form.tsx').then((m) => m.StrategyForm));

/** Saves the form: the strategy, then its picture (added, replaced or removed). */
function useSaveStrategy(onDone: () => void) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ strategy, result }: { strategy: Strategy | null; result: StrategyFormResult }) => {
      const saved = strategy
        ? await api<Strategy>(`/api/strategies/${encodeURIComponent(strategy.id)}`, { method: 'PATCH', body: result.body })
        : await api<Strategy>('/api/strategies', { method: 'POST', body: result.body });
      if (result.picture) return uploadPicture(saved.id, result.picture, me.csrfToken);
      if (result.removePicture) return api<Strategy>(`/api/strategies/${encodeURIComponent(saved.id)}/image`, { method: 'DELETE' });
      return saved;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: strategyKeys.library });
      onDone();
      toast(t('strategies.saved'));
    },
  });
}

function LibraryItem({ strategy, onEdit, onCopy, copying }: { strategy: Strategy; onEdit: () => void; onCopy: () => void; copying: boolean }) {
  const { t } = useTranslation();
  const { text } = useStrategyText(strategy);
  if (!text) return null;
  return (
    <Accordion.Item value={strategy.id}>
      <Accordion.Control aria-label={t('strategies.read', { name: text.name })}>
        <Group gap="sm" wrap="nowrap">
          <StrategyIllustration strategy={strategy} small />
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text fw={650} style={{ overflowWrap: 'anywhere' }}>
              {text.name}
            </Text>
            <Text size="sm" c="dimmed">
              {text.purpose}
            </Text>
          </Stack>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          <Group gap="xs" justify="space-between" wrap="wrap">
            <Group gap={6}>
              <Badge variant="light" color={strategy.starter ? 'care' : 'grape'} radius="sm">
                {strategy.starter ? t('strategies.starter') : strategy.copiedFrom ? t('strategies.adapted') : t('strategies.own')}
              </Badge>
              <SettingBadges settings={strategy.settings} label={t('strategies.suits')} />
            </Group>
            <Group gap="xs">
              {strategy.editable ? (
                <Button size="xs" variant="light" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit} aria-label={t('strategies.editLabel', { name: text.name })}>
                  {t('strategies.edit')}
                </Button>
              ) : null}
              {strategy.editable ? (
                <TranslationsButton childId={null} type="strategy" id={strategy.id} title={text.name} refresh={strategyKeys.library} written={Object.keys(strategy.content)} />
              ) : null}
              {strategy.starter ? (
                <Button size="xs" variant="light" leftSection={<IconCopy size={16} aria-hidden />} onClick={onCopy} loading={copying} aria-label={t('strategies.copyLabel', { name: text.name })}>
                  {t('strategies.copy')}
                </Button>
              ) : null}
            </Group>
          </Group>
          <StrategyBody strategy={strategy} imageUrl={`/api/strategies/${encodeURIComponent(strategy.id)}/image`} headingOrder={3} bodyOnly />
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

export function StrategiesPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [setting, setSetting] = useState<Setting | ''>('');
  const [q] = useDebouncedValue(search, 250);
  const library = useQuery(libraryQuery({ q, setting }));
  const [editing, setEditing] = useState<Strategy | 'new' | null>(null);
  const [open, setOpen] = useState<string[]>([]);
  const save = useSaveStrategy(() => setEditing(null));
  const close = () => {
    setEditing(null);
    save.reset();
  };

  const copy = useMutation({
    mutationFn: (strategy: Strategy) => api<Strategy>(`/api/strategies/${encodeURIComponent(strategy.id)}/copy`, { method: 'POST' }),
    onSuccess: async (copied) => {
      await queryClient.invalidateQueries({ queryKey: strategyKeys.library });
      toast(t('strategies.copied'));
      setOpen((ids) => [...ids, copied.id]);
      setEditing(copied);
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });

  const strategies = library.data?.strategies ?? [];
  const editingName = editing && editing !== 'new' ? strategyNameFor(editing, i18n.language) : '';

  return (
    <Page
      title={t('strategies.libraryTitle')}
      description={t('strategies.libraryLead')}
      actions={
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setEditing('new')}>
          {t('strategies.add')}
        </Button>
      }
    >
      <Paper withBorder radius="lg" p="md" className="no-print">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            style={{ flex: '2 1 240px' }}
            label={t('strategies.search')}
            placeholder={t('strategies.searchPlaceholder')}
            leftSection={<IconSearch size={18} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            type="search"
            maxLength={100}
          />
          <NativeSelect
            style={{ flex: '1 1 180px' }}
            label={t('strategies.settingFilter')}
            data={[{ value: '', label: t('strategies.anySetting') }, ...SETTINGS.map((s) => ({ value: s, label: t(`strategies.settings.${s}`) }))]}
            value={setting}
            onChange={(e) => setSetting(SETTINGS.find((s) => s === e.currentTarget.value) ?? '')}
          />
        </Group>
      </Paper>

      <Text size="sm" c="dimmed" aria-live="polite">
        {library.data ? t('strategies.count', { count: strategies.length }) : ''}
      </Text>
      {library.isPending ? <Loading /> : null}
      {library.isError ? <ErrorAlert error={library.error} /> : null}
      {library.data && strategies.length === 0 ? (
        <EmptyState icon={<IconBulb size={28} aria-hidden />} title={t('strategies.noMatchTitle')} description={t('strategies.noMatchBody')} />
      ) : null}
      {strategies.length > 0 ? (
        <Accordion multiple value={open} onChange={setOpen} variant="separated" radius="lg" order={2} chevronPosition="right">
          {strategies.map((s) => (
            <LibraryItem key={s.id} strategy={s} onEdit={() => setEditing(s)} onCopy={() => copy.mutate(s)} copying={copy.isPending && copy.variables.id === s.id} />
          ))}
        </Accordion>
      ) : null}

      <AppModal
        opened={editing !== null}
        onClose={close}
        title={editing === 'new' || editing === null ? t('strategies.addTitle') : t('strategies.editTitle', { name: editingName })}
      >
        {editing !== null ? (
          <StrategyForm
            key={editing === 'new' ? 'new' : editing.id}
            {...(editing === 'new' ? {} : { strategy: editing })}
            pending={save.isPending}
            error={save.error}
            onCancel={close}
            onSubmit={(result) => save.mutate({ strategy: editing === 'new' ? null : editing, result })}
          />
        ) : null}
      </AppModal>
    </Page>
  );
}
