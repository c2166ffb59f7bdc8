import { addMember, newNetwork, newUser } from '../support/api';
import { browserSuite, expectFocused, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';
import { minutesFromNow, scheduleSession } from '../support/learning-sessions';

/**
 * What a new user met walking through learning sessions by keyboard: a button that does its job and
 * disappears must hand focus to what replaced it (starting and ending the live room, making and
 * turning off the private calendar address), the session page must say where that address is
 * made, and the breakout form must read right with one person in the room.
 */

jest.setTimeout(180_000);

const suite = browserSuite();
const WIDE = { width: 1280, height: 900 };

async function setUp() {
  const { server } = suite;
  const coach = await newUser(server.url, { displayName: 'Cora Coach' });
  const member = await newUser(server.url, { displayName: 'Mo Member' });
  const network = await newNetwork(coach, { name: `Depression care ${Date.now()}`, visibility: 'private' });
  await addMember(coach, network.id, member, 'member');
  const session = await scheduleSession(coach, network.id, {
    title: 'Learning session 4',
    startsAt: minutesFromNow(10),
    endsAt: minutesFromNow(70),
    agenda: [
      { title: 'Welcome', minutes: 5 },
      { title: 'Team stories', minutes: 20 },
    ],
  });
  return { coach, member, network, session };
}

/** Opens the session's live room as `user` and waits until it is connected. */
async function openRoom(user: Awaited<ReturnType<typeof newUser>>, networkId: string, sessionId: string) {
  const { server, browser } = suite;
  const roomPath = `/networks/${networkId}/learning-sessions/${sessionId}/room`;
  const host = await openPage(browser, server.url, user, WIDE);
  await host.goto(server.url + roomPath);
  await host.getByRole('status').filter({ hasText: /^Connected$/ }).waitFor();
  return { host, roomPath };
}

it('the coach starts and ends the live room from the keyboard, and focus lands on what replaced the button pressed', async () => {
  const { server, browser } = suite;
  const { coach, member, network, session } = await setUp();
  const { host, roomPath } = await openRoom(coach, network.id, session.id);

  await host.getByRole('button', { name: 'Start the session' }).focus();
  await host.keyboard.press('Enter');
  await host.getByText('Now · item 1 of 2').waitFor();
  await expectFocused(host.getByRole('button', { name: 'Next item' }));
  await host.keyboard.press('Enter');
  await host.getByText('Now · item 2 of 2').waitFor();

  // With one member in the room, the breakout form speaks of one person.
  const guest = await openPage(browser, server.url, member, WIDE);
  await guest.goto(server.url + roomPath);
  await guest.getByRole('status').filter({ hasText: /^Connected$/ }).waitFor();
  await host.getByRole('region', { name: /Here now/ }).getByText('Mo Member').waitFor();
  const breakouts = host.getByRole('region', { name: 'Breakout groups' });
  await breakouts.getByText('The 1 member in the room now goes into a group; coaches stay out and can visit any group.').waitFor();
  await guest.context().close();

  await host.getByRole('button', { name: 'End the session' }).focus();
  await host.keyboard.press('Enter');
  const dialog = host.getByRole('dialog', { name: 'End the session for everyone?' });
  await expectFocused(dialog.getByRole('button', { name: 'Cancel' }));
  await host.keyboard.press('Shift+Tab');
  await expectFocused(dialog.getByRole('button', { name: 'End the session' }));
  await host.keyboard.press('Enter');
  // The agenda's controls: "End the session" there gives way to "Review the summary".
  const review = host.getByRole('group', { name: 'Run the session' }).getByRole('link', { name: 'Review the summary' });
  await review.waitFor();
  await expectFocused(review);
  // What the room held is told in the past tense once it has ended.
  await host.getByText('There were no polls.').waitFor();
  await host.getByText('There were no questions.').waitFor();
  await expectNoSeriousAxeViolations(host, 'live room just ended, by keyboard');
  await screenshot(host, 'live-room-ended-by-keyboard');
  // Listed among past sessions, what people said reads in the past tense too.
  await host.goto(`${server.url}/networks/${network.id}/learning-sessions`);
  await host.getByRole('listitem').filter({ hasText: 'Learning session 4' }).getByText('Nobody said they would come').waitFor();
  // Its page no longer offers to add it to a calendar.
  await host.getByRole('link', { name: 'Learning session 4' }).click();
  await host.getByRole('heading', { level: 1, name: 'Learning session 4' }).waitFor();
  expect(await host.getByRole('link', { name: 'Add to your calendar' }).count()).toBe(0);
  await host.context().close();
});

it('the session page points to the private calendar address; making it and turning it off keep focus in place', async () => {
  const { server, browser } = suite;
  const { member, network, session } = await setUp();
  const page = await openPage(browser, server.url, member, WIDE, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${server.url}/networks/${network.id}/learning-sessions/${session.id}`);
  await page.getByRole('link', { name: 'make a private calendar address on your profile' }).click();
  await page.waitForURL('**/profile#calendar-heading');
  await page.getByRole('heading', { level: 2, name: 'Your calendar' }).waitFor();

  await page.getByRole('button', { name: 'Make my calendar address' }).focus();
  await page.keyboard.press('Enter');
  const address = page.getByRole('textbox', { name: 'Your calendar address' });
  await expectFocused(address);
  // Focus selects it, so that a keyboard user can copy it at once.
  const url = await address.inputValue();
  expect(url).toMatch(/\/api\/calendar\/[\w-]+\.ics$/);
  expect(await page.evaluate(() => window.getSelection()?.toString() || (document.activeElement as HTMLInputElement).value.slice((document.activeElement as HTMLInputElement).selectionStart ?? 0, (document.activeElement as HTMLInputElement).selectionEnd ?? 0))).toBe(url);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  expect((await fetch(url)).status).toBe(200);

  await page.getByRole('button', { name: 'Turn it off' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Turn your calendar address off?' }).getByRole('button', { name: 'Turn it off' }).click();
  await page.getByText('Your calendar address is turned off.').waitFor();
  await expectFocused(page.getByRole('button', { name: 'Make my calendar address' }));
  expect((await fetch(url)).status).toBe(404);
  await expectNoSeriousAxeViolations(page, 'profile after turning the calendar address off');
  await screenshot(page, 'profile-calendar-address-off');
  await page.context().close();
});

it('scheduling with nothing filled in names the missing title and the missing date at once, and focus goes to the first', async () => {
  const { server, browser } = suite;
  const { coach, network } = await setUp();
  const page = await openPage(browser, server.url, coach, WIDE);
  await page.goto(`${server.url}/networks/${network.id}/learning-sessions/new`);
  await page.getByRole('button', { name: 'Schedule the session' }).focus();
  await page.keyboard.press('Enter');
  const title = page.getByRole('textbox', { name: 'Title' });
  await expectFocused(title);
  expect(await title.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#session-title-error').textContent()).toBe('Title must be 1 to 200 characters');
  expect(await page.locator('#session-start-error').textContent()).toMatch(/^Start needs a date and a start time/);
  await expectNoSeriousAxeViolations(page, 'schedule form sent empty');
  await screenshot(page, 'schedule-form-sent-empty');
  await page.context().close();
});

it('opening a poll and starting or ending breakout groups from the keyboard keep focus in the panel', async () => {
  const { server, browser } = suite;
  const { coach, member, network, session } = await setUp();
  const { host, roomPath } = await openRoom(coach, network.id, session.id);
  await host.getByRole('button', { name: 'Start the session' }).click();
  await host.getByText('Now · item 1 of 2').waitFor();
  const guest = await openPage(browser, server.url, member, WIDE);
  await guest.goto(server.url + roomPath);
  await guest.getByRole('status').filter({ hasText: /^Connected$/ }).waitFor();

  // A poll: the form closes once it is open, and focus returns to the button that opened the form.
  const newPoll = host.getByRole('button', { name: 'New poll' });
  await newPoll.focus();
  await host.keyboard.press('Enter');
  await host.keyboard.press('Tab');
  await expectFocused(host.getByRole('textbox', { name: 'Poll question' }));
  await host.keyboard.type('Which follow-up works best?');
  await host.getByRole('textbox', { name: 'Option 1' }).fill('Phone call');
  await host.getByRole('textbox', { name: 'Option 2' }).fill('Letter');
  await host.getByRole('button', { name: 'Open the poll' }).focus();
  await host.keyboard.press('Enter');
  await guest.getByRole('region', { name: 'Polls' }).getByText('Which follow-up works best?').first().waitFor();
  await expectFocused(newPoll);

  // Breakout groups: starting them and bringing everyone back replace the button pressed.
  const breakouts = host.getByRole('region', { name: 'Breakout groups' });
  await breakouts.getByText('The 1 member in the room now goes into a group', { exact: false }).waitFor();
  await breakouts.getByRole('button', { name: 'Make the groups' }).focus();
  await host.keyboard.press('Enter');
  await breakouts.getByRole('button', { name: 'Start the groups' }).focus();
  await host.keyboard.press('Enter');
  await guest.getByText('You are in Group 1', { exact: false }).first().waitFor();
  await breakouts.getByRole('button', { name: 'Bring everyone back' }).waitFor();
  await expectFocused(breakouts.getByRole('heading', { name: 'Breakout groups' }));
  await breakouts.getByRole('button', { name: 'Bring everyone back' }).focus();
  await host.keyboard.press('Enter');
  await breakouts.getByText('Everyone is back in the main room.').waitFor();
  await expectFocused(breakouts.getByRole('heading', { name: 'Breakout groups' }));
  await expectNoSeriousAxeViolations(host, 'live room after breakouts, by keyboard');
  await guest.context().close();
  await host.context().close();
});
