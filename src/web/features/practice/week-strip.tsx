import { IconCheck, IconCircleHalf2, IconCloudUpload, IconMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { weekdayName } from '../../lib/format.ts';
import type { DayState, PracticeItem, PracticeOutcome } from './practice.api.ts';
import './practice.css';

/** A calendar date's weekday in the reader's language (the formatter is made once, not per day). */
const weekday = (date: string, width: 'long' | 'short') => weekdayName(new Date(`${date}T00:00:00Z`).getUTCDay() || 7, width);

function StateMark({ state }: { state: DayState }) {
  switch (state) {
    case 'done':
      return <IconCheck size={18} stroke={3} aria-hidden />;
    case 'partial':
      return <IconCircleHalf2 size={18} aria-hidden />;
    case 'skipped':
      return <IconMinus size={18} aria-hidden />;
    case 'due':
    case 'none':
      return null;
  }
}

interface WeekStripProps {
  week: PracticeItem['week'];
  today: string;
  /** Logs that wait on this phone: shown as logged, with a cloud to say they are not sent yet. */
  pending?: Map<string, PracticeOutcome>;
}

/**
 * Monday to Sunday: a tick for done, a half circle for partly, a dash for not today, a ring for a
 * practice day still open. Each day also says it in words for screen readers; colour is never
 * the only sign.
 */
export function WeekStrip({ week, today, pending }: WeekStripProps) {
  const { t } = useTranslation();
  return (
    <ol className="week-strip" aria-label={t('practice.week.label')}>
      {week.map((d) => {
        const waiting = pending?.get(d.date);
        const state = waiting ?? d.state;
        const isToday = d.date === today;
        return (
          <li key={d.date} className="week-day" data-state={state} data-today={isToday || undefined} data-testid="week-day">
            <span className="week-day-name" aria-hidden>
              {weekday(d.date, 'short')}
            </span>
            <span className="week-day-mark" aria-hidden>
              <StateMark state={state} />
              {waiting ? <IconCloudUpload size={12} className="week-day-cloud" /> : null}
            </span>
            <span className="visually-hidden">
              {t('practice.week.day', { day: weekday(d.date, 'long'), state: t(`practice.state.${state}`) })}
              {isToday ? ` (${t('practice.week.today')})` : ''}
              {waiting ? ` (${t('practice.log.waiting')})` : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
