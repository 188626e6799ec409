import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, Progress, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import {
  IconCamera, IconCameraOff, IconDoorExit, IconMicrophone, IconMicrophoneOff, IconPhoneOff, IconScreenShare, IconSwitchHorizontal, IconWifi, IconWifiOff,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { DocumentTitle } from '../../components/page.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { Call, type CallState, type LowData } from './call.ts';
import { roomClient, type RoomClient, type VideoParticipant, type VideoRoom } from './video.api.ts';
import { Interpreters } from './interpreters.tsx';
import './video.css';

type Phase = 'check' | 'waiting' | 'room' | 'ended' | 'removed' | 'left';

/** A video session's call: the pre-call check, the waiting room, the room, and its end. */
export function VideoRoomFlow({ roomId, guestToken }: { roomId: string; guestToken: string | null }) {
  const { t } = useTranslation();
  const client = useRef(roomClient(roomId, guestToken)).current;
  const room = useQuery({ queryKey: ['video-room', roomId, guestToken !== null], queryFn: () => client.room(), retry: false });
  const [phase, setPhase] = useState<Phase>('check');
  const [local, setLocal] = useState<MediaStream | null>(null);

  if (room.isPending) return <Loading />;
  if (room.isError) {
    return (
      <Stack gap="md" className="video-page">
        <DocumentTitle title={t('video.title')} />
        <Title order={1}>{t('video.title')}</Title>
        <Alert color="orange" role="alert">{t('video.missing')}</Alert>
      </Stack>
    );
  }
  const info = room.data;
  if (info.status === 'ended' && phase === 'check') return <EndedPage reason="ended" guest={info.me.guest} />;
  if (phase === 'ended' || phase === 'removed' || phase === 'left') {
    return <EndedPage reason={phase} guest={info.me.guest} {...(phase === 'left' ? { onRejoin: () => setPhase('check') } : {})} />;
  }
  if (phase === 'check' || !local) {
    return (
      <PreCallCheck
        room={info}
        onJoin={(stream) => {
          setLocal(stream);
          setPhase('waiting');
        }}
      />
    );
  }
  return <InCall client={client} room={info} local={local} phase={phase} setPhase={setPhase} />;
}

// ---- Pre-call check -------------------------------------------------------------------------

function useMicrophoneLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!stream || !track) return;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
      setLevel(Math.min(100, Math.round((peak / 128) * 200)));
    }, 150);
    return () => {
      clearInterval(timer);
      void ctx.close();
    };
  }, [stream]);
  return level;
}

