import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { ChangePackageWriter, readSnapshot, type ChangePackageSnapshot } from '../../server/src/shared/change-package.document';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import {
  ARTIFACTS,
  expectConsoleErrors,
  expectNoSeriousAxeViolations,
  failOnPageErrors,
  launchChromium,
  openContext,
  screenshot,
  waitForSaved,
} from '../support/browser';
import { connectProvider, destroyProvider, eventually, synced, whenServerHas, type SavingProvider } from '../support/collab';
import { ROOT, startServer, type RunningServer } from '../support/server';

/**
 * What a new-user review of the change-package editor found, each in Chromium: two people
 * renaming the same card (or the package, or an evidence item) both keep their words; everyone
 * is told when a version is restored under them; focus follows a card moved under another
 * driver; the open idea is in the address (Back closes it, a link opens it); going offline shows
 * within seconds; adapting asks where to and who will see it, then confirms; addresses typed
 * without https:// are taken; boxes grow to show all their text; the editor has the page's
 * width. Screenshots are kept in test-artifacts/ (editor-review-*).
 */

jest.setTimeout(180_000);

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const providers: SavingProvider[] = [];

beforeAll(async () => {
  server = await startServer({ WEB_BUILD_DIR: join(ROOT, 'web/build') });
  browser = await launchChromium();
});
afterEach(() => {
  for (const provider of providers.splice(0)) destroyProvider(provider);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});
failOnPageErrors();

const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

async function pageFor(user: TestUser, viewport = WIDE): Promise<Page> {
  const context = await openContext(browser, server.url, user, viewport);
  contexts.push(context);
  return context.newPage();
}

/** A stock y-websocket client for `user` on a package's document, synced. */
async function stockClient(user: TestUser, documentName: string): Promise<{ provider: SavingProvider; writer: ChangePackageWriter }> {
  const provider = connectProvider(server.url, user, documentName, new Y.Doc(), { ack: true });
  providers.push(provider);
  await synced(provider);
  return { provider, writer: new ChangePackageWriter(provider.doc) };
}

interface Team {
  nadia: TestUser;
  sam: TestUser;
  network: { id: string; name: string };
  packageId: string;
  documentName: string;
  path: string;
  ids: Record<'found' | 'treated' | 'screening' | 'contact' | 'registry' | 'call', string>;
}

/**
 * Nadia (admin) and Sam (member) of one network, and a package written through the shared schema:
 * two primary drivers, secondaries under the first, ideas (one under two drivers), a measure and
 * an evidence item.
 */
async function team(): Promise<Team> {
  const nadia = await newUser(server.url, { displayName: 'Nadia Okafor' });
  const sam = await newUser(server.url, { displayName: 'Sam Taylor' });
  const network = await newNetwork(nadia, { name: `Mental health in primary care ${Date.now()}` });
  await addMember(nadia, network.id, sam, 'member');
  const created = await nadia.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Depression care' });
  expect(created.status).toBe(201);
  const { provider, writer } = await stockClient(nadia, created.body.documentName);
  writer.setAim('what', 'Adults with depression get better');
  writer.setAim('forWhom', 'Adults');
  const found = writer.addDriver('Depression is found early', null);
  const treated = writer.addDriver('Treatment is adjusted until the patient is better', null);
  const screening = writer.addDriver('Routine screening at agreed visits', found);
  const contact = writer.addDriver('Proactive contact after a positive screen', found);
  const registry = writer.addIdea('Review the registry every week', screening);
  writer.toggleLink(registry, 'driverIds', contact, true);
  const call = writer.addIdea('Call every patient within seven days', contact);
  writer.addEvidence(registry, 'Registry guide', 'https://example.org/registry-guide');
  writer.addMeasure('Follow-up within four weeks', 'process');
  await provider.whenSaved();
  destroyProvider(providers.pop()!);
  return {
    nadia,
    sam,
    network,
    packageId: created.body.id,
    documentName: created.body.documentName,
    path: `/networks/${network.id}/change-packages/${created.body.id}`,
    ids: { found, treated, screening, contact, registry, call },
  };
}

