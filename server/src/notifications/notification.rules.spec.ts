import { effectiveLevel, groupForDigest, levelAllows, needsReadAccess, NOTIFICATION_KINDS, type MailedNotification } from './notification.rules';

describe('effectiveLevel', () => {
  it("takes the thread's own level over the network's, and is normal when neither is set", () => {
    expect(effectiveLevel(null, null)).toBe('normal');
    expect(effectiveLevel('muted', null)).toBe('muted');
    expect(effectiveLevel('muted', 'watching')).toBe('watching');
    expect(effectiveLevel('watching', 'muted')).toBe('muted');
    expect(effectiveLevel(null, 'normal')).toBe('normal');
    expect(effectiveLevel('watching', 'normal')).toBe('normal');
  });
});

describe('levelAllows', () => {
  it('drops everything but invitations when muted', () => {
    for (const kind of NOTIFICATION_KINDS) expect(levelAllows(kind, 'muted')).toBe(kind === 'invitation');
  });

  it('gives new posts in a thread only to watchers', () => {
    expect(levelAllows('watched_post', 'watching')).toBe(true);
    expect(levelAllows('watched_post', 'normal')).toBe(false);
  });

  it('gives what is addressed to the person at normal and watching', () => {
    for (const kind of ['mention', 'reply', 'moderation', 'invitation'] as const) {
      expect(levelAllows(kind, 'normal')).toBe(true);
      expect(levelAllows(kind, 'watching')).toBe(true);
    }
  });
});

describe('needsReadAccess', () => {
  it('lets only invitations reach someone who cannot read the network yet', () => {
    for (const kind of NOTIFICATION_KINDS) expect(needsReadAccess(kind)).toBe(kind !== 'invitation');
  });
});

describe('groupForDigest', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 8, minute));
  const item = (id: string, networkId: string, threadId: string | null, minute: number): MailedNotification => ({
    id,
    kind: 'reply',
    networkId,
    networkName: `Network ${networkId}`,
    threadId,
    title: `Thread ${threadId ?? id}`,
    excerpt: '',
    actorLabel: 'a member',
    url: '/',
    createdAt: at(minute),
  });

  it('groups by network, then thread, in order of first appearance, oldest first inside', () => {
    const groups = groupForDigest([
      item('5', 'B', 't3', 5),
      item('1', 'A', 't1', 1),
      item('3', 'A', 't2', 3),
      item('4', 'A', 't1', 4),
      item('2', 'B', null, 2),
      item('6', 'B', null, 6),
    ]);
    expect(groups.map((network) => network.networkId)).toEqual(['A', 'B']);
    expect(groups[0].threads.map((thread) => [thread.threadId, thread.items.map((i) => i.id)])).toEqual([
      ['t1', ['1', '4']],
      ['t2', ['3']],
    ]);
    // Notifications without a thread (invitations) stand alone.
    expect(groups[1].threads.map((thread) => [thread.threadId, thread.items.map((i) => i.id)])).toEqual([
      [null, ['2']],
      ['t3', ['5']],
      [null, ['6']],
    ]);
  });
});
