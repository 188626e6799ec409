import { Button, Group, Stack } from '@mantine/core';
import { IconVideo } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { videoWindow } from '../../../contract/video.ts';
import { meQuery } from '../../api/queries.ts';
import { formatWallClock } from '../../lib/format.ts';
import type { Session } from '../sessions/sessions.api.ts';
import { roomClient } from './video.api.ts';
import { Interpreters } from './video-room.tsx';

/**
 * "Join" on a video session, for its clinician and the people it invites, from ten minutes before
 * it starts until it ends (the page looks again every half minute); for its clinician, until it
 * ends, the interpreters' links as well.
 */
export function VideoJoinButton({ session, withInterpreters = true }: { session: Session; withInterpreters?: boolean }) {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const [now, setNow] = useState(() => Date.now());
  const [interpreters, setInterpreters] = useState(false);
  const client = useMemo(() => roomClient(session.id, null), [session.id]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (session.place !== 'video' || session.status !== 'scheduled') return null;
  const isHost = session.createdBy === me.data?.user.id;
  const host = isHost && withInterpreters;
  const mine = isHost || session.myResponse !== null;
  const w = videoWindow(new Date(session.startsAt), session.durationMinutes);
  if (!mine || now > w.endsAt.getTime()) return null;
  const open = now >= w.opensAt.getTime();
  if (!open && !host) return null;
  const { day } = formatWallClock(session.localStart);
  const panel = `interpreters-${session.id}`;
  return (
    <Stack gap="xs">
      <Group>
        {open ? (
          <Button
            size="sm"
            leftSection={<IconVideo size={16} aria-hidden />}
            aria-label={t('video.joinFor', { kind: t(`sessions.kind.${session.kind}`), day })}
            renderRoot={(props) => <Link {...props} to="/video/$sessionId" params={{ sessionId: session.id }} />}
            data-testid="video-join-link"
          >
            {t('video.join')}
          </Button>
        ) : null}
        {host ? (
          <Button variant="light" size="sm" aria-expanded={interpreters} aria-controls={panel} onClick={() => setInterpreters((v) => !v)} data-testid="video-interpreters-toggle">
            {t('video.guests.title')}
          </Button>
        ) : null}
      </Group>
      {host && interpreters ? (
        <div id={panel}>
          <Interpreters client={client} />
        </div>
      ) : null}
    </Stack>
  );
}
