import { Alert, Checkbox, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCalendarX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { inRestrictedHousehold } from '../../../contract/permissions.ts';
import { teamQuery } from '../../api/queries.ts';
import type { Child } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { formatDateTime, formatDuration } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';
import { useMe } from '../../routes/authed-layout.tsx';
import { todayIn } from '../milestones/milestones.api.ts';
import { clashOf, SESSION_KINDS, SESSION_PLACES, type CreateSessionRequest, type SessionKind, type SessionPlace } from './sessions.api.ts';

interface SessionValues {
  [key: string]: unknown;
  date: string;
  time: string;
  durationMinutes: number | string;
  kind: SessionKind;
  place: SessionPlace;
  placeNote: string;
  weekly: boolean;
  until: string;
  familyInvited: boolean;
  invitees: string[];
}

const FIELDS = ['date', 'time', 'durationMinutes', 'kind', 'place', 'placeNote', 'until', 'invitees', 'familyInvited'] as const;
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** The weekly rule for a first date: the same weekday every week. */
function weeklyRule(date: string): string {
  return `FREQ=WEEKLY;BYDAY=${BYDAY[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'MO'}`;
}

/** The clash the server refused, in the reader's words; other errors as the usual alert. */
function SubmitError({ error, timeZone }: { error: unknown; timeZone: string }) {
  const { t } = useTranslation();
  const clash = clashOf(error);
  if (!clash) return <ErrorAlert error={error} />;
  return (
    <Alert color="red" variant="light" icon={<IconCalendarX aria-hidden />} title={t('sessions.form.clashTitle')} role="alert" data-testid="session-clash">
      {t('sessions.form.clash', { when: formatDateTime(clash.startsAt, timeZone), length: formatDuration(clash.durationMinutes / 60) })}
    </Alert>
  );
}

interface SessionFormProps {
  child: Child;
  pending: boolean;
  onSubmit: (body: CreateSessionRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** Scheduling a session: when, how long, what and where, weekly or once, and who is invited. */
export function SessionForm({ child, pending, onSubmit, onCancel }: SessionFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const timeZone = me.user.timeZone ?? child.profile.timeZone;
  const today = todayIn(timeZone);
  const team = useQuery(teamQuery(child.id));
  // The family is invited as one; a restricted second household only by name, so it is offered here.
  const others = (team.data?.members ?? []).filter((m) => m.userId !== me.user.id && (inRestrictedHousehold(m) || (m.role !== 'guardian' && m.role !== 'caregiver')));
  const form = useForm<SessionValues>({
    initialValues: {
      date: today, time: '16:00', durationMinutes: 45, kind: 'therapy', place: 'clinic', placeNote: '',
      weekly: false, until: '', familyInvited: true, invitees: [],
    },
    validate: {
      date: required(t),
      time: required(t),
      durationMinutes: (v) => (typeof v === 'number' && v >= 5 && v <= 480 ? null : t('sessions.form.lengthRange')),
      until: (until, v) => (v.weekly && until !== '' && until < v.date ? t('sessions.form.untilBeforeDate') : null),
    },
  });
  const serverError = useServerError(form, FIELDS);
  const v = form.values;
  const kindOptions = SESSION_KINDS.map((k) => ({ value: k, label: t(`sessions.kind.${k}`) }));
  const placeOptions = SESSION_PLACES.map((p) => ({ value: p, label: t(`sessions.place.${p}`) }));

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        serverError.clear();
        onSubmit({
          kind: values.kind,
          place: values.place,
          placeNote: values.placeNote.trim(),
          date: values.date,
          time: values.time,
          timeZone,
          durationMinutes: Number(values.durationMinutes),
          recurrence: values.weekly ? { rule: weeklyRule(values.date), until: values.until === '' ? null : values.until } : null,
          invitees: values.invitees,
          familyInvited: values.familyInvited,
        }).catch(serverError.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <SubmitError error={serverError.error} timeZone={timeZone} />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput label={t('sessions.form.date')} type="date" required min={today} w={180} data-autofocus {...form.getInputProps('date')} />
          <TextInput label={t('sessions.form.time')} type="time" required w={140} {...form.getInputProps('time')} />
          <NumberInput label={t('sessions.form.length')} min={5} max={480} step={5} allowDecimal={false} w={160} {...form.getInputProps('durationMinutes')} />
        </Group>
        <Text size="xs" c="dimmed">
          {t('sessions.form.zone', { zone: timeZone })}
        </Text>
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Select label={t('sessions.form.kind')} data={kindOptions} allowDeselect={false} w={240} {...form.getInputProps('kind')} />
          <Select label={t('sessions.form.place')} data={placeOptions} allowDeselect={false} w={200} {...form.getInputProps('place')} />
        </Group>
        <TextInput label={t('sessions.form.placeNote')} placeholder={t('sessions.form.placeNotePlaceholder')} maxLength={200} {...form.getInputProps('placeNote')} />
        <Checkbox label={t('sessions.form.weekly')} {...form.getInputProps('weekly', { type: 'checkbox' })} />
        {v.weekly ? (
          <TextInput
            label={t('sessions.form.until')}
            description={t('sessions.form.untilHint')}
            type="date"
            min={v.date}
            w={220}
            {...form.getInputProps('until')}
          />
        ) : null}
        <Checkbox label={t('sessions.form.familyInvited', { name: child.firstName })} {...form.getInputProps('familyInvited', { type: 'checkbox' })} />
        {others.length > 0 ? (
          <Checkbox.Group label={t('sessions.form.invitees')} {...form.getInputProps('invitees')}>
            <div className="session-team-list">
              {others.map((m) => (
                <Checkbox key={m.userId} value={m.userId} label={t('sessions.form.member', { name: m.name, role: teamRoleLabel(m.role, t) })} />
              ))}
            </div>
          </Checkbox.Group>
        ) : null}
        <FormActions submit={t('sessions.form.save')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
