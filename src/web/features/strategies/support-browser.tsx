import { NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { StrategyIllustration } from './illustration.tsx';
import { SETTINGS, type ChildStrategy, type Setting } from './strategies-api.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';
import './strategy-use.css';

export interface SupportFilters {
  place: Setting | '';
  goalId: string;
  q: string;
}

export const NO_FILTERS: SupportFilters = { place: '', goalId: '', q: '' };

/** The child's strategies that pass the filters: used in that place, helping that goal, naming the words in any field, as written or as translated for the reader. */
export function filterSupport(items: readonly ChildStrategy[], f: SupportFilters, language: string): ChildStrategy[] {
  const needle = f.q.trim().toLocaleLowerCase(language);
  return items.filter((item) => {
    if (f.place && !item.settings.includes(f.place)) return false;
    if (f.goalId && !item.goals.some((g) => g.id === f.goalId)) return false;
    if (!needle) return true;
    const texts = [
      item.note,
      ...Object.values(item.strategy.content).flatMap((c) => (c ? [c.name, c.purpose, ...c.steps, ...c.tips] : [])),
      // Its words as the reader reads them, when translated for them.
      ...Object.values(item.strategy.translation?.translated?.fields ?? {}),
    ];
    return texts.some((text) => text.toLocaleLowerCase(language).includes(needle));
  });
}

interface BrowserProps {
  items: readonly ChildStrategy[];
  shown: readonly ChildStrategy[];
  filters: SupportFilters;
  onChange: (f: SupportFilters) => void;
  /** A teacher sees school's strategies only: no choice of place. */
  fixedPlace: boolean;
}

/**
 * Browsing the strategies shared with the child: by where they are used, by the goal they help,
 * by a word; then a tile for each, to jump to its steps below.
 */
export function SupportBrowser({ items, shown, filters, onChange, fixedPlace }: BrowserProps) {
  const { t, i18n } = useTranslation();
  const goals = new Map(items.flatMap((item) => item.goals.map((g) => [g.id, g.statement] as const)));
  const places = SETTINGS.filter((s) => items.some((item) => item.settings.includes(s)));
  return (
    <Stack gap="sm" className="no-print support-browser" component="section" aria-labelledby="support-browse">
      <Text fw={650} id="support-browse" component="h3" m={0} fz="md">
        {t('strategies.browse.title')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: fixedPlace ? 2 : 3 }} spacing="sm">
        {fixedPlace || places.length < 2 ? null : (
          <NativeSelect
            label={t('strategies.browse.place')}
            value={filters.place}
            onChange={(e) => onChange({ ...filters, place: e.currentTarget.value as Setting | '' })}
            data={[{ value: '', label: t('strategies.browse.allPlaces') }, ...places.map((s) => ({ value: s, label: t(`strategies.support.groups.${s}`) }))]}
          />
        )}
        {goals.size < 2 ? null : (
          <NativeSelect
            label={t('strategies.browse.goal')}
            value={filters.goalId}
            onChange={(e) => onChange({ ...filters, goalId: e.currentTarget.value })}
            data={[{ value: '', label: t('strategies.browse.allGoals') }, ...[...goals].map(([value, label]) => ({ value, label }))]}
          />
        )}
        <TextInput
          label={t('strategies.browse.search')}
          placeholder={t('strategies.browse.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filters.q}
          onChange={(e) => onChange({ ...filters, q: e.currentTarget.value })}
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('strategies.browse.count', { count: shown.length, total: items.length })}
      </Text>
      {shown.length > 0 ? (
        <nav aria-label={t('strategies.browse.jump')}>
          <ul className="strategy-tiles">
            {shown.map((item) => (
              <li key={item.id}>
                <a className="strategy-tile" href={`#support-item-${item.id}`}>
                  <StrategyIllustration strategy={item.strategy} small />
                  <span className="strategy-tile-name">{strategyNameFor(item.strategy, i18n.language)}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </Stack>
  );
}
