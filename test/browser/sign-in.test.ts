import type { Page } from 'playwright-core';
import { ApiClient, newUser, PASSWORD, uniqueEmail } from '../support/api';
import { browserSuite, expectConsoleErrors, expectNoSeriousAxeViolations, openContext, openPage, screenshot } from '../support/browser';

/**
 * Signing in as an attacker would like it to go, in Chromium: a crafted link that tries to send
 * the person elsewhere afterwards, a guesser trying to keep the owner out, and a name made to
 * look like someone else's.
 */

jest.setTimeout(120_000);

const suite = browserSuite();

/** Fills the sign-in form once the server-rendered page has come alive, and sends it. */
async function signIn(page: Page, path: string, email: string, password: string): Promise<void> {
  await page.goto(suite.server.url + path);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

it('an open redirect through the sign-in link (a tab or a newline before another site) brings the person back to this site instead', async () => {
  const { server, browser } = suite;
  const user = await newUser(server.url);
  for (const next of ['/%09/evil.example/phish', '/%0a/evil.example/phish']) {
    const page = await openPage(browser, server.url, null, { width: 1280, height: 900 });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) elsewhere.push(request.url());
    });
    await signIn(page, `/signin?next=${next}`, user.email, PASSWORD);
    await page.waitForURL(`${server.url}/networks`);
    expect({ next, elsewhere }).toEqual({ next, elsewhere: [] });

    // Someone already signed in who follows the link is sent on from the server, to this site too.
    await page.goto(`${server.url}/signin?next=${next}`);
    expect(page.url()).toBe(`${server.url}/networks`);
    await page.context().close();
  }
});

it('a guesser cannot keep the owner out: after 20 wrong guesses from 4 addresses, the owner signs in from their own browser', async () => {
  const { server, browser } = suite;
  const owner = await newUser(server.url);
  const ownBrowser = await openContext(browser, server.url, null, { width: 1280, height: 900 });
  const page = await ownBrowser.newPage();
  await signIn(page, '/signin', owner.email, PASSWORD);
  await page.waitForURL(`${server.url}/networks`);
  // The device cookie is out of reach of the page's scripts.
  const cookies = await ownBrowser.cookies();
  expect(cookies.filter((cookie) => cookie.name.startsWith('knotwork_device_')).map((cookie) => cookie.httpOnly)).toEqual([true]);
  expect(await page.evaluate(() => document.cookie)).not.toContain('knotwork_device_');
  // Signed out, as at the end of a shift.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/signin' || url.pathname === '/');

  for (let attacker = 1; attacker <= 4; attacker++) {
    for (let guess = 0; guess < 5; guess++) {
      const response = await new ApiClient(server.url, { address: `203.0.113.${attacker}` }).post('/api/auth/login', { email: owner.email, password: `guess ${guess}` });
      expect(response.status).toBe(401);
    }
  }

  // A browser the owner never used is asked to wait, in plain words…
  const newBrowserPage = await openPage(browser, server.url, null, { width: 390, height: 844 });
  expectConsoleErrors(/status of 429/, `${server.url}/api/auth/login`);
  await signIn(newBrowserPage, '/signin', owner.email, PASSWORD);
  await newBrowserPage.getByText(/^Too many attempts\. Please wait \d+ seconds? and try again\.$/).waitFor();
  await screenshot(newBrowserPage, 'sign-in-new-browser-asked-to-wait');
  await expectNoSeriousAxeViolations(newBrowserPage, 'sign-in, asked to wait');

  // …while the owner's own browser gets straight in.
  await signIn(page, '/signin', owner.email, PASSWORD);
  await page.waitForURL(`${server.url}/networks`);
});

it('a display name made to look like someone else’s is refused next to the field, in plain words', async () => {
  const { server, browser } = suite;
  const page = await openPage(browser, server.url, null, { width: 1280, height: 900 });
  expectConsoleErrors(/status of 400/, `${server.url}/api/auth/register`);
  await page.goto(server.url + '/signup');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Your name').fill('Sam \u202Erolyat');
  await page.getByLabel('Email').fill(uniqueEmail('sam'));
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Your name must not contain hidden characters that change the direction of the text').waitFor();
  expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBe('true');
  await screenshot(page, 'sign-up-lookalike-name');
  await expectNoSeriousAxeViolations(page, 'sign-up, a lookalike name');
});
