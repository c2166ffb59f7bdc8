import { currentStatus, mayRespond, placesHit, reachesRegister } from './barrier.rules';

describe('reachesRegister', () => {
  it('always shows a barrier in the register of its own network, public or private', () => {
    expect(reachesRegister(0, 'public')).toBe(true);
    expect(reachesRegister(0, 'private')).toBe(true);
  });

  it('carries a public network’s barrier up every level', () => {
    for (const distance of [1, 2, 3]) expect(reachesRegister(distance, 'public')).toBe(true);
  });

  it('keeps a private network’s barrier out of every register above it', () => {
    for (const distance of [1, 2, 3]) expect(reachesRegister(distance, 'private')).toBe(false);
  });

  it('never shows a barrier below where it was raised', () => {
    expect(reachesRegister(-1, 'public')).toBe(false);
  });
});

describe('mayRespond', () => {
  it('lets coaches and admins of a higher network answer', () => {
    expect(mayRespond(1, 'public', { visibility: 'public', role: 'coach' })).toBe(true);
    expect(mayRespond(2, 'public', { visibility: 'private', role: 'admin' })).toBe(true);
  });

  it('refuses members, non-members, the barrier’s own network and registers it never reached', () => {
    expect(mayRespond(1, 'public', { visibility: 'public', role: 'member' })).toBe(false);
    expect(mayRespond(1, 'public', { visibility: 'public', role: null })).toBe(false);
    expect(mayRespond(0, 'public', { visibility: 'public', role: 'admin' })).toBe(false);
    expect(mayRespond(1, 'private', { visibility: 'public', role: 'admin' })).toBe(false);
  });
});

describe('currentStatus', () => {
  it('is open until someone answers, then the latest answer’s status', () => {
    expect(currentStatus([])).toBe('open');
    expect(currentStatus([{ status: 'acknowledged' }, { status: 'being_addressed' }])).toBe('being_addressed');
  });
});

describe('placesHit', () => {
  it('counts distinct networks, and at least the one that raised it', () => {
    expect(placesHit([])).toBe(1);
    expect(placesHit(['a'])).toBe(1);
    expect(placesHit(['a', 'b', 'a', 'c'])).toBe(3);
  });
});