/** What fits on the screen, as a person sees it (a phone's page is long). */
const screenshotOfView = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

async function openEditor(page: Page, path: string): Promise<void> {
  await page.goto(server.url + path);
  await waitForSaved(page);
}

const content = async (t: Team) => (await t.nadia.client.get(`/api/change-packages/${t.packageId}`)).body.content;

const serverHas = (t: Team, check: (snapshot: ChangePackageSnapshot) => boolean) => whenServerHas(server.url, t.sam, t.documentName, check);

/** Resolves once the text box that `selector` finds holds `expected`. */
async function valueBecomes(page: Page, selector: string, expected: string): Promise<void> {
  await page.waitForFunction(([css, value]) => document.querySelector<HTMLTextAreaElement | HTMLInputElement>(css)?.value === value, [selector, expected] as const);
}

const named = (label: string) => `[aria-label="${label}"]`;

const focused = (page: Page) =>
  page.evaluate(() => ({
    label: document.activeElement?.getAttribute('aria-label') ?? null,
    text: document.activeElement?.textContent?.trim() ?? '',
    caret: (document.activeElement as HTMLTextAreaElement | null)?.selectionStart ?? null,
  }));

describe('renaming together', () => {
  it('two people renaming the same card both keep their words: the box edits the shared title live and is never replaced', async () => {
    const t = await team();
    const [nadiasPage, samsPage] = [await pageFor(t.nadia), await pageFor(t.sam)];
    for (const page of [nadiasPage, samsPage]) {
      await openEditor(page, t.path);
      await page.getByRole('button', { name: 'Actions for primary driver Depression is found early' }).click();
      await page.getByRole('menuitem', { name: 'Rename' }).click();
    }
    const label = 'Title of primary driver';
    const [nadiasBox, samsBox] = [nadiasPage.getByRole('textbox', { name: label }), samsPage.getByRole('textbox', { name: label })];

    // Nadia adds to the end; her words appear in Sam's open box as she types.
    await nadiasBox.press('Control+End');
    await nadiasBox.pressSequentially(' (Nadia)');
    await valueBecomes(samsPage, named(label), 'Depression is found early (Nadia)');
    // Sam types at the start; his words appear in hers.
    await samsBox.press('Control+Home');
    await samsBox.pressSequentially('Early: ');
    await valueBecomes(nadiasPage, named(label), 'Early: Depression is found early (Nadia)');

    // Nadia is done first. Sam's box stays open under his cursor, with everyone's words, and he carries on.
    await nadiasBox.press('Enter');
    await nadiasPage.getByRole('button', { name: 'Actions for primary driver Early: Depression is found early (Nadia)' }).waitFor();
    await expect(focused(nadiasPage)).resolves.toMatchObject({ label: 'Actions for primary driver Early: Depression is found early (Nadia)' });
    await expect(focused(samsPage)).resolves.toMatchObject({ label, caret: 'Early: '.length });
    await samsBox.pressSequentially('now ');
    await screenshot(samsPage, 'editor-review-01-renaming-together');
    await samsBox.press('Enter');
    const both = 'Early: now Depression is found early (Nadia)';
    for (const page of [nadiasPage, samsPage]) await page.getByRole('button', { name: `Actions for primary driver ${both}` }).waitFor();

    // Escape takes back only this person's typing: Nadia's, not Sam's, typed at the same time.
    for (const page of [nadiasPage, samsPage]) {
      await page.getByRole('button', { name: `Actions for primary driver ${both}` }).click();
      await page.getByRole('menuitem', { name: 'Rename' }).click();
    }
    await nadiasBox.press('Control+End');
    await nadiasBox.pressSequentially(' today');
    await samsBox.press('Control+Home');
    await samsBox.pressSequentially('Now: ');
    await valueBecomes(nadiasPage, named(label), `Now: ${both} today`);
    await nadiasBox.press('Escape');
    await samsBox.press('Enter');
    for (const page of [nadiasPage, samsPage]) await page.getByRole('button', { name: `Actions for primary driver Now: ${both}` }).waitFor();
    await serverHas(t, (snapshot) => snapshot.drivers.get(t.ids.found)?.title === `Now: ${both}`);
    const saved = await content(t);
    expect(saved.drivers.find((d: { id: string }) => d.id === t.ids.found).title).toBe(`Now: ${both}`);
  });

  it('a change idea’s rename box shows what others type into its title, keeping the caret and both people’s words', async () => {
    const t = await team();
    const page = await pageFor(t.nadia);
    await openEditor(page, t.path);
    await page.getByRole('button', { name: 'Actions for change idea Call every patient within seven days' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const box = page.getByRole('textbox', { name: 'Title of change idea' });
    await box.press('Control+Home');
    await box.pressSequentially('Nurses ');
    // Sam, on another device, adds to the end of the same title meanwhile.
    const sam = await stockClient(t.sam, t.documentName);
    const samsIdea = sam.writer.ideas.get(t.ids.call)!;
    await eventually(sam.provider.doc, () => String(samsIdea.get('title')).startsWith('Nurses '));
    sam.writer.setText(samsIdea, 'title', 'Nurses Call every patient within seven days, by phone');
    await valueBecomes(page, named('Title of change idea'), 'Nurses Call every patient within seven days, by phone');
    await expect(focused(page)).resolves.toMatchObject({ caret: 'Nurses '.length });
    await box.pressSequentially('first ');
    await box.press('Enter');
    await eventually(sam.provider.doc, () => String(samsIdea.get('title')) === 'Nurses first Call every patient within seven days, by phone');
    const idea = (await content(t)).ideas.find((i: { id: string }) => i.id === t.ids.call);
    expect(idea.title).toBe('Nurses first Call every patient within seven days, by phone');
  });

  it('renaming the package: a rename by someone else meanwhile never replaces the box, and the person is told before theirs replaces it', async () => {
    const t = await team();
    const [nadiasPage, samsPage] = [await pageFor(t.nadia), await pageFor(t.sam)];
    for (const page of [nadiasPage, samsPage]) {
      await openEditor(page, t.path);
      await page.getByRole('button', { name: 'Rename', exact: true }).click();
    }
    const samsBox = samsPage.getByRole('textbox', { name: 'Change package title' });
    await samsBox.press('End');
    await samsBox.pressSequentially(' in clinics');
    await nadiasPage.getByRole('textbox', { name: 'Change package title' }).fill('Depression care in primary care');
    await nadiasPage.getByRole('button', { name: 'Save title' }).click();
    await nadiasPage.getByRole('heading', { level: 1, name: 'Depression care in primary care' }).waitFor();

    const notice = samsPage.getByRole('status').filter({ hasText: 'While you were typing' });
    await notice.getByText('While you were typing, the title was changed to “Depression care in primary care”. Save to replace it with yours, or Cancel to keep it.').waitFor();
    expect(await samsBox.inputValue()).toBe('Depression care in clinics');
    await expect(focused(samsPage)).resolves.toMatchObject({ label: null, caret: 'Depression care in clinics'.length });
    await expectNoSeriousAxeViolations(samsPage, 'editor, package renamed while renaming it');
    await screenshotOfView(samsPage, 'editor-review-02-package-renamed-meanwhile');
    await samsPage.getByRole('button', { name: 'Cancel' }).click();
    await samsPage.getByRole('heading', { level: 1, name: 'Depression care in primary care' }).waitFor();
    expect((await t.sam.client.get(`/api/change-packages/${t.packageId}`)).body.title).toBe('Depression care in primary care');
  });

  it('editing an evidence item: what someone else changed in it meanwhile stays, and an item removed meanwhile comes back with the edit', async () => {
    const t = await team();
    const page = await pageFor(t.nadia);
    await openEditor(page, t.path);
    await page.getByRole('button', { name: 'Open change idea Review the registry every week' }).first().click();
    const panel = page.locator('#idea-panel');
    await panel.getByRole('button', { name: 'Edit evidence Registry guide' }).click();
    await page.keyboard.press('Home');
    await page.keyboard.type('Practical ');

    // Sam adds to the same label while Nadia's form is open (and, in the same change, to the
    // idea's title, which shows when his change has reached her page).
    const sam = await stockClient(t.sam, t.documentName);
    const samsItem = sam.writer.evidenceItem(t.ids.registry, 0)!;
    sam.provider.doc.transact(() => {
      sam.writer.editEvidence(t.ids.registry, samsItem, { label: 'Registry guide', url: 'https://example.org/registry-guide' }, { label: 'Registry guide for teams', url: 'https://example.org/registry-guide' });
      sam.writer.setText(sam.writer.ideas.get(t.ids.registry)!, 'title', 'Review the registry every week together');
    });
    await page.getByRole('heading', { name: 'Change idea Review the registry every week together' }).waitFor();
    await page.keyboard.press('Enter');
    await panel.getByRole('link', { name: 'Practical Registry guide for teams' }).waitFor();

    // Sam removes the item while Nadia edits it again: saving brings it back with her words, and says so.
    await panel.getByRole('button', { name: 'Edit evidence Practical Registry guide for teams' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (2026)');
    sam.writer.removeEvidence(t.ids.registry, 0, { label: 'Practical Registry guide for teams', url: 'https://example.org/registry-guide' });
    await panel.getByRole('status').getByText('Someone removed this evidence while you were editing it. Save to add it back with your changes.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('evidence-edit-label');
    await page.keyboard.press('Enter');
    await panel.getByRole('link', { name: 'Practical Registry guide for teams (2026)' }).waitFor();
    await panel
      .getByRole('status')
      .getByText('Someone removed “Practical Registry guide for teams” while you were editing it, so it was added back with your changes.')
      .waitFor();
    await eventually(sam.provider.doc, () => readSnapshot(sam.provider.doc).ideas.find((i) => i.id === t.ids.registry)?.evidence[0]?.label === 'Practical Registry guide for teams (2026)');
    const idea = (await content(t)).ideas.find((i: { id: string }) => i.id === t.ids.registry);
    expect(idea.evidence).toEqual([{ label: 'Practical Registry guide for teams (2026)', url: 'https://example.org/registry-guide' }]);
  });
});

describe('restoring a version', () => {
  it('tells everyone here who restored which version and where what was there before is kept; the dialog says who is editing', async () => {
    const t = await team();
    const named = await t.nadia.client.post(`/api/change-packages/${t.packageId}/versions`, { name: 'As agreed in March' });
    expect(named.status).toBe(201);
    const editor = await stockClient(t.nadia, t.documentName);
    editor.writer.setAim('what', 'Adults with depression get better: at least a 50% drop in their PHQ-9 score');
    await editor.provider.whenSaved();
    destroyProvider(providers.pop()!);

    const [nadiasPage, samsPage] = [await pageFor(t.nadia), await pageFor(t.sam, PHONE)];
    for (const page of [nadiasPage, samsPage]) await openEditor(page, t.path);
    await nadiasPage.getByRole('list', { name: 'People here now' }).getByText('Sam Taylor').waitFor();
    // Sam is typing in the aim when the restore comes.
    const samsField = samsPage.getByRole('textbox', { name: 'For whom' });
    await samsField.click();
    await samsField.press('Control+End');
    await samsField.pressSequentially(' aged 18 and over');
    await serverHas(t, (snapshot) => snapshot.aim.forWhom === 'Adults aged 18 and over');

    await nadiasPage.getByRole('button', { name: /^Restore As agreed in March from/ }).click();
    const dialog = nadiasPage.getByRole('dialog', { name: 'Restore this version?' });
    await dialog.getByText('Sam Taylor is editing right now.').waitFor();
    await dialog.getByText('What they see changes straight away, and they will be told that you restored it.').waitFor();
    await expectNoSeriousAxeViolations(nadiasPage, 'editor, restore confirmation with someone editing');
    await screenshot(nadiasPage, 'editor-review-03-restore-confirm');
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const told = 'restored “As agreed in March”. What was there just before is kept in History as “Before restoring ‘As agreed in March’”.';
    await samsPage.getByRole('status').filter({ hasText: `Nadia Okafor ${told}` }).waitFor();
    await nadiasPage.getByRole('status').filter({ hasText: `You ${told}` }).waitFor();
    // Sam's content came back to the version's, his box kept his focus, and his History lists the kept version.
    await valueBecomes(samsPage, '#aim-forWhom', 'Adults');
    expect(await samsPage.evaluate(() => document.activeElement?.id)).toBe('aim-forWhom');
    await samsPage.getByText('Before restoring ‘As agreed in March’', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(samsPage, 'editor, told of a restore, 390 px');
    await screenshotOfView(samsPage, 'editor-review-04-told-of-restore');
    await samsPage.getByRole('button', { name: 'Dismiss the message about the restore' }).click();
    await samsPage.getByRole('status').filter({ hasText: told }).waitFor({ state: 'detached' });
  });
});

describe('the keyboard and the address', () => {
  it('after “Move under …”, focus is on the moved card’s menu; after “Take off …”, on the idea where it still is', async () => {
    const t = await team();
    const page = await pageFor(t.nadia);
    await openEditor(page, t.path);
    const menu = page.getByRole('button', { name: 'Actions for secondary driver Routine screening at agreed visits' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').getByRole('menuitem', { name: 'Move under “Treatment is adjusted until the patient is better”' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Under Treatment is adjusted until the patient is better' }).getByText('Routine screening at agreed visits').waitFor();
    await expect(focused(page)).resolves.toMatchObject({ label: 'Actions for secondary driver Routine screening at agreed visits' });
    expect(
      await page.evaluate(() => document.activeElement?.closest('ul.level')?.getAttribute('aria-label')),
    ).toBe('Under Treatment is adjusted until the patient is better');
    await screenshotOfView(page, 'editor-review-05-after-move-under');

    // The idea under two drivers, taken off one: focus goes to its card under the other.
    await page.getByRole('list', { name: 'Change ideas under Proactive contact after a positive screen' }).getByRole('button', { name: 'Actions for change idea Review the registry every week' }).focus();
    await page.keyboard.press('ArrowUp');
    await page.getByRole('menuitem', { name: 'Take off “Proactive contact after a positive screen”' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Change ideas under Proactive contact after a positive screen' }).getByText('Review the registry every week').waitFor({ state: 'detached' });
    await expect(focused(page)).resolves.toMatchObject({ label: 'Actions for change idea Review the registry every week' });
    expect(await page.evaluate(() => document.activeElement?.closest('ul.level')?.getAttribute('aria-label'))).toBe(
      'Change ideas under Routine screening at agreed visits',
    );
  });

  it('puts the open idea in the address: Back on a phone closes it and stays in the editor, and a link opens it', async () => {
    const t = await team();
    const page = await pageFor(t.sam, PHONE);
    await openEditor(page, t.path);
    await page.getByRole('button', { name: 'Open change idea Call every patient within seven days' }).click();
    const panel = page.getByRole('complementary', { name: 'Change idea Call every patient within seven days' });
    await panel.waitFor();
    expect(new URL(page.url()).searchParams.get('idea')).toBe(t.ids.call);
    // Opening another idea from the open one takes the same place in the history.
    await page.getByRole('button', { name: 'Open change idea Review the registry every week' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Change idea Review the registry every week' }).waitFor();
    expect(new URL(page.url()).searchParams.get('idea')).toBe(t.ids.registry);

    await page.goBack();
    await page.getByRole('complementary').waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(t.path);
    expect(new URL(page.url()).searchParams.has('idea')).toBe(false);
    await page.getByRole('heading', { level: 1, name: 'Depression care' }).waitFor();
    await expect(focused(page)).resolves.toMatchObject({ label: 'Open change idea Review the registry every week' });
    await screenshotOfView(page, 'editor-review-06-back-closes-idea');

    // A link to the idea opens the editor with it open; closing it takes it out of the address.
    const linked = await pageFor(t.nadia, PHONE);
    await linked.goto(`${server.url}${t.path}?idea=${t.ids.call}`);
    const linkedPanel = linked.getByRole('complementary', { name: 'Change idea Call every patient within seven days' });
    await linkedPanel.waitFor();
    await linked.waitForFunction(() => document.activeElement?.id === 'idea-panel-heading');
    await expectNoSeriousAxeViolations(linked, 'editor opened by a link to an idea, 390 px');
    await screenshotOfView(linked, 'editor-review-07-linked-idea');
    await linkedPanel.getByRole('button', { name: 'Close change idea' }).click();
    await linkedPanel.waitFor({ state: 'detached' });
    expect(new URL(linked.url()).searchParams.has('idea')).toBe(false);

    // A link to an idea that is no longer there says so.
    await linked.goto(`${server.url}${t.path}?idea=00000000-0000-4000-8000-000000000000`);
    await linked.getByText('The change idea in this page’s address is not in this change package: it may have been deleted.').waitFor();
  });
});

describe('going offline', () => {
  it('says “Offline” within a couple of seconds of the browser going offline, and sends what was typed when it is back', async () => {
    const t = await team();
    const page = await pageFor(t.nadia);
    await openEditor(page, t.path);
    const offlineLabel = page.locator('.save-state', { hasText: /^\s*Offline — your changes are kept on this device/ });

    // While the browser is offline every request fails, and Chromium logs each failure itself: the
    // header's live connection retrying, and any load that was under way (its message does not
    // always name the address). Those are expected here; anything else still fails the test.
    expectConsoleErrors(/ERR_INTERNET_DISCONNECTED/);
    await page.context().setOffline(true);
    const wentOffline = Date.now();
    await offlineLabel.waitFor({ timeout: 2_500 });
    console.log(`"Offline" shown ${Date.now() - wentOffline} ms after the browser went offline`);
    await page.getByRole('textbox', { name: 'By when' }).fill('Within 24 months of joining');
    await screenshotOfView(page, 'editor-review-08-offline');
    await page.context().setOffline(false);
    await waitForSaved(page);
    expect((await content(t)).aim.byWhen).toBe('Within 24 months of joining');
  });

  it('says “Offline” within seconds when the connection stops answering without closing, and recovers', async () => {
    const t = await team();
    const page = await pageFor(t.nadia);
    // A network that drops everything (the connection neither answers nor closes), until the test restores it.
    let dropping = false;
    await page.routeWebSocket(/\/collab\//, (socket) => {
      if (dropping) return; // a new connection opens but hears nothing, as on a dead network
      const toServer = socket.connectToServer();
      toServer.onMessage((message) => !dropping && socket.send(message));
      socket.onMessage((message) => !dropping && toServer.send(message));
    });
    await openEditor(page, t.path);

    dropping = true;
    const typedAt = Date.now();
    await page.getByRole('textbox', { name: 'By when' }).fill('Within two years');
    await page.locator('.save-state', { hasText: /Offline —/ }).waitFor({ timeout: 8_000 });
    const waited = Date.now() - typedAt;
    console.log(`"Offline" shown ${waited} ms after typing into a silent connection`);
    expect(waited).toBeLessThan(8_000);

    dropping = false;
    await waitForSaved(page);
    expect((await content(t)).aim.byWhen).toBe('Within two years');
  });
});

describe('copying into another network or package', () => {
  it('starts with no network chosen, says who will see the copy, and asks before copying', async () => {
    const t = await team();
    const region = await newNetwork(t.nadia, { name: `Northern Region ${Date.now()}`, level: 'subnational', visibility: 'private' });
    const page = await pageFor(t.nadia, PHONE);
    await openEditor(page, t.path);
    await page.getByText('Adapt into my network').click();
    const network = page.getByRole('combobox', { name: 'Network' });
    await network.waitFor();
    expect(await network.inputValue()).toBe('');
    expect(await network.locator('option:checked').textContent()).toBe('Choose a network…');

    await page.getByRole('button', { name: 'Adapt…' }).click();
    await page.getByText('Choose the network to adapt it into.').waitFor();
    const lineage = async () => (await t.nadia.client.get(`/api/change-packages/${t.packageId}/lineage`)).body.adaptations;
    await expect(lineage()).resolves.toEqual([]);

    await network.selectOption({ label: region.name });
    await page.getByText(`${region.name} is private: only its 1 member can see the copy and change it.`).waitFor();
    await page.getByRole('button', { name: 'Adapt…' }).click();
    await page.getByRole('heading', { name: `Adapt into ${region.name}?` }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'adapt-confirm-heading');
    await page.getByText('A copy called “Depression care” will be made in').waitFor();
    await expectNoSeriousAxeViolations(page, 'editor, adapting: the confirmation, 390 px');
    await screenshotOfView(page, 'editor-review-09-adapt-confirm');
    await expect(lineage()).resolves.toEqual([]);

    // Going back changes nothing; confirming makes the copy and opens it.
    await page.getByRole('button', { name: 'Go back' }).click();
    await expect(focused(page)).resolves.toMatchObject({ text: 'Adapt…' });
    await page.getByRole('button', { name: 'Adapt…' }).click();
    await page.getByRole('button', { name: `Yes, adapt into ${region.name}` }).click();
    await page.waitForURL(new RegExp(`/networks/${region.id}/change-packages/`));
    await waitForSaved(page);
    await expect(lineage()).resolves.toEqual([expect.objectContaining({ networkId: region.id })]);
  });

  it('copies a change idea only into the package the person chose', async () => {
    const t = await team();
    const other = await t.nadia.client.post(`/api/networks/${t.network.id}/change-packages`, { title: 'Anxiety care' });
    const page = await pageFor(t.nadia);
    await openEditor(page, t.path);
    await page.getByRole('button', { name: 'Open change idea Call every patient within seven days' }).click();
    const panel = page.locator('#idea-panel');
    await panel.getByText('Copy into another change package').click();
    const target = panel.getByRole('combobox', { name: 'Change package' });
    await target.waitFor();
    expect(await target.inputValue()).toBe('');
    await panel.getByRole('button', { name: 'Copy this idea' }).click();
    await panel.getByText('Choose the change package to copy this idea into.').waitFor();
    const ideasIn = async (packageId: string) => (await t.nadia.client.get(`/api/change-packages/${packageId}`)).body.content.ideas;
    await expect(ideasIn(other.body.id)).resolves.toEqual([]);

    await target.selectOption({ label: `Anxiety care (${t.network.name})` });
    await panel.getByText(`It becomes a new idea there, which members of ${t.network.name} can see and change.`).waitFor();
    await panel.getByRole('button', { name: 'Copy this idea' }).click();
    await panel.getByRole('status').getByText(`Copied into “Anxiety care” (${t.network.name}).`).waitFor();
    await expect(ideasIn(other.body.id)).resolves.toEqual([expect.objectContaining({ title: 'Call every patient within seven days' })]);
  });
});

describe('fields and layout', () => {
  it('takes an evidence address typed without https://, and explains a wrong one next to the field, never in a browser popup', async () => {
    const t = await team();
    const page = await pageFor(t.nadia);
    await openEditor(page, t.path);
    await page.getByRole('button', { name: 'Open change idea Call every patient within seven days' }).click();
    const panel = page.getByRole('complementary', { name: 'Change idea Call every patient within seven days' });
    const address = panel.locator('#evidence-url');
    expect(await panel.locator('form.evidence-form').evaluate((form: HTMLFormElement) => form.noValidate)).toBe(true);

    await address.fill('pdsa1');
    await panel.getByRole('button', { name: 'Add evidence' }).click();
    await panel.getByText('This is not a web address. Enter one such as example.org/report.').waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await address.getAttribute('aria-describedby')).toBe('evidence-url-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('evidence-url');
    await screenshotOfView(page, 'editor-review-10-evidence-address-refused');

    await panel.locator('#evidence-label').fill('PDSA cycle 1 results');
    await address.fill('example.org/pdsa1');
    await panel.getByRole('button', { name: 'Add evidence' }).click();
    const link = panel.getByRole('link', { name: 'PDSA cycle 1 results' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://example.org/pdsa1');
    await serverHas(t, (snapshot) => snapshot.ideas.find((i) => i.id === t.ids.call)?.evidence[0]?.label === 'PDSA cycle 1 results');
    const idea = (await content(t)).ideas.find((i: { id: string }) => i.id === t.ids.call);
    expect(idea.evidence).toEqual([{ label: 'PDSA cycle 1 results', url: 'https://example.org/pdsa1' }]);
  });

  it('shows every word of long aim and measure text on a phone, and gives the editor the page’s width on a wide screen', async () => {
    const t = await team();
    const long = await stockClient(t.nadia, t.documentName);
    long.writer.setAim('forWhom', 'Adults aged 18 and over with a positive depression screen in member practices, including those seen at home');
    const [measure] = long.writer.measures.keys();
    long.writer.setMeasureText(measure, 'definition', 'Patients with a positive PHQ-9 who had a follow-up contact within four weeks, divided by all patients with a positive PHQ-9 in the month');
    long.writer.setMeasureText(measure, 'goal', '80% of patients followed up within four weeks by the end of the second year');
    await long.provider.whenSaved();

    const page = await pageFor(t.nadia, PHONE);
    await openEditor(page, t.path);
    const hidden = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLTextAreaElement>('textarea.text-field')]
          .filter((box) => box.scrollHeight > box.clientHeight + 1)
          .map((box) => box.id),
      );
    await expect(hidden()).resolves.toEqual([]);
    await page.getByRole('textbox', { name: 'For whom' }).scrollIntoViewIfNeeded();
    await screenshotOfView(page, 'editor-review-11-phone-boxes');
    // Typing more makes the box grow rather than scroll.
    const goal = page.getByRole('textbox', { name: 'Goal' });
    const before = (await goal.boundingBox())!.height;
    await goal.press('Control+End');
    await goal.pressSequentially(', and 90% by the end of the third year');
    expect((await goal.boundingBox())!.height).toBeGreaterThan(before);
    await expect(hidden()).resolves.toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshotOfView(page, 'editor-review-12-phone-measure');

    // Wide: the editor lines up with the workspace's header, at the width every page has.
    const wide = await pageFor(t.nadia);
    await openEditor(wide, t.path);
    const boxes = await wide.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
      return { editor: box('.editor'), header: box('.workspace-header'), nav: box('.workspace nav') };
    });
    expect(boxes.editor.left).toBeCloseTo(boxes.header.left, 0);
    expect(boxes.editor.width).toBeCloseTo(boxes.header.width, 0);
    expect(boxes.nav.width).toBeCloseTo(boxes.header.width, 0);
    expect(boxes.editor.width).toBeLessThanOrEqual(62 * 17);
    await screenshot(wide, 'editor-review-13-page-width');
    // An open idea may use more of the screen beside the diagram.
    await wide.getByRole('button', { name: 'Open change idea Call every patient within seven days' }).click();
    const layout = await wide.locator('.diagram-layout').boundingBox();
    expect(layout!.width).toBeGreaterThan(boxes.editor.width);
    expect(layout!.x + layout!.width).toBeLessThanOrEqual(1280);
    await expectNoSeriousAxeViolations(wide, 'editor with an idea open, 1280 px');
    await screenshot(wide, 'editor-review-14-idea-open-wide');
  });
});
