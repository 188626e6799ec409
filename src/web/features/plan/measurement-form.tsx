import { ActionIcon, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMinus, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import type { Goal, RecordMeasurementRequest, Setting } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';
import { zonedDate } from '../../../contract/format.ts';
import { formatValue, settingLabel } from './plan-text.ts';
import { SegmentedField } from './segmented-field.tsx';

interface MeasureValues {
  [key: string]: unknown;
  value: number | string;
  opportunities: number | string;
  day: 'today' | 'yesterday' | 'other';
  date: string;
  setting: Setting;
  note: string;
}

/**
 * A calendar date where the child lives, days ago, as YYYY-MM-DD: a measurement is of the child's
 * day, and the server checks its date against the child's time zone (so "today" is never refused
 * for being tomorrow there).
 */
export function childDate(timeZone: string, daysAgo = 0, now = new Date()): string {
  const [year = 0, month = 1, day = 1] = zonedDate(now, timeZone).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - daysAgo)).toISOString().slice(0, 10);
}

const num = (v: number | string): number | null => (v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : null);

interface MeasurementFormProps {
  goal: Goal;
  /** Where the child lives. */
  timeZone: string;
  settings: readonly Setting[];
  defaultSetting: Setting;
  pending: boolean;
  onSubmit: (body: RecordMeasurementRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** Quick entry on a phone: an input that fits what the goal measures, today by default, your own setting. */
export function MeasurementForm({ goal, timeZone, settings, defaultSetting, pending, onSubmit, onCancel }: MeasurementFormProps) {
  const localDate = (daysAgo: number) => childDate(timeZone, daysAgo);
  const { t } = useTranslation();
  const m = goal.measure;
  const form = useForm<MeasureValues>({
    initialValues: {
      value: m === 'count' || m === 'duration' ? 0 : '',
      opportunities: '',
      day: 'today',
      date: localDate(1),
      setting: defaultSetting,
      note: '',
    },
    validate: {
      value: (v) => (num(v) !== null ? null : m === 'rating' || m === 'yes_no' ? t('plan.measureForm.choose') : t('plan.measureForm.valueRequired')),
      opportunities: (v, values) => {
        if (m !== 'percent') return null;
        const chances = num(v);
        const done = num(values.value);
        if (chances === null || chances < 1) return t('plan.measureForm.chancesRequired');
        return done !== null && done > chances ? t('plan.measureForm.moreThanChances') : null;
      },
      date: (v, values) => (values.day === 'other' && (v === '' || v > localDate(0)) ? t('plan.measureForm.dateInvalid') : null),
    },
  });
  const serverError = useServerError(form, ['value', 'opportunities', 'date', 'setting', 'note']);
  const v = form.values;
  const done = num(v.value);
  const chances = num(v.opportunities);
  const percent = m === 'percent' && done !== null && chances ? Math.round((done / chances) * 100) : null;

  const stepper = (label: string, unit?: string) => {
    const current = num(v.value) ?? 0;
    return (
      <Group gap="sm" wrap="nowrap" align="flex-end">
        <ActionIcon
          size={48}
          variant="default"
          radius="xl"
          aria-label={t('plan.measureForm.less')}
          onClick={() => form.setFieldValue('value', Math.max(0, current - 1))}
        >
          <IconMinus aria-hidden />
        </ActionIcon>
        <NumberInput size="md" withAsterisk={false}
          label={label}
          min={0}
          allowNegative={false}
          allowDecimal={m === 'duration'}
          hideControls
          inputMode={m === 'duration' ? 'decimal' : 'numeric'}
          style={{ flex: 1 }}
          rightSection={unit ? <Text size="sm" c="dimmed" pe="sm">{unit}</Text> : undefined}
          rightSectionWidth={unit ? 60 : undefined}
          data-autofocus
          {...form.getInputProps('value')}
        />
        <ActionIcon
          size={48}
          variant="default"
          radius="xl"
          aria-label={t('plan.measureForm.more')}
          onClick={() => form.setFieldValue('value', current + 1)}
        >
          <IconPlus aria-hidden />
        </ActionIcon>
      </Group>
    );
  };

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        serverError.clear();
        const value = m === 'percent' ? (percent ?? 0) : (num(values.value) ?? 0);
        const date = values.day === 'today' ? localDate(0) : values.day === 'yesterday' ? localDate(1) : values.date;
        onSubmit({
          value,
          ...(m === 'percent' ? { opportunities: num(values.opportunities) ?? 1 } : {}),
          date,
          setting: values.setting,
          note: values.note.trim(),
        }).catch((error: unknown) => {
          // "Today" here can be tomorrow where the child lives: show the date field, so its message is seen.
          if (isApiError(error, 'validation_failed') && JSON.stringify(error.details).includes('"date"')) {
            form.setValues({ day: 'other', date });
          }
          serverError.onError(error);
        });
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <blockquote className="plan-quote" dir="auto">{goal.statement}</blockquote>
        {goal.unit ? (
          <Text size="sm" c="dimmed">
            {t('plan.measureForm.unit', { unit: goal.unit })}
          </Text>
        ) : null}
        <ErrorAlert error={serverError.error} />

        {m === 'count' ? stepper(t('plan.measureForm.count')) : null}
        {m === 'duration' ? stepper(t('plan.measureForm.minutes'), t('plan.measureForm.minUnit')) : null}
        {m === 'percent' ? (
          <fieldset className="plan-fieldset">
            <legend>{t('plan.measureForm.percentLegend')}</legend>
            <Group gap="sm" wrap="nowrap" align="flex-start" mt={4}>
              <NumberInput size="md" withAsterisk={false}
                label={t('plan.measureForm.times')}
                min={0}
                allowNegative={false}
                allowDecimal={false}
                inputMode="numeric"
                style={{ flex: 1 }}
                data-autofocus
                {...form.getInputProps('value')}
              />
              <Text mt={34} aria-hidden>
                {t('plan.measureForm.of')}
              </Text>
              <NumberInput size="md" withAsterisk={false}
                label={t('plan.measureForm.chances')}
                min={1}
                allowNegative={false}
                allowDecimal={false}
                inputMode="numeric"
                style={{ flex: 1 }}
                {...form.getInputProps('opportunities')}
              />
            </Group>
            <Text size="sm" mt={6} aria-live="polite">
              {percent !== null && chances ? formatValue('percent', percent, t, chances) : t('plan.measureForm.percentHint')}
            </Text>
          </fieldset>
        ) : null}
        {m === 'rating' ? (
          <SegmentedField
            label={t('plan.measureForm.rating')}
            description={t('plan.measureForm.ratingHint')}
            value={String(v.value)}
            onChange={(value) => form.setFieldValue('value', Number(value))}
            error={form.errors.value}
            data={['1', '2', '3', '4', '5'].map((r) => ({ value: r, label: r }))}
          />
        ) : null}
        {m === 'yes_no' ? (
          <SegmentedField
            label={t('plan.measureForm.yesNo')}
            value={String(v.value)}
            onChange={(value) => form.setFieldValue('value', Number(value))}
            error={form.errors.value}
            data={[
              { value: '1', label: t('plan.yes') },
              { value: '0', label: t('plan.no') },
            ]}
          />
        ) : null}

        <SegmentedField
          label={t('plan.measureForm.when')}
          value={v.day}
          onChange={(value) => form.setFieldValue('day', value === 'yesterday' || value === 'other' ? value : 'today')}
          data={[
            { value: 'today', label: t('plan.measureForm.today') },
            { value: 'yesterday', label: t('plan.measureForm.yesterday') },
            { value: 'other', label: t('plan.measureForm.otherDay') },
          ]}
        />
        {v.day === 'other' ? (
          <TextInput label={t('plan.measureForm.date')} type="date" max={localDate(0)} {...form.getInputProps('date')} />
        ) : null}
        {settings.length > 1 ? (
          <SegmentedField
            label={t('plan.measureForm.where')}
            value={v.setting}
            onChange={(value) => form.setFieldValue('setting', settings.find((s) => s === value) ?? defaultSetting)}
            error={form.errors.setting}
            data={settings.map((s) => ({ value: s, label: settingLabel(s, t) }))}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('plan.measureForm.at', { setting: settingLabel(v.setting, t) })}
          </Text>
        )}
        <TextInput label={t('plan.measureForm.note')} maxLength={500} {...form.getInputProps('note')} />
        <FormActions submit={t('plan.measureForm.save')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
