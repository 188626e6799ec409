// Video signalling, live: many rooms of three open at once (the therapist who hosts, the child's
// guardian and an interpreter with a guest pass), each person's room stream open, and offers
// relayed from one participant to another, each timed from the start of its POST until it has
// arrived on the addressee's stream. The rooms are opened, joined and let in through the real
// routes; only the sessions, sign-ins and guest passes are written straight into the database.
import { sql } from 'kysely';
import type { Db } from '../src/server/db/database.ts';
import { insertGuestPass } from '../src/server/features/video/video.repository.ts';
import { hashToken, newToken } from '../src/server/http/tokens.ts';
import { openStream, sessionFor, type Stream } from './realtime.ts';

type Participant = { id: string; auth: Record<string, string>; stream: Stream };
type Room = { sessionId: string; host: Participant; guardian: Participant; interpreter: Participant };

export type VideoSignalling = {
  rooms: number;
  /** The size of each offer's SDP, in bytes. */
  offerBytes: number;
  /** From the start of each POST …/signal until its answer (200), and until the offer reached the addressee's stream; ms. */
  answered: number[];
  delivered: number[];
  /** Closes every stream (each person leaves their room) and waits until the server has let them all go. */
  close: () => Promise<void>;
};

/**
 * An offer the size of a browser's for one audio and one video track (about 5 KB of SDP: two
 * media sections, many codecs, no candidates since they trickle), told apart by `marker`.
 */
export function offerSdp(marker: string): string {
  const fingerprint = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) % 256).toString(16).toUpperCase().padStart(2, '0')).join(':');
  const extmaps = ['urn:ietf:params:rtp-hdrext:ssrc-audio-level', 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01', 'urn:ietf:params:rtp-hdrext:sdes:mid',
    'urn:ietf:params:rtp-hdrext:toffset', 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay'];
  const section = (kind: 'audio' | 'video', mid: number, codecs: string[], first: number) => {
    const pts = codecs.map((_, i) => first + i);
    const feedback = kind === 'video' ? ['goog-remb', 'transport-cc', 'ccm fir', 'nack', 'nack pli'] : ['transport-cc'];
    return [
      `m=${kind} 9 UDP/TLS/RTP/SAVPF ${pts.join(' ')}`, 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
      'a=ice-ufrag:Bnch', 'a=ice-pwd:benchbenchbenchbenchbench', 'a=ice-options:trickle', `a=fingerprint:sha-256 ${fingerprint}`,
      'a=setup:actpass', `a=mid:${mid}`, ...extmaps.map((uri, i) => `a=extmap:${i + 1} ${uri}`), 'a=sendrecv',
      `a=msid:${marker} ${kind}-${marker}`, 'a=rtcp-mux', ...(kind === 'video' ? ['a=rtcp-rsize'] : []),
      ...codecs.flatMap((codec, i) => [`a=rtpmap:${pts[i]} ${codec}`, ...feedback.map((f) => `a=rtcp-fb:${pts[i]} ${f}`)]),
      `a=ssrc:${1000 + mid} cname:${marker}`, `a=ssrc:${1000 + mid} msid:${marker} ${kind}-${marker}`,
    ];
  };
  const audio = ['opus/48000/2', 'red/48000/2', 'G722/8000', 'PCMU/8000', 'PCMA/8000', 'CN/8000', 'telephone-event/48000', 'telephone-event/8000'];
  const video = ['VP8/90000', 'rtx/90000', 'VP9/90000', 'rtx/90000', 'VP9/90000', 'rtx/90000', 'H264/90000', 'rtx/90000', 'H264/90000', 'rtx/90000',
    'H264/90000', 'rtx/90000', 'H264/90000', 'rtx/90000', 'AV1/90000', 'rtx/90000', 'red/90000', 'rtx/90000', 'ulpfec/90000'];
  return [
    'v=0', `o=- ${marker} 2 IN IP4 127.0.0.1`, 's=-', 't=0 0', 'a=group:BUNDLE 0 1', 'a=extmap-allow-mixed', `a=msid-semantic: WMS ${marker}`,
    ...section('audio', 0, audio, 111), ...section('video', 1, video, 96),
  ].join('\r\n') + '\r\n';
}

