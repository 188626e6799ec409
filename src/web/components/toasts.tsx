import { useNotifications } from '@mantine/notifications';
import { lazy, Suspense, useRef } from 'react';

// The toast container and its transitions load only once the first toast is shown, so they stay
// out of the first page load.
const Notifications = lazy(() => import('./toast-container.tsx').then((m) => ({ default: m.Notifications })));

export function Toasts() {
  const state = useNotifications();
  const needed = useRef(false);
  if (state.notifications.length > 0 || state.queue.length > 0) needed.current = true;
  if (!needed.current) return null;
  return (
    <Suspense fallback={null}>
      <Notifications position="bottom-center" zIndex={1000} />
    </Suspense>
  );
}
