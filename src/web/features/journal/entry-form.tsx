import { ActionIcon, Button, Checkbox, Chip, Group, Radio, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMinus, IconPlus } from '@tabler/icons-react';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';
import { todayIn } from '../milestones/milestones.api.ts';
import { addDays, nowIn, VISIBILITY_CHOICES, type CorrectJournalEntryRequest, type JournalContent, type JournalEntry, type JournalKind, type Visibility } from './journal.api.ts';
import { uploadUrl } from '../../../contract/upload-rules.ts';
import { MediaPicker } from '../uploads/media-picker.tsx';
import type { Attached } from '../uploads/uploads.api.ts';
import { Face, placeLabel, scaleWord, visibilityHint, visibilityLabel, type Scale } from './journal-text.tsx';

/** Every field of every kind, flat, so the server's refusals land under the right field. */
interface Values {
  [key: string]: unknown;
  before: string;
  behaviour: string;
  after: string;
  intensity: string;
  minutes: string;
  place: 'home' | 'school' | 'community';
  bedtime: string;
  wakeTime: string;
  nightWakings: number;
  rested: string;
  meals: string;
  newFoods: string;
  hard: string;
  mood: string;
  routineNote: string;
  text: string;
  day: 'today' | 'yesterday' | 'other';
  date: string;
  time: string;
  visibility: Visibility;
  photo: Attached | null;
  flagged: boolean;
}

const MINUTES = ['1', '5', '10', '20', '30'] as const;
/** How many days back an entry may be written (the server's limit). */
const DAYS_BACK = 14;

function initialValues(kind: JournalKind, child: Child, defaultVisibility: Visibility, lastSleep: { bedtime: string; wakeTime: string } | null, entry?: JournalEntry): Values {
  const today = todayIn(child.profile.timeZone);
  const base: Values = {
    before: '', behaviour: '', after: '', intensity: '3', minutes: '', place: 'home',
    bedtime: lastSleep?.bedtime ?? '20:00', wakeTime: lastSleep?.wakeTime ?? '07:00', nightWakings: 0, rested: '3',
    meals: '', newFoods: '', hard: '', mood: '3', routineNote: '', text: '',
    day: 'today', date: today, time: kind === 'behaviour' ? nowIn(child.profile.timeZone) : '', visibility: defaultVisibility, flagged: false,
    photo: null,
  };
  if (!entry) return base;
  const c = entry.content;
  const day = entry.date === today ? 'today' : entry.date === addDays(today, -1) ? 'yesterday' : 'other';
  const photo = entry.photoId ? { id: entry.photoId, url: uploadUrl(entry.childId, entry.photoId), kind: 'image' as const, pictureSize: entry.photoSize } : null;
  const values: Values = { ...base, day, date: entry.date, time: entry.time ?? '', visibility: entry.visibility, flagged: entry.flagged, photo };
  switch (c.kind) {
    case 'behaviour':
      return { ...values, before: c.before, behaviour: c.behaviour, after: c.after, intensity: String(c.intensity), minutes: c.minutes === null ? '' : String(Math.min(c.minutes, 30)), place: c.place };
    case 'sleep':
      return { ...values, bedtime: c.bedtime, wakeTime: c.wakeTime, nightWakings: c.nightWakings, rested: String(c.rested) };
    case 'eating':
      return { ...values, meals: c.meals, newFoods: c.newFoods, hard: c.hard };
    case 'mood':
      return { ...values, mood: String(c.mood), routineNote: c.routineNote };
    case 'win':
    case 'note':
      return { ...values, text: c.text };
  }
}

