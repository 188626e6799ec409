import { useMatches } from '@tanstack/react-router';
import { ChildSessionsTab } from './child-sessions-tab.tsx';

/** A child's section that has no route of its own: today, the sessions. */
export function ChildSectionTab() {
  const section = useMatches({ select: (matches) => matches.at(-1)?.staticData.section }) ?? 'sessions';
  switch (section) {
    case 'sessions':
      return <ChildSessionsTab />;
  }
}
