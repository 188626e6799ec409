import { z } from 'zod';
import { Email, Id, Text } from './common.ts';
export { VIDEO_EARLY_MINUTES, videoWindow } from './video-values.ts';

// Video visits: a room for each session and each family event whose place is "video", named by
// the session's or the event's id. Media go peer to peer (WebRTC); the server relays only
// signalling and keeps who joined and left. The protocol:
//
//   GET  /api/video/rooms/:roomId                  what the room is, when it opens, its ICE servers
//   POST /api/video/rooms/:roomId/join             a new participant: admitted (the host, or someone
//                                                  the host let in before) or waiting
//   GET  /api/video/rooms/:roomId/stream?participantId=
//                                                  server-sent events for that participant (below);
//                                                  closing it leaves the room
//   POST /api/video/rooms/:roomId/signal           { from, to, kind: offer | answer | ice, data }
//                                                  relayed to one admitted participant
//   POST /api/video/rooms/:roomId/media            { participantId, audio, video }: what one sends
//   POST /api/video/rooms/:roomId/leave            { participantId }
//   POST /api/video/rooms/:roomId/host             { participantId, action: admit | mute | remove | end, target }
//   GET/POST /api/video/rooms/:roomId/guests, DELETE …/guests/:guestId   interpreter links (host)
//
// Events on the stream: `room` (the room and everyone in it as the reader may see them: a waiting
// person sees only themself), `signal` (an offer, answer or ICE candidate from another
// participant), `removed`, `ended`. The newcomer makes the offers: whoever is admitted calls
// everyone admitted before them, so two peers never offer to each other at once.
//
// Invited people sign in as usual; an interpreter's guest link carries its token in the page's
// fragment and the browser sends it as `Authorization: Bearer <token>` to these routes only.

/** A mesh of peer connections carries at most this many people. */
export const VIDEO_MAX_PARTICIPANTS = 6;

export const VideoRoomParams = z.object({ roomId: z.string() });
export const VideoGuestParams = z.object({ roomId: z.string(), guestId: z.string() });
export const VideoStreamQuery = z.object({ participantId: Id });

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

export const ParticipantRole = z.enum(['host', 'member', 'guest']);
export const ParticipantState = z.enum(['waiting', 'admitted', 'left', 'removed']);

export const VideoParticipant = z.object({
  id: Id,
  name: z.string(),
  role: ParticipantRole,
  state: ParticipantState,
  audio: z.boolean(),
  video: z.boolean(),
  /** The host turned this person's microphone off for everyone. */
  mutedByHost: z.boolean(),
});
export type VideoParticipant = z.infer<typeof VideoParticipant>;

export const VideoRoom = z.object({
  /** The session's or the event's id. */
  roomId: Id,
  kind: z.enum(['session', 'event']),
  /** The session's or the event's start and end, UTC ISO. */
  startsAt: z.string(),
  endsAt: z.string(),
  /** When joining opens (ten minutes before the start). */
  opensAt: z.string(),
  /** not_yet: before opensAt; open: joinable; ended: the host ended it or the session is over. */
  status: z.enum(['not_yet', 'open', 'ended']),
  /** When the host opened the room, if they have. */
  openedAt: z.string().nullable(),
  isHost: z.boolean(),
  /** The reader, as the room knows them. */
  me: z.object({ name: z.string(), guest: z.boolean() }),
  iceServers: z.array(IceServer),
});
export type VideoRoom = z.infer<typeof VideoRoom>;

export const JoinVideoRequest = z.strictObject({
  audio: z.boolean().default(true),
  video: z.boolean().default(true),
});
export const JoinedVideo = z.object({
  participantId: Id,
  state: ParticipantState,
  iceServers: z.array(IceServer),
});

export const SignalKind = z.enum(['offer', 'answer', 'ice']);
export const VideoSignalRequest = z.strictObject({
  from: Id,
  to: Id,
  kind: SignalKind,
  /** The session description or ICE candidate, as the browser gave it (JSON). */
  data: z.string().min(1).max(20_000),
});
export const VideoMediaRequest = z.strictObject({ participantId: Id, audio: z.boolean(), video: z.boolean() });
export const VideoLeaveRequest = z.strictObject({ participantId: Id });
export const VideoHostAction = z.enum(['admit', 'mute', 'remove', 'end']);
export type VideoHostAction = z.infer<typeof VideoHostAction>;
export const VideoHostRequest = z.strictObject({
  participantId: Id,
  action: VideoHostAction,
  /** The participant acted on; not needed to end the call. */
  target: Id.nullable().default(null),
});

/** What the stream sends. */
export type VideoEvent =
  | { type: 'room'; openedAt: string | null; endedAt: string | null; participants: VideoParticipant[] }
  | { type: 'signal'; from: string; kind: z.infer<typeof SignalKind>; data: string }
  | { type: 'removed' }
  | { type: 'ended' };

export const AddVideoGuestRequest = z.strictObject({
  name: Text(100),
  email: Email,
  /** The language they interpret into, as a BCP 47 tag ("vi", "es-MX"). */
  language: z.string().trim().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { error: 'Use a language tag like “vi” or “es-MX”.' }),
});
export const VideoGuest = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  language: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const VideoGuestList = z.object({ guests: z.array(VideoGuest) });
