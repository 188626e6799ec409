import {
  Button, Checkbox, Group, NativeSelect, NumberInput, Paper, Radio, SimpleGrid, Stack, Switch, Text, TextInput, Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS } from '../../../contract/event-values.ts';
import { childrenQuery } from '../../api/queries.ts';
import { AudiencePicker } from '../newsletters/audience-picker.tsx';
import { MarkdownEditor } from '../newsletters/markdown-editor.tsx';
import type { TherapyType } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { toast } from '../../lib/toast.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';
import { previewEvent, publishEvent, refreshEvent, updateEvent, type EventAudience, type FamilyEvent } from './events.api.ts';

interface EventValues {
  [key: string]: unknown;
  kind: (typeof EVENT_KINDS)[number];
  title: string;
  description: string;
  date: string;
  time: string;
  durationMinutes: number | string;
  place: 'address' | 'video';
  placeNote: string;
  audience: EventAudience['kind'];
  therapyType: TherapyType;
  childIds: string[];
  capacity: number | string;
  askInterpreter: boolean;
}

function initialValues(e: FamilyEvent | null): EventValues {
  const a = e?.audience ?? { kind: 'children', childIds: [] };
  const [date = '', time = ''] = e ? e.clinicStart.split('T') : [];
  return {
    kind: e?.kind ?? 'workshop', title: e?.title ?? '', description: e?.description ?? '', date, time: time || '17:00',
    durationMinutes: e?.durationMinutes ?? 60, place: e?.place ?? 'address', placeNote: e?.placeNote ?? '',
    audience: a.kind, therapyType: a.kind === 'therapy_type' ? a.therapyType : 'speech', childIds: a.kind === 'children' ? a.childIds : [],
    capacity: e?.capacity ?? '', askInterpreter: e?.askInterpreter ?? true,
  };
}

function audienceOf(v: EventValues): EventAudience | null {
  if (v.audience === 'all') return { kind: 'all' };
  if (v.audience === 'therapy_type') return { kind: 'therapy_type', therapyType: v.therapyType };
  return v.childIds.length > 0 ? { kind: 'children', childIds: v.childIds } : null;
}

interface EventFormProps {
  /** The event being changed; null to publish a new one. */
  event: FamilyEvent | null;
  /** The clinic's zone: the date and time are entered on its clock. */
  clinicTimeZone: string;
  /** An admin may invite all families or a therapy type's; a therapist chooses children of their caseload. */
  clinicWide: boolean;
  onDone: (saved: FamilyEvent | null) => void;
}

