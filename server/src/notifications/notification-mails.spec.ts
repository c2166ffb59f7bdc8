import { batchMail, digestMail, invitationMail } from './notification-mails';
import type { MailedNotification } from './notification.rules';

const links = {
  absolute: (path: string) => new URL(path, 'https://knotwork.example').toString(),
  preferences: 'https://knotwork.example/settings/notifications',
  unsubscribe: 'https://knotwork.example/unsubscribe?token=abc.def',
};

const notification = (overrides: Partial<MailedNotification> = {}): MailedNotification => ({
  id: '1',
  kind: 'reply',
  networkId: 'n1',
  networkName: 'Sepsis collaborative',
  threadId: 't1',
  title: 'Follow-up calls',
  excerpt: 'We tried the script on Tuesday.',
  actorLabel: 'a member of Ward 4',
  url: '/networks/n1/discussions/t1',
  createdAt: new Date('2026-01-05T08:00:00Z'),
  ...overrides,
});

describe('notification mails', () => {
  it('name an anonymous author only by the label they were given, in the subject and both parts', () => {
    const mail = batchMail({ recipientName: 'Ada', notifications: [notification()], links });
    expect(mail.subject).toBe('A member of Ward 4 replied to your post in “Follow-up calls”');
    expect(mail.text).toContain('A member of Ward 4 replied to your post in “Follow-up calls”');
    expect(mail.html).toContain('A member of Ward 4 replied to your post in “Follow-up calls”');
  });

  it('escape everything that goes into HTML', () => {
    const hostile = '<img src=x onerror=alert(1)>"\'&';
    const mail = digestMail({
      recipientName: hostile,
      notifications: [notification({ title: hostile, excerpt: hostile, actorLabel: hostile, networkName: hostile, url: `/x?"><script>alert(1)</script>` })],
      links,
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toMatch(/"\s*onerror=/);
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;');
    // Plain text keeps the words as they are.
    expect(mail.text).toContain(hostile);
  });

  it('group a digest by network then thread, and carry the unsubscribe and preferences links', () => {
    const mail = digestMail({
      recipientName: 'Ada',
      notifications: [
        notification({ id: '1' }),
        notification({ id: '2', networkId: 'n2', networkName: 'Falls network', threadId: 't9', title: 'Hip protectors', createdAt: new Date('2026-01-05T09:00:00Z') }),
        notification({ id: '3', kind: 'mention', title: 'Follow-up calls', createdAt: new Date('2026-01-05T10:00:00Z') }),
      ],
      links,
    });
    expect(mail.subject).toBe('Your daily Knotwork summary: 3 new notifications');
    const order = ['Sepsis collaborative', 'Follow-up calls', 'replied to your post', 'mentioned you', 'Falls network', 'Hip protectors'].map((words) => mail.text.indexOf(words));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(mail.text).toContain(links.unsubscribe);
    expect(mail.html).toContain(links.preferences);
    expect(mail.text).toContain('https://knotwork.example/networks/n1/discussions/t1');
  });

  it('invite with the accept link and no unsubscribe', () => {
    const mail = invitationMail({
      networkName: 'Sepsis <collaborative>',
      inviterName: 'Grace',
      role: 'admin',
      acceptUrl: 'https://knotwork.example/invitations/tok',
      expiresAt: new Date('2026-01-12T00:00:00Z'),
    });
    expect(mail.subject).toBe('You are invited to join Sepsis <collaborative> on Knotwork');
    expect(mail.text).toContain('Grace invited you to join Sepsis <collaborative> on Knotwork as an admin.');
    expect(mail.html).toContain('Sepsis &#60;collaborative&#62;');
    expect(mail.html).toContain('href="https://knotwork.example/invitations/tok"');
    expect(mail.text).not.toMatch(/unsubscribe|Stop these/i);
  });
});
