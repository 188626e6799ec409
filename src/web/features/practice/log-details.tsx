import { Button, Group, NumberInput, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconMoodEmpty, IconMoodHappy, IconMoodSad, IconMoodSmile, IconMoodSmileBeam } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// How a logged practice went: the faces, the minutes and a note, asked once the log is in (log-buttons.tsx).

const FACES: { value: 1 | 2 | 3 | 4 | 5; icon: ReactNode }[] = [
  { value: 1, icon: <IconMoodSad size={28} aria-hidden /> },
  { value: 2, icon: <IconMoodEmpty size={28} aria-hidden /> },
  { value: 3, icon: <IconMoodSmile size={28} aria-hidden /> },
  { value: 4, icon: <IconMoodHappy size={28} aria-hidden /> },
  { value: 5, icon: <IconMoodSmileBeam size={28} aria-hidden /> },
];

/** The 1–5 face scale: five big buttons, one pressed. */
function FaceScale({ value, onChange, label }: { value: number | null; onChange: (v: number | null) => void; label: string }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={label} className="face-scale">
      {FACES.map((f) => (
        <UnstyledButton
          key={f.value}
          className="face-button"
          aria-pressed={value === f.value}
          aria-label={t('practice.faces.label', { value: f.value, name: t(`practice.faces.${f.value}`) })}
          title={t(`practice.faces.${f.value}`)}
          onClick={() => onChange(value === f.value ? null : f.value)}
        >
          {f.icon}
        </UnstyledButton>
      ))}
    </div>
  );
}

interface LogDetailsProps {
  face: number | null;
  onFace: (face: number | null) => void;
  minutes: string | number;
  onMinutes: (minutes: string | number) => void;
  note: string;
  onNote: (note: string) => void;
  busy: boolean;
  onSend: () => void;
}

export function LogDetails({ face, onFace, minutes, onMinutes, note, onNote, busy, onSend }: LogDetailsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm">{t('practice.log.howItWent')}</Text>
      <FaceScale value={face} onChange={onFace} label={t('practice.log.howItWent')} />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NumberInput label={t('practice.log.minutes')} min={0} max={600} allowDecimal={false} value={minutes} onChange={onMinutes} w={130} />
        <Textarea label={t('practice.log.note')} autosize minRows={1} maxLength={1000} value={note} onChange={(e) => onNote(e.currentTarget.value)} style={{ flex: '1 1 200px' }} />
      </Group>
      <Group justify="flex-end">
        <Button variant="light" loading={busy} disabled={face === null && minutes === '' && note.trim() === ''} onClick={onSend}>
          {t('practice.log.addDetails')}
        </Button>
      </Group>
    </>
  );
}
