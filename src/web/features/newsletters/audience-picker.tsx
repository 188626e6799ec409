import { NativeSelect, Radio, Stack, Text } from '@mantine/core';
import type { useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { THERAPY_TYPES, therapyTypeLabel } from '../../lib/roles.ts';

/** What `form.getInputProps(field)` gives a field. */
type InputProps = ReturnType<ReturnType<typeof useForm>['getInputProps']>;

interface AudiencePickerProps {
  /** The question, e.g. "Who receives it?". */
  label: string;
  /** The kinds of audience to choose from; with one only, nothing is asked. */
  options: readonly { value: string; label: string }[];
  /** The kind chosen now. */
  chosen: string;
  kindProps: InputProps;
  therapyTypeProps: InputProps;
  /** The fields of the kinds only this form offers (a therapist, chosen children), shown as their kind is chosen. */
  children?: ReactNode;
  /** The live "reaches N families" line (empty while it is not known). */
  recipients: string;
  testId: string;
}

/**
 * Who a clinic's mail or event reaches, as the newsletter and the family event forms ask it: a
 * kind of audience, the therapy type when that is the kind, the form's own fields, and how many
 * families it reaches now, announced politely as it changes.
 */
export function AudiencePicker({ label, options, chosen, kindProps, therapyTypeProps, children, recipients, testId }: AudiencePickerProps) {
  const { t } = useTranslation();
  return (
    <>
      {options.length > 1 ? (
        <Radio.Group label={label} {...kindProps}>
          <Stack gap="xs" mt="xs">
            {options.map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Stack>
        </Radio.Group>
      ) : null}
      {children}
      {chosen === 'therapy_type' ? (
        <NativeSelect
          label={t('newsletters.admin.therapyType')}
          maw={360}
          data={THERAPY_TYPES.map((type) => ({ value: type, label: therapyTypeLabel(type, t) }))}
          {...therapyTypeProps}
        />
      ) : null}
      <Text size="sm" fw={500} aria-live="polite" data-testid={testId}>
        {recipients}
      </Text>
    </>
  );
}
