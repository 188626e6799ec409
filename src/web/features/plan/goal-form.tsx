import { Alert, Button, Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CreateGoalRequest, Goal, GoalArea, MeasureKind, Setting } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';
import { PriorityField } from './segmented-field.tsx';
import { AREAS, MEASURES, SETTINGS, areaLabel, measureLabel, settingLabel } from './plan-text.ts';

interface GoalValues {
  [key: string]: unknown;
  area: GoalArea;
  statement: string;
  measure: MeasureKind;
  unit: string;
  baseline: number | string;
  target: number | string;
  lowerIsBetter: boolean;
  targetDate: string;
  settings: Setting[];
  priority: string;
  whyItMatters: string;
}

const FIELDS = ['area', 'statement', 'measure', 'unit', 'baseline', 'target', 'lowerIsBetter', 'targetDate', 'settings', 'priority', 'whyItMatters'];

function valuesOf(goal: Goal | null): GoalValues {
  // A family's suggestion has a placeholder measure until the therapist chooses one.
  const suggestion = goal?.status === 'suggested';
  return {
    area: goal?.area ?? 'communication',
    statement: goal?.statement ?? '',
    measure: goal && !suggestion ? goal.measure : 'percent',
    unit: goal?.unit ?? '',
    baseline: goal && !suggestion ? (goal.baseline ?? '') : '',
    target: goal && !suggestion ? goal.target : '',
    lowerIsBetter: goal?.lowerIsBetter ?? false,
    targetDate: goal?.targetDate ?? '',
    settings: goal && !suggestion ? [...goal.settings] : ['therapy', 'home'],
    priority: String(goal?.priority ?? 2),
    whyItMatters: goal?.whyItMatters ?? '',
  };
}

function asNumber(value: number | string): number | null {
  if (value === '' || value === null) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function goalRequest(v: GoalValues): CreateGoalRequest {
  const yesNo = v.measure === 'yes_no';
  return {
    area: v.area,
    statement: v.statement.trim(),
    measure: v.measure,
    unit: v.unit.trim(),
    baseline: yesNo ? null : asNumber(v.baseline),
    target: yesNo ? 1 : (asNumber(v.target) ?? 0),
    lowerIsBetter: (v.measure === 'count' || v.measure === 'duration') && v.lowerIsBetter,
    targetDate: v.targetDate || null,
    settings: v.settings,
    priority: Number(v.priority),
    whyItMatters: v.whyItMatters.trim(),
  };
}

interface GoalFormProps {
  goal: Goal | null;
  childName: string;
  pending: boolean;
  onSubmit: (body: CreateGoalRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** The therapist's goal: new, a family suggestion written up, or a revision of an existing goal. */
export function GoalForm({ goal, childName, pending, onSubmit, onCancel }: GoalFormProps) {
  const { t } = useTranslation();
  const form = useForm<GoalValues>({
    initialValues: valuesOf(goal),
    // The target's message is about the start too: it goes when either of them changes.
    onValuesChange: (values, previous) => {
      if (values.baseline !== previous.baseline || values.lowerIsBetter !== previous.lowerIsBetter || values.measure !== previous.measure) {
        form.clearFieldError('target');
      }
    },
    validate: {
      statement: required(t),
      target: (value, values) => {
        if (values.measure === 'yes_no') return null;
        const target = asNumber(value);
        if (target === null) return t('validation.required');
        const baseline = asNumber(values.baseline);
        if (baseline === null) return null;
        // The same rule the server keeps: a target lies beyond the start, in the direction that counts.
        const lower = (values.measure === 'count' || values.measure === 'duration') && values.lowerIsBetter;
        if (target === baseline) return t('plan.form.targetSame');
        if (lower && target > baseline) return t('plan.form.targetBelow');
        if (!lower && target < baseline) {
          return values.measure === 'count' || values.measure === 'duration' ? t('plan.form.targetAboveOrLess') : t('plan.form.targetAbove');
        }
        return null;
      },
      settings: (value) => (value.length === 0 ? t('plan.form.settingsRequired') : null),
    },
  });
  const serverError = useServerError(form, FIELDS);
  const measure = form.values.measure;
  const range = measure === 'percent' ? { min: 0, max: 100, suffix: '%' } : measure === 'rating' ? { min: 1, max: 5 } : { min: 0 };
  const backToFamily = goal !== null && (goal.status === 'agreed' || goal.status === 'changes_requested');

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        serverError.clear();
        onSubmit(goalRequest(values)).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        {backToFamily ? (
          <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('plan.form.backToFamily')}
          </Alert>
        ) : null}
        <ErrorAlert error={serverError.error} />
        <NativeSelect
          label={t('plan.form.area')}
          data={AREAS.map((a) => ({ value: a, label: areaLabel(a, t) }))}
          {...form.getInputProps('area')}
        />
        <Textarea
          label={t('plan.form.statement')}
          description={t('plan.form.statementHint', { name: childName })}
          required
          minRows={2}
          maxLength={300}
          data-autofocus
          {...form.getInputProps('statement')}
        />
        <NativeSelect
          label={t('plan.form.measure')}
          data={MEASURES.map((m) => ({ value: m, label: measureLabel(m, t) }))}
          {...form.getInputProps('measure')}
        />
        <TextInput
          label={t('plan.form.unit')}
          description={t('plan.form.unitHint')}
          maxLength={80}
          {...form.getInputProps('unit')}
        />
        {measure === 'yes_no' ? (
          <Text size="sm" c="dimmed">
            {t('plan.form.yesNoTarget')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 2 }} spacing="md">
            <NumberInput size="md" withAsterisk={false} label={t('plan.form.baseline')} description={t('plan.form.baselineHint')} allowNegative={false} {...range} {...form.getInputProps('baseline')} />
            <NumberInput size="md" withAsterisk={false} label={t('plan.form.target')} description={t('plan.form.targetHint')} required allowNegative={false} {...range} {...form.getInputProps('target')} />
          </SimpleGrid>
        )}
        {measure === 'count' || measure === 'duration' ? (
          <Checkbox
            label={t('plan.form.lowerIsBetter')}
            description={t('plan.form.lowerIsBetterHint')}
            {...form.getInputProps('lowerIsBetter', { type: 'checkbox' })}
          />
        ) : null}
        <TextInput label={t('plan.form.targetDate')} type="date" {...form.getInputProps('targetDate')} />
        <Checkbox.Group label={t('plan.form.settings')} description={t('plan.form.settingsHint')} {...form.getInputProps('settings')}>
          <Group gap="lg" mt="xs">
            {SETTINGS.map((s) => (
              <Checkbox key={s} value={s} label={settingLabel(s, t)} />
            ))}
          </Group>
        </Checkbox.Group>
        <PriorityField value={form.values.priority} onChange={(v) => form.setFieldValue('priority', v)} error={form.errors.priority} />
        <Textarea label={t('plan.form.why')} description={t('plan.form.whyHint')} maxLength={1000} {...form.getInputProps('whyItMatters')} />
        <FormActions submit={goal ? t('plan.form.saveRevision') : t('plan.form.create')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
