import type { Permission, TeamRole } from '../api/types.ts';
import { ROLE_PERMISSIONS } from '../../contract/permissions.ts';

// The role defaults come from the contract's plain-data module, which the browser may load.
export { ROLE_PERMISSIONS as ROLE_DEFAULTS } from '../../contract/permissions.ts';

/** child.view is what membership means; it is never offered as a box to untick. */
export const ALWAYS_GRANTED: Permission = 'child.view';

/**
 * What the inviter may hand on for a role: the role's defaults, and for family members never more
 * than they hold themselves.
 */
export function grantableFor(role: TeamRole, inviterIsStaff: boolean, inviterAbilities: readonly Permission[]): Permission[] {
  const defaults = ROLE_PERMISSIONS[role];
  return inviterIsStaff ? [...defaults] : defaults.filter((p) => inviterAbilities.includes(p));
}
