import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { expectConsoleErrors, failOnPageErrors, launchChromium, openPage, screenshot, waitForSaved } from '../support/browser';
import { ROOT, freePort, startServer, type RunningServer } from '../support/server';

/**
 * The live change-package editor in Chromium: two members of one network open the same package;
 * one adds and renames a primary driver, the other sees it and hangs a change idea under it, the
 * first sees that, one types the idea's description and the other sees the words arrive, and both
 * reach "Saved". Screenshots are kept in test-artifacts/ (editor-*).
 */

jest.setTimeout(180_000);

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer({ WEB_BUILD_DIR: join(ROOT, 'web/build') });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});
failOnPageErrors();

async function pageFor(user: TestUser, viewport: { width: number; height: number }): Promise<Page> {
  const page = await openPage(browser, server.url, user, viewport);
  contexts.push(page.context());
  return page;
}

it('two people edit one change package live: drivers, ideas and the description', async () => {
  const ada = await newUser(server.url, { displayName: 'Ada Lovelace' });
  const ben = await newUser(server.url, { displayName: 'Ben Okoro' });
  const network = await newNetwork(ada, { name: `Follow-up collaborative ${Date.now()}` });
  await addMember(ada, network.id, ben, 'member');
  const created = await ada.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Follow-up after diagnosis' });
  expect(created.status).toBe(201);
  const packageId: string = created.body.id;
  const editorPath = `/networks/${network.id}/change-packages/${packageId}`;

  // Both open the package; each sees the other among the people here.
  const a = await pageFor(ada, { width: 1280, height: 900 });
  const b = await pageFor(ben, { width: 1280, height: 900 });
  await a.goto(server.url + editorPath);
  await b.goto(server.url + editorPath);
  for (const page of [a, b]) {
    await page.getByRole('heading', { level: 1, name: 'Follow-up after diagnosis' }).waitFor();
    await page.getByRole('heading', { name: 'Driver diagram' }).waitFor();
    await waitForSaved(page);
  }
  await a.getByRole('list', { name: 'People here now' }).getByText('Ben Okoro').waitFor({ state: 'attached' });
  await b.getByRole('list', { name: 'People here now' }).getByText('Ada Lovelace').waitFor({ state: 'attached' });
  await screenshot(a, 'editor-01-empty');

  // Ada adds a primary driver (its title opens ready to type), then renames it from the card's menu.
  await a.getByRole('button', { name: 'Add primary driver' }).click();
  const newTitle = a.getByRole('textbox', { name: 'Title of primary driver' });
  await newTitle.fill('Follow-up');
  await newTitle.press('Enter');
  await a.getByRole('button', { name: 'Actions for primary driver Follow-up' }).click();
  await a.getByRole('menuitem', { name: 'Rename' }).click();
  const rename = a.getByRole('textbox', { name: 'Title of primary driver' });
  await rename.fill('Reliable follow-up');
  await rename.press('Enter');
  await a.getByRole('button', { name: 'Actions for primary driver Reliable follow-up' }).waitFor();

  // Ben sees it appear and hangs a change idea under it.
  await b.getByRole('button', { name: 'Actions for primary driver Reliable follow-up' }).click();
  await b.getByRole('menuitem', { name: 'Add a change idea' }).click();
  const ideaTitle = b.getByRole('textbox', { name: 'Title of change idea' });
  await ideaTitle.fill('Text reminders');
  await ideaTitle.press('Enter');
  // The tree says which driver the idea hangs under, to screen readers too.
  await b
    .getByRole('list', { name: 'Change ideas under Reliable follow-up' })
    .getByRole('button', { name: 'Open change idea Text reminders' })
    .waitFor();

  // Ada sees the idea, opens it beside the diagram and writes its description.
  await a.getByRole('button', { name: 'Open change idea Text reminders' }).click();
  await a.getByRole('heading', { name: 'Change idea Text reminders' }).waitFor();
  const adaDescription = a.getByRole('textbox', { name: 'Description of Text reminders' });
  await adaDescription.click();
  await a.keyboard.type('Send a text two days before each follow-up call.');
  // The diagram stays in view beside the open idea.
  expect(await a.getByRole('button', { name: 'Open change idea Text reminders' }).isVisible()).toBe(true);
  const cardBox = await a.getByRole('button', { name: 'Open change idea Text reminders' }).boundingBox();
  const panelBox = await a.getByRole('complementary', { name: 'Change idea Text reminders' }).boundingBox();
  expect(cardBox!.x + cardBox!.width).toBeLessThanOrEqual(panelBox!.x);
  expect(cardBox!.y).toBeGreaterThanOrEqual(0);
  expect(cardBox!.y + cardBox!.height).toBeLessThanOrEqual(900);

  // Ben opens the idea and the words are there.
  await b.getByRole('button', { name: 'Open change idea Text reminders' }).click();
  const benDescription = b.getByRole('textbox', { name: 'Description of Text reminders' });
  await benDescription.getByText('Send a text two days before each follow-up call.').waitFor();
  // Ben's caret shows in Ada's editor, with his name.
  await benDescription.click();
  await a.locator('.collaboration-carets__label', { hasText: 'Ben Okoro' }).waitFor({ state: 'attached' });

  // Both reach "Saved", and the server's projection holds what they made.
  await waitForSaved(a);
  await waitForSaved(b);
  await screenshot(a, 'editor-02-ada');
  await screenshot(b, 'editor-03-ben');

  let content: any = null;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const response = await ada.client.get(`/api/change-packages/${packageId}`);
    content = response.body.content;
    if (content.ideas[0]?.descriptionText?.includes('two days before')) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(content.drivers.map((d: any) => d.title)).toEqual(['Reliable follow-up']);
  expect(content.ideas).toHaveLength(1);
  expect(content.ideas[0]).toMatchObject({ title: 'Text reminders', driverIds: [content.drivers[0].id] });
  expect(content.ideas[0].descriptionText).toContain('Send a text two days before each follow-up call.');

  // On a phone the tree becomes an indented outline: nothing scrolls sideways.
  await b.setViewportSize({ width: 390, height: 844 });
  await b.getByRole('heading', { name: 'Driver diagram' }).waitFor();
  const pageWidth = await b.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(390);
  await screenshot(b, 'editor-04-mobile');
  // Closing the idea (Escape) puts focus back on the card it was opened from.
  await b.getByRole('heading', { name: 'Change idea Text reminders' }).focus();
  await b.keyboard.press('Escape');
  await b.getByRole('complementary', { name: 'Change idea Text reminders' }).waitFor({ state: 'detached' });
  expect(await b.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Open change idea Text reminders');
  await screenshot(b, 'editor-05-mobile-closed');
});

it('edits made while the server is away are kept, shown as not yet sent, and arrive when it is back', async () => {
  // A server of its own, restarted on the same port, database and session secret mid-test.
  const env = { WEB_BUILD_DIR: join(ROOT, 'web/build'), PORT: String(await freePort()), SESSION_SECRET: 'offline-test-'.padEnd(40, 'x') };
  let own = await startServer(env);
  try {
    const ada = await newUser(own.url, { displayName: 'Ada Lovelace' });
    const network = await newNetwork(ada);
    const created = await ada.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Offline test' });
    const page = await openPage(browser, own.url, ada, { width: 1280, height: 900 });
    contexts.push(page.context());
    await page.goto(`${own.url}/networks/${network.id}/change-packages/${created.body.id}`);
    await waitForSaved(page);

    // The browser says, as console errors, that it cannot reach the stopped server: that is this test.
    expectConsoleErrors(/WebSocket connection to .* failed|Failed to load resource|ERR_CONNECTION_REFUSED/);
    await own.stop();
    await page.locator('.save-state', { hasText: /Offline/ }).waitFor({ timeout: 20_000 });
    await page.getByLabel('What', { exact: true }).fill('Written while the server was away');
    await screenshot(page, 'editor-06-offline');

    own = await startServer({ ...env, DATABASE_URL: own.databaseUrl });
    await waitForSaved(page);
    const content = (await ada.client.get(`/api/change-packages/${created.body.id}`)).body.content;
    expect(content.aim.what).toBe('Written while the server was away');
  } finally {
    await own.stop();
  }
});
