import { useQuery } from '@tanstack/react-query';
import { CelebrationCard, CelebrationList } from './celebration-list.tsx';
import { useDismiss } from './child-celebrations.tsx';
import { recentCelebrationsQuery } from './milestones.api.ts';

/** The home page: what to celebrate across every child the reader is on the team of. */
export function HomeCelebrations() {
  const query = useQuery(recentCelebrationsQuery);
  const celebrations = query.data?.celebrations ?? [];
  const names = new Map(celebrations.map((c) => [c.id, c.child.firstName]));
  const { dismiss, dismissing, error } = useDismiss();
  if (celebrations.length === 0) return null;
  return (
    <CelebrationCard titleId="home-celebrations-title" error={error}>
      <CelebrationList milestones={celebrations} childNameOf={(m) => names.get(m.id) ?? ''} variant="home" onDismiss={dismiss} dismissing={dismissing} />
    </CelebrationCard>
  );
}
