import { NOTIFICATION_KINDS, notificationSentence, type NotificationFacts } from './notification-words';

const facts = (overrides: Partial<NotificationFacts> = {}): NotificationFacts => ({
  kind: 'mention',
  actorLabel: 'Ada Lovelace',
  title: 'Follow-up calls',
  networkName: 'Sepsis collaborative',
  ...overrides,
});

describe('notificationSentence', () => {
  it('says what happened, for each kind', () => {
    expect(notificationSentence(facts())).toBe('Ada Lovelace mentioned you in “Follow-up calls”');
    expect(notificationSentence(facts({ kind: 'reply' }))).toBe('Ada Lovelace replied to your post in “Follow-up calls”');
    expect(notificationSentence(facts({ kind: 'watched_post' }))).toBe('Ada Lovelace wrote in “Follow-up calls”, a discussion you watch');
    expect(notificationSentence(facts({ kind: 'moderation' }))).toBe('A moderator acted on your post in “Follow-up calls”');
    expect(notificationSentence(facts({ kind: 'invitation' }))).toBe('Ada Lovelace invited you to join Sepsis collaborative');
  });

  it('starts with a capital when an anonymous label starts it, and never names more than the label', () => {
    expect(notificationSentence(facts({ actorLabel: 'a member of Ward 4', kind: 'reply' }))).toBe('A member of Ward 4 replied to your post in “Follow-up calls”');
  });

  it('has words for what the notification does not know', () => {
    expect(notificationSentence(facts({ actorLabel: '', title: ' ' }))).toBe('Someone mentioned you in a discussion');
  });

  it('has a sentence for every kind the server sends', () => {
    for (const kind of NOTIFICATION_KINDS) expect(notificationSentence(facts({ kind, actorLabel: 'Ben' })).length).toBeGreaterThan(10);
  });
});
