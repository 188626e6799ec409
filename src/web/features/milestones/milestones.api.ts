// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Milestones from '../../../contract/milestones.ts';
import type * as Plan from '../../../contract/plan.ts';
import { api } from '../../api/client.ts';

export type Milestone = z.infer<typeof Milestones.Milestone>;
export type MilestoneList = z.infer<typeof Milestones.MilestoneList>;
export type RecentCelebrations = z.infer<typeof Milestones.RecentCelebrations>;
export type CreateWinRequest = z.input<typeof Milestones.CreateWinRequest>;
export type Goal = z.infer<typeof Plan.Goal>;
export type GoalList = z.infer<typeof Plan.GoalList>;

export const milestoneKeys = {
  child: (childId: string) => ['children', childId, 'milestones'] as const,
  recent: ['milestones', 'recent'] as const,
  goals: (childId: string) => ['children', childId, 'goals'] as const,
};

const childPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}`;

export const milestonesQuery = (childId: string) =>
  queryOptions({
    queryKey: milestoneKeys.child(childId),
    queryFn: () => api<MilestoneList>(`${childPath(childId)}/milestones`),
  });

export const recentCelebrationsQuery = queryOptions({
  queryKey: milestoneKeys.recent,
  queryFn: () => api<RecentCelebrations>('/api/milestones/recent'),
});

export const goalsQuery = (childId: string) =>
  queryOptions({
    queryKey: milestoneKeys.goals(childId),
    queryFn: () => api<GoalList>(`${childPath(childId)}/goals`),
  });

export function markWin(childId: string, body: CreateWinRequest): Promise<Milestone> {
  return api<Milestone>(`${childPath(childId)}/milestones`, { method: 'POST', body });
}

export function markSeen(childId: string, milestoneId: string): Promise<Milestone> {
  return api<Milestone>(`${childPath(childId)}/milestones/${encodeURIComponent(milestoneId)}/seen`, { method: 'POST' });
}

/** After a win is marked or a celebration dismissed, the child's list and the home page both change. */
export async function refreshMilestones(queryClient: QueryClient, childId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: milestoneKeys.child(childId) }),
    queryClient.invalidateQueries({ queryKey: milestoneKeys.recent }),
  ]);
}

/** Dismissing a celebration: for this reader only; everyone else still sees it. */
export function useDismiss() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (m: Milestone) => markSeen(m.childId, m.id),
    onSuccess: (_seen, m) => refreshMilestones(queryClient, m.childId),
  });
  return { dismiss: (m: Milestone) => mutation.mutate(m), dismissing: mutation.isPending ? (mutation.variables?.id ?? null) : null, error: mutation.error };
}

/** Today's date where the child lives (the default date of a win or a review). */
export function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}
