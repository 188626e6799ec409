import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import type { ChildStrategy } from './strategies-api.ts';
import './strategy-use.css';

/** Per setting, how often it was used over the last four weeks and how often it helped, and the newest notes. */
export function UseCounts({ uses, notes }: Pick<ChildStrategy, 'uses' | 'notes'>) {
  const { t } = useTranslation();
  return (
    <div className="use-counts">
      <Text size="sm" fw={650} component="p" m={0}>
        {t('strategyUse.countsTitle')}
      </Text>
      {uses.length === 0 ? (
        <Text size="sm" c="dimmed" component="p" m={0}>
          {t('strategyUse.countsEmpty')}
        </Text>
      ) : (
        <ul className="use-count-list">
          {uses.map((u) => (
            <li key={u.setting} data-testid={`use-count-${u.setting}`}>
              <Text size="sm" component="span">
                <strong>{t('strategyUse.usedIn', { place: t(`strategyUse.place.${u.setting}`), count: u.used })}</strong>
                {' · '}
                {t('strategyUse.breakdown', { yes: u.helped, aBit: u.aBit, no: u.notHelped })}
              </Text>
              {/* The sentence says it all; the bar is a glance at the same numbers. */}
              <span className="use-bar" aria-hidden>
                <span className="use-bar-yes" style={{ flexGrow: u.helped }} />
                <span className="use-bar-bit" style={{ flexGrow: u.aBit }} />
                <span className="use-bar-no" style={{ flexGrow: u.notHelped }} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {notes.length > 0 ? (
        <>
          <Text size="sm" fw={650} component="p" m={0}>
            {t('strategyUse.notesTitle')}
          </Text>
          <ul className="use-notes">
            {notes.map((n, i) => (
              <li key={i}>
                <Text size="sm" component="q" style={{ overflowWrap: 'anywhere' }}>
                  {n.note}
                </Text>{' '}
                <Text size="sm" c="dimmed" component="span">
                  {t('strategyUse.noteBy', { name: n.by, place: n.setting, date: formatDate(n.date), answer: t(`strategyUse.answer.${n.helped}`) })}
                </Text>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
