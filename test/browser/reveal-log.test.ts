import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { browserSuite, expectErrorStatus, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * The reveal log: an admin who finds out who wrote an anonymous post leaves a record, and the
 * network's admins (only they) can read every record on a page of their settings.
 */

jest.setTimeout(120_000);

const suite = browserSuite();
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let ada: TestUser; // admin
let ben: TestUser; // member who writes anonymously
let network: { id: string; name: string };

beforeAll(async () => {
  const { server } = suite;
  ada = await newUser(server.url, { displayName: 'Ada Lovelace' });
  ben = await newUser(server.url, { displayName: 'Ben Okoro' });
  network = await newNetwork(ada, { name: `Reveal log ${Date.now()}`, level: 'national' });
  await addMember(ada, network.id, ben, 'member');
  expect((await ada.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
});

it('starts empty, then lists the reveal an admin made from the thread, with who, whose and when', async () => {
  const page = await openPage(suite.browser, suite.server.url, ada, DESKTOP);
  await page.goto(`${suite.server.url}/networks/${network.id}/settings/reveals`);
  await page.getByRole('heading', { level: 1, name: 'Revealed writers' }).waitFor();
  await page.getByText('Nobody has revealed an anonymous writer or asker in this network.').waitFor();

  const thread = await ben.client.post(`/api/networks/${network.id}/threads`, { title: 'A test that did not work', body: 'The reminder calls reached nobody.', anonymous: true });
  expect(thread.status).toBe(201);
  await page.goto(`${suite.server.url}/networks/${network.id}/discussions/${thread.body.id}`);
  await page.getByRole('button', { name: 'Reveal the writer' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reveal' }).click();
  await page.getByText('Written by Ben Okoro').waitFor();

  // From the settings, by keyboard: the link sits under the anonymous-posts switch.
  await page.goto(`${suite.server.url}/networks/${network.id}/settings`);
  const link = page.getByRole('link', { name: 'See who revealed an anonymous writer, and when' });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Revealed writers' }).waitFor();
  const row = page.getByRole('row', { name: /Ada Lovelace.*Ben Okoro.*A test that did not work/ });
  await row.waitFor();
  await expect(row.getByRole('link', { name: 'A test that did not work' }).getAttribute('href')).resolves.toBe(`/networks/${network.id}/discussions/${thread.body.id}`);
  await expectNoSeriousAxeViolations(page, 'reveal log');
  await screenshot(page, 'reveal-log-desktop');

  const phone = await openPage(suite.browser, suite.server.url, ada, PHONE);
  await phone.goto(`${suite.server.url}/networks/${network.id}/settings/reveals`);
  await phone.getByText('Ben Okoro').waitFor();
  await expectNoSeriousAxeViolations(phone, 'reveal log, phone');
  await screenshot(phone, 'reveal-log-phone');
});

it('is refused to a member, who cannot reveal either', async () => {
  const page = await openPage(suite.browser, suite.server.url, ben, DESKTOP);
  const url = `${suite.server.url}/networks/${network.id}/settings/reveals`;
  expectErrorStatus(url, 403);
  const response = await page.goto(url);
  expect(response?.status()).toBe(403);
  await page.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
  expect(await page.content()).not.toContain('Ada Lovelace');
});
