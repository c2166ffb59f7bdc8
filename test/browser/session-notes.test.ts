import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { expectConsoleErrors, expectFocused, expectNoSeriousAxeViolations, openPage, screenshot, waitForSaved, browserSuite } from '../support/browser';
import { whenServerHasNotes } from '../support/session-notes';

/**
 * A session's harvest in the browser: a member types in the shared notes and sees "Saved" (and
 * the server has the words), captures a selected passage as a lesson and lands in the lesson
 * editor with it prefilled; a coach adds an action item for a team, and a member of that team
 * marks it done with a report on the team's page. At desktop and phone widths, axe-clean.
 */

jest.setTimeout(180_000);

const suite = browserSuite();

async function setUp() {
  const { server } = suite;
  const tag = Date.now();
  const coach = await newUser(server.url, { displayName: 'Cora Coach' });
  const member = await newUser(server.url, { displayName: 'Mo Member' });
  const network = await newNetwork(coach, { name: `Depression care ${tag}`, visibility: 'private' });
  await addMember(coach, network.id, member, 'member');
  const team = (await coach.client.post(`/api/networks/${network.id}/teams`, { name: 'Riverside practice' })).body;
  await coach.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: team.id });
  const startsAt = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
  const session = (
    await coach.client.post(`/api/networks/${network.id}/learning-sessions`, {
      title: 'Learning session 2',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 90 * 60 * 1000).toISOString(),
      timeZone: 'Europe/London',
      agenda: [],
    })
  ).body;
  return { coach, member, network, team, session };
}

const notesPath = (networkId: string, sessionId: string) => `/networks/${networkId}/learning-sessions/${sessionId}/notes`;

it('typing in the notes shows "Saved", and a selected passage becomes a prefilled lesson draft', async () => {
  const { server, browser } = suite;
  const { member, network, session } = await setUp();
  const page = await openPage(browser, server.url, member, { width: 1280, height: 900 });
  await page.goto(server.url + notesPath(network.id, session.id));
  await page.getByRole('heading', { level: 1, name: 'Notes of “Learning session 2”' }).waitFor();
  const editor = page.getByRole('textbox', { name: 'Shared notes' });
  await editor.click();
  await page.keyboard.type('Riverside called every patient within 7 days.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Half of them answered the first call.');
  await waitForSaved(page);
  await whenServerHasNotes(server.url, member, session.id, (markdown) => markdown.includes('Half of them answered the first call.'));
  await expectNoSeriousAxeViolations(page, 'session notes with text');
  await screenshot(page, 'session-notes-1280');

  // Select the first paragraph (a triple click selects it) and capture it.
  await editor.getByText('Riverside called every patient within 7 days.').click({ clickCount: 3 });
  await page.getByRole('button', { name: 'Capture selection as a lesson' }).click();
  await page.waitForURL(/\/lessons\/[0-9a-f-]+\/edit$/);
  const tried = page.getByRole('textbox', { name: 'What did you do?' });
  await tried.waitFor();
  const triedText = await tried.inputValue();
  expect(triedText).toContain('Riverside called every patient within 7 days.');
  expect(triedText).not.toContain('Half of them answered');
  expect(triedText).toContain('Learning session 2');
  expect(await page.getByLabel('In one line, what did you try?').inputValue()).toBe('Riverside called every patient within 7 days.');
  await screenshot(page, 'session-notes-captured-lesson');
  await page.context().close();

  const phone = await openPage(browser, server.url, member, { width: 390, height: 844 });
  await phone.goto(server.url + notesPath(network.id, session.id));
  await phone.getByRole('textbox', { name: 'Shared notes' }).getByText('Half of them answered the first call.').waitFor();
  await expectNoSeriousAxeViolations(phone, 'session notes at 390 px');
  // A patient partner is offered "a text file", not a format's name.
  await phone.getByRole('link', { name: 'Download the notes (text file)' }).waitFor();
  expect(await phone.locator('main').textContent()).not.toContain('Markdown');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(Math.max(0, overflow)).toBe(0);
  await screenshot(phone, 'session-notes-390');
  await phone.context().close();
});