function contentOf(kind: JournalKind, v: Values, entry?: JournalEntry): JournalContent {
  switch (kind) {
    case 'behaviour': {
      // A correction that leaves the minutes chip alone keeps the exact minutes written before.
      const earlier = entry?.content.kind === 'behaviour' ? entry.content.minutes : null;
      const minutes = v.minutes === '' ? null : earlier !== null && earlier >= 30 && v.minutes === '30' ? earlier : Number(v.minutes);
      return { kind, before: v.before.trim(), behaviour: v.behaviour.trim(), after: v.after.trim(), intensity: Number(v.intensity), minutes, place: v.place };
    }
    case 'sleep':
      return { kind, bedtime: v.bedtime, wakeTime: v.wakeTime, nightWakings: v.nightWakings, rested: Number(v.rested) };
    case 'eating':
      return { kind, meals: v.meals.trim(), newFoods: v.newFoods.trim(), hard: v.hard.trim() };
    case 'mood':
      return { kind, mood: Number(v.mood), routineNote: v.routineNote.trim() };
    case 'win':
    case 'note':
      return { kind, text: v.text.trim() };
  }
}

/** A group of choices with a visible legend, for chips and segmented controls. */
function ChoiceGroup({ legend, hint, children }: { legend: string; hint?: string | undefined; children: ReactNode }) {
  return (
    <fieldset className="journal-fieldset">
      <legend className="journal-legend">{legend}</legend>
      {hint ? (
        <Text size="sm" c="dimmed" mb={6}>
          {hint}
        </Text>
      ) : null}
      {children}
    </fieldset>
  );
}

/** A 1–5 scale as big chips: a face (or the number) and a word for each. */
function ScaleChips({ scale, legend, value, onChange, faces }: { scale: Scale; legend: string; value: string; onChange: (v: string) => void; faces: boolean }) {
  const { t } = useTranslation();
  return (
    <ChoiceGroup legend={legend}>
      <Chip.Group value={value} onChange={(v) => onChange(String(v))}>
        <div className="journal-scale">
          {[1, 2, 3, 4, 5].map((n) => (
            <Chip key={n} value={String(n)} variant="outline" radius="md" icon={null} classNames={{ label: 'journal-scale-chip' }}>
              <span className="journal-scale-inner">
                {faces ? <Face value={n} size={26} /> : <span className="journal-scale-number">{n}</span>}
                <span className="journal-scale-word">{scaleWord(scale, n, t)}</span>
              </span>
            </Chip>
          ))}
        </div>
      </Chip.Group>
    </ChoiceGroup>
  );
}

function Stepper({ legend, value, onChange, max }: { legend: string; value: number; onChange: (v: number) => void; max: number }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <ChoiceGroup legend={legend}>
      <Group gap="md" wrap="nowrap">
        <ActionIcon size={48} radius="xl" variant="default" aria-label={t('journal.form.less')} aria-describedby={id} disabled={value <= 0} onClick={() => onChange(value - 1)}>
          <IconMinus size={22} aria-hidden />
        </ActionIcon>
        <Text id={id} fz={28} fw={700} miw={40} ta="center" aria-live="polite">
          {value}
        </Text>
        <ActionIcon size={48} radius="xl" variant="default" aria-label={t('journal.form.more')} aria-describedby={id} disabled={value >= max} onClick={() => onChange(value + 1)}>
          <IconPlus size={22} aria-hidden />
        </ActionIcon>
      </Group>
    </ChoiceGroup>
  );
}

