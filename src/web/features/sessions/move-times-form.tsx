import { Button, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { formatDuration } from '../../lib/format.ts';
import { todayIn } from '../milestones/milestones.api.ts';
import type { LocalSlot } from './session-moves.api.ts';

/** The wall-clock time now in a zone, "HH:MM". */
function nowTimeIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(11, 16);
  }
}

type SlotErrors = { date?: string; time?: string };

interface MoveTimesFormProps {
  /** How many times may be given (1 for the therapist's offer, 3 for a family). */
  max: number;
  timeZone: string;
  durationMinutes: number;
  submit: string;
  pending: boolean;
  error: unknown;
  onSubmit: (slots: LocalSlot[]) => void;
  onCancel: () => void;
}

/**
 * One to `max` date-and-time pickers on the reader's own clock, each checked before sending: filled
 * in, still to come, and not the same time twice.
 */
export function MoveTimesForm({ max, timeZone, durationMinutes, submit, pending, error, onSubmit, onCancel }: MoveTimesFormProps) {
  const { t } = useTranslation();
  const today = todayIn(timeZone);
  const [slots, setSlots] = useState<LocalSlot[]>([{ date: '', time: '' }]);
  const [errors, setErrors] = useState<SlotErrors[]>([]);

  function validate(): SlotErrors[] {
    const now = `${today}T${nowTimeIn(timeZone)}`;
    return slots.map((s, i) => {
      if (s.date === '') return { date: t('validation.required') };
      if (s.time === '') return { time: t('validation.required') };
      if (`${s.date}T${s.time}` <= now) return { time: t('sessionMoves.form.past') };
      if (slots.findIndex((o) => o.date === s.date && o.time === s.time) !== i) return { time: t('sessionMoves.form.twice') };
      return {};
    });
  }

  const set = (i: number, change: Partial<LocalSlot>) => {
    setSlots((old) => old.map((s, j) => (j === i ? { ...s, ...change } : s)));
    setErrors((old) => old.map((e, j) => (j === i ? {} : e)));
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found = validate();
        setErrors(found);
        const first = found.findIndex((x) => x.date ?? x.time);
        if (first >= 0) {
          const field = found[first]?.date ? 'date' : 'time';
          document.getElementById(`move-${field}-${first}`)?.focus();
          return;
        }
        onSubmit(slots);
      }}
    >
      <Stack gap="md">
        <ErrorAlert error={error} />
        <Text size="sm" c="dimmed">
          {t('sessionMoves.form.hint', { zone: timeZone, length: formatDuration(durationMinutes / 60) })}
        </Text>
        {slots.map((s, i) => (
          <Fieldset key={i} legend={max > 1 ? t('sessionMoves.form.choice', { n: i + 1 }) : t('sessionMoves.form.offerLegend')} radius="md" p="sm">
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                id={`move-date-${i}`}
                label={t('sessionMoves.form.date')}
                type="date"
                required
                min={today}
                w={170}
                value={s.date}
                error={errors[i]?.date}
                onChange={(e) => set(i, { date: e.currentTarget.value })}
                data-autofocus={i === 0 ? true : undefined}
              />
              <TextInput
                id={`move-time-${i}`}
                label={t('sessionMoves.form.time')}
                type="time"
                required
                w={150}
                value={s.time}
                error={errors[i]?.time}
                onChange={(e) => set(i, { time: e.currentTarget.value })}
              />
              {slots.length > 1 ? (
                <Button
                  variant="subtle"
                  color="gray"
                  leftSection={<IconTrash size={16} aria-hidden />}
                  aria-label={t('sessionMoves.form.removeN', { n: i + 1 })}
                  onClick={() => {
                    setSlots((old) => old.filter((_, j) => j !== i));
                    setErrors((old) => old.filter((_, j) => j !== i));
                  }}
                >
                  {t('sessionMoves.form.remove')}
                </Button>
              ) : null}
            </Group>
          </Fieldset>
        ))}
        {slots.length < max ? (
          <Group>
            <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setSlots((old) => [...old, { date: '', time: '' }])}>
              {t('sessionMoves.form.add')}
            </Button>
          </Group>
        ) : null}
        <FormActions submit={submit} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
