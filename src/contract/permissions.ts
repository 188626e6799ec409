// Who may do what on a child's record, as plain data: shared by the server and the browser
// (which must not load zod). src/contract/access.ts wraps it in schemas.

/** What a member of a child's team may do. A role gives defaults; a guardian may narrow them. */
export const PERMISSIONS = [
  'child.view',
  'profile.edit',
  'team.view',
  'team.contacts',
  'team.manage',
  'consent.grant',
  'plan.view',
  'plan.agree',
  'plan.edit',
  'plan.measure',
  'practice.view',
  'practice.log',
  'journal.view',
  'journal.write',
  'messages.team',
  'messages.send',
  'sessions.view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const TEAM_ROLES = ['guardian', 'caregiver', 'therapist', 'teacher'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const ROLE_PERMISSIONS: Record<TeamRole, readonly Permission[]> = {
  guardian: [
    'child.view', 'profile.edit', 'team.view', 'team.contacts', 'team.manage', 'consent.grant',
    'plan.view', 'plan.agree', 'plan.measure', 'practice.view', 'practice.log', 'journal.view', 'journal.write',
    'messages.team', 'messages.send', 'sessions.view',
  ],
  caregiver: [
    'child.view', 'team.view', 'plan.view', 'plan.measure', 'practice.view', 'practice.log', 'journal.write',
    'messages.team', 'messages.send',
  ],
  therapist: PERMISSIONS,
  teacher: ['child.view', 'team.view', 'plan.view', 'plan.measure', 'journal.write', 'messages.send'],
};

/** Permissions a guardian may grant to someone they invite: never more than their own. */
export const GRANTABLE_BY_FAMILY: readonly Permission[] = ROLE_PERMISSIONS.guardian;

/** What a clinic admin may do on any child of the clinic, without being on the team. */
export const ADMIN_PERMISSIONS: readonly Permission[] = [
  'child.view', 'profile.edit', 'team.view', 'team.contacts', 'team.manage',
];
