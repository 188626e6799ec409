import { Alert, Button, Checkbox, Group, NumberInput, Paper, Radio, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCloudUpload, IconDeviceFloppy, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Written } from '../../components/written.tsx';
import { formatDate } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { inLocale, refreshCheckins, saveAnswers, type AnswerValue, type Answers, type CheckinAnswerPage, type FormItem, type Localized } from './checkins.api.ts';
import './checkins.css';

const SCALE = ['1', '2', '3', '4', '5'];

/** Choices in one row of big buttons (a 1–5 scale, yes/no), under the question as the group's legend. */
function Tapped({ question, value, onChange, data, children }: {
  question: ReactNode; value: string; onChange: (v: string) => void; data: { value: string; label: ReactNode }[]; children?: ReactNode;
}) {
  return (
    <fieldset className="checkin-fieldset">
      <legend className="checkin-legend">{question}</legend>
      <SegmentedControl fullWidth size="md" value={value} onChange={onChange} data={data} />
      {children}
    </fieldset>
  );
}

/**
 * One question, answered in a tap or two; its legend is the question, read before the choices.
 * `inText` shows a text in a language, marked with it (the form editor's preview shows any written; answering, the reader's).
 */
export function Question({ item, value, onChange, inText = (text) => <Written text={text} /> }: {
  item: FormItem; value: AnswerValue | null | undefined; onChange: (v: AnswerValue | null) => void; inText?: (text: Localized) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = `checkin-${item.key}`;
  const question = inText(item.text);
  switch (item.kind) {
    case 'scale':
      return (
        <Tapped
          question={question}
          value={typeof value === 'number' ? String(value) : ''}
          onChange={(v) => onChange(Number(v))}
          data={SCALE.map((n) => ({
            value: n,
            label: (
              <>
                {n}
                {n === '1' && item.low ? <span className="visually-hidden">, {inText(item.low)}</span> : null}
                {n === '5' && item.high ? <span className="visually-hidden">, {inText(item.high)}</span> : null}
              </>
            ),
          }))}
        >
          <Group justify="space-between" mt={4} aria-hidden>
            <Text size="sm" c="dimmed">{item.low ? inText(item.low) : null}</Text>
            <Text size="sm" c="dimmed">{item.high ? inText(item.high) : null}</Text>
          </Group>
        </Tapped>
      );
    case 'yes_no':
      return (
        <Tapped
          question={question}
          value={value === true ? 'yes' : value === false ? 'no' : ''}
          onChange={(v) => onChange(v === 'yes')}
          data={[{ value: 'yes', label: t('checkins.answer.yes') }, { value: 'no', label: t('checkins.answer.no') }]}
        />
      );
    case 'single':
      return (
        <Radio.Group label={question} value={typeof value === 'string' ? value : null} onChange={onChange} classNames={{ label: 'checkin-legend' }}>
          <Stack gap="xs" mt="xs">
            {(item.options ?? []).map((o) => <Radio key={o.key} value={o.key} label={inText(o.text)} size="md" />)}
          </Stack>
        </Radio.Group>
      );
    case 'multiple':
      return (
        <Checkbox.Group label={question} value={Array.isArray(value) ? value : []} onChange={onChange} classNames={{ label: 'checkin-legend' }}>
          <Stack gap="xs" mt="xs">
            {(item.options ?? []).map((o) => <Checkbox key={o.key} value={o.key} label={inText(o.text)} size="md" />)}
          </Stack>
        </Checkbox.Group>
      );
    case 'number':
      return (
        <NumberInput
          id={id}
          label={question}
          classNames={{ label: 'checkin-legend' }}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
          {...(item.min !== undefined ? { min: item.min } : {})}
          {...(item.max !== undefined ? { max: item.max } : {})}
        />
      );
    case 'text':
      return (
        <Textarea
          id={id}
          label={question}
          classNames={{ label: 'checkin-legend' }}
          autosize
          minRows={2}
          maxLength={2000}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

/** A check-in to answer: every question on one page, saved half-done or sent; offline it waits on the phone. */
export function CheckinAnswer({ page, childName }: { page: CheckinAnswerPage; childName: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const def = page.form.definition;
  const [answers, setAnswers] = useState<Answers>(page.answers);
  const [queued, setQueued] = useState(false);
  const [sent, setSent] = useState(page.status === 'submitted');
  const answered = def.items.filter((i) => answers[i.key] !== undefined && answers[i.key] !== null && answers[i.key] !== '').length;

  const save = useMutation({
    // Without signal the answer is kept on the phone, so it must not wait for the connection.
    networkMode: 'always',
    mutationFn: (submit: boolean) =>
      saveAnswers(page.childId, page.assignmentId, { occurrence: page.occurrence, answers, submit }, t('checkins.answer.queuedLabel', { title: inLocale(def.title), name: childName })),
    onSuccess: async (result, submit) => {
      setQueued(result.queued);
      if (submit) setSent(true);
      if (result.queued) toast(t('checkins.answer.savedOffline'));
      else {
        await refreshCheckins(queryClient);
        toast(submit ? t('checkins.answer.sent') : t('checkins.answer.saved'));
      }
      if (submit && !result.queued) await navigate({ to: '/today' });
    },
  });

  if (sent && !queued && page.status === 'submitted') {
    return <Alert color="green" title={t('checkins.answer.alreadySent')}>{t('checkins.answer.thanks')}</Alert>;
  }

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}><Written text={def.title} /></Title>
        <Text c="dimmed">
          {page.occurrence.startsWith('s:')
            ? t('checkins.answer.aboutSession', { name: childName, date: formatDate(page.dueDate) })
            : t('checkins.answer.about', { name: childName, date: formatDate(page.dueDate) })}
        </Text>
        <Text><Written text={def.intro} /></Text>
      </Stack>
      {queued ? (
        <Alert color="blue" variant="light" icon={<IconCloudUpload size={20} aria-hidden />} role="status">
          {sent ? t('checkins.answer.sentOffline') : t('checkins.answer.savedOffline')}
        </Alert>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(true);
        }}
      >
        <Stack gap="lg">
          {def.items.map((item) => (
            <Paper key={item.key} withBorder radius="lg" p="md" className="checkin-question">
              <Question item={item} value={answers[item.key]} onChange={(v) => setAnswers((a) => ({ ...a, [item.key]: v }))} />
            </Paper>
          ))}
          <ErrorAlert error={save.error} />
          <Text size="sm" c="dimmed" aria-live="polite">{t('checkins.answer.progress', { answered, count: def.items.length })}</Text>
          <Group gap="sm" className="checkin-actions">
            <Button type="submit" size="md" leftSection={<IconSend size={18} aria-hidden className="flip-rtl" />} loading={save.isPending && save.variables} disabled={sent}>
              {t('checkins.answer.send')}
            </Button>
            <Button variant="default" size="md" leftSection={<IconDeviceFloppy size={18} aria-hidden />} loading={save.isPending && !save.variables} disabled={sent} onClick={() => save.mutate(false)}>
              {t('checkins.answer.saveLater')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
