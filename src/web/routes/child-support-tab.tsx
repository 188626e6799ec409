import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconHeartHandshake, IconPencil, IconPlus, IconPrinter, IconSearch, IconTargetArrow, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { AppModal } from '../components/app-modal.tsx';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import {
  SETTINGS, childGoalsQuery, childStrategiesQuery, childStrategyPath, strategyKeys,
  type AttachStrategyRequest, type ChildStrategy, type Setting,
} from '../features/strategies/strategies-api.ts';
import { StrategyBody } from '../features/strategies/strategy-body.tsx';
import { strategyNameFor } from '../../contract/strategy-name.ts';
import { useRefreshUsesOnSent } from '../features/strategies/strategy-use-api.ts';
import { NO_FILTERS, SupportBrowser, filterSupport } from '../features/strategies/support-browser.tsx';
import { UseCounts } from '../features/strategies/use-counts.tsx';
import { UseLog } from '../features/strategies/use-log.tsx';
import { quoted } from '../../contract/format.ts';
import { listFormat } from '../lib/format.ts';
import { toast } from '../lib/toast.ts';
import { can, childName, useChild } from './child-page.tsx';
import { lazyLater } from '../lib/lazy-later.ts';

const AttachStrategyForm = lazyLater(() => import('../features/strategies/attach-strategy-form.tsx').then((m) => m.AttachStrategyForm));

interface ItemProps {
  item: ChildStrategy;
  childId: string;
  firstName: string;
  edit: boolean;
  /** The child's date today, when the reader logs uses. */
  logToday: string | null;
  onChange: () => void;
  onRemove: () => void;
}

function SupportItem({ item, childId, firstName, edit, logToday, onChange, onRemove }: ItemProps) {
  const { t, i18n } = useTranslation();
  // Goals are quoted in the family's words, with the reader's quotation marks.
  const name = strategyNameFor(item.strategy, i18n.language);
  return (
    <Paper component="article" withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} className="support-item" id={`support-item-${item.id}`}>
      <StrategyBody
        strategy={item.strategy}
        imageUrl={`${childStrategyPath(childId, item.id)}/image`}
        headingOrder={4}
        footer={
          <Stack gap="xs" className="no-print">
            <UseCounts uses={item.uses} notes={item.notes} />
            {logToday ? <UseLog childId={childId} item={item} today={logToday} /> : null}
          </Stack>
        }
        aside={
          edit ? (
            <Group gap={4} className="no-print">
              <Button size="xs" variant="subtle" leftSection={<IconPencil size={16} aria-hidden />} onClick={onChange} aria-label={t('strategies.support.changeLabel', { name })}>
                {t('strategies.support.change')}
              </Button>
              <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onRemove} aria-label={t('strategies.support.detachLabel', { name })}>
                {t('strategies.support.detach')}
              </Button>
            </Group>
          ) : null
        }
      >
        {item.goals.length > 0 ? (
          <div className="support-goals">
            <Text size="sm" fw={650} component="span">
              <IconTargetArrow size={16} aria-hidden style={{ verticalAlign: 'text-bottom', marginInlineEnd: 4 }} />
              {t('strategies.support.helpsWith')}:{' '}
            </Text>
            <Text size="sm" component="span">
              {listFormat(item.goals.map((g) => quoted(i18n.language, g.statement)))}
            </Text>
          </div>
        ) : null}
        {item.note ? (
          <div className="support-note">
            <Text size="sm" fw={650}>
              {t('strategies.support.note', { name: firstName })}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {item.note}
            </Text>
          </div>
        ) : null}
      </StrategyBody>
    </Paper>
  );
}

