// The sticker chart's own facts. Whether practice happened comes from the server's week strip;
// which sticker the child chose for a day is only play, so it stays in this browser
// (localStorage, per child and date) — no server round trip, nothing for the team to read.
import { useCallback, useSyncExternalStore } from 'react';
import type { DayState, PracticeItem } from './practice.api.ts';

export const STICKERS = ['star', 'heart', 'paw', 'sun', 'flower', 'rocket'] as const;
export type Sticker = (typeof STICKERS)[number];

const storageKey = (childId: string) => `careteam:stickers:${childId}`;
const listeners = new Set<() => void>();
const cache = new Map<string, Record<string, Sticker>>();

function read(childId: string): Record<string, Sticker> {
  const cached = cache.get(childId);
  if (cached) return cached;
  let value: Record<string, Sticker> = {};
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(childId)) ?? '{}');
    if (parsed && typeof parsed === 'object') {
      value = Object.fromEntries(
        Object.entries(parsed).filter((e): e is [string, Sticker] => /^\d{4}-\d{2}-\d{2}$/u.test(e[0]) && (STICKERS as readonly unknown[]).includes(e[1])),
      );
    }
  } catch {
    value = {};
  }
  cache.set(childId, value);
  return value;
}

/** The stickers placed for this child, by date, and a way to place one. */
export function useStickers(childId: string): [Record<string, Sticker>, (date: string, sticker: Sticker | null) => void] {
  const stickers = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => read(childId),
  );
  const place = useCallback(
    (date: string, sticker: Sticker | null) => {
      const next = { ...read(childId) };
      if (sticker) next[date] = sticker;
      else delete next[date];
      cache.set(childId, next);
      try {
        localStorage.setItem(storageKey(childId), JSON.stringify(next));
      } catch {
        // Private browsing without storage: the sticker still shows until the page closes.
      }
      for (const l of listeners) l();
    },
    [childId],
  );
  return [stickers, place];
}

export type ChartDay = { date: string; practiceDay: boolean; practised: boolean };

const LOGGED: DayState[] = ['done', 'partial'];

/** Monday to Sunday across every item: a practice day, and whether some practice was done (or partly). */
export function chartDays(items: readonly PracticeItem[]): ChartDay[] {
  const first = items[0];
  if (!first) return [];
  return first.week.map((d, i) => {
    const states = items.map((item) => item.week[i]?.state ?? 'none');
    return { date: d.date, practiceDay: states.some((s) => s !== 'none'), practised: states.some((s) => LOGGED.includes(s)) };
  });
}

/**
 * Days in a row with practice, counted back from today (or yesterday, while today is still open).
 * Rest days neither count nor break the run; a missed day simply ends it, and nothing is said
 * about a run that ended.
 */
export function currentRun(days: readonly ChartDay[], today: string): number {
  const past = days.filter((d) => d.date <= today && d.practiceDay);
  const last = past.at(-1);
  if (last && last.date === today && !last.practised) past.pop();
  let run = 0;
  for (let i = past.length - 1; i >= 0; i -= 1) {
    if (!past[i]?.practised) break;
    run += 1;
  }
  return run;
}
