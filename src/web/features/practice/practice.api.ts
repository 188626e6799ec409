// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { z } from 'zod';
import type * as Practice from '../../../contract/practice.ts';
import { api } from '../../api/client.ts';
import { onOutboxSent, sendOrKeep, useOutbox } from '../../api/outbox.ts';

export type PracticeItem = z.infer<typeof Practice.PracticeItem>;
export type PracticeList = z.infer<typeof Practice.PracticeList>;
export type PracticeLog = z.infer<typeof Practice.PracticeLog>;
export type PracticeEvent = z.infer<typeof Practice.PracticeEvent>;
export type PracticeHistory = z.infer<typeof Practice.PracticeHistory>;
export type PracticeOutcome = z.infer<typeof Practice.PracticeOutcome>;
export type DayState = z.infer<typeof Practice.DayState>;
export type TodayResponse = z.infer<typeof Practice.TodayResponse>;
export type PracticeReminder = z.infer<typeof Practice.PracticeReminder>;
export type CreatePracticeRequest = z.input<typeof Practice.CreatePracticeRequest>;
export type UpdatePracticeRequest = z.input<typeof Practice.UpdatePracticeRequest>;
export type LogPracticeRequest = z.input<typeof Practice.LogPracticeRequest>;
export type PracticeStatus = z.infer<typeof Practice.PracticeStatus>;

export const practiceKeys = {
  all: ['practice'] as const,
  child: (childId: string) => ['practice', 'child', childId] as const,
  history: (childId: string, itemId: string) => ['practice', 'child', childId, itemId, 'history'] as const,
  today: ['practice', 'today'] as const,
  reminder: (childId: string) => ['practice', 'reminder', childId] as const,
};

const childPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}`;
const itemPath = (childId: string, itemId: string) => `${childPath(childId)}/practice/${encodeURIComponent(itemId)}`;
export const logPath = (childId: string, itemId: string) => `${itemPath(childId, itemId)}/logs`;

export const practiceQuery = (childId: string) =>
  queryOptions({ queryKey: practiceKeys.child(childId), queryFn: () => api<PracticeList>(`${childPath(childId)}/practice`) });

export const practiceHistoryQuery = (childId: string, itemId: string) =>
  queryOptions({ queryKey: practiceKeys.history(childId, itemId), queryFn: () => api<PracticeHistory>(`${itemPath(childId, itemId)}/history`) });

export const todayQuery = queryOptions({ queryKey: practiceKeys.today, queryFn: () => api<TodayResponse>('/api/today') });

export const reminderQuery = (childId: string) =>
  queryOptions({ queryKey: practiceKeys.reminder(childId), queryFn: () => api<PracticeReminder>(`${childPath(childId)}/reminder`) });

export function createPractice(childId: string, body: CreatePracticeRequest): Promise<PracticeItem> {
  return api<PracticeItem>(`${childPath(childId)}/practice`, { method: 'POST', body });
}

export function revisePractice(childId: string, itemId: string, body: UpdatePracticeRequest): Promise<PracticeItem> {
  return api<PracticeItem>(itemPath(childId, itemId), { method: 'PATCH', body });
}

export function changePracticeStatus(childId: string, itemId: string, status: PracticeStatus, reason: string): Promise<PracticeItem> {
  return api<PracticeItem>(`${itemPath(childId, itemId)}/status`, { method: 'POST', body: { status, reason } });
}

export function saveReminder(childId: string, body: { enabled: boolean; time: string }): Promise<PracticeReminder> {
  return api<PracticeReminder>(`${childPath(childId)}/reminder`, { method: 'PUT', body });
}

/** A log goes out now, or waits on this phone (with its own Idempotency-Key) until the signal returns. */
export function logPractice(childId: string, itemId: string, body: LogPracticeRequest, label: string) {
  return sendOrKeep<PracticeLog>({ path: logPath(childId, itemId), method: 'POST', body, label });
}

/** Everything practice shows (the tab, Today, the sticker chart, history) reads again. */
export function refreshPractice(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: practiceKeys.all });
}

/** When a log kept on this phone reaches the server, the screens show the server's word again. */
export function useRefreshOnSent(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onOutboxSent((item) => {
        if (item.path.includes('/practice/')) void refreshPractice(queryClient);
      }),
    [queryClient],
  );
}

/** Logs of this item that wait on the phone, by date (the latest word for each date). */
export function usePendingLogs(childId: string, itemId: string): Map<string, PracticeOutcome> {
  const { pending } = useOutbox();
  const path = logPath(childId, itemId);
  const byDate = new Map<string, PracticeOutcome>();
  for (const p of pending) {
    if (p.path !== path) continue;
    const body = p.body as { date?: unknown; outcome?: unknown };
    if (typeof body.date === 'string' && (body.outcome === 'done' || body.outcome === 'partial' || body.outcome === 'skipped')) {
      byDate.set(body.date, body.outcome);
    }
  }
  return byDate;
}

/** A calendar date moved by whole days, without any clock or time zone in the way. */
export function shiftDate(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
