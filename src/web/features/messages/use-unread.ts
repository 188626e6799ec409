import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useRealtimeEvent } from '../../api/realtime.ts';
import { MESSAGE_EVENTS, messageKeys, unreadQuery } from './messages.api.ts';

/** Unread messages per child for the signed-in person, kept current by realtime events. */
export function useUnread(): Map<string, number> {
  const queryClient = useQueryClient();
  const query = useQuery(unreadQuery);
  useRealtimeEvent((e) => {
    if (MESSAGE_EVENTS.has(e.type)) void queryClient.invalidateQueries({ queryKey: messageKeys.unread });
  }, [queryClient]);
  return useMemo(() => new Map((query.data?.children ?? []).map((c) => [c.childId, c.unread])), [query.data]);
}
