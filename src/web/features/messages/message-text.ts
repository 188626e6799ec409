import type { TFunction } from 'i18next';
import { currentLocale } from '../../i18n.ts';
import { listFormat } from '../../lib/format.ts';
import type { Conversation } from './messages.api.ts';

/** A conversation's name: "Whole team", its title, or the other members' names. */
export function conversationName(c: Conversation, meId: string, t: TFunction): string {
  if (c.kind === 'team') return t('messages.teamConversation');
  if (c.title) return c.title;
  const others = c.members.filter((m) => m.id !== meId).map((m) => m.name);
  return others.length > 0 ? listFormat(others) : t('messages.justYou');
}

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/** "14:05" today, "Mon" this week, "3 Mar" before: short enough for a list row. */
export function shortTime(timestamp: string, now = new Date()): string {
  const d = new Date(timestamp);
  const locale = currentLocale();
  if (dayKey(d) === dayKey(now)) return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(d);
  if (now.getTime() - d.getTime() < 6 * 86_400_000) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(d);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(d);
}

export function timeOfDay(timestamp: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short' }).format(new Date(timestamp));
}

/** A day heading: "Today", "Yesterday", or the date. */
export function dayHeading(timestamp: string, t: TFunction, now = new Date()): string {
  const d = new Date(timestamp);
  if (dayKey(d) === dayKey(now)) return t('messages.today');
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(d) === dayKey(yesterday)) return t('messages.yesterday');
  return new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', day: 'numeric', month: 'long', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) }).format(d);
}

export { dayKey };
