import { IconBell } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtimeEvent } from '../../api/realtime.ts';
import { notificationKeys, unreadQuery } from './notifications.api.ts';

/**
 * The header bell: a link to the notification centre whose name says how many are unread. The
 * count follows the person's event stream; a rise is also announced politely to screen readers.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unread = useQuery(unreadQuery).data?.unread ?? 0;
  // The count announced, put into words when drawn: in the language the page is in by then.
  const [announced, setAnnounced] = useState<number | null>(null);
  const previous = useRef(unread);
  useRealtimeEvent((event) => {
    // "ready": the stream is (re)connected; anything that came before it is counted by a refetch.
    if (event.type === 'notification.created' || event.type === 'notification.read' || event.type === 'ready') {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    }
  }, [queryClient]);
  useEffect(() => {
    if (unread > previous.current) setAnnounced(unread);
    previous.current = unread;
  }, [unread]);
  const label = t('notifications.bell', { count: unread });
  return (
    <>
      <Link to="/notifications" className="bell" aria-label={label} title={label} activeProps={{ 'aria-current': 'page' }}>
        <IconBell size={22} aria-hidden />
        {unread > 0 ? (
          <span className="bell-count" aria-hidden>
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </Link>
      <span className="visually-hidden" role="status" aria-live="polite">
        {announced === null ? '' : t('notifications.bell', { count: announced })}
      </span>
    </>
  );
}
