import { Button, Collapse, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconHistory, IconPencil, IconPlayerPause, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatDateTime, listFormat } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import { toast } from '../../lib/toast.ts';
import { TranslationsButton } from '../translation/content-translation.tsx';
import { lazyLater } from '../../lib/lazy-later.ts';
import {
  changePracticeStatus, practiceHistoryQuery, practiceKeys, refreshPractice, revisePractice, type PracticeEvent, type PracticeItem, type PracticeStatus,
} from './practice.api.ts';

// The revising form loads when its dialog opens, or once the page is idle (see lazyLater).
const PracticeForm = lazyLater(() => import('./practice-form.tsx').then((m) => m.PracticeForm));

const FIELDS = ['title', 'goalIds', 'steps', 'stepImageIds', 'clipId', 'schedule', 'minutes', 'startDate', 'endDate', 'watchFor', 'status'] as const;
type Field = (typeof FIELDS)[number];
const isField = (f: string): f is Field => (FIELDS as readonly string[]).includes(f);

function EventLine({ event }: { event: PracticeEvent }) {
  const { t } = useTranslation();
  const name = event.by.role ? `${event.by.name} (${teamRoleLabel(event.by.role, t)})` : event.by.name;
  const fields = Object.keys(event.changes).filter(isField);
  let text: string;
  if (event.kind === 'created') text = t('practice.history.created', { name });
  else if (event.kind === 'revised') text = t('practice.history.revised', { name, version: event.version });
  else {
    const status = event.changes.status as { before?: unknown; after?: unknown } | undefined;
    const word = (s: unknown) => (s === 'active' || s === 'paused' || s === 'ended' ? t(`practice.status.${s}`) : String(s));
    text = t('practice.history.status_changed', { name, before: word(status?.before), after: word(status?.after) });
  }
  return (
    <li>
      <Text size="sm" fw={600}>
        {text}
      </Text>
      <Text size="xs" c="dimmed">
        {formatDateTime(event.at)}
      </Text>
      {event.kind === 'revised' && fields.length > 0 ? (
        <Text size="sm">{t('practice.history.changed', { fields: listFormat(fields.map((f) => t(`practice.history.field.${f}`))) })}</Text>
      ) : null}
      {event.comment ? <Text size="sm">“{event.comment}”</Text> : null}
    </li>
  );
}

/** What changed and what the family logged, newest logs first. */
export function PracticeHistoryPanel({ childId, item }: { childId: string; item: PracticeItem }) {
  const { t } = useTranslation();
  const query = useQuery(practiceHistoryQuery(childId, item.id));
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const { events } = query.data;
  // "Done", then "how it went" a moment later, is one practice: show the fuller, newer word only.
  const logs = query.data.logs.filter((l, i, all) => {
    const newer = all[i - 1];
    const bare = l.howItWent === null && l.minutes === null && l.note === '';
    return !(bare && newer && newer.date === l.date && newer.outcome === l.outcome && newer.by.name === l.by.name);
  });
  return (
    <Stack gap="md" className="practice-history" data-testid="practice-history">
      <Title order={4}>{t('practice.history.logs')}</Title>
      {logs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('practice.history.noLogs')}
        </Text>
      ) : (
        <ul className="history-list">
          {logs.slice(0, 30).map((l) => (
            <li key={l.id} data-testid="practice-log">
              <Text size="sm">
                <Text span fw={600} inherit>
                  {formatDate(l.date)}: {t(`practice.state.${l.outcome}`)}
                </Text>
                {l.howItWent !== null && l.howItWent >= 1 && l.howItWent <= 5 ? ` · ${t(`practice.faces.${l.howItWent as 1 | 2 | 3 | 4 | 5}`)}` : ''}
                {l.minutes !== null ? ` · ${t('practice.history.logMinutes', { count: l.minutes })}` : ''}
                {' · '}
                {t('practice.history.logBy', { name: l.by.name })}
              </Text>
              {l.note ? <Text size="sm">“<bdi>{l.note}</bdi>”</Text> : null}
            </li>
          ))}
        </ul>
      )}
      <Title order={4}>{t('practice.history.changes')}</Title>
      <ul className="history-list">
        {[...events].reverse().map((e) => (
          <EventLine key={e.id} event={e} />
        ))}
      </ul>
    </Stack>
  );
}

