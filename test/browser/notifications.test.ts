import { unsubscribeToken } from '../../server/src/notifications/unsubscribe-token';
import { addMember, newNetwork, newUser } from '../support/api';
import { browserSuite, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * Notifications as people meet them: one made on the server (an invitation by email to someone
 * who has an account) raises the header's count of a page already open, without a reload; the
 * panel and the centre list it, and opening it marks it read; notification and email choices are
 * saved and still there after a reload.
 */

jest.setTimeout(120_000);

// A known secret, so that the test can make the link a notification mail would carry (the real
// signing function; invitations, the one notification a test can cause here without discussions,
// come with their own mail, which has no unsubscribe link).
const SESSION_SECRET = 'notifications browser suite secret, long enough to be one';
const suite = browserSuite({ SESSION_SECRET });
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

it('an invitation by email reaches an open page live; the panel and the centre list it, and opening it marks it read', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url, { displayName: 'Ada Admin' });
  const invitee = await newUser(server.url, { displayName: 'Ines Invitee' });
  const network = await newNetwork(admin, { name: `Riverside asthma ${Date.now()}`, level: 'organisation' });

  const page = await openPage(browser, server.url, invitee, DESKTOP);
  // Once its live connection is made, the page asks for the count: from then on it hears what happens.
  const connected = page.waitForResponse((response) => response.url().endsWith('/api/notifications/unread-count'));
  await page.goto(`${server.url}/networks`);
  await connected;
  const bell = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
  expect(await bell.getAttribute('aria-label')).toBe('Notifications, none unread');

  const sent = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member', email: invitee.email });
  expect(sent.status).toBe(201);
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'notifications-header-count');

  // The panel opens from the keyboard, lists it, and Escape hands focus back to the bell.
  await bell.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const what = `Ada Admin invited you to join ${network.name}`;
  await panel.getByRole('link', { name: what }).waitFor();
  await expectNoSeriousAxeViolations(page, 'the notifications panel');
  await screenshot(page, 'notifications-panel');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  expect(await bell.evaluate((element) => element === document.activeElement)).toBe(true);

  // The centre lists it, unread, under today.
  await page.goto(`${server.url}/notifications`);
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  await page.waitForLoadState('networkidle');
  const today = page.getByRole('region', { name: 'Today' });
  const item = today.getByRole('listitem').filter({ hasText: what });
  await item.getByText('New', { exact: true }).waitFor();
  await item.getByText(network.name, { exact: false }).first().waitFor();
  await expectNoSeriousAxeViolations(page, 'the notification centre');
  await screenshot(page, 'notifications-centre');

  // Opening it leads to the invitation and marks it read.
  await item.getByRole('link', { name: what }).click();
  await page.getByRole('heading', { level: 1, name: `You are invited to join ${network.name}` }).waitFor();
  await page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();
  const after = (await invitee.client.get('/api/notifications')).body;
  expect(after.unreadCount).toBe(0);
  expect(after.items).toEqual([expect.objectContaining({ kind: 'invitation', networkId: network.id, readAt: expect.any(String) })]);

  // "Unread only" now has nothing to show, and says so.
  await page.goto(`${server.url}/notifications?unread=true`);
  await page.getByText('Nothing unread.').waitFor();
  expect(await page.getByRole('link', { name: 'Unread only' }).getAttribute('aria-current')).toBe('page');
});

it('read in another tab, the count follows when this tab comes back; "Mark all read" empties it', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url, { displayName: 'Ada Admin' });
  const invitee = await newUser(server.url);
  for (const name of ['Northside', 'Southside']) {
    const network = await newNetwork(admin, { name: `${name} ${Date.now()}`, level: 'organisation' });
    await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member', email: invitee.email });
  }
  const page = await openPage(browser, server.url, invitee, PHONE);
  await page.goto(`${server.url}/notifications`);
  await page.getByRole('button', { name: 'Notifications, 2 unread' }).waitFor();

  const first = (await invitee.client.get('/api/notifications')).body.items[0];
  await invitee.client.post('/api/notifications/read', { ids: [first.id] });
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();

  await page.getByRole('main').getByRole('button', { name: 'Mark all read' }).click();
  await page.getByRole('status').getByText('All notifications are marked as read.').waitFor();
  await page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();
  expect(await page.getByText('New', { exact: true }).count()).toBe(0);
  await screenshot(page, 'notifications-centre-phone');
});

