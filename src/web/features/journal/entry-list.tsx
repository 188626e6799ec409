import type { TFunction } from 'i18next';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCloudUpload, IconEyeOff, IconFlag, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatDateTime, formatWeekdayDate } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import { todayIn } from '../milestones/milestones.api.ts';
import { addDays, historyQuery, type JournalContent, type JournalEntry, type Visibility } from './journal.api.ts';
import { uploadUrl, type PictureSize } from '../../../contract/upload-rules.ts';
import { UploadPicture } from '../uploads/upload-picture.tsx';
import '../uploads/uploads.css';
import { entryFacts, KIND_COLORS, KindIcon, kindLabel, visibilityLabel } from './journal-text.tsx';
import { useContentText, type ContentTranslation } from '../translation/content-text.tsx';

/** An entry written without signal, still on this phone. */
export interface QueuedEntry {
  key: string;
  content: JournalContent;
  date: string;
  time: string | null;
  visibility: Visibility | undefined;
}

type Row = { type: 'entry'; entry: JournalEntry } | { type: 'queued'; queued: QueuedEntry };

function dayHeading(date: string, today: string, t: TFunction): string {
  if (date === today) return t('journal.list.today');
  if (date === addDays(today, -1)) return t('journal.list.yesterday');
  return formatWeekdayDate(date);
}

/**
 * What was written, under the one-line facts: in the reader's language when the entry was written
 * in another (machine-translated, with "Show original"), each text marked with its language.
 */
export function EntryWords({ content, name, translation }: { content: JournalContent; name: string; translation?: ContentTranslation | undefined }) {
  const { t } = useTranslation();
  const words = useContentText(translation);
  const line = (label: string, field: string, text: string) =>
    text ? (
      <Text size="sm" className="prewrap">
        <Text span fw={600} size="sm">
          {label}{' '}
        </Text>
        <span lang={words.lang} dir="auto">{words.text(field, text)}</span>
      </Text>
    ) : null;
  const body = (() => {
    switch (content.kind) {
      case 'behaviour':
        return (
          <Stack gap={2}>
            {line(t('journal.list.before'), 'before', content.before)}
            {line(t('journal.list.did', { name }), 'behaviour', content.behaviour)}
            {line(t('journal.list.after'), 'after', content.after)}
          </Stack>
        );
      case 'eating':
        return (
          <Stack gap={2}>
            {line(t('journal.list.meals'), 'meals', content.meals)}
            {line(t('journal.list.newFoods'), 'newFoods', content.newFoods)}
            {line(t('journal.list.hard'), 'hard', content.hard)}
          </Stack>
        );
      case 'mood':
        return content.routineNote ? <Text size="sm" className="prewrap" lang={words.lang} dir="auto">{words.text('routineNote', content.routineNote)}</Text> : null;
      case 'win':
      case 'note':
        return <Text className="prewrap" lang={words.lang} dir="auto">{words.text('text', content.text)}</Text>;
      case 'sleep':
        return null;
    }
  })();
  if (body === null) return null;
  return (
    <div>
      <div id={words.id} aria-live="polite">{body}</div>
      {words.note}
    </div>
  );
}

