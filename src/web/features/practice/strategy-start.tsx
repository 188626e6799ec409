import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Child } from '../../api/types.ts';
import { strategyName } from '../strategies/strategy-body.tsx';
import { childStrategiesQuery, libraryQuery, type Strategy } from '../strategies/strategies-api.ts';

export interface PracticePrefill {
  title: string;
  steps: string[];
  goalIds?: string[];
}

/**
 * The language the steps are copied in: the family's, when the profile names Spanish and not
 * English; otherwise the therapist's own. The other language is used when only it exists.
 */
function stepsLanguage(child: Child, reader: string): 'en' | 'es' {
  const langs = child.profile.languages.map((l) => l.toLocaleLowerCase());
  const spanish = langs.some((l) => /spanish|español|espanol/u.test(l));
  const english = langs.some((l) => /english|inglés|ingles/u.test(l));
  if (spanish && !english) return 'es';
  return reader === 'es' ? 'es' : 'en';
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
  const option = (s: Strategy) => ({ value: s.id, label: strategyName(s, i18n.language) });
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
        const lang = stepsLanguage(child, i18n.language);
        const text = picked.strategy.content[lang] ?? picked.strategy.content[lang === 'es' ? 'en' : 'es'];
        if (!text) return;
        onPick({ title: text.name, steps: [...text.steps], goalIds: picked.goalIds });
      }}
    />
  );
}
