import { useParams } from '@tanstack/react-router';
import { VideoRoomFlow } from '../features/video/video-room.tsx';

/** A signed-in person's way into a video session's call. */
export function VideoPage() {
  const { sessionId } = useParams({ from: '/signed-in/video/$sessionId' });
  return <VideoRoomFlow sessionId={sessionId} guestToken={null} />;
}

/**
 * An interpreter's way in, from the link in their mail: the token is in the page's fragment (never
 * sent to a server with the page) and goes only to the call's own routes.
 */
export function GuestVideoPage() {
  const { sessionId } = useParams({ from: '/video/$sessionId/guest' });
  const token = window.location.hash.replace(/^#/, '');
  return <VideoRoomFlow sessionId={sessionId} guestToken={token} />;
}
