import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { ChangePackageWriter, readSnapshot } from '../../server/src/shared/change-package.document';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { ARTIFACTS, expectNoSeriousAxeViolations, failOnPageErrors, launchChromium, openContext, screenshot, waitForSaved } from '../support/browser';
import { connectProvider, destroyProvider, eventually, synced, whenServerHas } from '../support/collab';
import { ROOT, startServer, type RunningServer } from '../support/server';

/**
 * The change-package editor's quality in Chromium: it never shows an empty package before the
 * server's content arrives; its save indicator stays calm; presence shows each person once, by
 * name, as text; the driver diagram reads as a tree with one keyboard menu per card; the first
 * load stays small (the rich-text editor loads when an idea is opened); axe finds no serious
 * problems. Screenshots are kept in test-artifacts/ (editor-quality-*).
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

async function contextFor(user: TestUser, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await openContext(browser, server.url, user, viewport);
  contexts.push(context);
  return context;
}

const pageIn = (context: BrowserContext): Promise<Page> => context.newPage();
failOnPageErrors();

interface Seeded {
  id: string;
  path: string;
}

/**
 * A package with a full tree, written through the shared schema by a stock y-websocket client:
 * two primaries with secondaries, ideas under secondaries and straight under a primary, an idea
 * under two drivers, a secondary whose primary was deleted, and an idea under no driver.
 */
async function seededPackage(owner: TestUser, networkId: string, title = 'Depression care in primary care'): Promise<Seeded> {
  const created = await owner.client.post(`/api/networks/${networkId}/change-packages`, { title });
  expect(created.status).toBe(201);
  const provider = connectProvider(server.url, owner, created.body.documentName, new Y.Doc(), { ack: true });
  try {
    await synced(provider);
    const writer = new ChangePackageWriter(provider.doc);
    writer.setAim('what', 'Adults with depression get better: at least a 50% drop in their PHQ-9 score');
    writer.setAim('howMuch', 'From 1 in 5 to 1 in 2');
    writer.setAim('byWhen', 'Within 24 months');
    const registry = writer.addDriver('Every patient with depression is known and tracked', null);
    const followUp = writer.addDriver('Depression is found early and followed up reliably', null);
    const gone = writer.addDriver('A primary someone deleted', null);
    const list = writer.addDriver('A registry reviewed every week', registry);
    const data = writer.addDriver('Record data that can be trusted', registry);
    const contact = writer.addDriver('Proactive contact after a positive screen', followUp);
    writer.addDriver('Orphaned while a colleague deleted its primary', gone);
    writer.drivers.delete(gone);
    writer.addIdea('Weekly registry huddle', list);
    const shared = writer.addIdea('Care manager reviews the registry', list);
    writer.toggleLink(shared, 'driverIds', contact, true);
    writer.addIdea('Pull PHQ-9 scores from the record', data);
    writer.addIdea('Call every patient within 7 days', contact);
    writer.addIdea('Screen at every annual review', followUp);
    writer.addIdea('Peer support groups', null);
    writer.addMeasure('PHQ-9 follow-up within 8 weeks', 'process');
    await provider.whenSaved();
  } finally {
    destroyProvider(provider);
  }
  return { id: created.body.id, path: `/networks/${networkId}/change-packages/${created.body.id}` };
}

/** Ada, her network, a seeded package in it, and her page on the package once it is "Saved". */
async function adaOnSeededPackage() {
  const ada = await newUser(server.url, { displayName: 'Ada Lovelace' });
  const network = await newNetwork(ada);
  const seeded = await seededPackage(ada, network.id);
  const page = await pageIn(await contextFor(ada));
  await page.goto(server.url + seeded.path);
  await waitForSaved(page);
  return { ada, network, seeded, page };
}

