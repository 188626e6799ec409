// Did it help? The calls behind "used it today", kept apart from strategies-api.ts, which the
// first page loads (a teacher's home), so they travel only with the pages that log uses.
import { queryOptions, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { z } from 'zod';
import type * as Strategies from '../../../contract/strategies.ts';
import { api } from '../../api/client.ts';
import { onOutboxSent, sendOrKeep, useOutbox } from '../../api/outbox.ts';
import { childStrategyPath, strategyKeys } from './strategies-api.ts';

export type Helped = z.infer<typeof Strategies.Helped>;
export type StrategyUse = z.infer<typeof Strategies.StrategyUse>;
export type StrategyUseCounts = z.infer<typeof Strategies.StrategyUseCounts>;
export type LogStrategyUseRequest = z.input<typeof Strategies.LogStrategyUseRequest>;
export type TodayStrategies = z.infer<typeof Strategies.TodayStrategies>;

/** The answers to "did it help?", in the order the buttons show them. */
export const HELPED: readonly Helped[] = ['yes', 'a_bit', 'no'];

const todayKey = [...strategyKeys.library, 'today'] as const;

export const todayStrategiesQuery = queryOptions({
  queryKey: todayKey,
  queryFn: () => api<TodayStrategies>('/api/today/strategies'),
});

const usesPath = (childId: string, childStrategyId: string) => `${childStrategyPath(childId, childStrategyId)}/uses`;

/** "Used it today" goes out now, or waits on this phone (with its own Idempotency-Key) until the signal returns. */
export function logStrategyUse(childId: string, childStrategyId: string, body: LogStrategyUseRequest, label: string) {
  return sendOrKeep<StrategyUse>({ path: usesPath(childId, childStrategyId), method: 'POST', body, label });
}

/** The child's strategies and Today's read again, with the new counts. */
export async function refreshStrategyUses(queryClient: QueryClient, childId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: strategyKeys.child(childId) }),
    queryClient.invalidateQueries({ queryKey: todayKey }),
  ]);
}

const USES_PATH = /^\/api\/children\/([^/]+)\/strategies\/[^/]+\/uses$/;

/** When a use kept on this phone reaches the server, the screens show the server's word again. */
export function useRefreshUsesOnSent(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onOutboxSent((item) => {
        const childId = USES_PATH.exec(item.path)?.[1];
        if (childId) void refreshStrategyUses(queryClient, decodeURIComponent(childId));
      }),
    [queryClient],
  );
}

/** The reader's word for today on this strategy that waits on the phone, if any (the latest). */
export function usePendingUse(childId: string, childStrategyId: string, today: string): { helped: Helped; note: string } | null {
  const { pending } = useOutbox();
  const path = usesPath(childId, childStrategyId);
  let latest: { helped: Helped; note: string } | null = null;
  for (const p of pending) {
    if (p.path !== path) continue;
    const body = p.body as Partial<LogStrategyUseRequest>;
    if (body.date === today && body.helped && HELPED.includes(body.helped)) latest = { helped: body.helped, note: body.note ?? '' };
  }
  return latest;
}