it('email and network choices are saved as they are made and are still there after a reload', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url);
  const member = await newUser(server.url);
  const network = await newNetwork(admin, { name: `Lakeside diabetes ${Date.now()}`, level: 'organisation' });
  await addMember(admin, network.id, member, 'member');

  const page = await openPage(browser, server.url, member, DESKTOP);
  await page.goto(`${server.url}/profile`);
  await page.getByRole('heading', { level: 2, name: 'Notifications and email' }).waitFor();
  await page.waitForLoadState('networkidle');
  await expectNoSeriousAxeViolations(page, 'profile with notification choices');

  await page.getByRole('radio', { name: /Once a day, in a digest/ }).check();
  await page.getByText('Saved. Emails: once a day, in a digest.').waitFor();
  await page.getByLabel(`Notifications from ${network.name}`).selectOption('muted');
  await page.getByRole('status').getByText('Saved', { exact: false }).last().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.level-choice .saved').length === 1);
  await screenshot(page, 'notifications-preferences');

  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'Notifications and email' }).waitFor();
  expect(await page.getByRole('radio', { name: /Once a day, in a digest/ }).isChecked()).toBe(true);
  expect(await page.getByLabel(`Notifications from ${network.name}`).inputValue()).toBe('muted');
  const saved = (await member.client.get('/api/me/notification-preferences')).body;
  expect(saved).toEqual({ email: 'daily', networks: [{ networkId: network.id, name: network.name, level: 'muted' }] });

  // The network's overview offers the same choice, showing what is saved.
  await page.goto(`${server.url}/networks/${network.id}`);
  await page.getByRole('heading', { level: 2, name: 'What you hear' }).waitFor();
  expect(await page.getByLabel(`Notifications from ${network.name}`).inputValue()).toBe('muted');
  await page.getByLabel(`Notifications from ${network.name}`).selectOption('watching');
  await page.getByText('You are told about every new post in every discussion of this network.').waitFor();
  await page.locator('.level-choice .saved').waitFor();
  expect((await member.client.get('/api/me/notification-preferences')).body.networks[0].level).toBe('watching');
});

it('an unsubscribe link works signed out: it says what it stops, does it, and leads to the settings', async () => {
  const { server, browser } = suite;
  const invitee = await newUser(server.url);
  const link = new URL(`/unsubscribe?token=${unsubscribeToken({ userId: invitee.id, what: 'email' }, SESSION_SECRET)}`, server.url);

  const page = await openPage(browser, server.url, null, PHONE);
  await page.goto(server.url + link.pathname + link.search);
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  expect(await heading.textContent()).toBe('Stop emails about notifications?');
  await page.waitForLoadState('networkidle');
  await expectNoSeriousAxeViolations(page, 'unsubscribe, asking');
  await screenshot(page, 'unsubscribe-asking');
  await page.getByRole('button', { name: 'Stop these emails' }).click();
  await page.getByRole('heading', { level: 1, name: 'You will not get these emails any more' }).waitFor();
  await expectNoSeriousAxeViolations(page, 'unsubscribe, done');
  await screenshot(page, 'unsubscribe-done');
  const preferences = (await invitee.client.get('/api/me/notification-preferences')).body;
  expect(preferences.email).toBe('never');
  // Signed out, the way to the settings goes through signing in.
  await page.getByRole('link', { name: 'Open notification settings' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

  // The same link again: nothing left to do, said plainly.
  await page.goto(server.url + link.pathname + link.search);
  await page.getByRole('heading', { level: 1, name: 'These emails are already stopped' }).waitFor();
});

it('an unsubscribe link that does not work says so plainly, signed out', async () => {
  const { server, browser } = suite;
  const page = await openPage(browser, server.url, null, PHONE);
  await page.goto(`${server.url}/unsubscribe?token=not-a-real-token`);
  await page.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
  await expectNoSeriousAxeViolations(page, 'unsubscribe, bad link');
  await screenshot(page, 'unsubscribe-bad-link');
});
