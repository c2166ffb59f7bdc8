import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { browserSuite, expectErrorStatus, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

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
  await expectNoSeriousAxeViolations(page, 'lesson editor');
  await screenshot(page, 'lesson-editor-desktop');

  await page.getByRole('button', { name: 'Publish the lesson' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Text reminders the day before a review' }).waitFor();
  expect(Date.now() - started).toBeLessThan(120_000);
  await page.getByText('Outcome: Did not work').waitFor();
  await page.getByRole('heading', { name: 'Barriers we met' }).waitFor();
  await page.getByText('Systemic', { exact: true }).waitFor();
  await expectNoSeriousAxeViolations(page, 'lesson page');
  await screenshot(page, 'lesson-page-desktop');

  // In the list, failures are shown like any other lesson, with their badge; the outcome filter narrows to them.
  await page.getByRole('link', { name: '← All lessons' }).click();
  const item = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ hasText: 'Text reminders the day before a review' });
  await item.getByText('Did not work').waitFor();
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
