import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { newNetwork, newUser } from '../support/api';
import { expectConsoleErrors, expectNoSeriousAxeViolations, failOnPageErrors, launchChromium, openPage, screenshot } from '../support/browser';
import { freePort, ROOT, startServer, type RunningServer } from '../support/server';

/**
 * Moving to another page while Knotwork is away (stopped, restarting, or the connection lost):
 * the page says plainly that Knotwork could not be reached, not that something went wrong on our
 * side, and offers to try again, which reloads once Knotwork answers.
 */

jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
failOnPageErrors();

it('says Knotwork could not be reached, whether the next page’s code or its data did not come, and tries again once it is back', async () => {
  // A server of its own, stopped and started again on the same port, database and session secret.
  const env = { WEB_BUILD_DIR: join(ROOT, 'web/build'), PORT: String(await freePort()), SESSION_SECRET: 'unreachable-test-'.padEnd(40, 'x') };
  let own: RunningServer = await startServer(env);
  try {
    const user = await newUser(own.url, { displayName: 'Nadia Okafor' });
    const network = await newNetwork(user, { name: 'Hillside collaborative' });
    const page = await openPage(browser, own.url, user, { width: 390, height: 844 });
    await page.goto(`${own.url}/networks`);
    await page.waitForLoadState('networkidle');

    // The browser reports, as console errors, every request the stopped server refuses: that is this test.
    expectConsoleErrors(/ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch/);
    await own.stop();
    const heading = page.getByRole('heading', { level: 1, name: 'Knotwork cannot be reached' });
    const said = page.getByText('We could not reach Knotwork. Check your internet connection and try again.');

    // A search: the page's code is here, its data cannot come.
    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('Hillside');
    await page.getByRole('button', { name: 'Search' }).click();
    await heading.waitFor();
    await said.waitFor();
    expect(await page.getByText('Something went wrong on our side').count()).toBe(0);

    // Another page, whose code has not been fetched yet.
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.waitForURL(`${own.url}/profile`);
    await heading.waitFor();
    await said.waitFor();
    expect(await page.getByText('Something went wrong on our side').count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'Knotwork cannot be reached');
    await screenshot(page, 'server-unreachable-390');

    // Still away: the page stays and says so, rather than giving way to the browser's own error page.
    const tryAgain = page.getByRole('button', { name: 'Try again' });
    await tryAgain.click();
    await page.getByRole('status').getByText('Knotwork still cannot be reached. Wait a moment, then try again.').waitFor();
    await heading.waitFor();

    own = await startServer({ ...env, DATABASE_URL: own.databaseUrl });
    await tryAgain.click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    await page.getByRole('link', { name: 'Networks' }).first().click();
    await page.getByRole('link', { name: network.name }).first().waitFor();
  } finally {
    await own.stop();
  }
});
