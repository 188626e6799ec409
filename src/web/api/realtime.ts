import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys } from './queries.ts';

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
 * One event stream per signed-in tab. The browser reconnects by itself after a dropped connection;
 * after a gap, or when the server says events were lost, every query is refreshed since something
 * may have changed. An answer that is not a stream (the session ended, or a proxy's 502 during a
 * restart) stops the browser for good: the session is checked (an ended one goes to sign-in) and
 * a new stream is opened after a pause that grows while it keeps failing.
 */
export function useRealtimeConnection(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let interrupted = false;
    const open = () => {
      source = new EventSource('/api/events');
      source.onerror = () => {
        interrupted = true;
        if (source?.readyState !== EventSource.CLOSED) return;
        void queryClient.invalidateQueries({ queryKey: keys.me });
        failures += 1;
        retry = setTimeout(open, Math.min(60_000, 2_000 * 2 ** Math.min(failures, 5)));
      };
      source.onmessage = (message: MessageEvent<string>) => {
        let event: RealtimeEvent;
        try {
          event = JSON.parse(message.data) as RealtimeEvent;
        } catch {
          return;
        }
        if (event.type === 'ready') failures = 0;
        if (event.type === 'resync' || (event.type === 'ready' && interrupted)) {
          interrupted = false;
          void queryClient.invalidateQueries();
        }
        for (const listener of listeners) listener(event);
      };
    };
    open();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [queryClient]);
}
