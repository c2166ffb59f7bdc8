import {
  NETWORK_ACTIONS,
  NETWORK_LEVELS,
  NETWORK_ROLES,
  decideNetworkAccess,
  isValidParentLevel,
  leavesNoAdmin,
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
