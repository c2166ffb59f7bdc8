import { newNetwork, newUser } from '../support/api';
import { browserSuite, expectConsoleErrors, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * A network's settings: a change of who can see it is asked about first, in plain words, and
 * "Part of" never offers the network itself or one of its own sub-networks.
 */

jest.setTimeout(120_000);

const suite = browserSuite();

it('making a network private asks first, saying who loses what; cancelling saves nothing, confirming saves', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url);
  const network = await newNetwork(admin, { name: `Hillside collaborative ${Date.now()}`, level: 'national' });
  await newNetwork(admin, { name: `Hillside east ${Date.now()}`, level: 'subnational', parentId: network.id });
  const visibility = async () => (await admin.client.get(`/api/networks/${network.id}`)).body.visibility;

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await openPage(browser, server.url, admin, viewport);
    await page.goto(`${server.url}/networks/${network.id}/settings`);
    await page.waitForLoadState('networkidle');
    const wanted = viewport.width === 1280 ? 'private' : 'public';
    await page.getByRole('radio', { name: wanted === 'private' ? /Private/ : /Public/ }).check();
    await page.getByLabel('Description').fill(`Changed at ${viewport.width}`);
    await page.getByRole('button', { name: 'Save changes' }).click();

    const dialog = page.getByRole('dialog', { name: `Make ${network.name} ${wanted}?` });
    await dialog.waitFor();
    if (wanted === 'private') {
      await dialog.getByText('People who are not members will no longer:').waitFor();
      await dialog.getByText('see that its sub-networks are part of it').waitFor();
      await dialog.getByText('join it on their own: new members will need an invitation.').waitFor();
    } else {
      await dialog.getByText('Anyone with a Knotwork account will be able to:').waitFor();
      await dialog.getByText('join it on their own, as a member.').waitFor();
    }
    // The harmless choice has focus, so that a quick Enter changes nothing.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel');
    await expectNoSeriousAxeViolations(page, `make ${wanted}, asked at ${viewport.width} px`);
    await screenshot(page, `settings-make-${wanted}-${viewport.width}`);

    await page.keyboard.press('Escape');
    await page.getByRole('status').getByText(`Nothing was saved. ${network.name} is still ${wanted === 'private' ? 'public' : 'private'}.`).waitFor();
    expect(await visibility()).toBe(wanted === 'private' ? 'public' : 'private');
    expect((await admin.client.get(`/api/networks/${network.id}`)).body.description).not.toBe(`Changed at ${viewport.width}`);

    await page.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('button', { name: `Make it ${wanted}` }).click();
    await page.getByRole('status').getByText('Your changes are saved.').waitFor();
    expect(await visibility()).toBe(wanted);
    await page.context().close();
  }
});

it('saving without changing who can see it asks nothing', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url);
  const network = await newNetwork(admin, { name: `Quiet valley ${Date.now()}` });
  const page = await openPage(browser, server.url, admin, { width: 1280, height: 900 });
  await page.goto(`${server.url}/networks/${network.id}/settings`);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Description').fill('Only the description changes.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Your changes are saved.').waitFor();
  expect(await page.getByRole('dialog').count()).toBe(0);
});

it('"Part of" never offers the network itself or one of its sub-networks, also after a refused level change', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url);
  const tag = Date.now();
  const national = await newNetwork(admin, { name: `Northshore ${tag}`, level: 'national' });
  const region = await newNetwork(admin, { name: `Northshore east ${tag}`, level: 'subnational', parentId: national.id });
  const global = await newNetwork(admin, { name: `Worldwide ${tag}`, level: 'global' });
  const otherNational = await newNetwork(admin, { name: `Southshore ${tag}`, level: 'national' });

  const page = await openPage(browser, server.url, admin, { width: 1280, height: 900 });
  await page.goto(`${server.url}/networks/${national.id}/settings`);
  await page.waitForLoadState('networkidle');
  const choices = () => page.locator('#parentId option').allTextContents();
  expect(await choices()).toEqual(['Not part of another network', `${global.name} (Global)`]);

  // Lower than its own sub-network: refused, and the choices still leave out the network and what is under it.
  expectConsoleErrors(/the server responded with a status of 400\b/);
  await page.getByLabel('Level').selectOption('organisation');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('#level-error').getByText('Level cannot become organisation: this network has a subnational network under it.').waitFor();
  expect(await choices()).toEqual(['Not part of another network', `${global.name} (Global)`, `${otherNational.name} (National)`]);
  expect((await choices()).join()).not.toContain(region.name);
  await expectNoSeriousAxeViolations(page, 'settings after a refused level change');
  await screenshot(page, 'settings-level-refused');
});