function PreCallCheck({ room, onJoin }: { room: VideoRoom; onJoin: (stream: MediaStream) => void }) {
  const { t } = useTranslation();
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [camera, setCamera] = useState('');
  const [mic, setMic] = useState('');
  const [cameraOff, setCameraOff] = useState(false);
  const [failed, setFailed] = useState(false);
  const preview = useRef<HTMLVideoElement>(null);
  const handedOver = useRef<MediaStream | null>(null);
  const level = useMicrophoneLevel(stream);

  useEffect(() => {
    let live: MediaStream | null = null;
    let cancelled = false;
    const video = cameraOff ? false : camera ? { deviceId: { exact: camera } } : true;
    const audio = mic ? { deviceId: { exact: mic } } : true;
    navigator.mediaDevices.getUserMedia({ audio, video })
      .catch(() => navigator.mediaDevices.getUserMedia({ audio, video: false }))
      .then(async (s) => {
        if (cancelled) {
          for (const tr of s.getTracks()) tr.stop();
          return;
        }
        live = s;
        setFailed(false);
        setStream(s);
        setDevices(await navigator.mediaDevices.enumerateDevices());
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      // A stream taken into the call lives on there.
      if (live !== handedOver.current) for (const tr of live?.getTracks() ?? []) tr.stop();
    };
  }, [camera, mic, cameraOff]);

  useEffect(() => {
    if (preview.current) preview.current.srcObject = stream;
  }, [stream]);

  const of = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId);
  const opens = new Date(room.opensAt);
  const notYet = room.status === 'not_yet';
  const join = () => {
    if (!stream) return;
    // The stream goes on into the call; this page must not stop it.
    handedOver.current = stream;
    onJoin(stream);
  };

  return (
    <Stack gap="md" className="video-page">
      <DocumentTitle title={t('video.check.title')} />
      <Title order={1}>{t('video.check.title')}</Title>
      <Text>{t('video.check.lead', { name: room.me.name })}</Text>
      {notYet ? <Alert color="blue" role="status">{t('video.check.notYet', { time: formatDateTime(opens.toISOString()) })}</Alert> : null}
      {failed ? <Alert color="orange" role="alert">{t('video.check.noDevices')}</Alert> : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <div className="video-preview">
          {cameraOff || (stream && stream.getVideoTracks().length === 0) ? (
            <div className="video-tile-off" aria-hidden>
              <IconCameraOff size={40} />
            </div>
          ) : null}
          <video ref={preview} autoPlay playsInline muted aria-label={t('video.check.preview')} data-testid="video-preview" />
        </div>
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={600} id="mic-level-label">{t('video.check.level')}</Text>
            <Progress.Root size="lg" data-testid="mic-level">
              <Progress.Section value={level} aria-labelledby="mic-level-label" />
            </Progress.Root>
          </div>
          <NativeSelect
            label={t('video.check.camera')}
            value={camera}
            disabled={cameraOff}
            onChange={(e) => setCamera(e.currentTarget.value)}
            data={[{ value: '', label: t('video.check.default') }, ...of('videoinput').map((d, i) => ({ value: d.deviceId, label: d.label || t('video.check.cameraN', { n: i + 1 }) }))]}
          />
          <NativeSelect
            label={t('video.check.microphone')}
            value={mic}
            onChange={(e) => setMic(e.currentTarget.value)}
            data={[{ value: '', label: t('video.check.default') }, ...of('audioinput').map((d, i) => ({ value: d.deviceId, label: d.label || t('video.check.microphoneN', { n: i + 1 }) }))]}
          />
          {of('audiooutput').length > 0 ? (
            <NativeSelect
              label={t('video.check.speaker')}
              defaultValue=""
              onChange={(e) => localStorage.setItem('careteam.video.speaker', e.currentTarget.value)}
              data={[{ value: '', label: t('video.check.default') }, ...of('audiooutput').map((d, i) => ({ value: d.deviceId, label: d.label || t('video.check.speakerN', { n: i + 1 }) }))]}
            />
          ) : null}
          <Checkbox label={t('video.check.cameraOff')} checked={cameraOff} onChange={(e) => setCameraOff(e.currentTarget.checked)} />
          <Button size="md" onClick={join} disabled={!stream || notYet} data-testid="video-join">
            {t('video.check.join')}
          </Button>
        </Stack>
      </SimpleGrid>
      <Text size="sm" c="dimmed">{t('video.privacy')}</Text>
    </Stack>
  );
}

// ---- In the call ----------------------------------------------------------------------------

function useElapsed(since: string | null): string {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (!since) return '0:00';
  const s = Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
  const two = (n: number) => formatNumber(n).padStart(2, formatNumber(0));
  return s >= 3600 ? `${formatNumber(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${formatNumber(Math.floor(s / 60))}:${two(s % 60)}`;
}

function InCall({ client, room, local, phase, setPhase }: { client: RoomClient; room: VideoRoom; local: MediaStream; phase: Phase; setPhase: (p: Phase) => void }) {
  const { t } = useTranslation();
  const [me, setMe] = useState<string | null>(null);
  const [people, setPeople] = useState<VideoParticipant[]>([]);
  const [openedAt, setOpenedAt] = useState<string | null>(room.openedAt);
  const [call, setCall] = useState<Call | null>(null);
  const [state, setState] = useState<CallState | null>(null);
  const [mic, setMic] = useState(local.getAudioTracks().length > 0);
  const [cam, setCam] = useState(local.getVideoTracks().length > 0);
  const [sharing, setSharing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const elapsed = useElapsed(openedAt);
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  useEffect(() => {
    const abort = new AbortController();
    let c: Call | null = null;
    let mine: string | null = null;
    let over = false;
    (async () => {
      const joined = await client.join({ audio: local.getAudioTracks().length > 0, video: local.getVideoTracks().length > 0 });
      mine = joined.participantId;
      setMe(mine);
      setPhase(joined.state === 'admitted' ? 'room' : 'waiting');
      c = new Call(client, { id: mine, name: room.me.name }, local, joined.iceServers, setState);
      setCall(c);
      await client.stream(mine, (e) => {
        if (e.type === 'room') {
          setPeople(e.participants);
          setOpenedAt(e.openedAt);
          const self = e.participants.find((p) => p.id === mine);
          if (self?.state === 'admitted') {
            if (phaseRef.current === 'waiting') setPhase('room');
            c?.onRoom(e.participants);
            // The host muted this microphone for everyone.
            if (self.mutedByHost) {
              c?.setMicrophone(false);
              setMic(false);
            }
          }
        } else if (e.type === 'signal') {
          void c?.onSignal(e.from, e.kind, e.data).catch(() => {});
        } else if (e.type === 'ended' || e.type === 'removed') {
          over = true;
          setPhase(e.type);
        }
      }, abort.signal);
      // The stream ended without a word: the connection was lost.
      if (!abort.signal.aborted && !over) setPhase('left');
    })().catch((e: unknown) => {
      if (!abort.signal.aborted) setError(e);
    });
    return () => {
      abort.abort();
      c?.close();
      if (mine && !over) void client.leave(mine).catch(() => {});
    };
    // One join per mount.
  }, []);

  const sendMedia = useCallback((audio: boolean, video: boolean) => {
    if (me) void client.media(me, { audio, video }).catch(() => {});
  }, [client, me]);

  if (error) {
    return (
      <Stack className="video-page">
        <Title order={1}>{t('video.title')}</Title>
        <ErrorAlert error={error} />
      </Stack>
    );
  }
  if (phase === 'waiting' || !me || !call) {
    return <Waiting room={room} client={client} me={me} people={people} onLeave={() => setPhase('left')} />;
  }

  const self = people.find((p) => p.id === me);
  const others = people.filter((p) => p.id !== me && p.state === 'admitted');
  const waiting = people.filter((p) => p.state === 'waiting');
  const toggleMic = () => {
    const on = !mic;
    call.setMicrophone(on);
    setMic(on);
    sendMedia(on, cam);
  };
  const toggleCam = async () => {
    const on = !cam;
    await call.setCamera(on).catch(setError);
    setCam(on);
    sendMedia(mic, on);
  };
  const switchCamera = async () => {
    const cams = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    const current = local.getVideoTracks()[0]?.getSettings();
    const next = cams[(cams.findIndex((d) => d.deviceId === current?.deviceId) + 1) % Math.max(1, cams.length)];
    if (cams.length > 1 && next) {
      await call.setCamera(true, { deviceId: { exact: next.deviceId } }).catch(setError);
    } else {
      // Phones name their cameras by the way they face.
      await call.setCamera(true, { facingMode: current?.facingMode === 'environment' ? 'user' : 'environment' }).catch(setError);
    }
  };
  const share = async () => {
    if (sharing) {
      await call.shareScreen(null);
      setSharing(false);
      return;
    }
    const s = await navigator.mediaDevices.getDisplayMedia({ video: true }).catch(() => null);
    const track = s?.getVideoTracks()[0];
    if (!track) return;
    track.addEventListener('ended', () => setSharing(false));
    await call.shareScreen(track);
    setSharing(true);
  };
  const canShare = typeof navigator.mediaDevices.getDisplayMedia === 'function' && window.matchMedia('(pointer: fine)').matches;

  return (
    <Stack gap="md" className="video-page video-room">
      <DocumentTitle title={t('video.room.title')} />
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={1} size="h2">{t('video.room.title')}</Title>
        <Group gap="xs">
          <Badge variant="light" size="lg" aria-label={t('video.room.elapsedLabel', { time: elapsed })} data-testid="video-elapsed">{elapsed}</Badge>
          {state?.poor ? (
            <Badge color="orange" variant="light" size="lg" leftSection={<IconWifiOff size={14} aria-hidden />}>{t('video.room.poorSelf')}</Badge>
          ) : (
            <Badge color="gray" variant="light" size="lg" leftSection={<IconWifi size={14} aria-hidden />}>{t('video.room.goodSelf')}</Badge>
          )}
        </Group>
      </Group>
      {state?.autoLowData ? <Alert color="orange" role="status">{t('video.room.autoLowData')}</Alert> : null}
      {self?.mutedByHost ? <Alert color="blue" role="status" data-testid="muted-by-host">{t('video.room.mutedByHost')}</Alert> : null}
      {room.isHost && waiting.length > 0 ? (
        <Alert color="blue" role="status" title={t('video.room.waitingTitle', { count: waiting.length })}>
          <Stack gap="xs">
            {waiting.map((p) => (
              <Group key={p.id} justify="space-between" gap="xs">
                <Text>{p.name}</Text>
                <Button size="xs" onClick={() => void client.host(me, 'admit', p.id).catch(setError)} aria-label={t('video.host.admitName', { name: p.name })}>
                  {t('video.host.admit')}
                </Button>
              </Group>
            ))}
          </Stack>
        </Alert>
      ) : null}
      <section aria-label={t('video.room.people')}>
        <div className="video-grid" data-count={others.length + 1}>
          <Tile name={t('video.room.you', { name: room.me.name })} stream={local} self muted={!mic} cameraOff={!cam && !sharing} poor={state?.poor ?? false} />
          {others.map((p) => {
            const peer = state?.peers.get(p.id);
            return <Tile key={p.id} id={p.id} name={p.name} stream={peer?.stream ?? null} muted={!p.audio} cameraOff={!p.video} poor={peer?.poor ?? false} />;
          })}
        </div>
      </section>
      <div role="toolbar" aria-label={t('video.room.controls')} className="video-controls">
        <Button variant={mic ? 'light' : 'filled'} {...(mic ? {} : { color: 'red' })} aria-pressed={!mic} onClick={toggleMic} leftSection={mic ? <IconMicrophone size={18} aria-hidden /> : <IconMicrophoneOff size={18} aria-hidden />}>
          {t('video.room.mute')}
        </Button>
        <Button variant={cam ? 'light' : 'filled'} {...(cam ? {} : { color: 'red' })} aria-pressed={!cam} onClick={() => void toggleCam()} leftSection={cam ? <IconCamera size={18} aria-hidden /> : <IconCameraOff size={18} aria-hidden />}>
          {t('video.room.cameraOff')}
        </Button>
        <Button variant="light" onClick={() => void switchCamera()} disabled={!cam} leftSection={<IconSwitchHorizontal size={18} aria-hidden />}>
          {t('video.room.switchCamera')}
        </Button>
        {canShare ? (
          <Button variant="light" aria-pressed={sharing} onClick={() => void share()} leftSection={<IconScreenShare size={18} aria-hidden />}>
            {t('video.room.share')}
          </Button>
        ) : null}
        <NativeSelect
          label={t('video.room.lowData')}
          value={String(state?.lowData ?? 0)}
          onChange={(e) => void call.setLowData(Number(e.currentTarget.value) as LowData)}
          data={[{ value: '0', label: t('video.room.lowData0') }, { value: '1', label: t('video.room.lowData1') }, { value: '2', label: t('video.room.lowData2') }]}
          data-testid="low-data"
        />
        <Button color="gray" variant="outline" onClick={() => setPhase('left')} leftSection={<IconDoorExit size={18} aria-hidden />}>
          {t('video.room.leave')}
        </Button>
        {room.isHost ? (
          <Button color="red" onClick={() => void client.host(me, 'end').catch(setError)} leftSection={<IconPhoneOff size={18} aria-hidden />}>
            {t('video.host.end')}
          </Button>
        ) : null}
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Participants room={room} client={client} me={me} people={people.filter((p) => p.state === 'admitted')} />
        <Chat call={call} lines={state?.chat ?? []} />
      </SimpleGrid>
      {room.isHost ? <Interpreters client={client} kind={room.kind} /> : null}
    </Stack>
  );
}

function Tile({ id, name, stream, self = false, muted, cameraOff, poor }: { id?: string; name: string; stream: MediaStream | null; self?: boolean; muted: boolean; cameraOff: boolean; poor: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    v.srcObject = stream;
    const speaker = localStorage.getItem('careteam.video.speaker');
    if (!self && speaker && 'setSinkId' in v) void (v as HTMLVideoElement & { setSinkId: (id: string) => Promise<void> }).setSinkId(speaker).catch(() => {});
  }, [stream, self]);
  return (
    <figure className="video-tile" data-testid="video-tile" data-participant={id ?? 'me'} data-muted={muted} data-poor={poor}>
      <video ref={ref} autoPlay playsInline muted={self} aria-hidden={cameraOff} />
      {cameraOff ? (
        <div className="video-tile-off" aria-hidden>
          <IconCameraOff size={32} />
        </div>
      ) : null}
      <figcaption>
        <span className="video-tile-name">{name}</span>
        {muted ? <IconMicrophoneOff size={16} aria-label={t('video.room.mutedLabel')} role="img" /> : null}
        {poor ? <Badge color="orange" size="xs" variant="filled">{t('video.room.poor')}</Badge> : null}
      </figcaption>
    </figure>
  );
}

function Participants({ room, client, me, people }: { room: VideoRoom; client: RoomClient; me: string; people: VideoParticipant[] }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="video-people-title">
      <Title order={2} size="h4" id="video-people-title">{t('video.room.inCall', { count: people.length })}</Title>
      <ul className="video-people" data-testid="video-people">
        {people.map((p) => (
          <li key={p.id} data-participant={p.id}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm">
                {p.id === me ? t('video.room.you', { name: p.name }) : p.name}
                {p.role === 'host' ? ` · ${t('video.room.host')}` : p.role === 'guest' ? ` · ${t('video.room.interpreter')}` : ''}
                {!p.audio ? ` · ${p.mutedByHost ? t('video.room.mutedByHostShort') : t('video.room.mutedLabel')}` : ''}
              </Text>
              {room.isHost && p.id !== me ? (
                <Group gap={4}>
                  <Button size="compact-sm" variant="light" disabled={!p.audio} onClick={() => void client.host(me, 'mute', p.id).catch(setError)} aria-label={t('video.host.muteName', { name: p.name })}>
                    {t('video.host.mute')}
                  </Button>
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => void client.host(me, 'remove', p.id).catch(setError)} aria-label={t('video.host.removeName', { name: p.name })}>
                    {t('video.host.remove')}
                  </Button>
                </Group>
              ) : null}
            </Group>
          </li>
        ))}
      </ul>
      <ErrorAlert error={error} />
    </Card>
  );
}

