import { Button, Group, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { IconCheck, IconCloudUpload, IconMoodEmpty, IconMoodSad, IconMoodSmile, IconNote } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import type { ChildStrategy } from './strategies-api.ts';
import { HELPED, logStrategyUse, refreshStrategyUses, usePendingUse, type Helped } from './strategy-use-api.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';
import './strategy-use.css';

const ICONS: Record<Helped, ReactNode> = {
  yes: <IconMoodSmile size={22} aria-hidden />,
  a_bit: <IconMoodEmpty size={22} aria-hidden />,
  no: <IconMoodSad size={22} aria-hidden />,
};

/**
 * "Used it today" in two taps: the first opens "did it help?", the second answers it and logs it.
 * A note can follow (sent as the reader's newer word for the day); another answer changes it.
 * Without signal the log waits on the phone and goes out when the connection returns.
 */
export function UseLog({ childId, item, today }: { childId: string; item: ChildStrategy; today: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const pending = usePendingUse(childId, item.id, today);
  const word = pending ?? item.myToday;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<Helped | 'note' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const name = strategyNameFor(item.strategy, i18n.language);

  async function send(helped: Helped, withNote: string) {
    setError(null);
    setBusy(withNote ? 'note' : helped);
    try {
      const label = t('strategyUse.outboxLabel', { name, answer: t(`strategyUse.answer.${helped}`) });
      const res = await logStrategyUse(childId, item.id, { date: today, helped, note: withNote }, label);
      if (withNote) {
        setNoteOpen(false);
        setNote('');
      }
      if (!res.queued) await refreshStrategyUses(queryClient, childId);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  if (!word && !open) {
    return (
      <Group gap="sm" className="no-print">
        <Button
          variant="light"
          className="use-open"
          leftSection={<IconCheck size={20} aria-hidden />}
          aria-label={t('strategyUse.usedTodayLabel', { name })}
          onClick={() => setOpen(true)}
        >
          {t('strategyUse.usedToday')}
        </Button>
      </Group>
    );
  }

  return (
    <Stack gap="xs" className="use-log no-print">
      <Text size="sm" fw={600} role="status">
        {word ? (
          pending ? (
            <Group gap={6} component="span" wrap="nowrap">
              <IconCloudUpload size={18} aria-hidden />
              {t('strategyUse.queued', { answer: t(`strategyUse.answer.${word.helped}`) })}
            </Group>
          ) : (
            t('strategyUse.saved', { answer: t(`strategyUse.answer.${word.helped}`) })
          )
        ) : (
          t('strategyUse.question')
        )}
      </Text>
      <SimpleGrid cols={3} spacing="xs" role="group" aria-label={t('strategyUse.questionLabel', { name })} className="use-answers">
        {HELPED.map((h) => {
          const chosen = word?.helped === h;
          return (
            <Button
              key={h}
              variant={chosen ? 'filled' : 'default'}
              className="use-answer"
              aria-pressed={chosen}
              loading={busy === h}
              disabled={busy !== null && busy !== h}
              onClick={() => void send(h, '')}
            >
              <span className="use-answer-label">
                {ICONS[h]}
                <span>{t(`strategyUse.helped.${h}`)}</span>
              </span>
            </Button>
          );
        })}
      </SimpleGrid>
      {word && word.note ? (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
          {t('strategyUse.yourNote', { note: word.note })}
        </Text>
      ) : null}
      {word && !noteOpen ? (
        <Button variant="subtle" size="compact-sm" className="use-note-open" leftSection={<IconNote size={16} aria-hidden />} onClick={() => setNoteOpen(true)}>
          {word.note ? t('strategyUse.changeNote') : t('strategyUse.addNote')}
        </Button>
      ) : null}
      {word && noteOpen ? (
        <Stack gap="xs">
          <Textarea
            label={t('strategyUse.noteLabel')}
            placeholder={t('strategyUse.notePlaceholder')}
            autosize
            minRows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setNoteOpen(false)}>
              {t('strategyUse.cancel')}
            </Button>
            <Button loading={busy === 'note'} disabled={note.trim() === ''} onClick={() => void send(word.helped, note.trim())}>
              {t('strategyUse.saveNote')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      <ErrorAlert error={error} />
    </Stack>
  );
}