type StatusChange = { status: PracticeStatus; titleKey: 'pauseTitle' | 'resumeTitle' | 'endTitle'; saveKey: 'pause' | 'resume' | 'end'; hint?: 'pauseHint' | 'endHint' };

/** The therapist's tools on one item: change it, pause or resume it, end it, read its history. */
export function PracticeManage({ child, item }: { child: Child; item: PracticeItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [change, setChange] = useState<StatusChange | null>(null);
  const [reason, setReason] = useState('');
  const [history, setHistory] = useState(false);
  const historyId = useId();

  const revise = useMutation({
    mutationFn: (body: Parameters<typeof revisePractice>[2]) => revisePractice(child.id, item.id, body),
    onSuccess: async () => {
      await refreshPractice(queryClient);
      setEditing(false);
      toast(t('practice.form.revised'));
    },
  });
  const status = useMutation({
    mutationFn: (c: StatusChange) => changePracticeStatus(child.id, item.id, c.status, reason.trim()),
    onSuccess: async () => {
      await refreshPractice(queryClient);
      setChange(null);
      setReason('');
    },
  });

  const open = (c: StatusChange) => {
    status.reset();
    setReason('');
    setChange(c);
  };

  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap" role="group" aria-label={t('practice.actions.more', { title: item.title })}>
        {item.status !== 'ended' ? (
          <Button variant="default" size="sm" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
            {t('practice.actions.revise')}
          </Button>
        ) : null}
        {item.status === 'active' ? (
          <Button variant="default" size="sm" leftSection={<IconPlayerPause size={16} aria-hidden />} onClick={() => open({ status: 'paused', titleKey: 'pauseTitle', saveKey: 'pause', hint: 'pauseHint' })}>
            {t('practice.actions.pause')}
          </Button>
        ) : null}
        {item.status === 'paused' ? (
          <Button variant="default" size="sm" leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => open({ status: 'active', titleKey: 'resumeTitle', saveKey: 'resume' })}>
            {t('practice.actions.resume')}
          </Button>
        ) : null}
        {item.status !== 'ended' ? (
          <Button variant="default" size="sm" leftSection={<IconPlayerStop size={16} aria-hidden />} onClick={() => open({ status: 'ended', titleKey: 'endTitle', saveKey: 'end', hint: 'endHint' })}>
            {t('practice.actions.end')}
          </Button>
        ) : null}
        {item.status !== 'ended' ? <TranslationsButton childId={child.id} type="practice_item" id={item.id} title={item.title} refresh={practiceKeys.all} /> : null}
        <Button variant="subtle" size="sm" leftSection={<IconHistory size={16} aria-hidden />} aria-expanded={history} aria-controls={historyId} onClick={() => setHistory((h) => !h)}>
          {history ? t('practice.actions.hideHistory') : t('practice.actions.history')}
        </Button>
      </Group>
      <Collapse expanded={history} id={historyId}>
        {history ? <PracticeHistoryPanel childId={child.id} item={item} /> : null}
      </Collapse>

      <AppModal opened={editing} onClose={() => setEditing(false)} title={t('practice.reviseTitle', { title: item.title })}>
        {editing ? <PracticeForm child={child} item={item} pending={revise.isPending} onSubmit={(body) => revise.mutateAsync(body)} onCancel={() => setEditing(false)} /> : null}
      </AppModal>

      <AppModal opened={change !== null} onClose={() => setChange(null)} title={change ? t(`practice.statusForm.${change.titleKey}`, { title: item.title }) : ''} size="md">
        {change ? (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              status.mutate(change);
            }}
          >
            <Stack gap="md">
              <ErrorAlert error={status.error} />
              <Textarea
                label={t('practice.statusForm.reason')}
                description={change.hint ? t(`practice.statusForm.${change.hint}`) : undefined}
                autosize
                minRows={2}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                data-autofocus
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={() => setChange(null)}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={status.isPending} color={change.status === 'ended' ? 'red' : 'care'}>
                  {t(`practice.statusForm.${change.saveKey}`)}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </AppModal>
    </Stack>
  );
}
