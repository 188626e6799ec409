// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Journal from '../../../contract/journal.ts';
import { api } from '../../api/client.ts';
import { sendOrKeep } from '../../api/outbox.ts';

export type JournalEntry = z.infer<typeof Journal.JournalEntry>;
export type JournalList = z.infer<typeof Journal.JournalList>;
export type JournalContent = z.infer<typeof Journal.JournalContent>;
export type JournalKind = JournalContent['kind'];
export type Visibility = JournalEntry['visibility'];
export type JournalHistory = z.infer<typeof Journal.JournalEntryHistory>;
export type CreateJournalEntryRequest = z.input<typeof Journal.CreateJournalEntryRequest>;
export type CorrectJournalEntryRequest = z.input<typeof Journal.CorrectJournalEntryRequest>;
export type SinceLastSession = z.infer<typeof Journal.SinceLastSession>;
export type ContentOf<K extends JournalKind> = Extract<JournalContent, { kind: K }>;

export const KINDS: readonly JournalKind[] = ['behaviour', 'sleep', 'eating', 'mood', 'win', 'note'];
export const VISIBILITY_CHOICES: readonly Visibility[] = ['team', 'therapists', 'guardians'];

export const journalKeys = {
  all: (childId: string) => ['children', childId, 'journal'] as const,
  list: (childId: string, kind: JournalKind | null) => ['children', childId, 'journal', 'list', kind] as const,
  history: (childId: string, entryId: string) => ['children', childId, 'journal', 'history', entryId] as const,
  since: (childId: string, from: string) => ['children', childId, 'journal', 'since', from] as const,
};

export const journalPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}/journal`;

export const journalQuery = (childId: string, kind: JournalKind | null) =>
  queryOptions({
    queryKey: journalKeys.list(childId, kind),
    queryFn: () => api<JournalList>(`${journalPath(childId)}${kind ? `?kind=${kind}` : ''}`),
  });

export const historyQuery = (childId: string, entryId: string) =>
  queryOptions({
    queryKey: journalKeys.history(childId, entryId),
    queryFn: () => api<JournalHistory>(`${journalPath(childId)}/${encodeURIComponent(entryId)}/history`),
  });

export const sinceQuery = (childId: string, from: string) =>
  queryOptions({
    queryKey: journalKeys.since(childId, from),
    queryFn: () => api<SinceLastSession>(`/api/children/${encodeURIComponent(childId)}/since?from=${from}`),
  });

/** A new entry: sent now, or kept on this phone until the connection returns. */
export function writeEntry(childId: string, body: CreateJournalEntryRequest, label: string) {
  return sendOrKeep<JournalEntry>({ path: journalPath(childId), method: 'POST', body, label });
}

export function correctEntry(childId: string, entryId: string, body: CorrectJournalEntryRequest): Promise<JournalEntry> {
  return api<JournalEntry>(`${journalPath(childId)}/${encodeURIComponent(entryId)}`, { method: 'PUT', body });
}

export function saveDefaultVisibility(childId: string, defaultVisibility: Visibility): Promise<{ defaultVisibility: Visibility }> {
  return api(`/api/children/${encodeURIComponent(childId)}/journal-settings`, { method: 'PUT', body: { defaultVisibility } });
}

export function refreshJournal(queryClient: QueryClient, childId: string): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: journalKeys.all(childId) });
}

/** Adds days to a calendar date (YYYY-MM-DD), in UTC so no time zone shifts it. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The clock time (HH:MM) now where the child lives. */
export function nowIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(11, 16);
  }
}

/** Is this queued write a journal entry for this child? */
export function isQueuedEntryFor(childId: string, path: string): boolean {
  return path === journalPath(childId);
}
