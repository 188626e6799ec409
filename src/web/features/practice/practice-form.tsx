import { ActionIcon, Alert, Button, Chip, Fieldset, Group, MultiSelect, NumberInput, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTargetArrow, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';
import { goalsQuery, todayIn } from '../milestones/milestones.api.ts';
import { statusLabel } from '../plan/plan-text.ts';
import type { CreatePracticeRequest, PracticeItem } from './practice.api.ts';
import { DEFAULT_SCHEDULE, WEEKDAYS, fromSchedule, toSchedule, type ScheduleMode, type Weekday } from './schedule-rule.ts';
import { weekdayName } from './schedule-text.ts';
import type { PracticePrefill } from './strategy-start.tsx';
import { uploadUrl } from '../../../contract/upload-rules.ts';
import { MediaPicker } from '../uploads/media-picker.tsx';
import type { Attached } from '../uploads/uploads.api.ts';
import './practice.css';

export interface PracticeValues {
  [key: string]: unknown;
  title: string;
  goalIds: string[];
  steps: string[];
  mode: ScheduleMode;
  days: Weekday[];
  timesPerWeek: number | string;
  interval: '1' | '2';
  minutes: number | string;
  startDate: string;
  endDate: string;
  watchFor: string;
  /** One picture (or none) per step, kept in step with `steps` as they move. */
  stepImages: (Attached | null)[];
  clip: Attached | null;
}

/** The form's first values: the item being changed, or a fresh item starting today. */
export function practiceValues(item: PracticeItem | null, today: string, prefill?: { title: string; steps: string[] }): PracticeValues {
  const schedule = item ? fromSchedule(item.schedule) : DEFAULT_SCHEDULE;
  const steps = item ? [...item.steps] : prefill ? [...prefill.steps] : [''];
  return {
    title: item?.title ?? prefill?.title ?? '',
    goalIds: item?.goalIds ?? [],
    steps,
    mode: schedule.mode,
    days: schedule.days,
    timesPerWeek: schedule.timesPerWeek,
    interval: schedule.interval === 2 ? '2' : '1',
    minutes: item?.minutes ?? 10,
    startDate: item?.startDate ?? today,
    endDate: item?.endDate ?? '',
    watchFor: item?.watchFor ?? '',
    stepImages: steps.map((_, i) => {
      const id = item?.stepImageIds[i];
      return item && id ? { id, url: uploadUrl(item.childId, id), kind: 'image' as const } : null;
    }),
    clip: item?.clipId && item.clipKind ? { id: item.clipId, url: uploadUrl(item.childId, item.clipId), kind: item.clipKind } : null,
  };
}

interface PracticeFormProps {
  child: Child;
  item: PracticeItem | null;
  pending: boolean;
  onSubmit: (body: CreatePracticeRequest) => Promise<unknown>;
  onCancel: () => void;
  /** Above the title: e.g. "start from a strategy". */
  top?: (setPrefill: (p: PracticePrefill) => void) => ReactNode;
}

/**
 * Assigning (or changing) home practice: a title, the goals it serves, numbered steps in plain
 * words, how often, about how long, from when to when, and what to watch for.
 */
export function PracticeForm({ child, item, pending, onSubmit, onCancel, top }: PracticeFormProps) {
  const { t } = useTranslation();
  const today = todayIn(child.profile.timeZone);
  const goals = useQuery(goalsQuery(child.id));
  const offered = (goals.data?.goals ?? []).filter((g) => g.status !== 'discontinued' || item?.goalIds.includes(g.id));
  // A goal the family has not agreed yet still shows, named as such, so practice can start beside it.
  const goalOptions = offered.map((g) => ({
    value: g.id,
    label: g.status === 'agreed' ? g.statement : t('practiceGoals.option', { statement: g.statement, status: statusLabel(g.status, t) }),
  }));
  const agreed = offered.filter((g) => g.status === 'agreed').length;
  const form = useForm<PracticeValues>({
    initialValues: practiceValues(item, today),
    validate: {
      title: required(t),
      steps: (steps) => (steps.some((s) => s.trim() !== '') ? null : t('practice.form.stepRequired')),
      days: (days, v) => (v.mode !== 'daily' && v.mode !== 'times' && days.length === 0 ? t('practice.form.daysRequired') : null),
      startDate: required(t),
      endDate: (end, v) => (end !== '' && end < v.startDate ? t('practice.form.endBeforeStart') : null),
    },
  });
  const serverError = useServerError(form, ['title', 'goalIds', 'steps', 'startDate', 'endDate', 'watchFor', 'minutes', 'days']);
  const v = form.values;
  const steps = form.values.steps;
  // Files still on their way: saving waits for them.
  const [sending, setSending] = useState(0);
  const onBusy = (busy: boolean) => setSending((n) => n + (busy ? 1 : -1));

  const moveStep = (from: number, to: number) => {
    form.reorderListItem('steps', { from, to });
    form.reorderListItem('stepImages', { from, to });
  };

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        serverError.clear();
        const schedule = toSchedule({
          mode: values.mode,
          days: values.days,
          timesPerWeek: Number(values.timesPerWeek) || 1,
          interval: values.interval === '2' ? 2 : 1,
        });
        const kept = values.steps.map((s, i) => ({ text: s.trim(), image: values.stepImages[i] ?? null })).filter((s) => s.text !== '');
        onSubmit({
          title: values.title.trim(),
          goalIds: values.goalIds,
          steps: kept.map((s) => s.text),
          stepImageIds: kept.map((s) => s.image?.id ?? null),
          clipId: values.clip?.id ?? null,
          schedule,
          minutes: typeof values.minutes === 'number' ? values.minutes : null,
          startDate: values.startDate,
          endDate: values.endDate === '' ? null : values.endDate,
          watchFor: values.watchFor.trim(),
        }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="lg">
        <ErrorAlert error={serverError.error} />
        {top?.((p) => {
          form.setFieldValue('title', p.title);
          form.setFieldValue('steps', p.steps.length > 0 ? p.steps : ['']);
          form.setFieldValue('stepImages', (p.steps.length > 0 ? p.steps : ['']).map(() => null));
          if (p.goalIds && p.goalIds.length > 0) form.setFieldValue('goalIds', p.goalIds);
        })}
        <TextInput label={t('practice.form.title')} placeholder={t('practice.form.titlePlaceholder')} maxLength={120} required data-autofocus {...form.getInputProps('title')} />
        {goalOptions.length > 0 ? (
          <MultiSelect
            label={t('practice.form.goals')}
            description={t('practice.form.goalsHint', { name: child.firstName })}
            placeholder={v.goalIds.length === 0 ? t('practice.form.goalsPlaceholder') : undefined}
            data={goalOptions}
            maxValues={10}
            clearable
            {...form.getInputProps('goalIds')}
          />
        ) : null}
        {goals.isSuccess && agreed === 0 ? (
          <Alert variant="light" color="yellow" icon={<IconTargetArrow size={18} aria-hidden />} data-testid="practice-no-agreed-goal">
            <Text size="sm">{t(offered.length === 0 ? 'practiceGoals.none' : 'practiceGoals.noneAgreed', { name: child.firstName })}</Text>
            <Link to="/children/$childId/plan" params={{ childId: child.id }} className="text-link">
              {t('practiceGoals.toPlan', { name: child.firstName })}
            </Link>
          </Alert>
        ) : null}

        <Fieldset legend={t('practice.form.steps')} variant="unstyled">
          <Text size="sm" c="dimmed" mb="xs">
            {t('practice.form.stepsHint')}
          </Text>
          <Stack gap="xs">
            {steps.map((_, i) => (
              // Steps have no identity of their own; their place in the list is what they are.
              <div className="step-row" key={i}>
                <span className="step-number" aria-hidden>
                  {i + 1}.
                </span>
                <Textarea
                  aria-label={t('practice.form.step', { number: i + 1 })}
                  autosize
                  minRows={1}
                  maxLength={500}
                  {...form.getInputProps(`steps.${i}`)}
                  error={i === 0 ? form.errors.steps : undefined}
                />
                <div className="step-tools">
                  <ActionIcon variant="subtle" size={44} aria-label={t('practice.form.moveUp', { number: i + 1 })} disabled={i === 0} onClick={() => moveStep(i, i - 1)}>
                    <IconArrowUp size={18} aria-hidden />
                  </ActionIcon>
                  <ActionIcon variant="subtle" size={44} aria-label={t('practice.form.moveDown', { number: i + 1 })} disabled={i === steps.length - 1} onClick={() => moveStep(i, i + 1)}>
                    <IconArrowDown size={18} aria-hidden />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" size={44} aria-label={t('practice.form.removeStep', { number: i + 1 })} disabled={steps.length === 1} onClick={() => {
                    form.removeListItem('steps', i);
                    form.removeListItem('stepImages', i);
                  }}>
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </div>
                <div className="step-media">
                  <MediaPicker childId={child.id} purpose="practice_image" label={t('uploads.stepPicture', { number: i + 1 })} value={v.stepImages[i] ?? null}
                    onChange={(image) => form.setFieldValue(`stepImages.${i}`, image)} onBusy={onBusy} />
                </div>
              </div>
            ))}
            <Button variant="light" leftSection={<IconPlus size={18} aria-hidden />} onClick={() => {
              form.insertListItem('steps', '');
              form.insertListItem('stepImages', null);
            }} disabled={steps.length >= 12} style={{ alignSelf: 'flex-start' }}>
              {t('practice.form.addStep')}
            </Button>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('uploads.clipLegend')} variant="unstyled">
          <Text size="sm" c="dimmed" mb="xs">
            {t('uploads.clipHint')}
          </Text>
          <MediaPicker childId={child.id} purpose="practice_clip" label={t('uploads.clip')} value={v.clip} onChange={(clip) => form.setFieldValue('clip', clip)} onBusy={onBusy} />
        </Fieldset>

        <Radio.Group
          label={t('practice.form.howOften')}
          {...form.getInputProps('mode')}
          onChange={(value) => {
            const mode = value as ScheduleMode;
            // "3 times a week" starts from any day; chosen days start from a typical Mon/Wed/Fri.
            if (mode === 'times' && v.mode !== 'times') form.setFieldValue('days', [...WEEKDAYS]);
            if (mode === 'days' && v.days.length === WEEKDAYS.length) form.setFieldValue('days', [...DEFAULT_SCHEDULE.days]);
            form.setFieldValue('mode', mode);
          }}
        >
          <Stack gap="xs" mt="xs">
            {(['daily', 'days', 'times'] as const).map((m) => (
              <Radio key={m} value={m} label={t(`practice.form.mode.${m}`)} size="md" />
            ))}
          </Stack>
        </Radio.Group>
        {v.mode !== 'daily' ? (
          <Stack gap="md" ps={{ base: 0, sm: 'lg' }}>
            {v.mode === 'times' ? (
              <NumberInput label={t('practice.form.times')} min={1} max={7} allowDecimal={false} w={160} {...form.getInputProps('timesPerWeek')} />
            ) : null}
            <Stack gap={6}>
              <Text size="sm" fw={500} id="practice-days-label">
                {v.mode === 'times' ? t('practice.form.allowedDays') : t('practice.form.days')}
              </Text>
              <Chip.Group multiple value={v.days} onChange={(days) => form.setFieldValue('days', WEEKDAYS.filter((d) => days.includes(d)))}>
                <div className="day-chips" role="group" aria-labelledby="practice-days-label">
                  {WEEKDAYS.map((d) => (
                    <Chip key={d} value={d} aria-label={weekdayName(d)}>
                      {weekdayName(d, 'short')}
                    </Chip>
                  ))}
                </div>
              </Chip.Group>
              {form.errors.days ? (
                <Text size="sm" c="red.8" role="alert">
                  {form.errors.days}
                </Text>
              ) : null}
            </Stack>
            <Radio.Group label={t('practice.form.repeat')} {...form.getInputProps('interval')}>
              <Group gap="lg" mt="xs">
                <Radio value="1" label={t('practice.form.every.1')} size="md" />
                <Radio value="2" label={t('practice.form.every.2')} size="md" />
              </Group>
            </Radio.Group>
          </Stack>
        ) : null}

        <Group gap="md" align="flex-start" wrap="wrap">
          <NumberInput label={t('practice.form.minutes')} min={1} max={180} allowDecimal={false} w={200} {...form.getInputProps('minutes')} />
          <TextInput label={t('practice.form.start')} type="date" required w={180} {...form.getInputProps('startDate')} />
          <TextInput label={t('practice.form.end')} type="date" min={v.startDate} w={180} {...form.getInputProps('endDate')} />
        </Group>
        <Textarea label={t('practice.form.watchFor')} description={t('practice.form.watchForHint')} autosize minRows={2} maxLength={1000} {...form.getInputProps('watchFor')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending || sending > 0}>
            {item ? t('practice.form.saveRevision') : t('practice.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
