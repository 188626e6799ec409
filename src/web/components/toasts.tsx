import { useNotifications, type NotificationsProps } from '@mantine/notifications';
import { lazy, Suspense, useRef, type ComponentType } from 'react';

// The toast container and its transitions load only once the first toast is shown, so they stay
// out of the first page load.
// Fetched once the page is idle as well, so the app's offline copy holds it: a toast shown without
// signal (an entry kept on the phone) must not take the page down. If it still cannot load, no toast.
const loadContainer = () => import('./toast-container.tsx');
if (typeof window !== 'undefined') window.setTimeout(() => void loadContainer().catch(() => {}), 3000);
const Notifications = lazy<ComponentType<NotificationsProps>>(() =>
  loadContainer().then(
    (m) => ({ default: m.Notifications }),
    () => ({ default: () => null }),
  ),
);

export function Toasts() {
  const state = useNotifications();
  const needed = useRef(false);
  if (state.notifications.length > 0 || state.queue.length > 0) needed.current = true;
  if (!needed.current) return null;
  return (
    <Suspense fallback={null}>
      <Notifications position="bottom-center" zIndex={1000} className="toasts" />
    </Suspense>
  );
}
