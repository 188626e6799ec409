import { Alert, Button, Checkbox, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconQuestionMark, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INTERPRETER_LANGUAGES, MAX_PARTY, RSVP_ANSWERS, type RsvpAnswer } from '../../../contract/event-values.ts';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { languageName } from '../../lib/format.ts';
import { toast } from '../../lib/toast.ts';
import { answerEvent, refreshEvent, type FamilyEvent } from './events.api.ts';

/** A language's name for the interpreter question (a sign language has no name in every language's data). */
export function interpreterLanguageName(code: string, t: TFunction): string {
  return code === 'ase' ? t('events.rsvp.asl') : languageName(code);
}

/** The seats left, when an answer was refused because the event is full. */
function seatsLeft(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const left = (error.details as { seatsLeft?: unknown } | undefined)?.seatsLeft;
  return typeof left === 'number' ? left : null;
}

const ICONS = { yes: IconCheck, no: IconX, maybe: IconQuestionMark } as const;

/** The family's answer: yes / no / maybe, how many adults and children, and an interpreter's language when asked. */
export function RsvpForm({ event }: { event: FamilyEvent }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mine = event.myRsvp;
  const [answer, setAnswer] = useState<RsvpAnswer | null>(mine?.answer ?? null);
  const [adults, setAdults] = useState<number | string>(mine && mine.answer !== 'no' ? mine.adults : 1);
  const [kids, setKids] = useState<number | string>(mine && mine.answer !== 'no' ? mine.children : 0);
  const [needs, setNeeds] = useState(Boolean(mine?.interpreterLanguage));
  const [language, setLanguage] = useState(mine?.interpreterLanguage ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => answerEvent(event.id, {
      answer: answer ?? 'yes',
      adults: Number(adults) || 0,
      children: Number(kids) || 0,
      interpreterLanguage: event.askInterpreter && needs && language ? language : null,
    }),
    onSuccess: async (saved) => {
      await refreshEvent(queryClient, saved);
      toast(t('events.rsvp.saved'));
    },
  });
  const coming = answer === 'yes' || answer === 'maybe';
  const headingId = `rsvp-${event.id}`;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} maw={760} component="section" aria-labelledby={headingId} data-testid="rsvp-form">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          if (!answer) return setProblem(t('events.rsvp.chooseAnswer'));
          if (coming && (Number(adults) || 0) + (Number(kids) || 0) < 1) return setProblem(t('events.rsvp.countSomeone'));
          if (coming && event.askInterpreter && needs && !language) return setProblem(t('events.rsvp.chooseLanguage'));
          save.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h3" id={headingId}>
            {mine ? t('events.rsvp.changeTitle') : t('events.rsvp.title')}
          </Title>
          <SimpleGrid cols={3} spacing="xs" role="group" aria-label={t('events.rsvp.question')}>
            {RSVP_ANSWERS.map((a) => {
              const Icon = ICONS[a];
              return (
                <Button
                  key={a}
                  variant={answer === a ? 'filled' : 'default'}
                  color={a === 'no' ? 'gray' : 'care'}
                  className="event-answer"
                  aria-pressed={answer === a}
                  leftSection={<Icon size={18} aria-hidden />}
                  onClick={() => setAnswer(a)}
                >
                  {t(`events.answer.${a}`)}
                </Button>
              );
            })}
          </SimpleGrid>
          {coming ? (
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput size="md" label={t('events.rsvp.adults')} min={0} max={MAX_PARTY} value={adults} onChange={setAdults} />
              <NumberInput size="md" label={t('events.rsvp.children')} min={0} max={MAX_PARTY} value={kids} onChange={setKids} />
            </SimpleGrid>
          ) : null}
          {coming && event.askInterpreter ? (
            <Stack gap="xs">
              <Checkbox label={t('events.rsvp.needInterpreter')} checked={needs} onChange={(e) => setNeeds(e.currentTarget.checked)} />
              {needs ? (
                <NativeSelect
                  label={t('events.rsvp.language')}
                  maw={320}
                  value={language}
                  onChange={(e) => setLanguage(e.currentTarget.value)}
                  data={[{ value: '', label: t('events.rsvp.chooseLanguage') }, ...INTERPRETER_LANGUAGES.map((code) => ({ value: code, label: interpreterLanguageName(code, t) }))]}
                />
              ) : null}
            </Stack>
          ) : null}
          {problem ? (
            <Text c="red.8" size="sm" role="alert">
              {problem}
            </Text>
          ) : null}
          {seatsLeft(save.error) === null ? <ErrorAlert error={save.error} /> : (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={t('events.rsvp.fullTitle')} role="alert">
              {t('events.rsvp.full', { count: seatsLeft(save.error) ?? 0 })}
            </Alert>
          )}
          <Button type="submit" loading={save.isPending} className="event-answer" fullWidth>
            {mine ? t('events.rsvp.update') : t('events.rsvp.send')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