it('a coach adds an action item; a member of the team marks it done with a report on the team page', async () => {
  const { server, browser } = suite;
  const { coach, member, network, team, session } = await setUp();
  const dueOn = new Date(Date.now() + 14 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

  const coachPage = await openPage(browser, server.url, coach, { width: 1280, height: 900 });
  await coachPage.goto(server.url + notesPath(network.id, session.id));
  await coachPage.getByText('No action items yet.').waitFor();
  await coachPage.waitForLoadState('networkidle');
  await coachPage.getByLabel('Team', { exact: true }).selectOption({ label: 'Riverside practice' });
  await coachPage.getByLabel('What the team will do').fill('Call five patients within 7 days of their screen');
  await coachPage.getByLabel('Due on').fill(dueOn);
  await coachPage.getByRole('button', { name: 'Add action item' }).click();
  await coachPage.getByText('Action item added for Riverside practice.').waitFor();
  await coachPage.getByRole('heading', { level: 3, name: 'Call five patients within 7 days of their screen' }).waitFor();
  await expectNoSeriousAxeViolations(coachPage, 'session action items as a coach');
  await screenshot(coachPage, 'session-action-items-1280');
  await coachPage.context().close();

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await openPage(browser, server.url, member, viewport);
    await page.goto(`${server.url}/networks/${network.id}/teams/${team.id}`);
    await page.getByRole('heading', { level: 1, name: 'Riverside practice' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Call five patients within 7 days of their screen' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, `team page at ${viewport.width} px`);
    await screenshot(page, `team-page-${viewport.width}`);
    if (viewport.width === 390) {
      await page.context().close();
      continue;
    }
    await page.getByRole('button', { name: 'Mark done' }).click();
    await page.getByLabel('What your team reports').fill('Called 5 of 5; 3 reached on the first try.');
    await page.getByRole('button', { name: 'Mark done' }).click();
    await page.getByText('is marked done.').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Done' }).waitFor();
    await page.getByText('Called 5 of 5; 3 reached on the first try.').waitFor();
    await expectNoSeriousAxeViolations(page, 'team page with a done item');
    await screenshot(page, 'team-page-done-1280');
    await page.context().close();
  }

  const items = (await (member as TestUser).client.get(`/api/networks/${network.id}/teams/${team.id}/action-items`)).body.items;
  expect(items).toMatchObject([{ status: 'done', report: 'Called 5 of 5; 3 reached on the first try.' }]);
});

it('a coach edits an action item by keyboard, sees the server’s error by its field, and deletes one only after confirming', async () => {
  const { server, browser } = suite;
  const { coach, member, network, team, session } = await setUp();
  const otherTeam = (await coach.client.post(`/api/networks/${network.id}/teams`, { name: 'Hillside clinic' })).body;
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const first = (await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: team.id, title: 'Call five patients', dueOn: inDays(14) })).body;
  const second = (await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: team.id, title: 'Audit ten charts', dueOn: inDays(21) })).body;

  const page = await openPage(browser, server.url, coach, { width: 1280, height: 900 });
  await page.goto(server.url + notesPath(network.id, session.id));
  const firstItem = page.locator(`#action-item-${first.id}`);
  await firstItem.getByRole('heading', { level: 3, name: 'Call five patients' }).waitFor();
  await page.waitForLoadState('networkidle');

  // Keyboard only: the Edit button opens the form with the title focused and filled in.
  await firstItem.getByRole('button', { name: 'Edit', exact: true }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Edit the action item Call five patients' });
  const title = form.getByRole('textbox', { name: 'What the team will do' });
  await expectFocused(title);
  expect(await title.inputValue()).toBe('Call five patients');
  // The teams arrive once asked for: both are offered.
  await form.getByRole('option', { name: 'Hillside clinic' }).waitFor({ state: 'attached' });
  await expectNoSeriousAxeViolations(page, 'action item being edited');
  await screenshot(page, 'session-action-item-editing-1280');

  // Spaces only pass the browser's "required" but not the server: its error sits by the field, which gets focus.
  await title.fill('   ');
  expectConsoleErrors(/status of 400/);
  await page.keyboard.press('Enter');
  const error = form.locator('#edit-title-' + first.id + '-error');
  await error.waitFor();
  expect(await error.textContent()).toMatch(/1 to 200 characters/);
  await expectFocused(title);
  expect(await title.getAttribute('aria-invalid')).toBe('true');
  await expectNoSeriousAxeViolations(page, 'action item edit with an error');
  await screenshot(page, 'session-action-item-edit-error-1280');

  // Escape leaves the form, and focus goes back to its Edit button; nothing was saved.
  await page.keyboard.press('Escape');
  await expectFocused(firstItem.getByRole('button', { name: 'Edit', exact: true }));
  expect((await coach.client.get(`/api/learning-sessions/${session.id}/action-items`)).body.items[0].title).toBe('Call five patients');

  // A real change: new words, a later date (after the other item's) and the other team.
  await page.keyboard.press('Enter');
  await title.fill('Call every patient within seven days');
  await form.getByLabel('Team', { exact: true }).selectOption({ label: 'Hillside clinic' });
  await form.getByLabel('Due on').fill(inDays(28));
  await form.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('“Call every patient within seven days” is saved and now belongs to Hillside clinic', { exact: false }).waitFor();
  await expectFocused(firstItem.getByRole('button', { name: 'Edit', exact: true }));
  await firstItem.getByText('For Hillside clinic', { exact: false }).waitFor();
  // The list still reads by due date: the changed item now comes after the other one.
  expect(await page.locator('.items > li h3').allTextContents()).toEqual(['Audit ten charts', 'Call every patient within seven days']);
  const afterEdit = (await coach.client.get(`/api/learning-sessions/${session.id}/action-items`)).body.items;
  expect(afterEdit.find((item: { id: string }) => item.id === first.id)).toMatchObject({ title: 'Call every patient within seven days', teamId: otherTeam.id, dueOn: inDays(28) });

  // Deleting asks first; cancelling keeps the item.
  const secondItem = page.locator(`#action-item-${second.id}`);
  await secondItem.getByRole('button', { name: 'Delete the action item Audit ten charts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete the action item “Audit ten charts”?' });
  await expectFocused(dialog.getByRole('button', { name: 'Cancel' }));
  await expectNoSeriousAxeViolations(page, 'delete action item dialog');
  await screenshot(page, 'session-action-item-delete-dialog-1280');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  expect((await coach.client.get(`/api/learning-sessions/${session.id}/action-items`)).body.items).toHaveLength(2);
  await secondItem.getByRole('button', { name: 'Delete the action item Audit ten charts' }).click();
  await dialog.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByText('“Audit ten charts” was deleted.').waitFor();
  await secondItem.waitFor({ state: 'detached' });
  await expectFocused(page.getByRole('heading', { level: 2, name: 'Action items' }));
  expect((await coach.client.get(`/api/learning-sessions/${session.id}/action-items`)).body.items.map((item: { id: string }) => item.id)).toEqual([first.id]);
  await page.context().close();

  // A member sees the item on the team page but cannot change or delete it.
  await coach.client.patch(`/api/action-items/${first.id}`, { teamId: team.id });
  const memberPage = await openPage(browser, server.url, member, { width: 1280, height: 900 });
  await memberPage.goto(`${server.url}/networks/${network.id}/teams/${team.id}`);
  await memberPage.getByRole('heading', { level: 3, name: 'Call every patient within seven days' }).waitFor();
  await memberPage.getByRole('button', { name: 'Mark done' }).waitFor();
  expect(await memberPage.getByRole('button', { name: /^(Edit|Delete)/ }).count()).toBe(0);
  await memberPage.context().close();
});

