import { addMember, newNetwork, newUser } from '../support/api';
import { browserSuite, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * The directory: the networks you belong to, then the public ones you could join, each network
 * listed once (a phone shows the cards one under another, so a network listed twice doubled the
 * page's length).
 */

jest.setTimeout(120_000);

const suite = browserSuite();

it('lists each network once: yours first, then the public ones you can join, on a phone too', async () => {
  const { server, browser } = suite;
  const nadia = await newUser(server.url, { displayName: 'Nadia Okafor' });
  const other = await newUser(server.url);
  const national = await newNetwork(nadia, { name: 'Valley depression care', level: 'national' });
  const clinic = await newNetwork(nadia, { name: 'Millbrook clinic', level: 'organisation', visibility: 'private' });
  const joined = await newNetwork(other, { name: 'Coastal collaborative', level: 'subnational' });
  await addMember(other, joined.id, nadia, 'member');
  const toJoin = await newNetwork(other, { name: 'Harbourview practice', level: 'organisation' });
  const hidden = await newNetwork(other, { name: 'Somebody else’s private clinic', level: 'organisation', visibility: 'private' });

  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    const page = await openPage(browser, server.url, nadia, viewport);
    await page.goto(`${server.url}/networks`);
    await page.getByRole('heading', { level: 1, name: 'Networks' }).waitFor();
    const names = async (list: string) => page.getByRole('list', { name: list }).getByRole('heading', { level: 3 }).allTextContents();
    expect((await names('Networks you belong to')).map((name) => name.trim())).toEqual([national.name, joined.name, clinic.name]);
    expect((await names('Networks you can join')).map((name) => name.trim())).toEqual([toJoin.name]);
    for (const network of [national, clinic, joined, toJoin]) expect(await page.getByRole('link', { name: network.name, exact: true }).count()).toBe(1);
    expect(await page.getByText(hidden.name).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, `directory at ${viewport.width} px`);
    await screenshot(page, `directory-${viewport.width}`);
    await page.context().close();
  }
});

it('a search looks in both lists, and says so when nothing else matches', async () => {
  const { server, browser } = suite;
  const user = await newUser(server.url);
  const mine = await newNetwork(user, { name: `Lakeside anxiety group ${Date.now()}`, level: 'national' });
  const page = await openPage(browser, server.url, user, { width: 390, height: 844 });
  await page.goto(`${server.url}/networks?q=${encodeURIComponent('Lakeside anxiety')}`);
  await page.getByRole('list', { name: 'Networks you belong to' }).getByRole('link', { name: mine.name }).waitFor();
  await page.getByText('No other networks match these filters.').waitFor();
  await expectNoSeriousAxeViolations(page, 'directory, search matching only my network');
});
