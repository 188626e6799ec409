import { useParams } from '@tanstack/react-router';
import { VideoRoomFlow } from '../features/video/video-room.tsx';

/** A signed-in person's way into the call of a video session or family event. */
export function VideoPage() {
  const { roomId } = useParams({ from: '/signed-in/video/$roomId' });
  return <VideoRoomFlow roomId={roomId} guestToken={null} />;
}

/**
 * An interpreter's way in, from the link in their mail: the token is in the page's fragment (never
 * sent to a server with the page) and goes only to the call's own routes.
 */
export function GuestVideoPage() {
  const { roomId } = useParams({ from: '/video/$roomId/guest' });
  const token = window.location.hash.replace(/^#/, '');
  return <VideoRoomFlow roomId={roomId} guestToken={token} />;
}