interface EntryFormProps {
  kind: JournalKind;
  child: Child;
  defaultVisibility: Visibility;
  /** The last sleep entry's times, the best guess for tonight. */
  lastSleep: { bedtime: string; wakeTime: string } | null;
  /** Set when correcting: the form starts from the entry. */
  entry?: JournalEntry;
  pending: boolean;
  onSubmit: (body: CorrectJournalEntryRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** One short form per kind of entry: big choices, sensible defaults, a save button within reach. */
export function EntryForm({ kind, child, defaultVisibility, lastSleep, entry, pending, onSubmit, onCancel }: EntryFormProps) {
  const { t } = useTranslation();
  const name = child.firstName;
  const today = todayIn(child.profile.timeZone);
  const earliest = addDays(today, -DAYS_BACK);
  const form = useForm<Values>({
    initialValues: initialValues(kind, child, defaultVisibility, lastSleep, entry),
    validate: {
      behaviour: (v) => (kind === 'behaviour' && v.trim() === '' ? t('validation.required') : null),
      text: (v) => ((kind === 'win' || kind === 'note') && v.trim() === '' ? t('validation.required') : null),
      meals: (v, all) => (kind === 'eating' && v.trim() === '' && all.newFoods.trim() === '' && all.hard.trim() === '' ? t('journal.form.eatingEmpty') : null),
      date: (v) => (v === '' ? t('validation.required') : v > today ? t('journal.form.dateFuture') : v < earliest ? t('journal.form.dateTooOld', { count: DAYS_BACK }) : null),
      bedtime: (v) => (kind === 'sleep' && v === '' ? t('validation.required') : null),
      wakeTime: (v) => (kind === 'sleep' && v === '' ? t('validation.required') : null),
    },
  });
  const serverError = useServerError(form);
  const [sending, setSending] = useState(false);
  const v = form.getValues();
  const setDay = (day: string) => {
    form.setFieldValue('day', day as Values['day']);
    if (day === 'today') form.setFieldValue('date', today);
    if (day === 'yesterday') form.setFieldValue('date', addDays(today, -1));
  };

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        serverError.clear();
        const body: CorrectJournalEntryRequest = {
          content: contentOf(kind, values, entry),
          date: values.date,
          time: values.time === '' ? null : values.time,
          visibility: values.visibility,
          photoId: values.photo?.id ?? null,
          // Therapists cannot read an entry only for parents, so it cannot be flagged for them.
          flagged: values.visibility !== 'guardians' && values.flagged,
        };
        onSubmit(body).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="lg">
        <ErrorAlert error={serverError.error} />
        {kind === 'behaviour' ? (
          <>
            <Textarea label={t('journal.form.before')} autosize minRows={2} maxLength={1000} data-autofocus {...form.getInputProps('before')} />
            <Textarea label={t('journal.form.behaviour', { name })} autosize minRows={2} maxLength={1000} required {...form.getInputProps('behaviour')} />
            <Textarea label={t('journal.form.after')} autosize minRows={2} maxLength={1000} {...form.getInputProps('after')} />
            <ScaleChips scale="intensity" legend={t('journal.form.intensity')} value={v.intensity} onChange={(x) => form.setFieldValue('intensity', x)} faces={false} />
            <ChoiceGroup legend={t('journal.form.minutes')}>
              <Chip.Group value={v.minutes} onChange={(x) => form.setFieldValue('minutes', String(x))}>
                <Group gap="xs">
                  {MINUTES.map((m) => (
                    <Chip key={m} value={m} size="md" variant="outline" icon={null} classNames={{ label: 'journal-chip' }}>
                      {m === '30' ? t('journal.form.minutes30') : t('journal.form.minutesN', { count: Number(m) })}
                    </Chip>
                  ))}
                  <Chip value="" size="md" variant="outline" icon={null} classNames={{ label: 'journal-chip' }}>
                    {t('journal.form.minutesUnknown')}
                  </Chip>
                </Group>
              </Chip.Group>
            </ChoiceGroup>
            <ChoiceGroup legend={t('journal.form.place')}>
              <SegmentedControl
                fullWidth
                size="md"
                value={v.place}
                onChange={(x) => form.setFieldValue('place', x as Values['place'])}
                data={(['home', 'school', 'community'] as const).map((p) => ({ value: p, label: placeLabel(p, t) }))}
              />
            </ChoiceGroup>
          </>
        ) : null}
        {kind === 'sleep' ? (
          <>
            <Group grow gap="md" align="flex-start">
              <TextInput type="time" label={t('journal.form.bedtime')} required data-autofocus {...form.getInputProps('bedtime')} />
              <TextInput type="time" label={t('journal.form.wakeTime')} required {...form.getInputProps('wakeTime')} />
            </Group>
            <Stepper legend={t('journal.form.nightWakings')} value={v.nightWakings} max={20} onChange={(x) => form.setFieldValue('nightWakings', x)} />
            <ScaleChips scale="rested" legend={t('journal.form.rested', { name })} value={v.rested} onChange={(x) => form.setFieldValue('rested', x)} faces />
          </>
        ) : null}
        {kind === 'eating' ? (
          <>
            <Textarea label={t('journal.form.meals', { name })} autosize minRows={2} maxLength={1000} data-autofocus {...form.getInputProps('meals')} />
            <TextInput label={t('journal.form.newFoods')} maxLength={500} {...form.getInputProps('newFoods')} />
            <Textarea label={t('journal.form.hard')} autosize minRows={2} maxLength={1000} {...form.getInputProps('hard')} />
          </>
        ) : null}
        {kind === 'mood' ? (
          <>
            <ScaleChips scale="mood" legend={t('journal.form.mood', { name })} value={v.mood} onChange={(x) => form.setFieldValue('mood', x)} faces />
            <Textarea label={t('journal.form.routineNote')} description={t('journal.form.routineNoteHint')} autosize minRows={2} maxLength={1000} {...form.getInputProps('routineNote')} />
          </>
        ) : null}
        {kind === 'win' ? (
          <Textarea label={t('journal.form.win', { name })} autosize minRows={2} maxLength={1000} required data-autofocus {...form.getInputProps('text')} />
        ) : null}
        {kind === 'note' ? (
          <Textarea label={t('journal.form.note')} autosize minRows={3} maxLength={4000} required data-autofocus {...form.getInputProps('text')} />
        ) : null}

        <ChoiceGroup legend={kind === 'sleep' ? t('journal.form.nightOf') : t('journal.form.when')} hint={kind === 'sleep' ? t('journal.form.nightHint', { name }) : undefined}>
          <Stack gap="xs">
            <SegmentedControl
              size="md"
              fullWidth
              value={v.day}
              onChange={setDay}
              data={[
                { value: 'today', label: t('journal.form.today') },
                { value: 'yesterday', label: t('journal.form.yesterday') },
                { value: 'other', label: t('journal.form.otherDay') },
              ]}
            />
            {v.day === 'other' ? (
              <TextInput type="date" label={t('journal.form.date')} min={earliest} max={today} required {...form.getInputProps('date')} />
            ) : form.errors.date ? (
              <Text size="sm" c="red.8">{form.errors.date}</Text>
            ) : null}
            {kind === 'behaviour' ? <TextInput type="time" label={t('journal.form.time')} maw={200} {...form.getInputProps('time')} /> : null}
          </Stack>
        </ChoiceGroup>

        <ChoiceGroup legend={t('uploads.photoLegend')} hint={t('uploads.photoHint')}>
          <MediaPicker childId={child.id} purpose="journal_photo" label={t('uploads.photo')} value={v.photo} onChange={(photo) => form.setFieldValue('photo', photo)} onBusy={setSending} />
        </ChoiceGroup>

        <Radio.Group label={t('journal.form.whoSees')} {...form.getInputProps('visibility')}>
          <Stack gap="sm" mt="xs">
            {VISIBILITY_CHOICES.map((choice) => (
              <Radio key={choice} value={choice} label={visibilityLabel(choice, name, t)} description={visibilityHint(choice, t)} />
            ))}
          </Stack>
        </Radio.Group>

        <Checkbox
          size="md"
          label={t('notifications.flag.label')}
          description={form.getValues().visibility === 'guardians' ? t('notifications.flag.guardiansOnly') : t('notifications.flag.hint')}
          disabled={form.getValues().visibility === 'guardians'}
          {...form.getInputProps('flagged', { type: 'checkbox' })}
          checked={form.getValues().visibility !== 'guardians' && form.getValues().flagged}
        />

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} size="md">
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending || sending} size="md">
            {entry ? t('journal.form.saveCorrection') : t('journal.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
