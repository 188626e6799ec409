import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, TEAM_ROLES } from '../../contract/access.ts';
import { ALL_PERMISSIONS, ROLE_DEFAULTS, grantableFor } from './permissions.ts';

describe('web copy of the role permissions', () => {
  it('matches the contract', () => {
    expect([...ALL_PERMISSIONS]).toEqual([...PERMISSIONS]);
    for (const role of TEAM_ROLES) expect([...ROLE_DEFAULTS[role]]).toEqual([...ROLE_PERMISSIONS[role]]);
  });

  it('never lets a family member hand on more than they hold', () => {
    const mine = ['child.view', 'team.view', 'plan.view'] as const;
    expect(grantableFor('guardian', false, mine)).toEqual(['child.view', 'team.view', 'plan.view']);
    expect(grantableFor('caregiver', true, [])).toEqual([...ROLE_PERMISSIONS.caregiver]);
  });
});
