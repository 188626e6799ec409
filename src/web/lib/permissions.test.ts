import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../contract/permissions.ts';
import { grantableFor } from './permissions.ts';

describe('what an inviter may hand on', () => {
  it('never lets a family member hand on more than they hold', () => {
    const mine = ['child.view', 'team.view', 'plan.view'] as const;
    expect(grantableFor('guardian', false, mine)).toEqual(['child.view', 'team.view', 'plan.view']);
    expect(grantableFor('caregiver', true, [])).toEqual([...ROLE_PERMISSIONS.caregiver]);
  });
});
