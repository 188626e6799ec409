import type { Realtime } from '../realtime/hub.ts';

/** How long an entry may be used without being read again, whatever was heard meanwhile. */
const MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 20_000;

type Entry<T> = { value: T; userId: string; at: number };

/**
 * What a session may do, kept per server instance so most requests need no database round trip
 * for it. Entries are dropped at once when the database announces a change to that person's
 * session or access (migration 0017, heard through the realtime hub), all of them when the
 * announcements cannot be heard, and each after MAX_AGE_MS anyway.
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly byUser = new Map<string, Set<string>>();
  /** Counts changes heard, so a read that raced with one is not kept. */
  private generation = 0;
  private readonly realtime: Realtime;
  readonly stop: () => void;

  constructor(realtime: Realtime) {
    this.realtime = realtime;
    this.stop = realtime.onAccessChange((who) => this.evict(who));
  }

  get(key: string): T | undefined {
    if (!this.realtime.hearsAccessChanges()) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (performance.now() - e.at > MAX_AGE_MS) {
      this.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Call before reading from the database; pass the result to set(). */
  begin(): number {
    return this.generation;
  }

  /** Keeps a value read since begin(), unless a change was heard meanwhile. */
  set(key: string, userId: string, value: T, generation: number): void {
    if (generation !== this.generation || !this.realtime.hearsAccessChanges()) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    this.delete(key);
    this.entries.set(key, { value, userId, at: performance.now() });
    let keys = this.byUser.get(userId);
    if (!keys) this.byUser.set(userId, (keys = new Set()));
    keys.add(key);
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    const keys = this.byUser.get(e.userId);
    keys?.delete(key);
    if (keys?.size === 0) this.byUser.delete(e.userId);
  }

  private evict(who: string): void {
    this.generation++;
    if (who === '*') {
      this.entries.clear();
      this.byUser.clear();
      return;
    }
    for (const key of this.byUser.get(who) ?? []) this.entries.delete(key);
    this.byUser.delete(who);
  }
}
