import type { IceServer, VideoEvent, VideoParticipant, VideoRoom } from '../../../contract/video.ts';
import { api, ApiError } from '../../api/client.ts';

export type { IceServer, VideoEvent, VideoParticipant, VideoRoom };
export type Joined = { participantId: string; state: VideoParticipant['state']; iceServers: IceServer[] };

/**
 * Calls to one room's routes: a signed-in person with their session (cookie and CSRF token), an
 * interpreter with their guest link's token, sent only to these routes.
 */
export function roomClient(roomId: string, guestToken: string | null) {
  const base = `/api/video/rooms/${roomId}`;
  async function call<T>(path: string, method: 'GET' | 'POST' | 'DELETE' = 'GET', body?: unknown): Promise<T> {
    if (guestToken === null) return api<T>(base + path, { method, ...(body === undefined ? {} : { body }) });
    const res = await fetch(base + path, {
      method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${guestToken}`, ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    }).catch(() => {
      throw new ApiError(0, 'network', 'The network request failed.');
    });
    const data = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
    if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? res.statusText, data?.error?.details);
    return data as T;
  }
  return {
    room: () => call<VideoRoom>(''),
    join: (media: { audio: boolean; video: boolean }) => call<Joined>('/join', 'POST', media),
    leave: (participantId: string) => call('/leave', 'POST', { participantId }),
    media: (participantId: string, media: { audio: boolean; video: boolean }) => call('/media', 'POST', { participantId, ...media }),
    signal: (s: { from: string; to: string; kind: 'offer' | 'answer' | 'ice'; data: string }) => call('/signal', 'POST', s),
    host: (participantId: string, action: 'admit' | 'mute' | 'remove' | 'end', target: string | null = null) => call('/host', 'POST', { participantId, action, target }),
    guests: () => call<{ guests: VideoGuest[] }>('/guests'),
    addGuest: (g: { name: string; email: string; language: string }) => call<VideoGuest>('/guests', 'POST', g),
    revokeGuest: (id: string) => call<VideoGuest>(`/guests/${id}`, 'DELETE'),
    /**
     * The participant's event stream, read with fetch (an EventSource cannot send the guest's
     * header). Resolves when the stream ends; `onEvent` gets each event.
     */
    async stream(participantId: string, onEvent: (e: VideoEvent | { type: 'ready' }) => void, signal: AbortSignal): Promise<void> {
      const res = await fetch(`${base}/stream?participantId=${participantId}`, {
        headers: guestToken === null ? {} : { Authorization: `Bearer ${guestToken}` }, credentials: 'same-origin', signal,
      });
      if (!res.ok || !res.body) throw new ApiError(res.status, res.status === 404 ? 'not_found' : 'internal', 'The call’s connection failed.');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) onEvent(JSON.parse(data.slice(6)) as VideoEvent);
        }
      }
    },
  };
}
export type RoomClient = ReturnType<typeof roomClient>;

export type VideoGuest = { id: string; name: string; email: string; language: string; createdAt: string; revokedAt: string | null };
