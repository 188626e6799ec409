import { Button, Checkbox, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';
import {
  SETTINGS, libraryQuery, type AttachStrategyRequest, type ChildStrategy, type Goal, type Setting,
} from './strategies-api.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';

interface Values {
  [key: string]: unknown;
  strategyId: string;
  goalIds: string[];
  settings: Setting[];
  note: string;
}

interface AttachStrategyFormProps {
  childName: string;
  goals: Goal[];
  /** Strategies already on the child's list (not offered again). */
  attachedIds: readonly string[];
  /** Editing an attached strategy: the strategy itself is fixed. */
  current?: ChildStrategy;
  pending: boolean;
  onSubmit: (body: AttachStrategyRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** Pick a library strategy for the child, the goals it helps, who uses it, and a personal note. */
export function AttachStrategyForm({ childName, goals, attachedIds, current, pending, onSubmit, onCancel }: AttachStrategyFormProps) {
  const { t, i18n } = useTranslation();
  const library = useQuery({ ...libraryQuery({ q: '', setting: '' }), enabled: !current });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      strategyId: current?.strategy.id ?? '',
      goalIds: current?.goals.map((g) => g.id) ?? (goals.length === 1 && goals[0] ? [goals[0].id] : []),
      settings: current?.settings ?? ['home'],
      note: current?.note ?? '',
    },
    validate: {
      strategyId: (v) => (v ? null : t('strategies.support.pickStrategy')),
      goalIds: (v) => (v.length ? null : t('strategies.support.pickGoal')),
      settings: (v) => (v.length ? null : t('strategies.support.pickSetting')),
    },
  });
  const server = useServerError(form);
  const options = (library.data?.strategies ?? [])
    .filter((s) => !attachedIds.includes(s.id))
    .map((s) => ({ value: s.id, label: strategyNameFor(s, i18n.language) }));

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        server.clear();
        onSubmit({ strategyId: values.strategyId, goalIds: values.goalIds, settings: values.settings, note: values.note.trim() }).catch(server.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={server.error} />
        {current ? (
          <Text fw={650}>{strategyNameFor(current.strategy, i18n.language)}</Text>
        ) : (
          <Select
            size="md"
            label={t('strategies.support.strategy')}
            placeholder={t('strategies.support.strategyPlaceholder')}
            nothingFoundMessage={t('strategies.support.strategyNothing')}
            data={options}
            searchable
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('strategyId')}
            onChange={(v) => form.setFieldValue('strategyId', v ?? '')}
          />
        )}
        <Checkbox.Group label={t('strategies.support.goals')} {...form.getInputProps('goalIds')}>
          <Stack gap="xs" mt={6}>
            {goals.map((g) => (
              <Checkbox key={g.id} value={g.id} label={g.statement} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Checkbox.Group label={t('strategies.support.usedBy')} {...form.getInputProps('settings')}>
          <Group gap="lg" mt={6}>
            {SETTINGS.map((s) => (
              <Checkbox key={s} value={s} label={t(`strategies.support.groups.${s}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Textarea
          label={t('strategies.support.noteLabel')}
          placeholder={t('strategies.support.notePlaceholder')}
          autosize
          minRows={2}
          maxLength={500}
          {...form.getInputProps('note')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('strategies.form.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('strategies.support.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