async function post(url: string, auth: Record<string, string>, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname}: ${res.status} ${await res.text()}`);
  return res.json();
}

type RoomEvent = { type: string; participants?: { state: string }[] };
const everyoneIn = (e: Record<string, unknown>) => {
  const r = e as RoomEvent;
  return r.type === 'room' && r.participants?.length === 3 && r.participants.every((p) => p.state === 'admitted');
};

/**
 * `rooms` video sessions of the clinic's children, starting five minutes from now (so their rooms
 * are open), each with its therapist as host, its guardian (the family is invited) and an
 * interpreter's guest pass; every room opened by its host, joined by the other two, who are let in.
 */
async function openRooms(db: Db, base: string, clinicId: string, rooms: number): Promise<Room[]> {
  const { rows } = await sql<{ id: string; child_id: string; host: string; guardian: string }>`
    WITH c AS (SELECT id FROM child WHERE clinic_id = ${clinicId} ORDER BY last_name LIMIT ${rooms}),
         s AS (
           INSERT INTO therapy_session (clinic_id, child_id, kind, place, starts_at, duration_minutes, family_invited, created_by)
           SELECT ${clinicId}, c.id, 'therapy', 'video', now() + interval '5 minutes', 60, true, t.user_id
           FROM c JOIN care_team_member t ON t.child_id = c.id AND t.role = 'therapist'
           RETURNING id, child_id, created_by
         )
    SELECT s.id, s.child_id, s.created_by AS host, g.user_id AS guardian
    FROM s JOIN care_team_member g ON g.child_id = s.child_id AND g.role = 'guardian'`.execute(db);
  const enter = async (sessionId: string, auth: Record<string, string>): Promise<Participant> => {
    const { participantId } = (await post(`${base}/api/video/rooms/${sessionId}/join`, auth, { audio: true, video: true })) as { participantId: string };
    return { id: participantId, auth, stream: await openStream(base, auth, `/api/video/rooms/${sessionId}/stream?participantId=${participantId}`) };
  };
  const open = async (r: (typeof rows)[number], n: number): Promise<Room> => {
    const token = newToken();
    await insertGuestPass(db, {
      clinic_id: clinicId, child_id: r.child_id, room_id: r.id, session_id: r.id, event_id: null, name: `Interpreter ${n}`, email: `interpreter${n}@bench.example`,
      language: 'vi', token_hash: hashToken(token), created_by: r.host,
    });
    const sign = async (userId: string) => {
      const s = await sessionFor(db, userId);
      return { cookie: s.cookie, 'x-csrf-token': s.csrf };
    };
    // The host opens the room; the guardian and the interpreter wait until the host lets them in.
    const host = await enter(r.id, await sign(r.host));
    const guardian = await enter(r.id, await sign(r.guardian));
    const interpreter = await enter(r.id, { authorization: `Bearer ${token}` });
    for (const target of [guardian.id, interpreter.id]) {
      await post(`${base}/api/video/rooms/${r.id}/host`, host.auth, { participantId: host.id, action: 'admit', target });
    }
    await Promise.all([host, guardian, interpreter].map((p) => p.stream.received(everyoneIn)));
    return { sessionId: r.id, host, guardian, interpreter };
  };
  const opened: Room[] = [];
  for (let i = 0; i < rows.length; i += 20) opened.push(...(await Promise.all(rows.slice(i, i + 20).map((r, j) => open(r, i + j)))));
  return opened;
}

export async function benchVideoSignalling(db: Db, base: string, clinicId: string, opts: { rooms: number; offers: number }): Promise<VideoSignalling> {
  const rooms = await openRooms(db, base, clinicId, opts.rooms);
  const answered: number[] = [];
  const delivered: number[] = [];
  // Whoever is let in later offers to those in before them: the guardian to the host, the
  // interpreter to the host and to the guardian. Successive offers go to rooms far apart.
  const pairs: ((r: Room) => [Participant, Participant])[] = [(r) => [r.guardian, r.host], (r) => [r.interpreter, r.host], (r) => [r.interpreter, r.guardian]];
  for (let i = 0; i < opts.offers; i++) {
    const room = rooms[(i * 97) % rooms.length]!;
    const [from, to] = pairs[i % pairs.length]!(room);
    const marker = `bench${i}`;
    const data = JSON.stringify({ type: 'offer', sdp: offerSdp(marker) });
    const started = performance.now();
    const res = await fetch(`${base}/api/video/rooms/${room.sessionId}/signal`, {
      method: 'POST', headers: { ...from.auth, 'content-type': 'application/json' }, body: JSON.stringify({ from: from.id, to: to.id, kind: 'offer', data }),
    });
    const ok = performance.now();
    if (res.status !== 200) throw new Error(`signal: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    const arrived = await to.stream.received((e) => e.type === 'signal' && e.from === from.id && typeof e.data === 'string' && e.data.includes(marker));
    answered.push(ok - started);
    delivered.push(arrived - started);
    // About ten offers a second: calls starting across a clinic, not a flood.
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    rooms: rooms.length,
    offerBytes: Buffer.byteLength(offerSdp('bench0')),
    answered,
    delivered,
    close: async () => {
      for (const r of rooms) for (const p of [r.host, r.guardian, r.interpreter]) p.stream.close();
      // Each closed stream leaves its room on the server: wait for those writes to settle.
      const ids = rooms.map((r) => r.sessionId);
      for (let waited = 0; waited < 30_000; waited += 250) {
        const left = await db.selectFrom('video_participant').select((eb) => eb.fn.countAll<string>().as('n'))
          .where('session_id', 'in', ids).where('state', 'in', ['waiting', 'admitted']).executeTakeFirstOrThrow();
        if (Number(left.n) === 0) return;
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}
