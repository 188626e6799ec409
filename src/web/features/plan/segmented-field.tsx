import { SegmentedControl, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface SegmentedFieldProps {
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  data: { value: string; label: string }[];
  error?: unknown;
}

/** A few big choices in a row (priority, a 1–5 rating, yes or no), named as one group of radios. */
export function SegmentedField({ label, description, value, onChange, data, error }: SegmentedFieldProps) {
  const id = useId();
  return (
    <fieldset className="plan-fieldset" aria-describedby={description ? `${id}-hint` : undefined}>
      <legend>{label}</legend>
      {description ? (
        <Text id={`${id}-hint`} size="sm" c="dimmed" mb={6}>
          {description}
        </Text>
      ) : null}
      <SegmentedControl fullWidth size="md" value={value} onChange={onChange} data={data} />
      {typeof error === 'string' && error ? (
        <Text c="red.8" size="sm" mt={4} role="alert">
          {error}
        </Text>
      ) : null}
    </fieldset>
  );
}

/** The family's priority, 1 (matters most) to 3. */
export function PriorityField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: unknown }) {
  const { t } = useTranslation();
  return (
    <SegmentedField
      label={t('plan.form.priority')}
      description={t('plan.form.priorityHint')}
      value={value}
      onChange={onChange}
      error={error}
      data={[
        { value: '1', label: t('plan.priority.1') },
        { value: '2', label: t('plan.priority.2') },
        { value: '3', label: t('plan.priority.3') },
      ]}
    />
  );
}
