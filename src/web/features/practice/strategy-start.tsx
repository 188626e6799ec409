import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';
import { childStrategiesQuery, libraryQuery, type Strategy, type StrategyText } from '../strategies/strategies-api.ts';
import { appLocalesOf } from '../../../contract/format.ts';
import { inLanguage, localeOf } from '../../../contract/locales.ts';

export interface PracticePrefill {
  title: string;
  steps: string[];
  goalIds?: string[];
}

/**
 * The words the steps are copied in: the therapist's own language when the family speaks it too;
 * else the first of the family's languages the strategy is written in; else the therapist's (or
 * English, or whichever the strategy has).
 */
function stepsText(strategy: Strategy, child: Child, reader: string): StrategyText | undefined {
  const family = appLocalesOf(child.profile.languages);
  const mine = localeOf(reader);
  const lang = family.includes(mine) ? mine : (family.find((l) => strategy.content[l]) ?? mine);
  return inLanguage(strategy.content, lang);
}

/** "Start from a strategy": the child's own strategies first, then the clinic library; picking one fills the title and steps. */
export function StrategyStart({ child, onPick }: { child: Child; onPick: (p: PracticePrefill) => void }) {
  const { t, i18n } = useTranslation();
  const mine = useQuery(childStrategiesQuery(child.id));
  const library = useQuery(libraryQuery({ q: '', setting: '' }));
  const childOnes = mine.data?.strategies ?? [];
  const attached = new Set(childOnes.map((c) => c.strategy.id));
  const others = (library.data?.strategies ?? []).filter((s) => !attached.has(s.id));
  const byId = new Map<string, { strategy: Strategy; goalIds: string[] }>();
  for (const c of childOnes) byId.set(c.strategy.id, { strategy: c.strategy, goalIds: c.goals.map((g) => g.id) });
  for (const s of others) byId.set(s.id, { strategy: s, goalIds: [] });
  if (byId.size === 0) return null;
  const option = (s: Strategy) => ({ value: s.id, label: strategyNameFor(s, i18n.language) });
  const data = [
    ...(childOnes.length > 0 ? [{ group: t('practice.form.childStrategies', { name: child.firstName }), items: childOnes.map((c) => option(c.strategy)) }] : []),
    ...(others.length > 0 ? [{ group: t('practice.form.library'), items: others.map(option) }] : []),
  ];
  return (
    <Select
      label={t('practice.form.fromStrategy')}
      description={t('practice.form.fromStrategyHint')}
      placeholder={t('practice.form.fromStrategyNone')}
      data={data}
      searchable
      clearable
      nothingFoundMessage={t('practice.form.noStrategy')}
      onChange={(id) => {
        const picked = id ? byId.get(id) : undefined;
        if (!picked) return;
        const text = stepsText(picked.strategy, child, i18n.language);
        if (!text) return;
        onPick({ title: text.name, steps: [...text.steps], goalIds: picked.goalIds });
      }}
    />
  );
}
