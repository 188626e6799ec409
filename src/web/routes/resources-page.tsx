import { Accordion, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArchive, IconBooks, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { AppModal } from '../components/app-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { GivenResourceCard, KindBadge, LanguageBadges, ResourceContent, audienceLine } from '../features/resources/resource-view.tsx';
import {
  KINDS, familyResourcesQuery, libraryQuery, resourceKeys, resourceText, resourceTitle, type CreateResourceRequest, type Resource, type ResourceKind,
} from '../features/resources/resources.api.ts';
import { errorMessage } from '../lib/errors.ts';
import { toast } from '../lib/toast.ts';
import { useMe } from './authed-layout.tsx';
import { lazyLater } from '../lib/lazy-later.ts';

const ResourceForm = lazyLater(() => import('../features/resources/resource-form.tsx').then((m) => m.ResourceForm));

/** Resources: the clinic's library for clinicians; for a family, what was given to each of their children. */
export function ResourcesPage() {
  const me = useMe();
  return me.clinics.length > 0 ? <ResourceLibrary /> : <FamilyResourcesList />;
}

function LibraryItem({ resource, onEdit, onArchive, archiving }: { resource: Resource; onEdit: () => void; onArchive: () => void; archiving: boolean }) {
  const { t, i18n } = useTranslation();
  const shown = resourceText(resource, i18n.language);
  if (!shown) return null;
  const audience = audienceLine(resource, t);
  return (
    <Accordion.Item value={resource.id}>
      <Accordion.Control aria-label={t('resources.read', { title: shown.text.title })}>
        <Stack gap={4}>
          <Text fw={650} style={{ overflowWrap: 'anywhere' }} lang={shown.lang}>
            {shown.text.title}
          </Text>
          {shown.text.summary ? (
            <Text size="sm" c="dimmed" lang={shown.lang}>
              {shown.text.summary}
            </Text>
          ) : null}
        </Stack>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          <Group gap="xs" justify="space-between" wrap="wrap">
            <Group gap={6}>
              <Badge variant="light" color={resource.starter ? 'care' : 'grape'} radius="sm">
                {resource.starter ? t('resources.starter') : t('resources.own')}
              </Badge>
              <KindBadge kind={resource.kind} />
              <LanguageBadges resource={resource} />
              {resource.tags.map((tag) => (
                <Badge key={tag} variant="dot" color="gray" radius="sm" tt="none" fw={500}>
                  {tag}
                </Badge>
              ))}
            </Group>
            {resource.editable ? (
              <Group gap="xs">
                <Button size="xs" variant="light" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit} aria-label={t('resources.editLabel', { title: shown.text.title })}>
                  {t('resources.edit')}
                </Button>
                <Button size="xs" variant="subtle" color="red" leftSection={<IconArchive size={16} aria-hidden />} onClick={onArchive} loading={archiving} aria-label={t('resources.archiveLabel', { title: shown.text.title })}>
                  {t('resources.archive')}
                </Button>
              </Group>
            ) : null}
          </Group>
          {audience ? (
            <Text size="sm" c="dimmed">
              {t('resources.suits', { audience })}
            </Text>
          ) : null}
          <ResourceContent resource={resource} fileUrl={resource.file ? `/api/resources/${encodeURIComponent(resource.id)}/file` : null} headingOrder={3} />
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

function ResourceLibrary() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<ResourceKind | ''>('');
  const [q] = useDebouncedValue(search, 250);
  const library = useQuery(libraryQuery({ q, kind }));
  const [editing, setEditing] = useState<Resource | 'new' | null>(null);
  const save = useMutation({
    mutationFn: ({ resource, body }: { resource: Resource | null; body: CreateResourceRequest }) => {
      if (!resource) return api<Resource>('/api/resources', { method: 'POST', body, idempotencyKey: crypto.randomUUID() });
      const { kind: _kind, fileId: _fileId, ...changes } = body;
      return api<Resource>(`/api/resources/${encodeURIComponent(resource.id)}`, { method: 'PATCH', body: changes });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: resourceKeys.library });
      setEditing(null);
      toast(t('resources.saved'));
    },
  });
  const archive = useMutation({
    mutationFn: (r: Resource) => api(`/api/resources/${encodeURIComponent(r.id)}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: resourceKeys.library });
      toast(t('resources.archived'));
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });
  const resources = library.data?.resources ?? [];
  const close = () => {
    setEditing(null);
    save.reset();
  };
  return (
    <Page
      title={t('resources.libraryTitle')}
      description={t('resources.libraryLead')}
      actions={
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setEditing('new')}>
          {t('resources.add')}
        </Button>
      }
    >
      <Paper withBorder radius="lg" p="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            style={{ flex: '2 1 240px' }}
            label={t('resources.search')}
            placeholder={t('resources.searchPlaceholder')}
            leftSection={<IconSearch size={18} aria-hidden />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            type="search"
            maxLength={100}
          />
          <NativeSelect
            style={{ flex: '1 1 180px' }}
            label={t('resources.kindFilter')}
            data={[{ value: '', label: t('resources.anyKind') }, ...KINDS.map((k) => ({ value: k, label: t(`resources.kinds.${k}`) }))]}
            value={kind}
            onChange={(e) => setKind(KINDS.find((k) => k === e.currentTarget.value) ?? '')}
          />
        </Group>
      </Paper>
      <Text size="sm" c="dimmed" aria-live="polite">
        {library.data ? t('resources.count', { count: resources.length }) : ''}
      </Text>
      {library.isPending ? <Loading /> : null}
      {library.isError ? <ErrorAlert error={library.error} /> : null}
      {library.data && resources.length === 0 ? (
        <EmptyState icon={<IconBooks size={28} aria-hidden />} title={t('resources.noMatchTitle')} description={t('resources.noMatchBody')} />
      ) : null}
      {resources.length > 0 ? (
        <Accordion multiple variant="separated" radius="lg" order={2} chevronPosition="right">
          {resources.map((r) => (
            <LibraryItem key={r.id} resource={r} onEdit={() => setEditing(r)} onArchive={() => archive.mutate(r)} archiving={archive.isPending && archive.variables.id === r.id} />
          ))}
        </Accordion>
      ) : null}
      <AppModal
        opened={editing !== null}
        onClose={close}
        title={editing === 'new' || editing === null ? t('resources.addTitle') : t('resources.editTitle', { title: resourceTitle(editing, i18n.language) })}
      >
        {editing !== null ? (
          <ResourceForm
            key={editing === 'new' ? 'new' : editing.id}
            {...(editing === 'new' ? {} : { resource: editing })}
            pending={save.isPending}
            onCancel={close}
            onSubmit={(body) => save.mutateAsync({ resource: editing === 'new' ? null : editing, body })}
          />
        ) : null}
      </AppModal>
    </Page>
  );
}

function FamilyResourcesList() {
  const { t } = useTranslation();
  const query = useQuery(familyResourcesQuery);
  const children = query.data?.children ?? [];
  const any = children.some((c) => c.resources.length > 0);
  return (
    <Page title={t('resources.familyTitle')} description={t('resources.familyLead')}>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data && !any ? <EmptyState icon={<IconBooks size={28} aria-hidden />} title={t('resources.noneTitle')} description={t('resources.noneFamily')} /> : null}
      {children.filter((c) => c.resources.length > 0).map((c) => (
        <Stack key={c.id} gap="md" component="section" aria-labelledby={`resources-child-${c.id}`}>
          {children.length > 1 ? (
            <Title order={2} id={`resources-child-${c.id}`}>
              {t('resources.forChild', { name: c.firstName })}
            </Title>
          ) : (
            <Title order={2} id={`resources-child-${c.id}`} className="visually-hidden">
              {t('resources.forChild', { name: c.firstName })}
            </Title>
          )}
          {c.resources.map((given) => (
            <GivenResourceCard key={given.id} given={given} />
          ))}
        </Stack>
      ))}
    </Page>
  );
}
