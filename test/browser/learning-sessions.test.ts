import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { browserSuite, expectConsoleErrors, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';
import { parseCalendar, scheduleSession } from '../support/learning-sessions';

/**
 * The Learning sessions place: a coach schedules a session with two agenda items (reordered by
 * keyboard), a member says they are going and downloads the calendar file, which parses and
 * carries the session's zone. axe finds nothing serious on the way, at desktop and phone widths.
 */

jest.setTimeout(180_000);

const suite = browserSuite();
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let coach: TestUser;
let member: TestUser;
let network: { id: string; name: string };

beforeAll(async () => {
  const admin = await newUser(suite.server.url, { displayName: 'Ada Admin' });
  coach = await newUser(suite.server.url, { displayName: 'Cora Coach' });
  member = await newUser(suite.server.url, { displayName: 'Mo Member' });
  network = await newNetwork(admin, { name: `Sessions ${Date.now()}`, level: 'national' });
  await addMember(admin, network.id, coach, 'coach');
  await addMember(admin, network.id, member, 'member');
});

/** A date about ten days ahead, as a date field takes it. */
function dateAhead(days: number): string {
  const at = new Date(Date.now() + days * 24 * 60 * 60_000);
  return at.toISOString().slice(0, 10);
}

it('a coach schedules a session with two agenda items; a member says they are going and downloads the calendar file; the coach changes it and cancels it', async () => {
  const page = await openPage(suite.browser, suite.server.url, coach, DESKTOP);
  await page.goto(`${suite.server.url}/networks/${network.id}/learning-sessions`);
  await page.getByRole('heading', { level: 1, name: 'Learning sessions' }).waitFor();
  await page.getByText('No session is planned yet.').waitFor();
  await expectNoSeriousAxeViolations(page, 'learning sessions, empty');
  await screenshot(page, 'learning-sessions-empty-desktop');

  await page.getByRole('link', { name: 'Schedule a session' }).click();
  await page.getByRole('heading', { level: 1, name: 'Schedule a learning session' }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Title').fill('Learning session 3: keeping people well');
  await page.getByLabel('Date').fill(dateAhead(10));
  await page.getByLabel('Starts').fill('10:00');
  await page.getByLabel('Ends').fill('11:30');
  await page.getByLabel('Time zone').fill('America/New_York');
  await page.getByLabel('Meeting link').fill('https://meet.example.test/session-3');

  // Two agenda items, by keyboard: add, type, then move the second above the first.
  await page.getByRole('button', { name: 'Add an agenda item' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Team reports');
  await page.getByLabel('Minutes').first().fill('45');
  await page.getByRole('button', { name: 'Add an agenda item' }).focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('agenda-title-1');
  await page.keyboard.type('Welcome');
  await page.getByLabel('Minutes').nth(1).fill('10');
  await page.getByRole('button', { name: 'Move item 2 up' }).focus();
  await page.keyboard.press('Enter');
  expect(await page.getByLabel('Item 1', { exact: true }).inputValue()).toBe('Welcome');
  expect(await page.getByLabel('Item 2', { exact: true }).inputValue()).toBe('Team reports');
  await page.getByRole('status').getByText('Moved “Welcome” to position 1 of 2.').waitFor();
  await page.getByText('Planned: 55 min of 1 h 30 min, 35 min to spare.').waitFor();
  await expectNoSeriousAxeViolations(page, 'schedule form');
  await screenshot(page, 'learning-session-form-desktop');

  // A meeting link that is not a web address is named next to its field (the browser logs the 400).
  expectConsoleErrors(/the server responded with a status of 400\b/);
  await page.getByLabel('Meeting link').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Schedule the session' }).click();
  await page.getByText(/Meeting link must be a web address/).waitFor();
  await page.getByLabel('Meeting link').fill('https://meet.example.test/session-3');
  await page.getByRole('button', { name: 'Schedule the session' }).click();
  await page.getByRole('heading', { level: 1, name: 'Learning session 3: keeping people well' }).waitFor();
  await page.getByText('(New York time, 1 h 30 min)').waitFor();
  const sessionPath = new URL(page.url()).pathname;
  const sessionId = sessionPath.split('/').pop()!;
  const agenda = page.getByRole('region', { name: 'Agenda' }).getByRole('listitem');
  expect(await agenda.allInnerTexts()).toEqual([expect.stringContaining('Welcome'), expect.stringContaining('Team reports')]);
  await expectNoSeriousAxeViolations(page, 'session page, coach');
  await screenshot(page, 'learning-session-coach-desktop');

  // The member answers, and takes the calendar file.
  for (const viewport of [DESKTOP, PHONE]) {
    const memberPage = await openPage(suite.browser, suite.server.url, member, viewport);
    await memberPage.goto(`${suite.server.url}/networks/${network.id}/learning-sessions`);
    await memberPage.getByRole('link', { name: 'Learning session 3: keeping people well' }).click();
    await memberPage.getByRole('heading', { level: 1, name: 'Learning session 3: keeping people well' }).waitFor();
    await memberPage.waitForLoadState('networkidle');
    if (viewport === DESKTOP) {
      await memberPage.getByRole('button', { name: 'I am going' }).click();
      await memberPage.getByText('Saved: you are going.').waitFor();
      expect(await memberPage.getByRole('button', { name: 'I am going' }).getAttribute('aria-pressed')).toBe('true');
      await memberPage.getByText('1 going').waitFor();
      expect(await memberPage.getByRole('link', { name: /Join the call/ }).getAttribute('href')).toBe('https://meet.example.test/session-3');
      const [download] = await Promise.all([memberPage.waitForEvent('download'), memberPage.getByRole('link', { name: 'Add to your calendar', exact: true }).click()]);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      const calendar = parseCalendar(readFileSync(path!, 'utf8'));
      expect(calendar.timezones).toEqual(['America/New_York']);
      expect(calendar.events[0]).toMatchObject({ summary: 'Learning session 3: keeping people well', tzid: 'America/New_York', uid: `learning-session-${sessionId}@knotwork` });
      expect(calendar.events[0].localStart.endsWith('T10:00:00')).toBe(true);
    }
    await expectNoSeriousAxeViolations(memberPage, `session page, member, ${viewport.width} px`);
    await screenshot(memberPage, `learning-session-member-${viewport.width}`);
    await memberPage.close();
  }

  // The coach changes the end: the form starts from the session's own times, in its own zone.
  await page.reload();
  await page.waitForLoadState('networkidle');
  await page.getByRole('link', { name: 'Change', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Change the session' }).waitFor();
  await page.waitForLoadState('networkidle');
  expect(await page.getByLabel('Starts').inputValue()).toBe('10:00');
  expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
  expect(await page.getByLabel('Item 1', { exact: true }).inputValue()).toBe('Welcome');
  await page.getByLabel('Ends').fill('12:00');
  await page.getByText('Planned: 55 min of 2 h, 1 h 5 min to spare.').waitFor();
  await expectNoSeriousAxeViolations(page, 'change form');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('(New York time, 2 h)').waitFor();
  const changed = await coach.client.get(`/api/learning-sessions/${sessionId}`);
  expect(changed.body).toMatchObject({ sequence: 1, timeZone: 'America/New_York' });

  // The coach cancels, after saying yes to the question.
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Cancel the session' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this session?' });
  await dialog.getByText('The 1 person going will be told').waitFor();
  await expectNoSeriousAxeViolations(page, 'cancel dialog');
  await dialog.getByLabel(/Why, in a sentence/).fill('The speakers cannot make it.');
  await dialog.getByRole('button', { name: 'Cancel the session' }).click();
  await page.getByText('This session was cancelled.').waitFor();
  await screenshot(page, 'learning-session-cancelled-desktop');
});

it('the list of sessions also gives each time in the reader\'s own zone, named, on a phone', async () => {
  // 09:00 in London on a fixed winter day is 18:00 in Tokyo (no summer time on either side).
  const year = new Date().getUTCFullYear() + 1;
  await scheduleSession(coach, network.id, { title: 'Winter session across zones', startsAt: `${year}-01-14T09:00:00.000Z`, endsAt: `${year}-01-14T10:00:00.000Z`, timeZone: 'Europe/London' });
  const page = await openPage(suite.browser, suite.server.url, member, PHONE, { timezoneId: 'Asia/Tokyo' });
  await page.goto(`${suite.server.url}/networks/${network.id}/learning-sessions`);
  const card = page.getByRole('listitem').filter({ hasText: 'Winter session across zones' });
  await card.getByText('(London time, 1 h)').waitFor();
  await card.getByText(/^For you: .*18:00 – 19:00 \(Tokyo time\)$/).waitFor();
  await expectNoSeriousAxeViolations(page, 'learning sessions, reader in another zone');
  await screenshot(page, 'learning-sessions-other-zone-phone');

  // Arriving early in the live room, the reader sees when it starts, in their own zone.
  await card.getByRole('link', { name: 'Winter session across zones' }).click();
  await page.getByRole('heading', { level: 1, name: 'Winter session across zones' }).waitFor();
  await page.goto(`${page.url()}/room`);
  await page.getByText(/^Thursday, 14 January \d{4}, 18:00 – 19:00 \(Tokyo time\)$/).waitFor();
  await screenshot(page, 'learning-session-room-early-phone');
});

it('the profile page makes, replaces and turns off the private calendar address', async () => {
  const page = await openPage(suite.browser, suite.server.url, member, DESKTOP);
  await page.goto(`${suite.server.url}/profile`);
  await page.getByRole('heading', { level: 2, name: 'Your calendar' }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Make my calendar address' }).click();
  const address = page.getByLabel('Your calendar address');
  await address.waitFor();
  const first = await address.inputValue();
  expect(first).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const feed = await fetch(suite.server.url + new URL(first).pathname);
  expect(feed.status).toBe(200);
  await expectNoSeriousAxeViolations(page, 'profile with calendar address');
  await screenshot(page, 'profile-calendar-desktop');

  await page.getByRole('button', { name: 'Make a new address' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Make a new address' }).click();
  await page.waitForFunction((old) => (document.getElementById('calendar-address') as HTMLInputElement | null)?.value !== old, first);
  expect((await fetch(suite.server.url + new URL(first).pathname)).status).toBe(404);

  await page.getByRole('button', { name: 'Turn it off' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Turn it off' }).click();
  await page.getByRole('button', { name: 'Make my calendar address' }).waitFor();
});
