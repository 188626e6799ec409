import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconBooks, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { AppModal } from '../components/app-modal.tsx';
import { DocumentTitle } from '../components/page.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { GivenResourceCard, HelpfulButtons, ResourceContent } from '../features/resources/resource-view.tsx';
import { childResourcesPath, childResourcesQuery, refreshGiven, resourceTitle, type ChildResource } from '../features/resources/resources.api.ts';
import { errorMessage } from '../lib/errors.ts';
import { formatDateTime } from '../lib/format.ts';
import { toast } from '../lib/toast.ts';
import { useChild } from './child-page.tsx';
import { lazyLater } from '../lib/lazy-later.ts';

const AssignResourceForm = lazyLater(() => import('../features/resources/assign-resource-form.tsx').then((m) => m.AssignResourceForm));

/** The resources given to the child's family: the family opens them; the therapist gives them and sees who opened what. */
export function ChildResourcesTab() {
  const { t, i18n } = useTranslation();
  const child = useChild();
  const queryClient = useQueryClient();
  const query = useQuery(childResourcesQuery(child.id));
  const [assigning, setAssigning] = useState(false);
  const refresh = () => refreshGiven(queryClient, child.id);
  const assign = useMutation({
    mutationFn: (body: { resourceId: string; note: string }) => api<ChildResource>(childResourcesPath(child.id), { method: 'POST', body, idempotencyKey: crypto.randomUUID() }),
    onSuccess: async () => {
      await refresh();
      setAssigning(false);
      toast(t('resources.assign.done', { name: child.firstName }));
    },
  });
  const remove = useMutation({
    mutationFn: (given: ChildResource) => api(childResourcesPath(child.id, given.id), { method: 'DELETE' }),
    onSuccess: async () => {
      await refresh();
      toast(t('resources.removed'));
    },
    onError: (error) => toast(errorMessage(error, t), { color: 'red' }),
  });
  const list = query.data?.resources ?? [];
  const canAssign = query.data?.canAssign ?? false;

  return (
    <Stack gap="lg">
      <DocumentTitle title={`${t('resources.tab')} · ${child.firstName}`} />
      <Group justify="space-between" align="center" wrap="wrap">
        <Stack gap={4}>
          <Title order={2}>{t('resources.childTitle')}</Title>
          <Text c="dimmed">{canAssign ? t('resources.childLeadTherapist', { name: child.firstName }) : t('resources.childLeadFamily')}</Text>
        </Stack>
        {canAssign ? (
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setAssigning(true)}>
            {t('resources.assign.open')}
          </Button>
        ) : null}
      </Group>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data && list.length === 0 ? (
        <EmptyState icon={<IconBooks size={28} aria-hidden />} title={t('resources.noneTitle')} description={canAssign ? t('resources.noneTherapist') : t('resources.noneFamily')} />
      ) : null}
      <Stack gap="md">
        {list.map((given) => (
          <GivenResourceCard
            key={given.id}
            given={given}
            actions={canAssign ? (
              <Group>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} aria-hidden />}
                  loading={remove.isPending && remove.variables.id === given.id}
                  onClick={() => remove.mutate(given)}
                  aria-label={t('resources.removeLabel', { title: resourceTitle(given.resource, i18n.language) })}
                >
                  {t('resources.remove')}
                </Button>
              </Group>
            ) : null}
          />
        ))}
      </Stack>
      <AppModal opened={assigning} onClose={() => setAssigning(false)} title={t('resources.assign.title', { name: child.firstName })}>
        {assigning ? (
          <AssignResourceForm
            childName={child.firstName}
            givenIds={list.map((g) => g.resource.id)}
            pending={assign.isPending}
            onSubmit={(body) => assign.mutateAsync(body)}
            onCancel={() => setAssigning(false)}
          />
        ) : null}
      </AppModal>
    </Stack>
  );
}

/** One given resource, to read: opening it tells the therapist it was opened; "did it help?" below. */
export function ChildResourcePage() {
  const { t, i18n } = useTranslation();
  const child = useChild();
  const { childResourceId } = useParams({ from: '/signed-in/children/$childId/resources/$childResourceId' });
  const queryClient = useQueryClient();
  const query = useQuery(childResourcesQuery(child.id));
  const given = query.data?.resources.find((r) => r.id === childResourceId);
  const open = useMutation({
    mutationFn: () => api<ChildResource>(`${childResourcesPath(child.id, childResourceId)}/open`, { method: 'POST', idempotencyKey: crypto.randomUUID() }),
    onSuccess: () => refreshGiven(queryClient, child.id),
  });
  const opened = useRef(false);
  const found = given !== undefined;
  useEffect(() => {
    if (!found || opened.current) return;
    opened.current = true;
    open.mutate();
  }, [found, open]);

  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const back = (
    <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/resources" params={{ childId: child.id }} />}>
      <Group gap={4} component="span">
        <IconArrowLeft size={16} aria-hidden className="flip-rtl" />
        {t('resources.back', { name: child.firstName })}
      </Group>
    </Anchor>
  );
  if (!given) {
    return (
      <Stack gap="md">
        {back}
        <EmptyState icon={<IconBooks size={28} aria-hidden />} title={t('resources.goneTitle')} description={t('resources.goneBody')} />
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <DocumentTitle title={resourceTitle(given.resource, i18n.language)} />
      {back}
      {given.note ? (
        <Paper bg="care.0" p="md" radius="lg">
          <Text fw={600}>{t('resources.noteFrom', { name: given.assignedBy })}</Text>
          <Text className="prewrap" dir="auto">{given.note}</Text>
        </Paper>
      ) : null}
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }}>
        <ResourceContent resource={given.resource} fileUrl={given.fileUrl} />
      </Paper>
      {given.readers === null ? (
        <Paper withBorder radius="lg" p="md">
          <HelpfulButtons given={given} />
        </Paper>
      ) : (
        <Text size="sm" c="dimmed">
          {t('resources.givenOn', { name: given.assignedBy, date: formatDateTime(given.assignedAt) })}
        </Text>
      )}
    </Stack>
  );
}
