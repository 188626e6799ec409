import { Button, Group } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatWallClock } from '../../lib/format.ts';
import type { Session } from './sessions.api.ts';

/** From a meeting's card to its page: who is invited and the shared agenda. */
export function MeetingLink({ childId, session }: { childId: string; session: Session }) {
  const { t } = useTranslation();
  const { day } = formatWallClock(session.localStart);
  return (
    <Group>
      <Button
        variant="light"
        size="sm"
        leftSection={<IconListDetails size={16} aria-hidden />}
        aria-label={t('meetings.linkFor', { kind: t(`sessions.kind.${session.kind}`), day })}
        renderRoot={(props) => <Link {...props} to="/children/$childId/sessions/$sessionId" params={{ childId, sessionId: session.id }} />}
      >
        {t('meetings.link')}
      </Button>
    </Group>
  );
}
