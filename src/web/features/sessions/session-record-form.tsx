import { Badge, Button, Checkbox, Group, MultiSelect, Paper, Stack, Text, Textarea } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { toast } from '../../lib/toast.ts';
import { practiceQuery } from '../practice/practice.api.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';
import { childStrategiesQuery } from '../strategies/strategies-api.ts';
import {
  recordKeys, saveClinicalNote, saveSessionRecord, SUMMARY_FIELDS, type ClinicalNote, type ClinicalNoteList, type SessionRecord, type SessionRecordList,
} from './session-record.api.ts';
import type { Session } from './sessions.api.ts';

/** The list with this session's entry replaced (or added). */
function replaceOne<T extends { sessionId: string }>(list: readonly T[], saved: T): T[] {
  return list.some((x) => x.sessionId === saved.sessionId) ? list.map((x) => (x.sessionId === saved.sessionId ? saved : x)) : [...list, saved];
}

/** Who may be marked as attending: the people invited, the family, and whoever ran it. */
function attendanceCandidates(session: Session, team: TeamMember[]): TeamMember[] {
  const invited = new Set(session.invitees.map((i) => i.userId));
  return team.filter((m) => m.userId === session.createdBy || invited.has(m.userId) || m.role === 'guardian' || m.role === 'caregiver');
}

/** Recording a past session: who attended, the family summary, and (with the permission) the private note. */
export function SessionRecordForm({ childId, session, record, note, team, onDone }: {
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
