import { anonymousLabel, normaliseTags, peerViewer, postAbilities, postNoticeRecipients, threadAbilities, type Viewer } from './discussion.rules';

const AUTHOR = 'a';
const as = (userId: string | null, role: Viewer['role']): Viewer => ({ userId, role, visibility: 'public' });
const post = { authorId: AUTHOR, anonymous: true, parentId: null, removed: null, hidden: false };
const open = { locked: false };

describe('discussion rules', () => {
  it('gives the author edit and delete, moderators hide, admins reveal, and the peer view nothing of its own', () => {
    expect(postAbilities(as(AUTHOR, 'member'), open, post)).toEqual({ edit: true, delete: true, hide: false, react: true, reply: true, report: false, reveal: false });
    expect(postAbilities(as('c', 'coach'), open, post)).toMatchObject({ edit: false, delete: true, hide: true, report: true, reveal: false });
    expect(postAbilities(as('d', 'admin'), open, post)).toMatchObject({ reveal: true });
    expect(postAbilities(peerViewer('public'), open, post)).toEqual({ edit: false, delete: false, hide: false, react: true, reply: true, report: true, reveal: false });
    expect(postAbilities(as('r', null), open, post)).toEqual({ edit: false, delete: false, hide: false, react: false, reply: false, report: false, reveal: false });
  });

  it('closes a locked thread to members but not to moderators, and replies go one level deep', () => {
    expect(threadAbilities(as(AUTHOR, 'member'), { authorId: AUTHOR, anonymous: false, locked: true })).toMatchObject({ reply: false, edit: false });
    expect(threadAbilities(as('c', 'coach'), { authorId: AUTHOR, anonymous: false, locked: true })).toMatchObject({ reply: true, edit: true, moderate: true });
    expect(postAbilities(as('m', 'member'), open, { ...post, parentId: 'p' }).reply).toBe(false);
    expect(postAbilities(as('m', 'member'), open, { ...post, removed: 'author' })).toMatchObject({ react: false, reply: false, delete: false });
  });

  it('labels anonymous writers by team only when they chose it and have one', () => {
    expect(anonymousLabel('team', 'Harbour Clinic')).toBe('a member of Harbour Clinic');
    expect(anonymousLabel('team', null)).toBe('a member');
    expect(anonymousLabel('member', 'Harbour Clinic')).toBe('a member');
  });

  it('keeps tags in one spelling, each once', () => {
    expect(normaliseTags([' Follow Up ', 'follow-up', 'Calls', ''])).toEqual(['follow-up', 'calls']);
  });

  it('tells each person of a new post once, for the strongest reason, and never its author', () => {
    const recipients = postNoticeRecipients({ authorId: 'author', mentionedUserIds: ['m', 'p', 'author'], parentAuthorId: 'p', watcherIds: ['w', 'm', 'p', 'author'] });
    expect([...recipients]).toEqual([
      ['m', 'mention'],
      ['p', 'mention'],
      ['w', 'watched_post'],
    ]);
    expect([...postNoticeRecipients({ authorId: 'author', mentionedUserIds: [], parentAuthorId: 'p', watcherIds: ['p', 'w'] })]).toEqual([
      ['p', 'reply'],
      ['w', 'watched_post'],
    ]);
    // Answering one's own post is no news to oneself.
    expect(postNoticeRecipients({ authorId: 'author', mentionedUserIds: [], parentAuthorId: 'author', watcherIds: [] }).size).toBe(0);
  });
});
