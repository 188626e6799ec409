import { Badge, Button, Checkbox, Group, MultiSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconClipboardText, IconLock, IconPencil } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatWallClock, listFormat } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { practiceQuery } from '../practice/practice.api.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';
import { childStrategiesQuery } from '../strategies/strategies-api.ts';
import { useContentText } from '../translation/content-text.tsx';
import { TranslationsButton } from '../translation/content-translation.tsx';
import {
  recordKeys, saveClinicalNote, saveSessionRecord, SUMMARY_FIELDS, type ClinicalNote, type ClinicalNoteList, type SessionRecord, type SessionRecordList, type SessionSummary,
} from './session-record.api.ts';
import type { Session } from './sessions.api.ts';

interface RecordProps {
  childId: string;
  session: Session;
  /** The session's record, from the tab's one read of every past session's record; undefined while it loads. */
  record: SessionRecord | undefined;
  /** May record the session (sessions.manage). */
  canManage: boolean;
  /** May read and write the private clinical note (sessions.clinical_note). */
  canNote: boolean;
  /** With canNote: the session's note (null when none was written); undefined while the notes load. */
  note: ClinicalNote['note'] | undefined;
  /** The child's team, for the attendance list (only loaded for those who manage sessions). */
  team: TeamMember[];
}

/** The practice items or strategies a summary points to, each a link to where the family finds it. */
function LinkList({ title, to, childId, items }: { title: string; to: '/children/$childId/practice' | '/children/$childId/support'; childId: string; items: { id: string; label: string }[] }) {
  if (items.length === 0) return null;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>{title}</Text>
      <ul className="session-links">
        {items.map((i) => (
          <li key={i.id}>
            <Link to={to} params={{ childId }} className="text-link" dir="auto">{i.label}</Link>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

/**
 * The family summary in the reader's language, with "Show original" for the whole of it; for
 * whoever records sessions, "Translations" to check or correct it in the family's languages.
 */
function SummaryView({ childId, sessionId, summary, canManage }: { childId: string; sessionId: string; summary: SessionSummary; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const words = useContentText(summary.translation);
  const fields = SUMMARY_FIELDS.filter((f) => summary.text[f].trim() !== '');
  return (
    <Stack gap={6} data-testid="session-summary">
      <Title order={5}>{t('sessionRecord.heading')}</Title>
      <dl id={words.id} className="session-summary" lang={words.lang} aria-live="polite">
        {fields.map((f) => (
          <div key={f}>
            <dt lang={i18n.language}>{t(`sessionRecord.${f}`)}</dt>
            <dd dir="auto">{words.text(f, summary.text[f])}</dd>
          </div>
        ))}
      </dl>
      {words.note}
      <LinkList title={t('sessionRecord.linkedPractice')} to="/children/$childId/practice" childId={childId} items={summary.practiceItems.map((p) => ({ id: p.id, label: p.title }))} />
      <LinkList title={t('sessionRecord.linkedStrategies')} to="/children/$childId/support" childId={childId} items={summary.strategies.map((x) => ({ id: x.id, label: x.name }))} />
      <Text size="xs" c="dimmed">
        {t('sessionRecord.writtenBy', { name: summary.writtenBy })}
        {summary.edited ? ` · ${t('sessionRecord.corrected')}` : ''}
      </Text>
      {canManage ? (
        <Group justify="flex-end">
          <TranslationsButton childId={childId} type="session_record" id={sessionId} title={t('sessionRecord.heading')} refresh={recordKeys.records(childId)} />
        </Group>
      ) : null}
    </Stack>
  );
}

/** The clinicians' private note, set apart and labelled so no one mistakes it for the family's summary. */
function PrivateNote({ note }: { note: NonNullable<ClinicalNote['note']> }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" className="session-private" data-testid="session-private-note">
      <Group gap={6} mb={4}>
        <IconLock size={16} aria-hidden />
        <Text size="sm" fw={650}>{t('sessionRecord.noteTitle')}</Text>
        <Badge color="dark" variant="light" size="sm">{t('sessionRecord.private')}</Badge>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} dir="auto">{note.text}</Text>
    </Paper>
  );
}

/**
 * What happened in a past session, on its card: the family summary for whoever sees the session;
 * for the therapist also who attended, the private note, and "Record this session".
 */
export function SessionRecordSection({ childId, session, record: r, canManage, canNote, note, team }: RecordProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { day } = formatWallClock(session.localStart);
  const kind = t(`sessions.kind.${session.kind}`);
  const names = new Map(team.map((m) => [m.userId, m.name]));
  const attended = (r?.attendees ?? []).map((id) => names.get(id)).filter((n) => n !== undefined);
  const recorded = r !== undefined && r.version !== null;
  return (
    <Stack gap="sm">
      {r?.summary ? <SummaryView childId={childId} sessionId={session.id} summary={r.summary} canManage={canManage} /> : null}
      {canManage && r && !r.summary ? (
        <Text size="sm" c="dimmed">{t('sessionRecord.noSummary')}</Text>
      ) : null}
      {canManage && recorded ? (
        <Text size="sm">{attended.length > 0 ? t('sessionRecord.attended', { names: listFormat(attended) }) : t('sessionRecord.nobodyAttended')}</Text>
      ) : null}
      {canNote && note ? <PrivateNote note={note} /> : null}
      {canManage && r ? (
        <Group justify="flex-end">
          <Button
            variant={recorded ? 'default' : 'filled'}
            size="sm"
            leftSection={recorded ? <IconPencil size={16} aria-hidden /> : <IconClipboardText size={16} aria-hidden />}
            onClick={() => setOpen(true)}
          >
            {t(recorded ? 'sessionRecord.correct' : 'sessionRecord.record')}
          </Button>
        </Group>
      ) : null}
      <AppModal opened={open} onClose={() => setOpen(false)} title={t('sessionRecord.formTitle', { kind, day })}>
        {open && r && (!canNote || note !== undefined) ? (
          <SessionRecordForm childId={childId} session={session} record={r} note={canNote ? note ?? null : undefined} team={team} onDone={() => setOpen(false)} />
        ) : null}
      </AppModal>
    </Stack>
  );
}

/** The list with this session's entry replaced (or added). */
function replaceOne<T extends { sessionId: string }>(list: readonly T[], saved: T): T[] {
  return list.some((x) => x.sessionId === saved.sessionId) ? list.map((x) => (x.sessionId === saved.sessionId ? saved : x)) : [...list, saved];
}

/** Who may be marked as attending: the people invited, the family, and whoever ran it. */
function attendanceCandidates(session: Session, team: TeamMember[]): TeamMember[] {
  const invited = new Set(session.invitees.map((i) => i.userId));
  return team.filter((m) => m.userId === session.createdBy || invited.has(m.userId) || m.role === 'guardian' || m.role === 'caregiver');
}

function SessionRecordForm({ childId, session, record, note, team, onDone }: {
  childId: string;
  session: Session;
  record: SessionRecord;
  /** undefined: the writer may not see the note at all. */
  note: ClinicalNote['note'] | undefined;
  team: TeamMember[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const practice = useQuery(practiceQuery(childId));
  const strategies = useQuery(childStrategiesQuery(childId));
  const original = record.summary?.text ?? { workedOn: '', wentWell: '', toPractise: '' };
  const [attendees, setAttendees] = useState<string[]>(record.attendees ?? []);
  const [text, setText] = useState(original);
  const [practiceIds, setPracticeIds] = useState<string[]>(record.summary?.practiceItems.map((p) => p.id) ?? []);
  const [strategyIds, setStrategyIds] = useState<string[]>(record.summary?.strategies.map((s) => s.id) ?? []);
  const [noteText, setNoteText] = useState(note?.text ?? '');
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);

  const candidates = attendanceCandidates(session, team);
  const practiceOptions = (practice.data?.items ?? []).filter((i) => i.status === 'active' || practiceIds.includes(i.id)).map((i) => ({ value: i.id, label: i.title }));
  const strategyOptions = (strategies.data?.strategies ?? []).map((s) => ({ value: s.id, label: strategyNameFor(s.strategy, i18n.language) }));

  async function submit() {
    const hasText = SUMMARY_FIELDS.some((f) => text[f].trim() !== '');
    if (!hasText && attendees.length === 0 && noteText.trim() === '') {
      setEmpty(true);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const saved = await saveSessionRecord(childId, session.id, {
        attendees, ...text, practiceItemIds: practiceIds, strategyIds, ...(record.version !== null ? { expectedVersion: record.version } : {}),
      });
      queryClient.setQueriesData<SessionRecordList>({ queryKey: recordKeys.records(childId) }, (list) => list && { records: replaceOne(list.records, saved) });
      if (note !== undefined && noteText.trim() !== '' && noteText.trim() !== (note?.text ?? '')) {
        const savedNote = await saveClinicalNote(childId, session.id, { text: noteText.trim(), ...(note ? { expectedVersion: note.version } : {}) });
        queryClient.setQueriesData<ClinicalNoteList>({ queryKey: recordKeys.notes(childId) }, (list) => list && { notes: replaceOne(list.notes, savedNote) });
      }
      toast(t(saved.summary && !record.summary ? 'sessionRecord.savedShared' : 'sessionRecord.saved'));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        <ErrorAlert error={error} />
        {candidates.length > 0 ? (
          <Checkbox.Group label={t('sessionRecord.attendance')} description={t('sessionRecord.attendanceHint')} value={attendees} onChange={setAttendees}>
            <Stack gap={8} mt={6}>
              {candidates.map((m) => (
                <Checkbox key={m.userId} value={m.userId} label={m.name} />
              ))}
            </Stack>
          </Checkbox.Group>
        ) : null}
        <Stack gap="sm" component="fieldset" className="session-record-fieldset">
          <Text component="legend" fw={650}>{t('sessionRecord.summaryTitle')}</Text>
          <Text size="sm" c="dimmed">{t('sessionRecord.summaryHint')}</Text>
          {SUMMARY_FIELDS.map((f, i) => (
            <Textarea
              key={f}
              label={t(`sessionRecord.${f}`)}
              autosize
              minRows={2}
              maxLength={2000}
              value={text[f]}
              data-autofocus={i === 0 ? true : undefined}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setText((old) => ({ ...old, [f]: value }));
                setEmpty(false);
              }}
            />
          ))}
          {practiceOptions.length > 0 ? (
            <MultiSelect label={t('sessionRecord.practiceItems')} placeholder={practiceIds.length === 0 ? t('sessionRecord.pickNone') : undefined} data={practiceOptions} value={practiceIds} onChange={setPracticeIds} maxValues={12} clearable />
          ) : null}
          {strategyOptions.length > 0 ? (
            <MultiSelect label={t('sessionRecord.strategies')} placeholder={strategyIds.length === 0 ? t('sessionRecord.pickNone') : undefined} data={strategyOptions} value={strategyIds} onChange={setStrategyIds} maxValues={12} clearable />
          ) : null}
        </Stack>
        {note !== undefined ? (
          <Paper withBorder radius="md" p="sm" className="session-private">
            <Stack gap={6}>
              <Group gap={6}>
                <IconLock size={16} aria-hidden />
                <Text fw={650} component="span">{t('sessionRecord.noteTitle')}</Text>
                <Badge color="dark" variant="light" size="sm">{t('sessionRecord.private')}</Badge>
              </Group>
              <Textarea
                label={t('sessionRecord.noteTitle')}
                labelProps={{ className: 'visually-hidden' }}
                description={t('sessionRecord.noteHint')}
                autosize
                minRows={3}
                maxLength={8000}
                value={noteText}
                onChange={(e) => {
                  setNoteText(e.currentTarget.value);
                  setEmpty(false);
                }}
              />
            </Stack>
          </Paper>
        ) : null}
        {empty ? (
          <Text size="sm" c="red.8" role="alert">{t('sessionRecord.emptySummary')}</Text>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>{t('sessionRecord.cancel')}</Button>
          <Button type="submit" loading={busy}>{t('sessionRecord.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
