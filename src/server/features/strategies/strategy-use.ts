// Did it help? The counting behind the Support page: over the last four weeks, per setting, how
// many days a strategy was used and how often it helped. One person's day counts once, with their
// latest word on it (a note added afterwards is a newer log, not a second use).
import type { Setting } from '../../../contract/plan.ts';
import type { Helped, StrategyUseCounts } from '../../../contract/strategies.ts';
import { addDays } from '../children/calendar.ts';

export const USE_WINDOW_DAYS = 28;
/** A phone that was offline may send a log days later; older than this it is refused. */
export const USE_DAYS_BACK = 7;

const ORDER: readonly Setting[] = ['home', 'therapy', 'school'];

export type UseLog = { loggedBy: string; date: string; setting: Setting; helped: Helped; createdAt: Date };

/** The first day the four weeks ending today count. */
export const windowStart = (today: string): string => addDays(today, -(USE_WINDOW_DAYS - 1));

/** Each person's latest word per day (logs in any order; equal times: the later in the list wins). */
export function latestPerDay<T extends Pick<UseLog, 'loggedBy' | 'date' | 'createdAt'>>(logs: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const log of logs) {
    const key = `${log.loggedBy} ${log.date}`;
    const held = latest.get(key);
    if (!held || held.createdAt.getTime() <= log.createdAt.getTime()) latest.set(key, log);
  }
  return [...latest.values()];
}

/** Uses in the four weeks ending `today`, for the settings the reader may see, home first; settings without a use are left out. */
export function countUses(logs: readonly UseLog[], today: string, visible: readonly Setting[]): StrategyUseCounts[] {
  return countUsesBetween(logs, windowStart(today), today, visible);
}

/** Uses between two days (both counted), for the settings the reader may see, home first; settings without a use are left out. */
export function countUsesBetween(logs: readonly UseLog[], from: string, to: string, visible: readonly Setting[]): StrategyUseCounts[] {
  const days = latestPerDay(logs.filter((l) => l.date >= from && l.date <= to));
  return ORDER.filter((s) => visible.includes(s)).flatMap((setting) => {
    const mine = days.filter((d) => d.setting === setting);
    if (mine.length === 0) return [];
    const n = (h: Helped) => mine.filter((d) => d.helped === h).length;
    return [{ setting, used: mine.length, helped: n('yes'), aBit: n('a_bit'), notHelped: n('no') }];
  });
}

/** The setting a person's use counts in: where someone in that role uses a strategy. */
export function settingOfRole(role: string | null): Setting | null {
  switch (role) {
    case 'guardian':
    case 'caregiver':
      return 'home';
    case 'therapist':
      return 'therapy';
    case 'teacher':
      return 'school';
    default:
      return null;
  }
}

/** The newest notes in the four weeks ending today, one per person and day (their latest word), newest first. */
export function recentNotes<T extends UseLog & { note: string }>(logs: readonly T[], today: string, visible: readonly Setting[], max = 3): T[] {
  const from = windowStart(today);
  return latestPerDay(logs.filter((l) => l.date >= from && l.date <= today && visible.includes(l.setting)))
    .filter((l) => l.note !== '')
    .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, max);
}
