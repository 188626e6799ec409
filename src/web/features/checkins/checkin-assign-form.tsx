import { Checkbox, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Written } from '../../components/written.tsx';
import { weekdayName } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { assignCheckin, formsQuery, inLocale, refreshCheckins, type Cadence, type ChildCheckins, type Respondent } from './checkins.api.ts';

/** Giving the child a check-in: which form, how often, and who answers it (in checkin-assign.tsx's dialog). */
export function AssignForm({ childId, data, onDone }: { childId: string; data: ChildCheckins; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const forms = useQuery(formsQuery);
  const [formId, setFormId] = useState<string | null>(null);
  const [kind, setKind] = useState<Cadence['kind']>('weekly');
  const [weekday, setWeekday] = useState(String(((new Date().getDay() + 6) % 7) + 1));
  const [day, setDay] = useState<number | string>(1);
  const [picked, setPicked] = useState<string[]>([]);
  const form = forms.data?.forms.find((f) => f.id === formId);
  const forTeacher = form?.definition.respondent === 'teacher';
  const family = data.people.filter((p) => p.role === 'guardian' || p.role === 'caregiver');
  const teachers = data.people.filter((p) => p.role === 'teacher');
  const choices = forTeacher
    ? [{ value: 'teachers', label: t('checkins.assign.allTeachers') }, ...teachers.map((p) => ({ value: p.id, label: p.name }))]
    : [{ value: 'households', label: t('checkins.assign.eachHousehold') }, ...family.map((p) => ({ value: p.id, label: p.name }))];
  const assign = useMutation({
    mutationFn: () => {
      const cadence: Cadence = kind === 'weekly' ? { kind, weekday: Number(weekday) } : kind === 'monthly' ? { kind, day: Number(day) } : { kind };
      const respondents: Respondent[] = picked.map((v) => (v === 'households' || v === 'teachers' ? { kind: v } : { kind: 'person', userId: v }));
      return assignCheckin(childId, { formId: formId ?? '', cadence, respondents });
    },
    onSuccess: async () => {
      await refreshCheckins(queryClient);
      toast(t('checkins.assign.done'));
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        assign.mutate();
      }}
    >
      <Stack gap="md">
        <Select
          label={t('checkins.assign.form')}
          required
          value={formId}
          onChange={(v) => {
            setFormId(v);
            setPicked([]);
          }}
          data={(forms.data?.forms ?? []).map((f) => ({ value: f.id, label: inLocale(f.definition.title) }))}
        />
        {form ? <Text size="sm" c="dimmed"><Written text={form.definition.intro} /></Text> : null}
        <Select
          label={t('checkins.assign.cadence')}
          value={kind}
          allowDeselect={false}
          onChange={(v) => setKind((v ?? 'weekly') as Cadence['kind'])}
          data={[
            { value: 'weekly', label: t('checkins.cadence.weekly') },
            { value: 'monthly', label: t('checkins.cadence.monthly') },
            ...(forTeacher ? [] : [{ value: 'before_session', label: t('checkins.cadence.beforeSession') }]),
          ]}
        />
        {kind === 'weekly' ? (
          <Select label={t('checkins.assign.weekday')} value={weekday} allowDeselect={false} onChange={(v) => setWeekday(v ?? '1')}
            data={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayName(d) }))} />
        ) : null}
        {kind === 'monthly' ? <NumberInput label={t('checkins.assign.monthDay')} min={1} max={28} value={day} onChange={setDay} /> : null}
        {kind === 'before_session' ? <Text size="sm" c="dimmed">{t('checkins.assign.beforeSessionHelp')}</Text> : null}
        {form ? (
          <Checkbox.Group label={t('checkins.assign.who')} value={picked} onChange={setPicked} required>
            <Stack gap="xs" mt="xs">
              {choices.map((c) => <Checkbox key={c.value} value={c.value} label={c.label} />)}
            </Stack>
          </Checkbox.Group>
        ) : null}
        {form?.definition.privacy === 'clinicians' ? <Text size="sm">{t('checkins.assign.privateNote')}</Text> : null}
        {form?.definition.privacy === 'aggregate' ? <Text size="sm">{t('checkins.assign.aggregateNote')}</Text> : null}
        <ErrorAlert error={assign.error} />
        <FormActions submit={t('checkins.assign.submit')} pending={assign.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

