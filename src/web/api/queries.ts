import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './client.ts';
import type {
  AuditPage, ChildList, Child, ClinicianOptions, ClinicSettings, Clinicians, FirstSteps, GoalHistory, GoalList, InvitationInfo, Me, Outbox, SessionState, SetupStatus, Team, TranslationStatus,
} from './types.ts';

export const keys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  children: ['children'] as const,
  child: (id: string) => ['children', id] as const,
  team: (id: string) => ['children', id, 'team'] as const,
  goals: (id: string) => ['children', id, 'goals'] as const,
  goalHistory: (id: string, goalId: string) => ['children', id, 'goals', goalId, 'history'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  clinicians: ['admin', 'clinicians'] as const,
  clinicClinicians: ['clinic', 'clinicians'] as const,
  firstSteps: ['admin', 'first-steps'] as const,
  outbox: ['admin', 'outbox'] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
  clinic: ['admin', 'clinic'] as const,
  translation: ['admin', 'translation'] as const,
};

export const setupQuery = queryOptions({
  queryKey: keys.setup,
  queryFn: () => api<SetupStatus>('/api/setup'),
  staleTime: Infinity,
});

/** The signed-in person, or null when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async (): Promise<Me | null> => {
    const session = await api<SessionState>('/api/session');
    setCsrfToken(session.signedIn ? session.me.csrfToken : null);
    return session.signedIn ? session.me : null;
  },
  staleTime: 60_000,
});

export const childrenQuery = queryOptions({
  queryKey: keys.children,
  queryFn: () => api<ChildList>('/api/children'),
});

export const childQuery = (id: string) =>
  queryOptions({
    queryKey: keys.child(id),
    queryFn: () => api<Child>(`/api/children/${encodeURIComponent(id)}`),
  });

export const teamQuery = (id: string) =>
  queryOptions({
    queryKey: keys.team(id),
    queryFn: () => api<Team>(`/api/children/${encodeURIComponent(id)}/team`),
  });

export const goalsQuery = (childId: string) =>
  queryOptions({
    queryKey: keys.goals(childId),
    queryFn: () => api<GoalList>(`/api/children/${encodeURIComponent(childId)}/goals`),
  });

export const goalHistoryQuery = (childId: string, goalId: string) =>
  queryOptions({
    queryKey: keys.goalHistory(childId, goalId),
    queryFn: () => api<GoalHistory>(`/api/children/${encodeURIComponent(childId)}/goals/${encodeURIComponent(goalId)}/history`),
  });

export const invitationQuery = (token: string) =>
  queryOptions({
    queryKey: keys.invitation(token),
    queryFn: () => api<InvitationInfo>(`/api/invitations/${encodeURIComponent(token)}`, { redirectOn401: false }),
    retry: false,
  });

export const cliniciansQuery = queryOptions({
  queryKey: keys.clinicians,
  queryFn: () => api<Clinicians>('/api/admin/clinicians'),
});

export const outboxQuery = queryOptions({
  queryKey: keys.outbox,
  queryFn: () => api<Outbox>('/api/admin/outbox'),
});

export const clinicQuery = queryOptions({
  queryKey: keys.clinic,
  queryFn: () => api<ClinicSettings>('/api/admin/clinic'),
});

/** The server checks the translation server on each request: opening Settings checks again, coming back to the window does not. */
export const translationStatusQuery = queryOptions({
  queryKey: keys.translation,
  queryFn: () => api<TranslationStatus>('/api/admin/translation'),
  staleTime: 0,
  refetchOnWindowFocus: false,
});

export interface AuditFilters {
  childId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export function auditPath(filters: AuditFilters, before: number | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
  }
  if (before !== null) params.set('before', String(before));
  params.set('limit', '50');
  return `/api/admin/audit?${params.toString()}`;
}

export function fetchAuditPage(filters: AuditFilters, before: number | null, signal?: AbortSignal): Promise<AuditPage> {
  return api<AuditPage>(auditPath(filters, before), signal ? { signal } : {});
}

/** After signing in or out everything cached belongs to someone else: start clean. */
export async function resetSession(queryClient: QueryClient): Promise<Me | null> {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' });
  return queryClient.fetchQuery(meQuery);
}

/** The clinic's clinicians by name, for putting a therapist on a child's team (staff only). */
export const clinicCliniciansQuery = queryOptions({
  queryKey: keys.clinicClinicians,
  queryFn: () => api<ClinicianOptions>('/api/clinic/clinicians'),
});

export const firstStepsQuery = queryOptions({
  queryKey: keys.firstSteps,
  queryFn: () => api<FirstSteps>('/api/admin/first-steps'),
});
