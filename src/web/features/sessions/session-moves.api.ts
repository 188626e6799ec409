// Moving a session: types only from the contract, the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Moves from '../../../contract/session-moves.ts';
import { api } from '../../api/client.ts';
import type { Session } from './sessions.api.ts';

export type SessionMoves = z.infer<typeof Moves.SessionMoves>;
export type MoveRequest = SessionMoves['requests'][number];
export type LocalSlot = { date: string; time: string };

export const MAX_PROPOSED_TIMES = 3;

const childPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}`;
const movesPath = (childId: string, sessionId: string) => `${childPath(childId)}/sessions/${encodeURIComponent(sessionId)}/moves`;

/** Under the sessions key, so refreshing sessions refreshes these too. */
export const childSessionMovesQuery = (childId: string) =>
  queryOptions({
    queryKey: ['sessions', 'moves', childId] as const,
    queryFn: () => api<{ moves: SessionMoves[] }>(`${childPath(childId)}/session-moves`),
  });

export function proposeMove(childId: string, sessionId: string, times: LocalSlot[], timeZone: string): Promise<SessionMoves> {
  return api<SessionMoves>(movesPath(childId, sessionId), { method: 'POST', body: { times, timeZone } });
}

export function offerMove(childId: string, sessionId: string, slot: LocalSlot, timeZone: string): Promise<SessionMoves> {
  return api<SessionMoves>(`${movesPath(childId, sessionId)}/offer`, { method: 'POST', body: { ...slot, timeZone } });
}

export function acceptMove(childId: string, sessionId: string, requestId: string, startsAt: string): Promise<Session> {
  return api<Session>(`${movesPath(childId, sessionId)}/${encodeURIComponent(requestId)}/accept`, { method: 'POST', body: { startsAt } });
}

export function declineMove(childId: string, sessionId: string, requestId: string, reason: string): Promise<SessionMoves> {
  return api<SessionMoves>(`${movesPath(childId, sessionId)}/${encodeURIComponent(requestId)}/decline`, { method: 'POST', body: { reason } });
}

export function acceptOffer(childId: string, sessionId: string, requestId: string): Promise<Session> {
  return api<Session>(`${movesPath(childId, sessionId)}/${encodeURIComponent(requestId)}/accept-offer`, { method: 'POST', body: {} });
}

export function cancelByFamily(childId: string, sessionId: string, reason: string): Promise<Session> {
  return api<Session>(`${childPath(childId)}/sessions/${encodeURIComponent(sessionId)}/family-cancel`, { method: 'POST', body: { reason } });
}
