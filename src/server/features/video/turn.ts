// ICE servers for a call: the configured ones (ICE_SERVERS), and, with TURN_SECRET, a TURN server
// with credentials minted for this call by the TURN REST API's shared-secret scheme, which coturn
// checks with `use-auth-secret` and the same `static-auth-secret`: the username is
// "<expiry in Unix seconds>:<anything>", the password base64(HMAC-SHA1(secret, username)). Nothing
// is stored; the TURN server recomputes the password and refuses it after the expiry.
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../../contract/video.ts';
import type { Config } from '../../config.ts';

/** Credentials live at least this long, and past the end of the call they were minted for. */
const TURN_MIN_SECONDS = 3600;
const TURN_AFTER_END_SECONDS = 15 * 60;

export function turnCredential(secret: string, expiresAt: Date, id: string): { username: string; credential: string } {
  const username = `${Math.floor(expiresAt.getTime() / 1000)}:${id}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The ICE servers one participant of a call ending at `endsAt` is given. */
export function iceServersFor(video: Config['video'], now: Date, endsAt: Date, id: string): IceServer[] {
  if (!video.turn) return video.iceServers;
  const expires = new Date(Math.max(now.getTime() + TURN_MIN_SECONDS * 1000, endsAt.getTime() + TURN_AFTER_END_SECONDS * 1000));
  return [...video.iceServers, { urls: video.turn.urls, ...turnCredential(video.turn.secret, expires, id) }];
}
