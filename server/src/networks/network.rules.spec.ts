import {
  NETWORK_ACTIONS,
  NETWORK_LEVELS,
  NETWORK_ROLES,
  decideJoin,
  decideNetworkAccess,
  isValidParentLevel,
  leavesNoAdmin,
  memberAbilities,
  networkAbilities,
  wouldCreateCycle,
  type NetworkAction,
  type NetworkRole,
} from './network.rules';

describe('decideNetworkAccess', () => {
  const expected: Record<'none' | NetworkRole, Record<NetworkAction, [string, string]>> = {
    // [public, private]
    none: {
      read: ['allow', 'not-found'],
      contribute: ['forbidden', 'not-found'],
      moderate: ['forbidden', 'not-found'],
      administer: ['forbidden', 'not-found'],
    },
    member: {
      read: ['allow', 'allow'],
      contribute: ['allow', 'allow'],
      moderate: ['forbidden', 'forbidden'],
      administer: ['forbidden', 'forbidden'],
    },
    coach: {
      read: ['allow', 'allow'],
      contribute: ['allow', 'allow'],
      moderate: ['allow', 'allow'],
      administer: ['forbidden', 'forbidden'],
    },
    admin: {
      read: ['allow', 'allow'],
      contribute: ['allow', 'allow'],
      moderate: ['allow', 'allow'],
      administer: ['allow', 'allow'],
    },
  };

  for (const who of ['none', ...NETWORK_ROLES] as const) {
    for (const action of NETWORK_ACTIONS) {
      it(`${who} may ${action}: public ${expected[who][action][0]}, private ${expected[who][action][1]}`, () => {
        const role = who === 'none' ? null : who;
        expect(decideNetworkAccess('public', role, action)).toBe(expected[who][action][0]);
        expect(decideNetworkAccess('private', role, action)).toBe(expected[who][action][1]);
      });
    }
  }
});

describe('isValidParentLevel', () => {
  it('accepts only strictly higher parents', () => {
    const accepted: string[] = [];
    for (const child of NETWORK_LEVELS) {
      for (const parent of NETWORK_LEVELS) {
        if (isValidParentLevel(child, parent)) accepted.push(`${child}<${parent}`);
      }
    }
    expect(accepted).toEqual([
      'organisation<subnational',
      'organisation<national',
      'organisation<global',
      'subnational<national',
      'subnational<global',
      'national<global',
    ]);
  });
});

describe('wouldCreateCycle', () => {
  it('refuses a network as its own parent', () => {
    expect(wouldCreateCycle('a', 'a', [])).toBe(true);
  });
  it('refuses a descendant as parent', () => {
    expect(wouldCreateCycle('a', 'c', ['b', 'a'])).toBe(true);
  });
  it('accepts an unrelated parent', () => {
    expect(wouldCreateCycle('a', 'c', ['d'])).toBe(false);
  });
});

describe('leavesNoAdmin', () => {
  it('protects the last admin from demotion and removal', () => {
    expect(leavesNoAdmin('admin', 'coach', 1)).toBe(true);
    expect(leavesNoAdmin('admin', null, 1)).toBe(true);
  });
  it('allows it when another admin remains, or for non-admins', () => {
    expect(leavesNoAdmin('admin', null, 2)).toBe(false);
    expect(leavesNoAdmin('admin', 'admin', 1)).toBe(false);
    expect(leavesNoAdmin('coach', null, 1)).toBe(false);
  });
});

describe('decideJoin', () => {
  it('lets anyone not yet in a public network join it; a private one takes an invitation', () => {
    expect(decideJoin('public', null)).toBe('allow');
    expect(decideJoin('private', null)).toBe('invitation-only');
    for (const role of NETWORK_ROLES) {
      expect(decideJoin('public', role)).toBe('already-member');
      expect(decideJoin('private', role)).toBe('already-member');
    }
  });
});

describe('networkAbilities', () => {
  it('follows the access rule for contribute, moderate and administer', () => {
    for (const visibility of ['public', 'private'] as const) {
      for (const role of [...NETWORK_ROLES, null]) {
        const can = networkAbilities(visibility, role, 2);
        expect({ visibility, role, contribute: can.contribute, moderate: can.moderate, administer: can.administer }).toEqual({
          visibility,
          role,
          contribute: decideNetworkAccess(visibility, role, 'contribute') === 'allow',
          moderate: decideNetworkAccess(visibility, role, 'moderate') === 'allow',
          administer: decideNetworkAccess(visibility, role, 'administer') === 'allow',
        });
      }
    }
  });

  it('offers joining to non-members of a public network, and leaving to members', () => {
    expect(networkAbilities('public', null, 1)).toMatchObject({ join: true, leave: false, leaveBlockedBy: null });
    expect(networkAbilities('private', null, 1)).toMatchObject({ join: false, leave: false, leaveBlockedBy: null });
    expect(networkAbilities('public', 'member', 1)).toMatchObject({ join: false, leave: true, leaveBlockedBy: null });
    expect(networkAbilities('private', 'coach', 1)).toMatchObject({ join: false, leave: true, leaveBlockedBy: null });
  });

  it('keeps the last admin in, and says why', () => {
    expect(networkAbilities('public', 'admin', 1)).toMatchObject({ leave: false, leaveBlockedBy: 'last-admin' });
    expect(networkAbilities('public', 'admin', 2)).toMatchObject({ leave: true, leaveBlockedBy: null });
  });
});

describe('memberAbilities', () => {
  const ada = { userId: 'ada', role: 'member' as const };
  const boss = { userId: 'boss', role: 'admin' as const };

  it('lets an admin change and remove anyone but the last admin', () => {
    const admin = { userId: 'boss', role: 'admin' as const, visibility: 'private' as const };
    expect(memberAbilities(admin, ada, 1)).toEqual({ changeRole: true, changeTeam: true, changePartnerFlag: true, remove: true });
    expect(memberAbilities(admin, boss, 1)).toEqual({ changeRole: false, changeTeam: true, changePartnerFlag: true, remove: false });
    expect(memberAbilities(admin, boss, 2)).toEqual({ changeRole: true, changeTeam: true, changePartnerFlag: true, remove: true });
  });

  it('lets other members change only their own team and partner flag', () => {
    for (const role of ['member', 'coach'] as const) {
      const viewer = { userId: 'ada', role, visibility: 'public' as const };
      expect(memberAbilities(viewer, ada, 1)).toEqual({ changeRole: false, changeTeam: true, changePartnerFlag: true, remove: false });
      expect(memberAbilities(viewer, boss, 1)).toEqual({ changeRole: false, changeTeam: false, changePartnerFlag: false, remove: false });
    }
  });

  it('lets a reader who is not a member change nothing', () => {
    const reader = { userId: 'ada', role: null, visibility: 'public' as const };
    expect(memberAbilities(reader, ada, 1)).toEqual({ changeRole: false, changeTeam: false, changePartnerFlag: false, remove: false });
  });
});
