import type { Permission, TeamRole } from '../api/types.ts';

// A copy of ROLE_PERMISSIONS from src/contract/access.ts: importing the contract at runtime would
// pull zod into the browser bundle. src/web/lib/permissions.test.ts keeps the two in step.
export const ALL_PERMISSIONS: readonly Permission[] = [
  'child.view', 'profile.edit', 'team.view', 'team.contacts', 'team.manage', 'consent.grant',
  'plan.view', 'plan.agree', 'plan.edit', 'practice.view', 'practice.log', 'journal.view',
  'journal.write', 'messages.team', 'messages.send', 'sessions.view',
];

export const ROLE_DEFAULTS: Record<TeamRole, readonly Permission[]> = {
  guardian: [
    'child.view', 'profile.edit', 'team.view', 'team.contacts', 'team.manage', 'consent.grant',
    'plan.view', 'plan.agree', 'practice.view', 'practice.log', 'journal.view', 'journal.write',
    'messages.team', 'messages.send', 'sessions.view',
  ],
  caregiver: [
    'child.view', 'team.view', 'plan.view', 'practice.view', 'practice.log', 'journal.write',
    'messages.team', 'messages.send',
  ],
  therapist: ALL_PERMISSIONS,
  teacher: ['child.view', 'team.view', 'plan.view', 'journal.write', 'messages.send'],
};

/** child.view is what membership means; it is never offered as a box to untick. */
export const ALWAYS_GRANTED: Permission = 'child.view';

/**
 * What the inviter may hand on for a role: the role's defaults, and for family members never more
 * than they hold themselves.
 */
export function grantableFor(role: TeamRole, inviterIsStaff: boolean, inviterAbilities: readonly Permission[]): Permission[] {
  const defaults = ROLE_DEFAULTS[role];
  return inviterIsStaff ? [...defaults] : defaults.filter((p) => inviterAbilities.includes(p));
}
