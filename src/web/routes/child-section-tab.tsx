import { IconCalendarEvent, IconMessages } from '@tabler/icons-react';
import { useMatches } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.tsx';
import { useChild } from './child-page.tsx';

/** Messages and Sessions: honest about what will appear here. */
export function ChildSectionTab() {
  const { t } = useTranslation();
  const child = useChild();
  const section = useMatches({ select: (matches) => matches.at(-1)?.staticData.section }) ?? 'messages';
  const name = child.firstName;

  switch (section) {
    case 'messages':
      return (
        <EmptyState icon={<IconMessages size={28} aria-hidden />} title={t('child.empty.messagesTitle')} description={t('child.empty.messagesBody', { name })} />
      );
    case 'sessions':
      return (
        <EmptyState icon={<IconCalendarEvent size={28} aria-hidden />} title={t('child.empty.sessionsTitle')} description={t('child.empty.sessionsBody', { name })} />
      );
  }
}