/** A photo's words: what the entry says, else what kind of entry it is. */
function photoWords(content: JournalContent, t: TFunction): string {
  const words = content.kind === 'win' || content.kind === 'note' ? content.text
    : content.kind === 'behaviour' ? content.behaviour
    : content.kind === 'eating' ? content.meals || content.hard || content.newFoods
    : content.kind === 'mood' ? content.routineNote : '';
  const text = words.trim() || kindLabel(content.kind, t);
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

export function EntryPhoto({ childId, photoId, size, content }: { childId: string; photoId: string; size: PictureSize | null | undefined; content: JournalContent }) {
  const { t } = useTranslation();
  return <UploadPicture url={uploadUrl(childId, photoId)} size={size} alt={t('uploads.photoAlt', { text: photoWords(content, t) })} />;
}

function Heading({ content }: { content: JournalContent }) {
  const { t } = useTranslation();
  const facts = entryFacts(content, t);
  return (
    <Text fw={650}>
      {kindLabel(content.kind, t)}
      {facts ? (
        <Text span fw={450} c="dark.5">
          {' '}· {facts}
        </Text>
      ) : null}
    </Text>
  );
}

function HistoryDialog({ child, entry, onClose }: { child: Child; entry: JournalEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useQuery(historyQuery(child.id, entry.id));
  const versions = [...(query.data?.versions ?? [])].reverse();
  return (
    <AppModal opened onClose={onClose} title={t('journal.history.title')}>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      <Stack gap="md">
        {versions.map((v, i) => (
          <Paper key={v.version} withBorder p="md" radius="md" data-testid="journal-version">
            <Stack gap={6}>
              <Group gap="xs">
                <Badge variant={i === 0 ? 'filled' : 'light'} color={i === 0 ? 'care' : 'gray'}>
                  {i === 0 ? t('journal.history.current') : t('journal.history.earlier')}
                </Badge>
                <Text size="sm" c="dimmed">
                  {t('journal.history.written', { when: formatDateTime(v.at) })}
                </Text>
              </Group>
              <Heading content={v.content} />
              <EntryWords content={v.content} name={child.firstName} />
              {v.photoId ? <EntryPhoto childId={child.id} photoId={v.photoId} size={v.photoSize} content={v.content} /> : null}
              <Text size="sm" c="dimmed">
                {formatDate(v.date)}
                {v.time ? ` · ${v.time}` : ''} · {visibilityLabel(v.visibility, child.firstName, t)}
              </Text>
            </Stack>
          </Paper>
        ))}
      </Stack>
    </AppModal>
  );
}

interface EntryListProps {
  child: Child;
  entries: JournalEntry[];
  queued?: QueuedEntry[];
  onCorrect?: ((entry: JournalEntry) => void) | undefined;
  /** The heading level for each day (the page's structure decides). */
  dayOrder?: 3 | 4;
}

/** Entries grouped by day, newest first, each readable at a glance. */
export function EntryList({ child, entries, queued = [], onCorrect, dayOrder = 3 }: EntryListProps) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<JournalEntry | null>(null);
  const today = todayIn(child.profile.timeZone);
  const rows: { date: string; time: string | null; row: Row }[] = [
    ...queued.map((q) => ({ date: q.date, time: q.time, row: { type: 'queued', queued: q } as Row })),
    ...entries.map((e) => ({ date: e.date, time: e.time, row: { type: 'entry', entry: e } as Row })),
  ];
  const days = new Map<string, Row[]>();
  for (const r of [...rows].sort((a, b) => b.date.localeCompare(a.date))) {
    days.set(r.date, [...(days.get(r.date) ?? []), r.row]);
  }
  const name = child.firstName;

  return (
    <Stack gap="lg">
      {[...days.entries()].map(([date, dayRows]) => (
        <section key={date} aria-labelledby={`journal-day-${date}`}>
          <Title order={dayOrder} size="h5" id={`journal-day-${date}`} mb="xs" c="dark.6">
            {dayHeading(date, today, t)}
          </Title>
          <ul className="journal-list">
            {dayRows.map((row) => {
              const content = row.type === 'entry' ? row.entry.content : row.queued.content;
              const time = row.type === 'entry' ? row.entry.time : row.queued.time;
              const visibility = row.type === 'entry' ? row.entry.visibility : (row.queued.visibility ?? 'team');
              return (
                <li key={row.type === 'entry' ? row.entry.id : row.queued.key} className="journal-item" data-kind={content.kind} data-testid="journal-entry">
                  <ThemeIcon size={40} radius="xl" variant="light" color={KIND_COLORS[content.kind]}>
                    <KindIcon kind={content.kind} />
                  </ThemeIcon>
                  <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                      <Heading content={content} />
                      {time ? (
                        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                          {time}
                        </Text>
                      ) : null}
                    </Group>
                    <EntryWords content={content} name={name} translation={row.type === 'entry' ? row.entry.translation : undefined} />
                    {row.type === 'entry' && row.entry.photoId ? <EntryPhoto childId={child.id} photoId={row.entry.photoId} size={row.entry.photoSize} content={content} /> : null}
                    <Group gap="xs" mt={2}>
                      {row.type === 'entry' ? (
                        <Text size="sm" c="dimmed">
                          {row.entry.by.role ? t('journal.list.byRole', { name: row.entry.by.name, role: teamRoleLabel(row.entry.by.role, t) }) : t('journal.list.by', { name: row.entry.by.name })}
                        </Text>
                      ) : (
                        <Badge color="blue" variant="light" leftSection={<IconCloudUpload size={14} aria-hidden />} tt="none">
                          {t('journal.list.queued')}
                        </Badge>
                      )}
                      {row.type === 'entry' && row.entry.flagged ? (
                        <Badge color="orange" variant="light" leftSection={<IconFlag size={14} aria-hidden />} tt="none">
                          {t('notifications.flag.badge')}
                        </Badge>
                      ) : null}
                      {visibility !== 'team' ? (
                        <Badge color="grape" variant="light" leftSection={<IconEyeOff size={14} aria-hidden />} tt="none">
                          {visibilityLabel(visibility, name, t)}
                        </Badge>
                      ) : null}
                      {row.type === 'entry' && row.entry.correctedAt ? (
                        <Anchor component="button" type="button" size="sm" onClick={() => setHistory(row.entry)}>
                          {t('journal.list.corrected')}
                        </Anchor>
                      ) : null}
                      {row.type === 'entry' && row.entry.mine && onCorrect ? (
                        <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => onCorrect(row.entry)}
                          aria-label={t('journal.list.correctLabel', { what: kindLabel(content.kind, t) })}>
                          {t('journal.list.correct')}
                        </Button>
                      ) : null}
                    </Group>
                  </Stack>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {history ? <HistoryDialog child={child} entry={history} onClose={() => setHistory(null)} /> : null}
    </Stack>
  );
}