/** The child's "same support everywhere" page: strategies by where they are used, ready to print. */
export function ChildSupportTab() {
  const { t, i18n } = useTranslation();
  const child = useChild();
  const queryClient = useQueryClient();
  const editable = can(child, 'plan.edit');
  const list = useQuery(childStrategiesQuery(child.id));
  useRefreshUsesOnSent();
  const goals = useQuery({ ...childGoalsQuery(child.id), enabled: editable });
  const [editing, setEditing] = useState<ChildStrategy | 'new' | null>(null);
  const [removing, setRemoving] = useState<ChildStrategy | null>(null);
  const [filters, setFilters] = useState(NO_FILTERS);
  const isTeacher = child.myRole === 'teacher';
  const refresh = () => queryClient.invalidateQueries({ queryKey: strategyKeys.child(child.id) });
  const nameOf = (item: ChildStrategy) => strategyNameFor(item.strategy, i18n.language);

  const save = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: AttachStrategyRequest }) =>
      id
        ? api<ChildStrategy>(childStrategyPath(child.id, id), { method: 'PATCH', body: { goalIds: body.goalIds, settings: body.settings, note: body.note } })
        : api<ChildStrategy>(childStrategyPath(child.id), { method: 'POST', body }),
    onSuccess: async (saved, { id }) => {
      await refresh();
      setEditing(null);
      toast(id ? t('strategies.support.updated') : t('strategies.support.attached', { strategy: nameOf(saved), name: child.firstName }));
    },
  });
  const remove = useMutation({
    mutationFn: (item: ChildStrategy) => api(childStrategyPath(child.id, item.id), { method: 'DELETE' }),
    onSuccess: async (_r, item) => {
      await refresh();
      setRemoving(null);
      toast(t('strategies.support.detached', { strategy: nameOf(item) }));
    },
  });

  const all = list.data?.strategies ?? [];
  const items = filterSupport(all, filters, i18n.language);
  const therapists = list.data?.therapists ?? [];
  const mySetting = list.data?.mySetting ?? null;
  const logToday = mySetting ? (list.data?.today ?? null) : null;
  // A teacher sees what is used at school; everyone else sees every setting, home first.
  const groups: readonly Setting[] = isTeacher ? ['school'] : filters.place ? [filters.place] : SETTINGS;
  // A strategy used in several places is written out once, where it first appears.
  const firstPlace = new Map<string, Setting>();
  for (const s of groups) for (const item of items) if (item.settings.includes(s) && !firstPlace.has(item.id)) firstPlace.set(item.id, s);
  const availableGoals = (goals.data?.goals ?? []).filter((g) => g.status !== 'discontinued' && g.status !== 'met');

  return (
    <Stack gap="lg" className="support-page">
      <div className="print-only support-print-header">
        <Text fz={22} fw={700} component="p" m={0}>
          {t('strategies.support.printTitle', { name: childName(child) })}
        </Text>
        {therapists.length > 0 ? (
          <Text size="sm" component="p" m={0}>
            {t('strategies.support.therapists', { count: therapists.length, names: listFormat(therapists) })}
          </Text>
        ) : null}
      </div>
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap" className="no-print">
        <Stack gap={4} style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Title order={2}>{t('strategies.support.title')}</Title>
          <Text c="dimmed">{isTeacher ? t('strategies.support.leadTeacher', { name: child.firstName }) : t('strategies.support.lead', { name: child.firstName })}</Text>
          {mySetting && all.length > 0 ? (
            <Text size="sm" c="dimmed">
              {t('strategyUse.yourSetting', { place: mySetting })}
            </Text>
          ) : null}
        </Stack>
        <Group gap="sm">
          {all.length > 0 ? (
            <Button variant="default" leftSection={<IconPrinter size={18} aria-hidden />} onClick={() => window.print()}>
              {t('strategies.support.print')}
            </Button>
          ) : null}
          {editable ? (
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setEditing('new')}>
              {t('strategies.support.attach')}
            </Button>
          ) : null}
        </Group>
      </Group>

      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorAlert error={list.error} /> : null}
      {all.length > 1 ? <SupportBrowser items={all} shown={items} filters={filters} onChange={setFilters} fixedPlace={isTeacher} /> : null}
      {all.length > 0 && items.length === 0 ? (
        <EmptyState
          order={3}
          icon={<IconSearch size={28} aria-hidden />}
          title={t('strategies.browse.noMatchTitle')}
          description={t('strategies.browse.noMatchBody')}
          action={
            <Button variant="light" onClick={() => setFilters(NO_FILTERS)}>
              {t('strategies.browse.clear')}
            </Button>
          }
        />
      ) : null}
      {list.data && all.length === 0 ? (
        <EmptyState
          order={3}
          icon={<IconHeartHandshake size={28} aria-hidden />}
          title={t('strategies.support.emptyTitle')}
          description={isTeacher ? t('strategies.support.emptyTeacherBody') : t('strategies.support.emptyBody', { name: child.firstName })}
        />
      ) : null}

      {groups.map((setting) => {
        const inGroup = items.filter((item) => item.settings.includes(setting));
        if (inGroup.length === 0) return null;
        const full = inGroup.filter((item) => firstPlace.get(item.id) === setting);
        const repeated = inGroup.filter((item) => firstPlace.get(item.id) !== setting);
        return (
          <section key={setting} aria-labelledby={`support-${setting}`} className="support-group">
            <Group gap="xs" align="baseline" mb="sm">
              <Title order={3} id={`support-${setting}`}>
                {t(`strategies.support.groups.${setting}`)}
              </Title>
              <Text size="sm" c="dimmed">
                {t('strategies.support.groupCount', { count: inGroup.length })}
              </Text>
            </Group>
            <Stack gap="md" className="support-list">
              {full.map((item) => (
                <SupportItem
                  key={item.id}
                  item={item}
                  childId={child.id}
                  firstName={child.firstName}
                  edit={editable}
                  logToday={logToday}
                  onChange={() => setEditing(item)}
                  onRemove={() => setRemoving(item)}
                />
              ))}
              {repeated.length > 0 ? (
                <ul className="support-repeated">
                  {groups
                    .filter((place) => repeated.some((item) => firstPlace.get(item.id) === place))
                    .map((place) => {
                      const names = repeated.filter((item) => firstPlace.get(item.id) === place).map(nameOf);
                      return (
                        <li key={place}>
                          {t('strategies.support.sameAs', {
                            count: names.length,
                            place: t(`strategies.support.groups.${place}`).toLocaleLowerCase(i18n.language),
                            names: listFormat(names),
                          })}
                        </li>
                      );
                    })}
                </ul>
              ) : null}
            </Stack>
          </section>
        );
      })}

      <AppModal
        opened={editing !== null}
        onClose={() => {
          setEditing(null);
          save.reset();
        }}
        title={
          editing === null || editing === 'new'
            ? t('strategies.support.attachTitle', { name: child.firstName })
            : t('strategies.support.editTitle', { strategy: nameOf(editing), name: child.firstName })
        }
      >
        {editing !== null ? (
          goals.isPending ? (
            <Loading />
          ) : availableGoals.length === 0 && editing === 'new' ? (
            <EmptyState order={3} icon={<IconTargetArrow size={28} aria-hidden />} title={t('strategies.support.noGoalsTitle')} description={t('strategies.support.noGoalsBody', { name: child.firstName })} />
          ) : (
            <AttachStrategyForm
              key={editing === 'new' ? 'new' : editing.id}
              childName={child.firstName}
              goals={availableGoals}
              attachedIds={all.map((i) => i.strategy.id)}
              {...(editing === 'new' ? {} : { current: editing })}
              pending={save.isPending}
              onSubmit={(body) => save.mutateAsync({ id: editing === 'new' ? null : editing.id, body })}
              onCancel={() => setEditing(null)}
            />
          )
        ) : null}
      </AppModal>

      <ConfirmModal
        opened={removing !== null}
        title={removing ? t('strategies.support.detachTitle', { strategy: nameOf(removing) }) : ''}
        body={removing ? t('strategies.support.detachBody', { strategy: nameOf(removing), name: child.firstName }) : ''}
        cancelLabel={t('strategies.form.cancel')}
        confirmLabel={t('strategies.support.detachConfirm')}
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
      />
    </Stack>
  );
}