it('shows the content loading, never an empty editable package, until content arrives, and “Saved” only once the server’s has', async () => {
  const ada = await newUser(server.url, { displayName: 'Ada Lovelace' });
  const network = await newNetwork(ada);
  const seeded = await seededPackage(ada, network.id);
  const page = await pageIn(await contextFor(ada));

  // The server's messages to each new connection are held back until the test opens the gate.
  const newGate = () => {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    let onConnected: () => void = () => undefined;
    const connected = new Promise<void>((resolve) => (onConnected = resolve));
    return { open, opened, connected, onConnected };
  };
  let gate = newGate();
  await page.routeWebSocket(/\/collab\//, (socket) => {
    const { opened, onConnected } = gate;
    const toServer = socket.connectToServer();
    toServer.onMessage((message) => void opened.then(() => socket.send(message)));
    onConnected();
  });

  await page.goto(server.url + seeded.path);
  await gate.connected;
  const content = page.locator('.content');
  await content.getByText('Loading the change package…').waitFor();
  expect(await content.getAttribute('aria-busy')).toBe('true');
  expect(await page.getByRole('textbox', { name: 'What' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Add primary driver' }).count()).toBe(0);
  expect((await page.locator('.save-state').textContent())?.trim()).toBe('Connecting…');
  await screenshot(page, 'editor-quality-01-loading');

  gate.open();
  await expect(page.getByRole('textbox', { name: 'What' }).inputValue()).resolves.toContain('50% drop');
  await waitForSaved(page);
  expect(await content.getAttribute('aria-busy')).toBe('false');

  // Back later: the copy this browser kept shows at once, but it is not "Saved" before the server answers.
  gate = newGate();
  await page.reload();
  await gate.connected;
  await expect(page.getByRole('textbox', { name: 'What' }).inputValue()).resolves.toContain('50% drop');
  expect((await page.locator('.save-state').textContent())?.trim()).toBe('Connecting…');
  gate.open();
  await waitForSaved(page);
});

it('keeps the save indicator calm while someone types: it changes at most about once a second', async () => {
  const { ada, seeded, page } = await adaOnSeededPackage();

  await page.evaluate(() => {
    const indicator = document.querySelector('.save-state')!;
    const changes: { at: number; text: string }[] = [];
    (window as unknown as { saveLabelChanges: typeof changes }).saveLabelChanges = changes;
    new MutationObserver(() => changes.push({ at: performance.now(), text: indicator.textContent!.trim() })).observe(indicator, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  const typed = 'From one in five adults today to one in two within two years of joining';
  const started = Date.now();
  await page.getByRole('textbox', { name: 'How much' }).fill('');
  await page.getByRole('textbox', { name: 'How much' }).pressSequentially(typed, { delay: 30 });
  const typingMs = Date.now() - started;
  await waitForSaved(page);
  await whenServerHas(server.url, ada, `change-package:${seeded.id}`, (snapshot) => snapshot.aim.howMuch === typed);

  const changes = await page.evaluate(() => (window as unknown as { saveLabelChanges: { at: number; text: string }[] }).saveLabelChanges);
  console.log(`save indicator: ${changes.length} change(s) while typing ${typed.length} characters over ${typingMs} ms`);
  expect(changes.length).toBeLessThanOrEqual(Math.ceil(typingMs / 1000) + 1);
  for (let index = 1; index < changes.length; index += 1) expect(changes[index].at - changes[index - 1].at).toBeGreaterThanOrEqual(900);
  // And what was typed was saved.
  const saved = (await ada.client.get(`/api/change-packages/${seeded.id}`)).body.content.aim.howMuch;
  expect(saved).toBe(typed);
});

it('keeps the caret where it belongs when someone else’s words arrive before it', async () => {
  const { ada, network, seeded, page } = await adaOnSeededPackage();
  const ben = await newUser(server.url, { displayName: 'Ben Okoro' });
  await addMember(ada, network.id, ben, 'member');

  // Ada is typing at the end of "For whom"; her caret sits after "adults".
  const forWhom = page.getByRole('textbox', { name: 'For whom' });
  await forWhom.click();
  await forWhom.pressSequentially('adults');
  await waitForSaved(page);
  // Ben (a stock client) types before her caret, then after it.
  const benClient = connectProvider(server.url, ben, `change-package:${seeded.id}`, new Y.Doc(), { ack: true });
  try {
    await synced(benClient);
    // Her word has reached the server (it relays only what it has saved) before Ben adds his.
    await eventually(benClient.doc, () => readSnapshot(benClient.doc).aim.forWhom === 'adults');
    const benWriter = new ChangePackageWriter(benClient.doc);
    benWriter.setAim('forWhom', 'All adults');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#aim-forWhom')?.value === 'All adults');
    await expect(forWhom.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).resolves.toEqual([10, 10]);
    // She carries on typing where she was, and both people's words are kept. (The server relays
    // an edit only once it is saved, so Ben's copy having all of it means the server has.)
    await forWhom.pressSequentially(' in the valley');
    await eventually(benClient.doc, () => readSnapshot(benClient.doc).aim.forWhom === 'All adults in the valley');
    await benClient.whenSaved();
  } finally {
    destroyProvider(benClient);
  }
  const saved = (await ada.client.get(`/api/change-packages/${seeded.id}`)).body.content.aim.forWhom;
  expect(saved).toBe('All adults in the valley');
});

it('shows one person in two tabs once, by name, and a name with HTML in it as text (the caret label too)', async () => {
  const name = 'Zoë <img src=x onerror="window.hacked=1"> Ng';
  const zoe = await newUser(server.url, { displayName: name });
  const ben = await newUser(server.url, { displayName: 'Ben Okoro' });
  const network = await newNetwork(zoe);
  await addMember(zoe, network.id, ben, 'member');
  const seeded = await seededPackage(zoe, network.id);

  const zoeContext = await contextFor(zoe);
  const [zoeFirst, zoeSecond] = [await pageIn(zoeContext), await pageIn(zoeContext)];
  const benPage = await pageIn(await contextFor(ben));
  for (const page of [zoeFirst, zoeSecond, benPage]) await page.goto(server.url + seeded.path);
  for (const page of [zoeFirst, zoeSecond, benPage]) await waitForSaved(page);

  const people = benPage.getByRole('list', { name: 'People here now' });
  await people.getByText('Zoë <img', { exact: false }).waitFor();
  await expect(people.locator('.person-name').allTextContents()).resolves.toEqual(['Ben Okoro (you)', name]);
  expect(await people.locator('img').count()).toBe(0);

  // Zoë writes in an idea's description; Ben sees her caret labelled with her name, as text.
  for (const page of [zoeFirst, benPage]) await page.getByRole('button', { name: 'Open change idea Weekly registry huddle' }).click();
  await zoeFirst.getByRole('textbox', { name: 'Description of Weekly registry huddle' }).click();
  await zoeFirst.keyboard.type('Every Monday.');
  const label = benPage.locator('.collaboration-carets__label');
  await label.waitFor({ state: 'attached' });
  expect(await label.textContent()).toBe(name);
  expect(await label.locator('img').count()).toBe(0);
  expect(await benPage.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
  await screenshot(benPage, 'editor-quality-02-presence');
});

it('draws the driver diagram as a tree, each card with one keyboard menu, beside its parent when wide and indented when narrow', async () => {
  const { page } = await adaOnSeededPackage();

  // The structure, as a screen reader meets it: lists inside lists, each named after its driver.
  const top = page.getByRole('list', { name: 'Drivers of the aim' });
  await expect(top.locator(':scope > li').count()).resolves.toBe(3);
  const underRegistry = page.getByRole('list', { name: 'Under Every patient with depression is known and tracked' });
  await expect(underRegistry.getByText('A registry reviewed every week').count()).resolves.toBe(1);
  const ideasUnderList = page.getByRole('list', { name: 'Change ideas under A registry reviewed every week' });
  await expect(ideasUnderList.getByRole('button', { name: /^Open change idea/ }).allTextContents()).resolves.toEqual([
    'Weekly registry huddle',
    'Care manager reviews the registry',
  ]);
  await page.getByRole('list', { name: 'Change ideas under Depression is found early and followed up reliably' }).getByText('Screen at every annual review').waitFor();
  await page.getByText('Its primary driver was deleted.').waitFor();
  await page.getByText('Also under “A registry reviewed every week”').waitFor();
  await page.getByRole('list', { name: 'Change ideas not under a driver yet' }).getByText('Peer support groups').waitFor();

  // Wide: children sit to the right of their parent, level with it or below, and no two cards overlap.
  const geometry = () =>
    page.evaluate(() => {
      const box = (element: Element) => {
        const rect = element.getBoundingClientRect();
        return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
      };
      const cards = [...document.querySelectorAll('.diagram .card')].map(box);
      const pairs: { parent: ReturnType<typeof box>; child: ReturnType<typeof box> }[] = [];
      for (const branch of document.querySelectorAll('.diagram .branch:not(.direct)')) {
        const parent = branch.querySelector(':scope > .card')!;
        for (const child of branch.querySelectorAll(':scope > .level > li > .card, :scope > .level > li.direct > .level > li > .card')) {
          pairs.push({ parent: box(parent), child: box(child) });
        }
      }
      return { cards, pairs, scrollWidth: document.documentElement.scrollWidth };
    });
  const overlaps = (cards: { left: number; right: number; top: number; bottom: number }[]) =>
    cards.some((a, i) => cards.some((b, j) => i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
  const wide = await geometry();
  expect(wide.pairs.length).toBeGreaterThanOrEqual(8);
  for (const { parent, child } of wide.pairs) {
    expect(child.left).toBeGreaterThan(parent.right);
    expect(child.top).toBeGreaterThanOrEqual(parent.top - 1);
  }
  expect(overlaps(wide.cards)).toBe(false);
  await screenshot(page, 'editor-quality-03-tree-wide');
  await page.locator('.diagram').screenshot({ path: join(ARTIFACTS, 'editor-quality-03-diagram-wide.png') });

  // One menu per card, by keyboard: Enter opens it on its first action, arrows move, Escape closes and gives focus back.
  const menuButton = page.getByRole('button', { name: 'Actions for primary driver Every patient with depression is known and tracked' });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for primary driver Every patient with depression is known and tracked' });
  await menu.waitFor();
  const focusedName = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  await expect(focusedName()).resolves.toBe('Rename');
  await page.keyboard.press('ArrowDown');
  await expect(focusedName()).resolves.toBe('Add a secondary driver');
  await screenshot(page, 'editor-quality-04-menu');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
    'Actions for primary driver Every patient with depression is known and tracked',
  );
  // "Move down" by keyboard reorders the primaries and leaves focus on the same card's menu button.
  await page.keyboard.press('ArrowDown');
  await menu.waitFor();
  await page.keyboard.press('m'); // first action starting with "m": Move up (disabled), then Move down
  await page.keyboard.press('m');
  await expect(focusedName()).resolves.toBe('Move down');
  await page.keyboard.press('Enter');
  await expect(top.locator(':scope > li > .card > .title').allTextContents()).resolves.toEqual([
    'Depression is found early and followed up reliably',
    'Every patient with depression is known and tracked',
    'Orphaned while a colleague deleted its primary',
  ]);
  await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
    'Actions for primary driver Every patient with depression is known and tracked',
  );

  // Deleting from the menu: focus moves to the diagram's heading, and the deletion can be undone.
  await page.getByRole('button', { name: 'Actions for secondary driver Orphaned while a colleague deleted its primary' }).focus();
  await page.keyboard.press('ArrowUp'); // opens the menu on its last action
  await expect(focusedName()).resolves.toBe('Delete');
  await page.keyboard.press('Enter');
  await page.getByText('Deleted “Orphaned while a colleague deleted its primary”.').waitFor();
  await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Driver diagram');
  await page.getByRole('button', { name: 'Undo', exact: true }).last().click();
  await page.getByText('Orphaned while a colleague deleted its primary').waitFor();

  // Narrow: an indented outline, children below and to the right of their parent; nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('heading', { name: 'Driver diagram' }).scrollIntoViewIfNeeded();
  const narrow = await geometry();
  expect(narrow.scrollWidth).toBeLessThanOrEqual(390);
  for (const { parent, child } of narrow.pairs) {
    expect(child.left).toBeGreaterThan(parent.left);
    expect(child.top).toBeGreaterThan(parent.bottom - 1);
  }
  expect(overlaps(narrow.cards)).toBe(false);
  await screenshot(page, 'editor-quality-05-tree-narrow');
  await page.locator('.diagram').screenshot({ path: join(ARTIFACTS, 'editor-quality-05-diagram-narrow.png') });
});

it('adds, edits and removes an idea’s evidence in its panel, keeping focus where the person is', async () => {
  const { ada, seeded, page } = await adaOnSeededPackage();
  await page.getByRole('button', { name: 'Open change idea Weekly registry huddle' }).click();
  const panel = page.getByRole('complementary', { name: 'Change idea Weekly registry huddle' });
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '');
  const evidence = async () => (await ada.client.get(`/api/change-packages/${seeded.id}`)).body.content.ideas.find((i: { title: string }) => i.title === 'Weekly registry huddle').evidence;

  // Only web and mail addresses are taken.
  await panel.locator('#evidence-url').fill('javascript:alert(1)');
  await panel.getByRole('button', { name: 'Add evidence' }).click();
  await panel.getByText('This is not a web address. Enter one such as example.org/report.').waitFor();
  await panel.locator('#evidence-label').fill('Registry guide');
  await panel.locator('#evidence-url').fill('https://example.org/guide');
  await panel.getByRole('button', { name: 'Add evidence' }).click();
  await panel.getByRole('link', { name: 'Registry guide' }).waitFor();

  // Edit: focus goes into the form, and back to the item's Edit button after saving or Escape.
  await panel.getByRole('button', { name: 'Edit evidence Registry guide' }).click();
  await expect(focusedName()).resolves.toBe('evidence-edit-label');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Registry how-to');
  await page.keyboard.press('Enter');
  await panel.getByRole('link', { name: 'Registry how-to' }).waitFor();
  await expect(focusedName()).resolves.toBe('Edit evidence Registry how-to');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(focusedName()).resolves.toBe('Edit evidence Registry how-to');
  expect(await panel.isVisible()).toBe(true);
  await whenServerHas(server.url, ada, `change-package:${seeded.id}`, (snapshot) => snapshot.ideas.some((i) => i.evidence[0]?.label === 'Registry how-to'));
  await expect(evidence()).resolves.toEqual([{ label: 'Registry how-to', url: 'https://example.org/guide' }]);

  await panel.getByRole('button', { name: 'Remove evidence Registry how-to' }).click();
  await panel.getByText('No evidence linked yet.').waitFor();
  await whenServerHas(server.url, ada, `change-package:${seeded.id}`, (snapshot) => snapshot.ideas.every((i) => i.evidence.length === 0));
  await expect(evidence()).resolves.toEqual([]);
});

// 128 KB: the editor itself stays near 110 KB; every signed-in page also loads socket.io-client
// (about 13 KB) for the header's live notifications.
it('loads at most 128 KB of compressed JavaScript before an idea is opened; the rich-text editor comes when one is', async () => {
  const ada = await newUser(server.url, { displayName: 'Ada Lovelace' });
  const network = await newNetwork(ada);
  const seeded = await seededPackage(ada, network.id);
  const page = await pageIn(await contextFor(ada));
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (/javascript/.test(type) || response.url().endsWith('.js')) scripts.set(response.url(), response.body().then((body) => gzipSync(body).length));
  });
  await page.goto(server.url + seeded.path, { waitUntil: 'networkidle' });
  await waitForSaved(page);
  const firstLoad = (await Promise.all(scripts.values())).reduce((sum, size) => sum + size, 0);
  console.log(`editor page first load: ${(firstLoad / 1024).toFixed(1)} KB of JavaScript (gzip) in ${scripts.size} files`);
  expect(firstLoad).toBeLessThanOrEqual(128 * 1024);
  expect(await page.locator('.ProseMirror').count()).toBe(0);

  const before = new Set(scripts.keys());
  await page.getByRole('button', { name: 'Open change idea Weekly registry huddle' }).click();
  await page.getByRole('textbox', { name: 'Description of Weekly registry huddle' }).waitFor();
  const later = [...scripts].filter(([url]) => !before.has(url));
  const lazy = (await Promise.all(later.map(([, size]) => size))).reduce((sum, size) => sum + size, 0);
  console.log(`opening an idea then loads ${(lazy / 1024).toFixed(1)} KB (gzip) in ${later.length} files`);
  expect(later.length).toBeGreaterThan(0);
});

it('has no serious or critical axe violations, wide and narrow, with an idea and a menu open, and for a reader', async () => {
  const { seeded, page } = await adaOnSeededPackage();
  // The seeded edits give "Who changed what" its scrolling list.
  await page.locator('.changes-scroll').waitFor();
  await expectNoSeriousAxeViolations(page, 'editor, 1280 px');

  await page.getByRole('button', { name: 'Open change idea Weekly registry huddle' }).click();
  await page.getByRole('textbox', { name: 'Description of Weekly registry huddle' }).waitFor();
  await page.getByRole('button', { name: 'Actions for change idea Weekly registry huddle' }).click();
  await page.getByRole('menu').waitFor();
  await expectNoSeriousAxeViolations(page, 'editor with an idea and a menu open, 1280 px');
  await screenshot(page, 'editor-quality-06-idea-open');

  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Close change idea' }).click();
  // Opened on a phone, the panel covers the lower part of the screen and the idea's card shows above it.
  const card = page.getByRole('button', { name: 'Open change idea Weekly registry huddle' });
  await card.click();
  await page.getByRole('textbox', { name: 'Description of Weekly registry huddle' }).waitFor();
  const [cardBox, panelBox] = [await card.boundingBox(), await page.getByRole('complementary', { name: 'Change idea Weekly registry huddle' }).boundingBox()];
  expect(cardBox!.y).toBeGreaterThanOrEqual(0);
  expect(cardBox!.y + cardBox!.height).toBeLessThanOrEqual(panelBox!.y);
  await expectNoSeriousAxeViolations(page, 'editor with an idea open, 390 px');
  await page.screenshot({ path: join(ARTIFACTS, 'editor-quality-07-idea-open-narrow.png') });

  // Someone who may read (a signed-in visitor of this public network) but not edit.
  const reader = await newUser(server.url, { displayName: 'Rita Reader' });
  const readerPage = await pageIn(await contextFor(reader));
  await readerPage.goto(server.url + seeded.path);
  await readerPage.getByText('You can read this change package; join the network to edit it.').waitFor();
  await readerPage.getByRole('button', { name: 'Open change idea Weekly registry huddle' }).click();
  await readerPage.getByRole('textbox', { name: 'Description of Weekly registry huddle' }).waitFor();
  expect(await readerPage.getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
  expect(await readerPage.getByRole('textbox', { name: 'What' }).count()).toBe(0);
  await expectNoSeriousAxeViolations(readerPage, 'editor read-only with an idea open, 1280 px');
  await screenshot(readerPage, 'editor-quality-08-reader');

  // The "Who changed what" list scrolls on its own and can be reached with the keyboard.
  const changes = page.getByRole('region', { name: 'Who changed what' });
  expect(await changes.getAttribute('tabindex')).toBe('0');
});
