import { Button, Group, Stack } from '@mantine/core';
import { IconVideo } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { videoWindow } from '../../../contract/video-values.ts';
import { meQuery } from '../../api/queries.ts';
import { Loading } from '../../components/loading.tsx';
import { formatWallClock } from '../../lib/format.ts';
import type { Session } from '../sessions/sessions.api.ts';
import { roomClient } from './video.api.ts';
import { Interpreters, type RequestedLanguage } from './interpreters.tsx';



/** A room one may join: a session's or a family event's, as the reader sees it. */
export type Joinable = {
  roomId: string;
  startsAt: string;
  durationMinutes: number;
  /** The reader hosts it (and may give interpreters a seat). */
  host: boolean;
  /** The join button's name for a screen reader (what is joined, and when). */
  label: string;
  kind: 'session' | 'event';
  /** An event's interpreter requests, from the families' answers. */
  requested?: readonly RequestedLanguage[];
};

/**
 * "Join" on a room, from ten minutes before it starts until it ends (the page looks again every
 * half minute); for its host, until it ends, the interpreters' links as well.
 */
export function VideoJoin({ room }: { room: Joinable }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const [interpreters, setInterpreters] = useState(false);
  const client = useMemo(() => roomClient(room.roomId, null), [room.roomId]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const w = videoWindow(new Date(room.startsAt), room.durationMinutes);
  if (now > w.endsAt.getTime()) return null;
  const open = now >= w.opensAt.getTime();
  if (!open && !room.host) return null;
  const panel = `interpreters-${room.roomId}`;
  return (
    <Stack gap="xs">
      <Group>
        {open ? (
          <Button
            size="sm"
            leftSection={<IconVideo size={16} aria-hidden />}
            aria-label={room.label}
            renderRoot={(props) => <Link {...props} to="/video/$roomId" params={{ roomId: room.roomId }} />}
            data-testid="video-join-link"
          >
            {t('video.join')}
          </Button>
        ) : null}
        {room.host ? (
          <Button variant="light" size="sm" aria-expanded={interpreters} aria-controls={panel} onClick={() => setInterpreters((v) => !v)} data-testid="video-interpreters-toggle">
            {t('video.guests.title')}
          </Button>
        ) : null}
      </Group>
      {room.host && interpreters ? (
        <div id={panel}>
          <Suspense fallback={<Loading />}>
            <Interpreters client={client} kind={room.kind} requested={room.requested ?? []} />
          </Suspense>
        </div>
      ) : null}
    </Stack>
  );
}

/** "Join" on a video session, for its clinician and the people it invites. */
export function VideoJoinButton({ session, withInterpreters = true }: { session: Session; withInterpreters?: boolean }) {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  if (session.place !== 'video' || session.status !== 'scheduled') return null;
  const isHost = session.createdBy === me.data?.user.id;
  if (!isHost && session.myResponse === null) return null;
  const { day } = formatWallClock(session.localStart);
  return (
    <VideoJoin
      room={{
        roomId: session.id, kind: 'session', startsAt: session.startsAt, durationMinutes: session.durationMinutes, host: isHost && withInterpreters,
        label: t('video.joinFor', { kind: t(`sessions.kind.${session.kind}`), day }),
      }}
    />
  );
}
