import { Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CelebrationCard, CelebrationList } from './celebration-list.tsx';
import { recentCelebrationsQuery, useDismiss } from './milestones.api.ts';

/** At first the home page shows a few; the rest are one tap away, so the caseload stays in reach. */
const FIRST = 3;

/** The home page: what to celebrate across every child the reader is on the team of. */
export function HomeCelebrations() {
  const { t } = useTranslation();
  const query = useQuery(recentCelebrationsQuery);
  const [all, setAll] = useState(false);
  const celebrations = query.data?.celebrations ?? [];
  const names = new Map(celebrations.map((c) => [c.id, c.child.firstName]));
  const { dismiss, dismissing, error } = useDismiss();
  if (celebrations.length === 0) return null;
  const shown = all ? celebrations : celebrations.slice(0, FIRST);
  return (
    <CelebrationCard titleId="home-celebrations-title" error={error}>
      <CelebrationList milestones={shown} childNameOf={(m) => names.get(m.id) ?? ''} variant="home" onDismiss={dismiss} dismissing={dismissing} />
      {celebrations.length > shown.length ? (
        <Button variant="subtle" onClick={() => setAll(true)} style={{ alignSelf: 'flex-start' }}>
          {t('milestones.showMore', { count: celebrations.length - shown.length })}
        </Button>
      ) : null}
    </CelebrationCard>
  );
}
