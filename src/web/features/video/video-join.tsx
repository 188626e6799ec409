import { Button, Group } from '@mantine/core';
import { IconVideo } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { videoWindow } from '../../../contract/video.ts';
import { meQuery } from '../../api/queries.ts';
import { formatWallClock } from '../../lib/format.ts';
import type { Session } from '../sessions/sessions.api.ts';

/**
 * "Join" on a video session, for its clinician and the people it invites, from ten minutes before
 * it starts until it ends (the page looks again every half minute).
 */
export function VideoJoinButton({ session }: { session: Session }) {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (session.place !== 'video' || session.status !== 'scheduled') return null;
  const mine = session.createdBy === me.data?.user.id || session.myResponse !== null;
  const w = videoWindow(new Date(session.startsAt), session.durationMinutes);
  if (!mine || now < w.opensAt.getTime() || now > w.endsAt.getTime()) return null;
  const { day } = formatWallClock(session.localStart);
  return (
    <Group>
      <Button
        size="sm"
        leftSection={<IconVideo size={16} aria-hidden />}
        aria-label={t('video.joinFor', { kind: t(`sessions.kind.${session.kind}`), day })}
        renderRoot={(props) => <Link {...props} to="/video/$sessionId" params={{ sessionId: session.id }} />}
        data-testid="video-join-link"
      >
        {t('video.join')}
      </Button>
    </Group>
  );
}
