import { z } from 'zod';
import { PERMISSIONS, TEAM_ROLES } from './permissions.ts';

export { ADMIN_PERMISSIONS, CLINIC_PERMISSIONS, GRANTABLE_BY_FAMILY, PERMISSIONS, READ_PERMISSIONS, ROLE_PERMISSIONS, TEAM_ROLES } from './permissions.ts';
export type { ClinicPermission } from './permissions.ts';

export const Permission = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof Permission>;

export const TeamRole = z.enum(TEAM_ROLES);
export type TeamRole = z.infer<typeof TeamRole>;

export const CLINIC_ROLES = ['admin', 'therapist'] as const;
export const ClinicRole = z.enum(CLINIC_ROLES);
export type ClinicRole = z.infer<typeof ClinicRole>;