it('on a team page, an item a coach gives to another team or deletes leaves the list and focus lands on its heading', async () => {
  const { server, browser } = suite;
  const { coach, network, team, session } = await setUp();
  await coach.client.post(`/api/networks/${network.id}/teams`, { name: 'Hillside clinic' });
  const dueOn = new Date(Date.now() + 14 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const moved = (await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: team.id, title: 'Share the call script', dueOn })).body;
  const deleted = (await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: team.id, title: 'Print the leaflet', dueOn })).body;

  const page = await openPage(browser, server.url, coach, { width: 390, height: 844 });
  await page.goto(`${server.url}/networks/${network.id}/teams/${team.id}`);
  await page.getByRole('heading', { level: 3, name: 'Share the call script' }).waitFor();
  await page.waitForLoadState('networkidle');
  const heading = page.getByRole('heading', { level: 2, name: 'Action items to do' });

  await page.locator(`#action-item-${moved.id}`).getByRole('button', { name: 'Edit', exact: true }).click();
  const form = page.getByRole('form', { name: 'Edit the action item Share the call script' });
  await form.getByRole('option', { name: 'Hillside clinic' }).waitFor({ state: 'attached' });
  await form.getByLabel('Team', { exact: true }).selectOption({ label: 'Hillside clinic' });
  await expectNoSeriousAxeViolations(page, 'team page, action item being edited at 390 px');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('now belongs to Hillside clinic', { exact: false }).waitFor();
  await page.locator(`#action-item-${moved.id}`).waitFor({ state: 'detached' });
  await expectFocused(heading);

  await page.locator(`#action-item-${deleted.id}`).getByRole('button', { name: 'Delete the action item Print the leaflet' }).click();
  await page.getByRole('dialog', { name: 'Delete the action item “Print the leaflet”?' }).getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByText('“Print the leaflet” was deleted.').waitFor();
  await page.getByText('Nothing to do right now.').waitFor();
  await expectFocused(heading);
  await expectNoSeriousAxeViolations(page, 'team page after a delete at 390 px');
  await screenshot(page, 'team-page-after-delete-390');
  expect((await coach.client.get(`/api/networks/${network.id}/teams/${team.id}/action-items`)).body.items).toEqual([]);
  await page.context().close();
});
