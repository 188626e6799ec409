import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconListSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { childrenQuery, cliniciansQuery, fetchAuditPage, keys, type AuditFilters } from '../api/queries.ts';
import type { AuditEvent } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { currentLocale, i18n } from '../i18n.ts';
import { formatDateTime } from '../lib/format.ts';
import { anyRoleLabel } from '../lib/roles.ts';

function outcomeLabel(outcome: AuditEvent['outcome'], t: TFunction): string {
  switch (outcome) {
    case 'ok':
      return t('audit.ok');
    case 'denied':
      return t('audit.denied');
    case 'failed':
      return t('audit.failed');
  }
}

/** A sentence for an audit action, when the catalogue has one; the code itself stays visible for filtering. */
function actionLabel(action: string, t: TFunction): string | null {
  const key = `audit.actions.${action}`;
  // Action codes come from the server; every one CareTeam writes has a sentence in the catalogue.
  return i18n.exists(key) ? String(t(key as never)) : null;
}

const OUTCOME_COLORS: Record<AuditEvent['outcome'], string> = { ok: 'care', denied: 'red', failed: 'yellow' };

export function AdminAuditTab() {
  const { t } = useTranslation();
  const children = useQuery(childrenQuery);
  const clinicians = useQuery(cliniciansQuery);
  const [childId, setChildId] = useState('');
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [debouncedAction] = useDebouncedValue(action, 400);

  const filters: AuditFilters = {
    ...(childId ? { childId } : {}),
    ...(actorId ? { actorId } : {}),
    ...(debouncedAction.trim() ? { action: debouncedAction.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };

  const query = useInfiniteQuery({
    queryKey: keys.audit(filters),
    queryFn: ({ pageParam, signal }) => fetchAuditPage(filters, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });

  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  const collator = new Intl.Collator(currentLocale());
  const childOptions = [...(children.data?.children ?? [])]
    .map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }))
    .sort((a, b) => collator.compare(a.label, b.label));
  const personOptions = [...(clinicians.data?.clinicians ?? [])]
    .map((c) => ({ value: c.userId, label: c.name }))
    .sort((a, b) => collator.compare(a.label, b.label));
  const anyFilter = Boolean(childId || actorId || action || from || to);

  return (
    <Stack gap="lg">
      <Title order={2}>{t('audit.title')}</Title>
      <Text c="dimmed">{t('audit.lead')}</Text>
      <Paper withBorder p="md" radius="lg" component="form" role="search" aria-label={t('audit.filters')} onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} spacing="md">
          <NativeSelect
            label={t('audit.child')}
            data={[{ value: '', label: t('audit.anyChild') }, ...childOptions]}
            value={childId}
            onChange={(e) => setChildId(e.currentTarget.value)}
          />
          <NativeSelect
            label={t('audit.person')}
            data={[{ value: '', label: t('audit.anyone') }, ...personOptions]}
            value={actorId}
            onChange={(e) => setActorId(e.currentTarget.value)}
          />
          <TextInput
            label={t('audit.action')}
            placeholder={t('audit.actionPlaceholder')}
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
          />
          <TextInput label={t('audit.from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label={t('audit.to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </SimpleGrid>
        {anyFilter ? (
          <Group justify="flex-end" mt="sm">
            <Button
              variant="subtle"
              size="sm"
              onClick={() => {
                setChildId('');
                setActorId('');
                setAction('');
                setFrom('');
                setTo('');
              }}
            >
              {t('audit.clear')}
            </Button>
          </Group>
        ) : null}
      </Paper>

      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data && events.length === 0 ? (
        <EmptyState icon={<IconListSearch size={28} aria-hidden />} title={t('audit.emptyTitle')} description={t('audit.emptyBody')} />
      ) : null}
      {events.length > 0 ? (
        <Paper withBorder radius="lg" style={{ overflow: 'hidden' }}>
          <table className="stack-table compact">
            <caption className="visually-hidden">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.colTime')}</th>
                <th scope="col">{t('audit.colPerson')}</th>
                <th scope="col">{t('audit.colAction')}</th>
                <th scope="col">{t('audit.colChild')}</th>
                <th scope="col">{t('audit.colOutcome')}</th>
                <th scope="col">{t('audit.colIp')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>
                    <Text size="sm" fw={600}>
                      {formatDateTime(event.at)}
                    </Text>
                  </td>
                  <td data-label={t('audit.colPerson')}>
                    <Text size="sm">{event.actorName ?? t('audit.system')}</Text>
                    {event.actorRole ? (
                      <Text size="xs" c="dimmed">
                        {anyRoleLabel(event.actorRole, t)}
                      </Text>
                    ) : null}
                  </td>
                  <td data-label={t('audit.colAction')}>
                    {actionLabel(event.action, t) ? <Text size="sm">{actionLabel(event.action, t)}</Text> : null}
                    {/* The code, in every language the same (it is what the filter takes): not to be translated. */}
                    <Text size="xs" c="dimmed" ff="monospace" translate="no" style={{ overflowWrap: 'anywhere' }}>
                      {event.action}
                    </Text>
                  </td>
                  <td data-label={t('audit.colChild')}>
                    <Text size="sm">{event.childName ?? '—'}</Text>
                  </td>
                  <td data-label={t('audit.colOutcome')}>
                    <Badge color={OUTCOME_COLORS[event.outcome]} variant="light">
                      {outcomeLabel(event.outcome, t)}
                    </Badge>
                  </td>
                  <td data-label={t('audit.colIp')}>
                    <Text size="sm" ff="monospace">
                      {event.ip ?? '—'}
                    </Text>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Paper>
      ) : null}
      {query.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('audit.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
