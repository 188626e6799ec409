import { Badge, Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconClockHour4, IconEye, IconRepeat } from '@tabler/icons-react';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { uploadUrl } from '../../../contract/upload-rules.ts';
import { useContentText } from '../translation/content-text.tsx';
import { MediaView } from '../uploads/media-picker.tsx';
import { UploadPicture } from '../uploads/upload-picture.tsx';
import { LogButtons, TodayLogStatus } from './log-buttons.tsx';
import { usePendingLogs, type PracticeItem } from './practice.api.ts';
import { describeSchedule } from './schedule-text.ts';
import { WeekStrip } from './week-strip.tsx';

/** "2 more this week" for a weekly count; a cheer when the week's count is reached. */
export function WeeklyCount({ item }: { item: PracticeItem }) {
  const { t } = useTranslation();
  if (item.remainingThisWeek === null || item.status !== 'active') return null;
  return (
    <Badge variant="light" color={item.remainingThisWeek === 0 ? 'care' : 'blue'} size="lg" tt="none" className="weekly-count">
      {item.remainingThisWeek === 0 ? t('practice.weekDone') : t('practice.moreThisWeek', { count: item.remainingThisWeek })}
    </Badge>
  );
}

/** The numbered steps, each with its picture when the therapist added one. */
export function StepsList({ steps, childId, imageIds = [], lang }: { steps: readonly string[]; childId?: string; imageIds?: readonly (string | null)[]; lang?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <ol className="practice-steps" lang={lang} dir="auto">
      {steps.map((s, i) => {
        const imageId = imageIds[i];
        return (
          // Steps are plain text a therapist wrote; their order is their identity.
          <li key={i}>
            {s}
            {imageId && childId ? <UploadPicture url={uploadUrl(childId, imageId)} alt={t('uploads.stepPicture', { number: i + 1 })} className="step-picture" /> : null}
          </li>
        );
      })}
    </ol>
  );
}

interface PracticeCardProps {
  childId: string;
  item: PracticeItem;
  today: string;
  canLog: boolean;
  /** Today shows the steps behind one tap; the Practice tab shows them open. */
  stepsOpen?: boolean;
  headingOrder?: 2 | 3 | 4;
  goalNames?: string[];
  actions?: ReactNode;
}

/** One practice item: what to do, how often, this week, and the buttons to log it. */
export function PracticeCard({ childId, item, today, canLog, stepsOpen = true, headingOrder = 3, goalNames = [], actions }: PracticeCardProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(stepsOpen);
  const stepsId = useId();
  const pending = usePendingLogs(childId, item.id);
  const Heading = `h${headingOrder}` as const;
  const running = item.status === 'active' && item.startDate <= today && (item.endDate === null || item.endDate >= today);
  const words = useContentText(item.translation);

  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} className="practice-card" data-status={item.status} data-testid="practice-item">
      <Stack gap="md">
        <Stack gap={6}>
          <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
            <Heading className="practice-title" id={words.id} lang={words.lang} dir="auto">
              {words.text('title', item.title)}
            </Heading>
            {item.status !== 'active' ? (
              <Badge color={item.status === 'paused' ? 'orange' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
                {t(`practice.status.${item.status}`)}
              </Badge>
            ) : null}
          </Group>
          {words.note}
          <Group gap="md" c="dimmed" fz="sm" wrap="wrap">
            <Group gap={4} wrap="nowrap">
              <IconRepeat size={16} aria-hidden />
              <span>{describeSchedule(item.schedule, t)}</span>
            </Group>
            {item.minutes !== null ? (
              <Group gap={4} wrap="nowrap">
                <IconClockHour4 size={16} aria-hidden />
                <span>{t('practice.aboutMinutes', { count: item.minutes })}</span>
              </Group>
            ) : null}
            <span>
              {item.endDate ? t('practice.dates', { start: formatDate(item.startDate), end: formatDate(item.endDate) }) : t('practice.from', { start: formatDate(item.startDate) })}
            </span>
          </Group>
          {goalNames.length > 0 ? (
            <Text size="sm">
              <Text span fw={600} inherit>
                {t('practice.goalsLabel')}
              </Text>{' '}
              {goalNames.join(' · ')}
            </Text>
          ) : null}
          {item.status !== 'active' && item.statusReason ? (
            <Text size="sm" c="dimmed">
              {t('practice.statusReason', { reason: item.statusReason })}
            </Text>
          ) : null}
        </Stack>

        {stepsOpen ? null : (
          <Button
            variant="subtle"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls={stepsId}
            rightSection={<IconChevronDown size={18} aria-hidden style={{ transform: open ? 'rotate(180deg)' : undefined }} />}
            className="steps-toggle"
          >
            {open ? t('practice.hideSteps') : t('practice.showSteps', { count: item.steps.length })}
          </Button>
        )}
        <Collapse expanded={open} id={stepsId}>
          <Stack gap="sm">
            <StepsList steps={item.steps.map((step, i) => words.text(`steps.${i}`, step))} childId={childId} imageIds={item.stepImageIds} lang={words.lang} />
            {item.clipId && item.clipKind ? (
              <MediaView media={{ id: item.clipId, url: uploadUrl(childId, item.clipId), kind: item.clipKind }} alt={t('uploads.clipOf', { title: words.text('title', item.title) })} />
            ) : null}
            {item.watchFor ? (
              <Group gap="xs" wrap="nowrap" align="flex-start" className="watch-for">
                <IconEye size={18} aria-hidden style={{ flexShrink: 0, marginBlockStart: 2 }} />
                <Text size="sm">
                  <Text span fw={600} inherit>
                    {t('practice.watchForLabel')}
                  </Text>{' '}
                  <span lang={words.lang} dir="auto">
                    {words.text('watchFor', item.watchFor)}
                  </span>
                </Text>
              </Group>
            ) : null}
          </Stack>
        </Collapse>

        <Stack gap={8}>
          <Group justify="space-between" gap="sm">
            <Text size="sm" fw={600}>
              {t('practice.week.title')}
            </Text>
            <WeeklyCount item={item} />
          </Group>
          <WeekStrip week={item.week} today={today} pending={pending} />
        </Stack>

        {canLog && running ? <LogButtons childId={childId} item={item} title={words.text('title', item.title)} today={today} /> : null}
        {!canLog && running && item.week.some((d) => d.date === today) ? <TodayLogStatus item={item} today={today} /> : null}
        {actions}
      </Stack>
    </Paper>
  );
}
