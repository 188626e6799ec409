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
  'sessions.respond',
  'sessions.manage',
  'sessions.clinical_note',
  'record.export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const TEAM_ROLES = ['guardian', 'caregiver', 'therapist', 'teacher'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const ROLE_PERMISSIONS: Record<TeamRole, readonly Permission[]> = {
  guardian: [
    'child.view', 'profile.edit', 'team.view', 'team.contacts', 'team.manage', 'consent.grant',
    'plan.view', 'plan.agree', 'plan.measure', 'practice.view', 'practice.log', 'journal.view', 'journal.write',
    'messages.team', 'messages.send', 'sessions.view', 'sessions.respond', 'record.export',
  ],
  caregiver: [
    'child.view', 'team.view', 'plan.view', 'plan.measure', 'practice.view', 'practice.log', 'journal.write',
    'messages.team', 'messages.send', 'sessions.view', 'sessions.respond',
  ],
  therapist: PERMISSIONS,
  teacher: ['child.view', 'team.view', 'plan.view', 'plan.measure', 'journal.write', 'messages.send'],
};

/** What is left on a discharged child's record: reading it, and taking a copy. */
export const READ_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  'child.view', 'team.view', 'team.contacts', 'plan.view', 'practice.view', 'journal.view', 'messages.team', 'sessions.view', 'record.export',
]);

/** Permissions a guardian may grant to someone they invite: never more than their own. */
export const GRANTABLE_BY_FAMILY: readonly Permission[] = ROLE_PERMISSIONS.guardian;

/** Clinic-level permissions, held by clinic members (clinic.export: admins only, see migration 0036). */
export const CLINIC_PERMISSIONS = ['clinic.export'] as const;
export type ClinicPermission = (typeof CLINIC_PERMISSIONS)[number];

/** What a clinic admin may do on any child of the clinic, without being on the team. */
export const ADMIN_PERMISSIONS: readonly Permission[] = [
  'child.view', 'profile.edit', 'team.view', 'team.contacts', 'team.manage',
];

/**
 * Named ways to invite a family member, so an inviter picks one line instead of ticking boxes.
 * The detailed permissions stay available behind "customise"; a family inviter still never
 * grants more than they hold (the server narrows every request).
 */
export const INVITE_PRESETS = {
  fullGuardian: { role: 'guardian', permissions: ROLE_PERMISSIONS.guardian, household: false },
  /** A parent in another home: everything about the child, but only the conversations they are in and no other home's contacts. */
  secondHousehold: {
    role: 'guardian',
    permissions: ROLE_PERMISSIONS.guardian.filter((p) => p !== 'team.contacts' && p !== 'messages.team'),
    household: true,
  },
  /** A grandparent or nanny who helps with practice: practice and the journal, nothing else. */
  helper: { role: 'caregiver', permissions: ['child.view', 'practice.view', 'practice.log', 'journal.write'], household: true },
} as const satisfies Record<string, { role: TeamRole; permissions: readonly Permission[]; household: boolean }>;
export type InvitePreset = keyof typeof INVITE_PRESETS;
export const INVITE_PRESET_IDS = Object.keys(INVITE_PRESETS) as InvitePreset[];

/**
 * A parent or caregiver in a restricted second household (no whole-team conversation, or a
 * guardian without the team's contacts, as in messages): a session's invitation of "the family"
 * does not reach them; only one by name does.
 */
export function inRestrictedHousehold(m: { role: TeamRole; permissions: readonly Permission[] }): boolean {
  if (m.role !== 'guardian' && m.role !== 'caregiver') return false;
  return !m.permissions.includes('messages.team') || (m.role === 'guardian' && !m.permissions.includes('team.contacts'));
}
