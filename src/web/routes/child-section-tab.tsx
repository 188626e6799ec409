import { IconCalendarEvent } from '@tabler/icons-react';
import { useMatches } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.tsx';
import { useChild } from './child-page.tsx';

/** Sessions: honest about what will appear here. */
export function ChildSectionTab() {
  const { t } = useTranslation();
  const child = useChild();
  const section = useMatches({ select: (matches) => matches.at(-1)?.staticData.section }) ?? 'sessions';
  const name = child.firstName;

  switch (section) {
    case 'sessions':
      return (
        <EmptyState icon={<IconCalendarEvent size={28} aria-hidden />} title={t('child.empty.sessionsTitle')} description={t('child.empty.sessionsBody', { name })} />
      );
  }
}
