import type { TFunction } from 'i18next';
import { Alert, Badge, Group, List, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/page.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { currentLocale } from '../i18n.ts';
import { formatDate, formatDuration, formatNumber, weekdayName } from '../lib/format.ts';
import { CheckinTextList } from '../features/checkins/checkin-texts.tsx';
import { EntryList } from '../features/journal/entry-list.tsx';
import { addDays, sinceQuery, type SinceLastSession } from '../features/journal/journal.api.ts';
import { todayIn } from '../features/milestones/milestones.api.ts';
import { childName, useChild } from './child-page.tsx';
import '../features/journal/journal.css';

const RANGES = ['7', '14', '28'] as const;
const TIMES = ['morning', 'afternoon', 'evening', 'night'] as const;

function Section({ id, title, lead, children }: { id: string; title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg" component="section" aria-labelledby={id}>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3} size="h4" id={id}>
            {title}
          </Title>
          {lead ? (
            <Text size="sm" c="dimmed">
              {lead}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

/** A bar chart that is a table: each row a label, a bar, and its number. */
function Bars({ caption, rows }: { caption: string; rows: { label: string; value: number; peak: boolean }[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <table className="since-bars">
      <caption className="visually-hidden">{caption}</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">{t('since.patterns.when')}</th>
          <th scope="col">{t('since.patterns.howMany')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>
              <div className="since-bar">
                <div className="since-bar-fill" data-peak={r.peak} style={{ inlineSize: `${(r.value / max) * 70}%` }} aria-hidden />
                <Text span fw={600}>
                  {r.value}
                </Text>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function timeLabel(time: (typeof TIMES)[number], t: TFunction): string {
  switch (time) {
    case 'morning':
      return t('since.patterns.morning');
    case 'afternoon':
      return t('since.patterns.afternoon');
    case 'evening':
      return t('since.patterns.evening');
    case 'night':
      return t('since.patterns.night');
  }
}

function timeWords(time: (typeof TIMES)[number], t: TFunction): string {
  switch (time) {
    case 'morning':
      return t('since.patterns.in.morning');
    case 'afternoon':
      return t('since.patterns.in.afternoon');
    case 'evening':
      return t('since.patterns.in.evening');
    case 'night':
      return t('since.patterns.in.night');
  }
}

/** Monday … Sunday as a label on its own line: the first letter a capital, whatever the language. */
function weekdayLabel(isoWeekday: number): string {
  const name = weekdayName(isoWeekday);
  return name.charAt(0).toLocaleUpperCase(currentLocale()) + name.slice(1);
}

function Practice({ data }: { data: SinceLastSession }) {
  const { t } = useTranslation();
  if (data.practice.length === 0) return <Text c="dimmed">{t('since.practice.none')}</Text>;
  return (
    <Stack gap="md">
      {data.practice.map((item) => {
        const facts = [
          t('since.practice.done', { done: item.done, planned: item.planned }),
          item.partial > 0 ? t('since.practice.partly', { count: item.partial }) : null,
          item.skipped > 0 ? t('since.practice.skipped', { count: item.skipped }) : null,
          item.howItWent !== null ? t('since.practice.faces', { value: formatNumber(item.howItWent, { maximumFractionDigits: 1 }) }) : null,
        ].filter((f) => f !== null);
        return (
          <Stack key={item.itemId} gap={4} data-testid="since-practice">
            <Group gap="xs">
              <Text fw={650}>{item.title}</Text>
              {item.status === 'paused' ? <Badge variant="light" color="gray">{t('since.practice.paused')}</Badge> : null}
              {item.status === 'ended' ? <Badge variant="light" color="gray">{t('since.practice.ended')}</Badge> : null}
            </Group>
            <Text>{facts.join(' · ')}</Text>
            {item.notes.length > 0 ? (
              <List size="sm" spacing={2}>
                {item.notes.map((n, i) => (
                  <List.Item key={`${n.date}-${i}`}>
                    <Text span size="sm" c="dimmed">
                      {formatDate(n.date)} · {n.by}:
                    </Text>{' '}
                    {n.note}
                  </List.Item>
                ))}
              </List>
            ) : null}
          </Stack>
        );
      })}
    </Stack>
  );
}

function SleepSentence({ sleep, name }: { sleep: SinceLastSession['patterns']['sleep']; name: string }) {
  const { t } = useTranslation();
  if (sleep.kind === 'too_little_data') {
    return (
      <Text>
        {sleep.usualHours === null
          ? t('since.sleep.noNights', { name })
          : t('since.sleep.tooLittle', { short: sleep.shortNights, other: sleep.otherNights })}
      </Text>
    );
  }
  const sentence = t('since.sleep.compared', {
    shortNights: sleep.shortNights, hours: formatDuration(sleep.shortUnderHours), afterShort: formatNumber(sleep.perDayAfterShort, { maximumFractionDigits: 1 }),
    otherNights: sleep.otherNights, afterOther: formatNumber(sleep.perDayAfterOther, { maximumFractionDigits: 1 }),
  });
  const verdict =
    sleep.comparison === 'more' ? t('since.sleep.more') : sleep.comparison === 'fewer' ? t('since.sleep.fewer') : t('since.sleep.similar');
  return (
    <Stack gap={6} data-testid="since-sleep">
      <Text>{sentence}</Text>
      <Text>{verdict}</Text>
      <Text size="sm" c="dimmed">
        {t('since.sleep.usual', { name, hours: formatDuration(sleep.usualHours) })}
      </Text>
    </Stack>
  );
}

function Patterns({ data, name }: { data: SinceLastSession; name: string }) {
  const { t } = useTranslation();
  const p = data.patterns;
  const tod = p.timeOfDay;
  return (
    <Stack gap="lg">
      <Text>{t('since.patterns.incidents', { count: p.incidents, weeks: p.weeks })}</Text>
      <Stack gap="xs">
        <Title order={4} size="h5">
          {t('since.patterns.timeOfDay')}
        </Title>
        <Bars caption={t('since.patterns.timeOfDay')} rows={TIMES.map((time) => ({ label: timeLabel(time, t), value: tod.counts[time], peak: tod.peak === time }))} />
        <Text size="sm">
          {tod.peak
            ? t('since.patterns.timePeak', { when: timeWords(tod.peak, t), count: tod.counts[tod.peak], known: tod.known })
            : t('since.patterns.timeNoPeak', { known: tod.known })}
        </Text>
      </Stack>
      <Stack gap="xs">
        <Title order={4} size="h5">
          {t('since.patterns.weekday')}
        </Title>
        <Bars caption={t('since.patterns.weekday')} rows={p.weekday.counts.map((value, i) => ({ label: weekdayLabel(i + 1), value, peak: p.weekday.peak === i }))} />
        <Text size="sm">
          {p.weekday.peak !== null
            ? t('since.patterns.dayPeak', { day: weekdayName(p.weekday.peak + 1), count: p.weekday.counts[p.weekday.peak] ?? 0, weeks: p.weekday.weeks })
            : t('since.patterns.dayNoPeak')}
        </Text>
      </Stack>
      <Stack gap="xs">
        <Title order={4} size="h5">
          {t('since.patterns.sleep')}
        </Title>
        <SleepSentence sleep={p.sleep} name={name} />
      </Stack>
    </Stack>
  );
}

/** What a therapist reads before a session, one page per child. */
export function ChildSincePage() {
  const { t } = useTranslation();
  const child = useChild();
  const [range, setRange] = useState<(typeof RANGES)[number]>('7');
  const today = todayIn(child.profile.timeZone);
  const from = addDays(today, -Number(range));
  const query = useQuery(sinceQuery(child.id, from));
  const data = query.data;
  const name = child.firstName;

  return (
    <Stack gap="lg">
      <DocumentTitle title={`${t('since.title')} · ${childName(child)}`} />
      <Stack gap={4}>
        <Title order={2}>{t('since.title')}</Title>
        <Text c="dimmed">{t('since.lead', { name })}</Text>
      </Stack>
      <fieldset className="journal-fieldset">
        <legend className="journal-legend">{t('since.range')}</legend>
        <SegmentedControl
          value={range}
          onChange={(v) => setRange(v as (typeof RANGES)[number])}
          data={[
            { value: '7', label: t('since.lastWeek') },
            { value: '14', label: t('since.twoWeeks') },
            { value: '28', label: t('since.fourWeeks') },
          ]}
        />
      </fieldset>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {data ? (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('since.between', { from: formatDate(data.from), to: formatDate(data.to) })}
          </Text>
          <Section id="since-practice" title={t('since.practice.title')}>
            <Practice data={data} />
          </Section>
          <Section id="since-patterns" title={t('since.patterns.title', { weeks: data.patterns.weeks })} lead={t('since.patterns.lead')}>
            <Patterns data={data} name={name} />
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={20} aria-hidden />}>
              {t('since.patterns.careful')}
            </Alert>
          </Section>
          <Section id="since-checkins" title={t('checkins.since.title')}>
            <CheckinTextList childId={child.id} from={data.from} name={name} />
          </Section>
          <Section id="since-journal" title={t('since.journal.title', { count: data.entries.length })}>
            {data.entries.length === 0 ? <Text c="dimmed">{t('since.journal.none', { name })}</Text> : <EntryList child={child} entries={data.entries} dayOrder={4} />}
          </Section>
        </>
      ) : null}
    </Stack>
  );
}