/** Publish or change a family event: what, when on the clinic's clock, where, for whom, how many. */
export function EventForm({ event, clinicTimeZone, clinicWide, onDone }: EventFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const children = useQuery(childrenQuery);
  // A therapist invites the families of their own caseload; an admin may choose any child of the clinic.
  const choosable = (children.data?.children ?? []).filter((c) => clinicWide || c.myRole === 'therapist');
  const [tab, setTab] = useState<string | null>('write');
  const form = useForm<EventValues>({
    initialValues: initialValues(event),
    validate: {
      title: required(t),
      description: required(t),
      date: required(t),
      time: required(t),
      durationMinutes: (v) => (typeof v === 'number' && v >= 15 && v <= 720 ? null : t('events.form.durationInvalid')),
      placeNote: (v, all) => (all.place === 'address' && !v.trim() ? t('events.form.addressRequired') : null),
      childIds: (v, all) => (all.audience === 'children' && v.length === 0 ? t('events.form.chooseChildren') : null),
      capacity: (v) => (v === '' || (typeof v === 'number' && v >= 1) ? null : t('events.form.capacityInvalid')),
    },
  });
  const values = form.getValues();
  const audience = audienceOf(values);
  const [debounced] = useDebouncedValue({ description: tab === 'preview' ? values.description : '', audience }, 300);
  const preview = useQuery({
    queryKey: ['family-events', 'preview', debounced],
    queryFn: () => (debounced.audience ? previewEvent(debounced.description, debounced.audience) : Promise.resolve(null)),
  });
  const serverError = useServerError(form, ['title', 'description', 'date', 'time', 'durationMinutes', 'placeNote', 'capacity', 'audience.childIds']);
  const save = useMutation({
    mutationFn: (v: EventValues) => {
      const a = audienceOf(v);
      if (!a) throw new Error('audience');
      const body = {
        kind: v.kind, title: v.title.trim(), description: v.description, date: v.date, time: v.time, durationMinutes: Number(v.durationMinutes),
        place: v.place, placeNote: v.placeNote.trim(), audience: a, capacity: v.capacity === '' ? null : Number(v.capacity), askInterpreter: v.askInterpreter,
      };
      return event ? updateEvent(event.id, body) : publishEvent(body);
    },
    onSuccess: async (saved) => {
      await refreshEvent(queryClient, saved);
      toast(event ? t('events.form.saved') : t('events.form.published'));
      onDone(saved);
    },
    onError: serverError.onError,
  });
  const count = preview.data?.recipients;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="event-form-title">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          save.mutate(v);
        }, focusFirstInvalid)}
      >
        <Stack gap="md">
          <Title order={2} id="event-form-title" size="h3">
            {event ? t('events.form.editTitle') : t('events.form.newTitle')}
          </Title>
          <ErrorAlert error={serverError.error} />
          <NativeSelect label={t('events.form.kind')} maw={360} data={EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kind.${k}`) }))} {...form.getInputProps('kind')} />
          <TextInput label={t('events.form.title')} required maxLength={200} {...form.getInputProps('title')} />
          <MarkdownEditor
            label={t('events.form.description')}
            minRows={5}
            inputProps={form.getInputProps('description')}
            value={values.description}
            tab={tab}
            onTabChange={setTab}
            preview={preview.data}
            previewLoading={preview.isFetching}
          />
          <Stack gap={4}>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <TextInput type="date" label={t('events.form.date')} required {...form.getInputProps('date')} />
              <TextInput type="time" label={t('events.form.time')} required {...form.getInputProps('time')} />
              <NumberInput size="md" label={t('events.form.duration')} min={15} max={720} step={15} {...form.getInputProps('durationMinutes')} />
            </SimpleGrid>
            <Text size="sm" c="dimmed">{t('events.form.clinicClock', { zone: clinicTimeZone })}</Text>
          </Stack>
          <Radio.Group label={t('events.form.where')} {...form.getInputProps('place')}>
            <Group gap="lg" mt="xs">
              <Radio value="address" label={t('events.place.address')} />
              <Radio value="video" label={t('events.place.video')} />
            </Group>
          </Radio.Group>
          <TextInput
            label={values.place === 'address' ? t('events.form.address') : t('events.form.videoNote')}
            required={values.place === 'address'}
            maxLength={300}
            {...form.getInputProps('placeNote')}
          />
          <AudiencePicker
            label={t('events.form.audience')}
            options={clinicWide ? [
              { value: 'all', label: t('events.audience.all') },
              { value: 'therapy_type', label: t('events.audience.therapyType') },
              { value: 'children', label: t('events.audience.children') },
            ] : []}
            chosen={values.audience}
            kindProps={form.getInputProps('audience')}
            therapyTypeProps={form.getInputProps('therapyType')}
            recipients={count === undefined || count === null || !audience ? '' : t('events.form.recipients', { count })}
            testId="event-recipients"
          >
            {values.audience === 'children' ? (
              <Checkbox.Group
                label={clinicWide ? t('events.form.children') : t('events.form.caseload')}
                description={t('events.form.childrenHint')}
                required
                {...form.getInputProps('childIds')}
              >
                <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" mt="xs">
                  {choosable.map((c) => (
                    <Checkbox key={c.id} value={c.id} label={`${c.firstName} ${c.lastName}`} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            ) : null}
          </AudiencePicker>
          <NumberInput
            size="md"
            label={t('events.form.capacity')}
            description={t('events.form.capacityHint')}
            min={1}
            max={5000}
            maw={360}
            {...form.getInputProps('capacity')}
          />
          <Switch label={t('events.form.askInterpreter')} description={t('events.form.askInterpreterHint')} {...form.getInputProps('askInterpreter', { type: 'checkbox' })} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => onDone(null)}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" leftSection={<IconSend size={18} aria-hidden className="flip-rtl" />} loading={save.isPending}>
              {event ? t('events.form.save') : t('events.form.publish')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
