import { Anchor, Group } from '@mantine/core';
import { IconCalendarDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatWallClock } from '../../lib/format.ts';
import { sessionIcsPath } from './session-calendar.api.ts';
import type { Session } from './sessions.api.ts';

/** "Download .ics": one session as a calendar file, named for screen readers by its kind and day. */
export function SessionIcsLink({ childId, session }: { childId: string; session: Session }) {
  const { t } = useTranslation();
  const { day } = formatWallClock(session.localStart);
  return (
    <Anchor href={sessionIcsPath(childId, session.id)} download="session.ics" size="sm" aria-label={t('sessionCalendar.downloadFor', { kind: t(`sessions.kind.${session.kind}`), day })}>
      <Group gap={4} wrap="nowrap" component="span">
        <IconCalendarDown size={16} aria-hidden />
        {t('sessionCalendar.download')}
      </Group>
    </Anchor>
  );
}
