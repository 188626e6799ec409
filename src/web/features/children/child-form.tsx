import { Button, Checkbox, Group, Paper, Radio, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Child, ContactChannel, CreateChildRequest, TherapyType } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { TimeZoneSelect } from '../../components/time-zone-select.tsx';
import { THERAPY_TYPES, therapyTypeLabel } from '../../lib/roles.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';

export interface ChildFormValues {
  [key: string]: unknown;
  firstName: string;
  lastName: string;
  birthDate: string;
  pronouns: string;
  therapyTypes: TherapyType[];
  languages: string;
  cultureValues: string;
  routines: string;
  motivators: string;
  contactChannel: ContactChannel;
  contactHours: string;
  timeZone: string;
}

export function childFormValues(child: Child | null, defaultTimeZone: string): ChildFormValues {
  return {
    firstName: child?.firstName ?? '',
    lastName: child?.lastName ?? '',
    birthDate: child?.birthDate?.slice(0, 10) ?? '',
    pronouns: child?.pronouns ?? '',
    therapyTypes: child ? [...child.therapyTypes] : [],
    languages: child ? child.profile.languages.join(', ') : '',
    cultureValues: child?.profile.cultureValues ?? '',
    routines: child?.profile.routines ?? '',
    motivators: child?.profile.motivators ?? '',
    contactChannel: child?.profile.contactChannel ?? 'in_app',
    contactHours: child?.profile.contactHours ?? '',
    timeZone: child?.profile.timeZone || defaultTimeZone,
  };
}

/** The request body; a cleared birth date is sent as null only when editing. */
export function childRequest(values: ChildFormValues): CreateChildRequest & { birthDate?: string } {
  const languages = values.languages
    .split(/[,;\n]/u)
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    firstName: values.firstName.trim(),
    lastName: values.lastName.trim(),
    ...(values.birthDate ? { birthDate: values.birthDate } : {}),
    pronouns: values.pronouns.trim(),
    therapyTypes: values.therapyTypes,
    profile: {
      languages,
      cultureValues: values.cultureValues.trim(),
      routines: values.routines.trim(),
      motivators: values.motivators.trim(),
      contactChannel: values.contactChannel,
      contactHours: values.contactHours.trim(),
      timeZone: values.timeZone,
    },
  };
}

interface ChildFormProps {
  initialValues: ChildFormValues;
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: ChildFormValues) => Promise<unknown>;
  onCancel?: () => void;
  /** More of the form after the child's details (the new child's therapists). */
  extra?: ReactNode;
}

export function ChildForm({ initialValues, submitLabel, pending, onSubmit, onCancel, extra }: ChildFormProps) {
  const { t } = useTranslation();
  const form = useForm<ChildFormValues>({
    initialValues,
    validate: { firstName: required(t), lastName: required(t) },
  });
  const serverError = useServerError(form);
  const name = form.values.firstName.trim() || t('childForm.theChild');

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        serverError.clear();
        onSubmit(values).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="lg">
        <ErrorAlert error={serverError.error} />
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg">
          <fieldset className="form-section">
            <legend>{t('childForm.aboutChild')}</legend>
            <Stack gap="md">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <TextInput label={t('childForm.firstName')} required autoComplete="off" {...form.getInputProps('firstName')} />
                <TextInput label={t('childForm.lastName')} required autoComplete="off" {...form.getInputProps('lastName')} />
                <TextInput label={t('childForm.birthDate')} type="date" {...form.getInputProps('birthDate')} />
                <TextInput
                  label={t('childForm.pronouns')}
                  description={t('childForm.pronounsHint')}
                  {...form.getInputProps('pronouns')}
                />
              </SimpleGrid>
              <Checkbox.Group label={t('childForm.therapyTypes')} {...form.getInputProps('therapyTypes')}>
                <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="sm" mt="xs">
                  {THERAPY_TYPES.map((type) => (
                    <Checkbox key={type} value={type} label={therapyTypeLabel(type, t)} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            </Stack>
          </fieldset>
        </Paper>
        {extra}

        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg">
          <fieldset className="form-section">
            <legend>{t('childForm.familyProfile')}</legend>
            <Stack gap="md">
              <TextInput
                label={t('childForm.languages')}
                description={t('childForm.languagesHint')}
                {...form.getInputProps('languages')}
              />
              <Textarea
                label={t('childForm.cultureValues')}
                description={t('childForm.cultureValuesHint')}
                {...form.getInputProps('cultureValues')}
              />
              <Textarea
                label={t('childForm.routines')}
                description={t('childForm.routinesHint')}
                {...form.getInputProps('routines')}
              />
              <Textarea
                label={t('childForm.motivators', { name })}
                description={t('childForm.motivatorsHint')}
                {...form.getInputProps('motivators')}
              />
            </Stack>
          </fieldset>
        </Paper>

        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg">
          <fieldset className="form-section">
            <legend>{t('childForm.contact')}</legend>
            <Stack gap="md">
              <Radio.Group label={t('childForm.contactChannel')} {...form.getInputProps('contactChannel')}>
                <Group gap="lg" mt="xs">
                  <Radio value="in_app" label={t('childForm.channelInApp')} />
                  <Radio value="email" label={t('childForm.channelEmail')} />
                  <Radio value="sms" label={t('childForm.channelSms')} />
                </Group>
              </Radio.Group>
              <TextInput
                label={t('childForm.contactHours')}
                description={t('childForm.contactHoursHint')}
                {...form.getInputProps('contactHours')}
              />
              <TimeZoneSelect
                label={t('childForm.timeZone')}
                {...form.getInputProps('timeZone')}
                value={form.values.timeZone}
              />
            </Stack>
          </fieldset>
        </Paper>

        <Group justify="flex-end" gap="sm">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
