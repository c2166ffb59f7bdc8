import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { browserSuite, expectErrorStatus, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';
import { newPackageWithIdea } from '../support/discussions';

/**
 * The Lessons place: a member writes a failure through the guided editor by keyboard alone, in
 * well under two minutes, watches the draft save itself, publishes it, and finds it in the list
 * with its outcome badge. Every page passes axe, at desktop and phone widths.
 */

jest.setTimeout(180_000);

const suite = browserSuite();
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let ada: TestUser; // admin
let mo: TestUser; // member who writes the lesson
let network: { id: string; name: string };

beforeAll(async () => {
  ada = await newUser(suite.server.url, { displayName: 'Ada Admin' });
  mo = await newUser(suite.server.url, { displayName: 'Mo Member' });
  network = await newNetwork(ada, { name: `Lessons ${Date.now()}`, level: 'national' });
  await addMember(ada, network.id, mo, 'member');
  expect((await ada.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
});

it('writes a failure lesson by keyboard, saves the draft on its own, publishes it and lists it with its badge', async () => {
  const page = await openPage(suite.browser, suite.server.url, mo, DESKTOP);
  await page.goto(`${suite.server.url}/networks/${network.id}/lessons`);
  await page.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor();
  await page.getByText('No lessons shared yet.').waitFor();
  await expectNoSeriousAxeViolations(page, 'lessons, empty');
  await screenshot(page, 'lessons-empty-desktop');

  const started = Date.now();
  await page.getByRole('link', { name: 'Write a lesson' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Share a lesson' }).waitFor();

  await page.getByLabel('In one line, what did you try?').focus();
  await page.keyboard.type('Text reminders the day before a review');
  await page.keyboard.press('Tab'); // to the outcomes: the first one, not yet chosen
  await page.keyboard.press('ArrowDown'); // Partly worked
  await page.keyboard.press('ArrowDown'); // Did not work
  expect(await page.getByRole('radio', { name: /Did not work/ }).isChecked()).toBe(true);
  await page.keyboard.press('Tab');
  await page.keyboard.type('General practice');
  await page.keyboard.press('Tab'); // who it was for: optional, left empty
  await page.keyboard.press('Tab');
  await page.keyboard.type('We sent a text message the day before every mental-health review.');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Missed reviews did not change: 22% before, 23% after.');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Half of the numbers on file were out of date. Check the numbers first.');

  // The draft saves itself, and says so calmly.
  await page.getByRole('status').getByText('Draft saved. Only you can see it.').waitFor();

  await page.getByRole('button', { name: 'Add a barrier' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Patients’ phone numbers are held by the regional system, which we cannot update');
  await page.keyboard.press('Tab'); // the barrier's kind: Local is chosen
  await page.keyboard.press('ArrowDown'); // Systemic
  expect(await page.getByRole('radio', { name: /Systemic/ }).isChecked()).toBe(true);
  await page.getByText('Peers will not see your name, only the network’s admins can find out who wrote it').waitFor();
  expect(await page.getByText('Your name will be shown with this lesson').count()).toBe(0);
  await expectNoSeriousAxeViolations(page, 'lesson editor');
  await screenshot(page, 'lesson-editor-desktop');

  await page.getByRole('button', { name: 'Publish the lesson' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Text reminders the day before a review' }).waitFor();
  expect(Date.now() - started).toBeLessThan(120_000);
  await page.locator('.title-row').getByText('Did not work').waitFor();
  await page.getByRole('heading', { name: 'Barriers we met' }).waitFor();
  await page.getByText('Systemic', { exact: true }).waitFor();
  await expectNoSeriousAxeViolations(page, 'lesson page');
  await screenshot(page, 'lesson-page-desktop');

  // In the list, failures are shown like any other lesson, with their badge; the outcome filter narrows to them.
  await page.getByRole('link', { name: '← All lessons' }).click();
  const item = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ hasText: 'Text reminders the day before a review' });
  await item.getByText('Did not work').waitFor();
  // The writer and the time are two things, and read as two (Svelte drops a space that starts a block).
  expect((await item.textContent())!.replace(/\s+/g, ' ')).toMatch(/shared by Mo Member · \w/);
  await page.getByLabel('Outcome').selectOption('did_not_work');
  await page.getByRole('button', { name: 'Show lessons' }).click();
  await page.waitForURL(/outcome=did_not_work/);
  await item.waitFor();
  await page.getByLabel('Outcome').selectOption('worked');
  await page.getByRole('button', { name: 'Show lessons' }).click();
  await page.getByText('No lesson matches these filters.').waitFor();
  await page.goto(`${suite.server.url}/networks/${network.id}/lessons`);
  await item.waitFor();
  await expectNoSeriousAxeViolations(page, 'lessons list');
  await screenshot(page, 'lessons-list-desktop');

  const phone = await openPage(suite.browser, suite.server.url, mo, PHONE);
  await phone.goto(`${suite.server.url}/networks/${network.id}/lessons`);
  await phone.getByText('Text reminders the day before a review').waitFor();
  await expectNoSeriousAxeViolations(phone, 'lessons list, phone');
  await screenshot(phone, 'lessons-list-phone');
  await phone.goto(`${suite.server.url}/networks/${network.id}/lessons/new`);
  await phone.getByRole('heading', { level: 1, name: 'Share a lesson' }).waitFor();
  await expectNoSeriousAxeViolations(phone, 'lesson editor, phone');
  await screenshot(phone, 'lesson-editor-phone');
});

it('keeps a draft to its writer: another member neither lists nor opens it', async () => {
  const draft = await mo.client.post(`/api/networks/${network.id}/lessons`, { title: 'A lesson still being written' });
  expect(draft.status).toBe(201);
  const page = await openPage(suite.browser, suite.server.url, ada, DESKTOP);
  await page.goto(`${suite.server.url}/networks/${network.id}/lessons`);
  await page.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor();
  expect(await page.content()).not.toContain('A lesson still being written');
  const url = `${suite.server.url}/networks/${network.id}/lessons/${draft.body.id}`;
  expectErrorStatus(url, 404);
  const response = await page.goto(url);
  expect(response?.status()).toBe(404);
});

it('links change ideas with a type-to-filter picker by keyboard, files the lesson under a team, and the idea cards count its lessons', async () => {
  const own = await newNetwork(ada, { name: `Ideas ${Date.now()}` });
  const cas = await newUser(suite.server.url, { displayName: 'Cas Coach' });
  await addMember(ada, own.id, mo, 'member');
  await addMember(ada, own.id, cas, 'coach');
  const riverside = (await ada.client.post(`/api/networks/${own.id}/teams`, { name: 'Riverside team' })).body.id;
  const hillside = (await ada.client.post(`/api/networks/${own.id}/teams`, { name: 'Hillside team' })).body.id;
  expect((await ada.client.patch(`/api/networks/${own.id}/members/${mo.id}`, { teamId: riverside })).status).toBe(200);
  const calls = await newPackageWithIdea(suite.server.url, ada, own.id, 'Call within seven days');
  const texts = await newPackageWithIdea(suite.server.url, ada, own.id, 'Text the day before');

  const page = await openPage(suite.browser, suite.server.url, mo, DESKTOP);
  await page.goto(`${suite.server.url}/networks/${own.id}/lessons/new`);
  await page.getByRole('heading', { level: 1, name: 'Share a lesson' }).waitFor();

  // A member is offered their own team (chosen) and "No team", never another team.
  const team = page.getByLabel('Which team is this lesson from?');
  expect(await team.locator('option').allTextContents()).toEqual(['No team', 'Riverside team']);
  expect(await team.inputValue()).toBe(riverside);

  await page.getByLabel('In one line, what did you try?').fill('Phone calls after a missed review');
  await page.getByRole('radio', { name: /Did not work/ }).check();
  await page.getByLabel('Where? (the setting)').fill('General practice');
  await page.getByLabel('What did you do?').fill('The practice nurse phoned within a week.');
  await page.getByLabel('What happened?').fill('Most numbers were out of date.');
  await page.getByLabel('What would you tell a team about to try this?').fill('Check the numbers first.');

  // This network does not let people share without their name: the writer is told so before publishing.
  await page.getByText('Your name will be shown with this lesson: this network’s admins have not turned on sharing without a name.').waitFor();
  expect(await page.getByRole('checkbox', { name: 'Share without my name' }).count()).toBe(0);

  // The picker: type to filter, arrows to move, Enter to link; Escape closes it.
  const picker = page.getByRole('combobox', { name: /Which change ideas did you try/ });
  await picker.focus();
  await page.keyboard.type('call');
  const listbox = page.getByRole('listbox');
  await listbox.waitFor();
  expect(await listbox.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Call within seven days')]);
  expect(await picker.getAttribute('aria-expanded')).toBe('true');
  await expectNoSeriousAxeViolations(page, 'lesson editor, idea picker open');
  await screenshot(page, 'lesson-editor-idea-picker-desktop');
  await page.keyboard.press('Enter');
  const chips = page.getByRole('list', { name: 'Linked change ideas' });
  await chips.getByRole('link', { name: 'Call within seven days' }).waitFor();
  expect(await picker.inputValue()).toBe('');
  await page.keyboard.press('ArrowDown'); // opens the list: the idea already linked is no longer offered
  expect(await listbox.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Text the day before')]);
  await page.keyboard.press('Enter');
  await chips.getByRole('link', { name: 'Text the day before' }).waitFor();
  await page.keyboard.type('zzz');
  await listbox.getByText('No other idea matches “zzz”.').waitFor();
  await page.keyboard.press('Escape');
  expect(await picker.getAttribute('aria-expanded')).toBe('false');

  // A chip is removed with its own button; focus lands on the next one.
  await page.getByRole('button', { name: 'Remove change idea Text the day before' }).focus();
  await page.keyboard.press('Enter');
  await chips.getByRole('link', { name: 'Text the day before' }).waitFor({ state: 'detached' });
  await page.getByRole('status').getByText('Draft saved. Only you can see it.').waitFor();

  // The autosaved draft carries the idea and the team.
  const drafts = (await mo.client.get(`/api/networks/${own.id}/lessons?status=draft`)).body.items;
  expect(drafts).toHaveLength(1);
  expect(drafts[0]).toMatchObject({ teamId: riverside, changeIdeas: [{ packageId: calls.packageId, ideaId: calls.ideaId, title: 'Call within seven days' }] });
  await expectNoSeriousAxeViolations(page, 'lesson editor, ideas linked');
  await screenshot(page, 'lesson-editor-ideas-desktop');

  await page.getByRole('button', { name: 'Publish the lesson' }).click();
  await page.getByRole('heading', { level: 1, name: 'Phone calls after a missed review' }).waitFor();
  const ideaLink = page.getByRole('link', { name: 'Call within seven days' });
  expect(await ideaLink.getAttribute('href')).toBe(`/networks/${own.id}/change-packages/${calls.packageId}?idea=${calls.ideaId}`);

  // A coach may file it under any team of the network.
  const coachPage = await openPage(suite.browser, suite.server.url, cas, DESKTOP);
  await coachPage.goto(`${suite.server.url}/networks/${own.id}/lessons/${drafts[0].id}/edit`);
  await coachPage.getByRole('heading', { level: 1, name: 'Edit the lesson' }).waitFor();
  const coachTeam = coachPage.getByLabel('Which team is this lesson from?');
  expect(await coachTeam.locator('option').allTextContents()).toEqual(['No team', 'Hillside team', 'Riverside team']);
  await coachTeam.selectOption({ label: 'Hillside team' });
  await coachPage.getByRole('button', { name: 'Save changes' }).click();
  await coachPage.getByRole('heading', { level: 1, name: 'Phone calls after a missed review' }).waitFor();
  await coachPage.getByText('Shared by Mo Member (Hillside team) on ').waitFor();
  expect((await cas.client.get(`/api/lessons/${drafts[0].id}`)).body).toMatchObject({ teamId: hillside, teamName: 'Hillside team' });

  // The change package's idea card counts the lesson, and says how many did not work.
  await ideaLink.click();
  await page.waitForURL(new RegExp(`change-packages/${calls.packageId}`));
  const count = page.locator(`[data-lesson-count-for="${calls.ideaId}"]`);
  await count.waitFor();
  // Seen: "1 lesson · 1 did not work"; heard (the dot hidden, a few words instead): "1 lesson, of which 1 did not work".
  const heard = await count.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    return copy.textContent!.replace(/\s+/g, ' ').trim();
  });
  expect(heard).toBe('1 lesson, of which 1 did not work');
  expect((await count.locator(':not(.visually-hidden)').allTextContents()).join('').replace(/\s+/g, ' ').trim()).toBe('·');
  expect(await page.locator(`[data-lesson-count-for="${texts.ideaId}"]`).count()).toBe(0);
  await expectNoSeriousAxeViolations(page, 'change package with lesson counts');
  await screenshot(page, 'change-package-lesson-counts-desktop');

  const phone = await openPage(suite.browser, suite.server.url, mo, PHONE);
  await phone.goto(`${suite.server.url}/networks/${own.id}/lessons/new`);
  await phone.getByRole('heading', { level: 1, name: 'Share a lesson' }).waitFor();
  // The page is rendered on the server first: typing before it has hydrated opens nothing, so type until it does.
  const phonePicker = phone.getByRole('combobox', { name: /Which change ideas did you try/ });
  for (let attempt = 0; attempt < 40 && !(await phone.getByRole('listbox').isVisible()); attempt++) {
    await phonePicker.fill('');
    await phonePicker.pressSequentially('t');
    await phone.waitForTimeout(250);
  }
  await phone.getByRole('listbox').waitFor();
  await expectNoSeriousAxeViolations(phone, 'lesson editor, idea picker, phone');
  await screenshot(phone, 'lesson-editor-idea-picker-phone');
  await phone.goto(`${suite.server.url}/networks/${own.id}/change-packages/${calls.packageId}`);
  await phone.locator(`[data-lesson-count-for="${calls.ideaId}"]`).waitFor();
  await screenshot(phone, 'change-package-lesson-counts-phone');
});