function Chat({ call, lines }: { call: Call; lines: CallState['chat'] }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    if (!v) return;
    call.say(v.slice(0, 1000));
    setText('');
  };
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="video-chat-title">
      <Title order={2} size="h4" id="video-chat-title">{t('video.chat.title')}</Title>
      <Text size="xs" c="dimmed">{t('video.chat.note')}</Text>
      <ol className="video-chat" aria-live="polite" data-testid="video-chat">
        {lines.map((l, i) => (
          <li key={i}>
            <Text size="sm"><strong>{l.name}</strong>: {l.text}</Text>
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput style={{ flex: 1 }} label={t('video.chat.message')} value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={1000} />
          <Button type="submit">{t('video.chat.send')}</Button>
        </Group>
      </form>
    </Card>
  );
}

function Waiting({ room, client, me, people, onLeave }: { room: VideoRoom; client: RoomClient; me: string | null; people: VideoParticipant[]; onLeave: () => void }) {
  const { t } = useTranslation();
  const self = people.find((p) => p.id === me);
  return (
    <Stack gap="md" className="video-page">
      <DocumentTitle title={t('video.waiting.title')} />
      <Title order={1}>{t('video.waiting.title')}</Title>
      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <Text role="status" data-testid="video-waiting">{self ? t('video.waiting.body', { name: room.me.name }) : t('video.waiting.joining')}</Text>
          <Text size="sm" c="dimmed">{t('video.privacy')}</Text>
          <Group>
            <Button variant="outline" color="gray" onClick={onLeave} leftSection={<IconDoorExit size={18} aria-hidden />}>{t('video.room.leave')}</Button>
          </Group>
        </Stack>
      </Card>
      {room.isHost ? <Interpreters client={client} kind={room.kind} /> : null}
    </Stack>
  );
}

function EndedPage({ reason, guest, onRejoin }: { reason: 'ended' | 'removed' | 'left'; guest: boolean; onRejoin?: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" className="video-page" data-testid="video-ended" data-reason={reason}>
      <DocumentTitle title={t(`video.ended.${reason}Title`)} />
      <Title order={1}>{t(`video.ended.${reason}Title`)}</Title>
      <Text>{t(`video.ended.${reason}Body`)}</Text>
      {guest ? <Text c="dimmed">{t('video.ended.guestClose')}</Text> : null}
      {onRejoin ? (
        <Group>
          <Button onClick={onRejoin}>{t('video.ended.rejoin')}</Button>
        </Group>
      ) : null}
    </Stack>
  );
}
