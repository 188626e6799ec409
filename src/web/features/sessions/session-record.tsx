import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconClipboardText, IconLock, IconPencil } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../api/types.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { formatWallClock, listFormat } from '../../lib/format.ts';
import { lazyLater } from '../../lib/lazy-later.ts';
import { useContentText } from '../translation/content-text.tsx';
import { TranslationsButton } from '../translation/content-translation.tsx';
import { recordKeys, SUMMARY_FIELDS, type ClinicalNote, type SessionRecord, type SessionSummary } from './session-record.api.ts';
import type { Session } from './sessions.api.ts';

// The form (its pickers bring Mantine's combobox and floating code) loads with its dialog, or once the page is idle.
const SessionRecordForm = lazyLater(() => import('./session-record-form.tsx').then((m) => m.SessionRecordForm));

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
