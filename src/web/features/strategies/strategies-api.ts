// Types only from the contract: its zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Plan from '../../../contract/plan.ts';
import type * as Strategies from '../../../contract/strategies.ts';
import { ApiError, api } from '../../api/client.ts';

export type Setting = z.infer<typeof Plan.Setting>;
export type Goal = z.infer<typeof Plan.Goal>;
export type Strategy = z.infer<typeof Strategies.Strategy>;
export type StrategyText = z.infer<typeof Strategies.StrategyText>;
export type StrategyContent = z.input<typeof Strategies.StrategyContent>;
export type CreateStrategyRequest = z.input<typeof Strategies.CreateStrategyRequest>;
export type ChildStrategy = z.infer<typeof Strategies.ChildStrategy>;
export type ChildStrategyList = z.infer<typeof Strategies.ChildStrategyList>;
export type AttachStrategyRequest = z.input<typeof Strategies.AttachStrategyRequest>;
export type UpdateChildStrategyRequest = z.input<typeof Strategies.UpdateChildStrategyRequest>;

/** Home first: most of the child's week happens there. */
export const SETTINGS: readonly Setting[] = ['home', 'therapy', 'school'];

export interface LibraryFilters {
  q: string;
  setting: Setting | '';
}

export const strategyKeys = {
  library: ['strategies'] as const,
  search: (f: LibraryFilters) => ['strategies', f] as const,
  child: (childId: string) => ['children', childId, 'strategies'] as const,
  goals: (childId: string) => ['children', childId, 'goals'] as const,
};

export const libraryQuery = (f: LibraryFilters) =>
  queryOptions({
    queryKey: strategyKeys.search(f),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (f.q.trim()) params.set('q', f.q.trim());
      if (f.setting) params.set('setting', f.setting);
      const qs = params.toString();
      return api<{ strategies: Strategy[] }>(`/api/strategies${qs ? `?${qs}` : ''}`, { signal });
    },
    placeholderData: (previous) => previous,
  });

export const childStrategiesQuery = (childId: string) =>
  queryOptions({
    queryKey: strategyKeys.child(childId),
    queryFn: () => api<ChildStrategyList>(`/api/children/${encodeURIComponent(childId)}/strategies`),
  });

export const childGoalsQuery = (childId: string) =>
  queryOptions({
    queryKey: strategyKeys.goals(childId),
    queryFn: () => api<{ goals: Goal[] }>(`/api/children/${encodeURIComponent(childId)}/goals`),
  });

export const childStrategyPath = (childId: string, id?: string) =>
  `/api/children/${encodeURIComponent(childId)}/strategies${id ? `/${encodeURIComponent(id)}` : ''}`;

/** The picture goes up as its own bytes; the server checks what it really is. */
export async function uploadPicture(strategyId: string, file: File, csrfToken: string): Promise<Strategy> {
  const response = await fetch(`/api/strategies/${encodeURIComponent(strategyId)}/image`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrfToken, Accept: 'application/json' },
    body: file,
  });
  const data = (await response.json().catch(() => null)) as Strategy | { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    const error = data && 'error' in data ? data.error : undefined;
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? response.statusText);
  }
  return data as Strategy;
}
