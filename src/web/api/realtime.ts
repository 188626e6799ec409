import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** What the server announces: a type and ids, never content (the page refetches what it shows). */
export type RealtimeEvent = { type: string; childId?: string; [key: string]: unknown };
type Listener = (event: RealtimeEvent) => void;

const listeners = new Set<Listener>();

/** Calls `listener` for every event of the signed-in person while the component is mounted. */
export function useRealtimeEvent(listener: Listener, deps: readonly unknown[] = []): void {
  useEffect(() => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
    // The caller names what the listener depends on, as with useEffect.
  }, deps);
}

/**
 * One event stream per signed-in tab. The browser reconnects by itself; after a gap, or when the
 * server says events were lost, every query is refreshed since something may have changed.
 */
export function useRealtimeConnection(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/events');
    let interrupted = false;
    source.onerror = () => {
      interrupted = true;
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let event: RealtimeEvent;
      try {
        event = JSON.parse(message.data) as RealtimeEvent;
      } catch {
        return;
      }
      if (event.type === 'resync' || (event.type === 'ready' && interrupted)) {
        interrupted = false;
        void queryClient.invalidateQueries();
      }
      for (const listener of listeners) listener(event);
    };
    return () => source.close();
  }, [queryClient]);
}
