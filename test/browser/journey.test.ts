import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { newUser, uniqueEmail } from '../support/api';
import { expectConsoleErrors, expectErrorStatus, expectNoSeriousAxeViolations, failOnPageErrors, launchChromium, openPage, screenshot } from '../support/browser';
import { ROOT, startServer, type RunningServer } from '../support/server';

/**
 * The main journey in Chromium: sign up → create a network → invite from its People place → a
 * second person accepts → both see the network and each other; a stranger gets the not-found
 * page. Screenshots are kept in test-artifacts/.
 */

jest.setTimeout(120_000);

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ WEB_BUILD_DIR: join(ROOT, 'web/build') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
failOnPageErrors();

const newPage = (viewport = { width: 1280, height: 900 }) => openPage(browser, server.url, null, viewport);

async function signUp(page: Page, name: string, email: string, startPath = '/signup'): Promise<void> {
  await page.goto(server.url + startPath);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
}

it('sign up, create a network, invite, accept: both see the network; a stranger does not', async () => {
  const networkName = `Depression care collaborative ${Date.now()}`;

  // Ana signs up and lands in the directory.
  const ana = await newPage();
  await signUp(ana, 'Ana Ortiz', uniqueEmail('ana'));
  await ana.getByRole('heading', { level: 1, name: 'Networks' }).waitFor();
  await screenshot(ana, '01-directory');

  // She creates a private network and lands on its overview.
  await ana.getByRole('link', { name: /Create a network/ }).first().click();
  await ana.getByLabel('Name', { exact: true }).fill(networkName);
  await ana.getByLabel('Description').fill('Clinics in the valley finding and following up depression together.');
  await ana.getByLabel('Level').selectOption('organisation');
  await ana.getByRole('radio', { name: /Private/ }).check();
  await screenshot(ana, '02-create-network');
  await ana.getByRole('button', { name: 'Create network' }).click();
  await ana.getByRole('heading', { level: 1, name: networkName, exact: true }).waitFor();
  const networkUrl = ana.url();
  expect(networkUrl).toMatch(/\/networks\/[0-9a-f-]{36}$/);
  const places = ana.getByRole('navigation', { name: networkName });
  expect(await places.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');

  // She goes to People through the workspace's navigation and makes an invitation link there.
  await places.getByRole('link', { name: 'People' }).click();
  await ana.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  expect(await places.getByRole('link', { name: 'People' }).getAttribute('aria-current')).toBe('page');
  await ana.getByLabel('Role', { exact: true }).selectOption('member');
  await ana.getByRole('button', { name: 'Create invitation link' }).click();
  const invitationLink = ana.getByLabel('Invitation link');
  await invitationLink.waitFor();
  const link = await invitationLink.inputValue();
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  await screenshot(ana, '03-network-with-invitation');

  // Ben, on a phone, opens the link, signs up from it, and accepts.
  const ben = await newPage({ width: 390, height: 844 });
  const invitationPath = new URL(link).pathname;
  await ben.goto(server.url + invitationPath);
  await ben.getByText(`${networkName} is an organisation learning network.`).waitFor();
  await screenshot(ben, '04-invitation-signed-out');
  await ben.getByRole('link', { name: 'Create an account to accept' }).click();
  await ben.getByLabel('Your name').waitFor();
  await ben.getByLabel('Your name').fill('Ben Okoro');
  await ben.getByLabel('Email').fill(uniqueEmail('ben'));
  await ben.getByLabel('Password').fill('a long enough password');
  await ben.getByRole('button', { name: 'Create account' }).click();
  // Back on the invitation, now signed in.
  await ben.getByRole('button', { name: 'Accept and join' }).click();
  await ben.getByRole('heading', { level: 1, name: networkName, exact: true }).waitFor();
  expect(ben.url()).toBe(networkUrl);
  await ben.getByText('You are a member here').waitFor();
  await ben.getByRole('navigation', { name: networkName }).getByRole('link', { name: 'People' }).click();
  await ben.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  await ben.getByText('Ana Ortiz').first().waitFor();
  // A new member's way out is there, but quiet and at the end of People.
  await ben.getByRole('button', { name: 'Leave this network' }).waitFor();
  await screenshot(ben, '05-member-view-mobile');

  // Both see the network in their directory, and Ana sees Ben among the members.
  await ben.goto(server.url + '/networks');
  await ben.getByRole('link', { name: networkName }).first().waitFor();
  await ana.reload();
  await ana.getByText('Ben Okoro').first().waitFor();
  await ana.goto(server.url + '/networks');
  await ana.getByRole('link', { name: networkName }).first().waitFor();
  await screenshot(ana, '06-directory-after');

  // A third person who was not invited cannot find it: the private network is invisible.
  const stranger = await newPage();
  await signUp(stranger, 'Cy Stranger', uniqueEmail('cy'));
  await stranger.getByRole('heading', { level: 1, name: 'Networks' }).waitFor();
  expectErrorStatus(networkUrl, 404);
  const response = await stranger.goto(networkUrl);
  expect(response?.status()).toBe(404);
  await stranger.getByText('This network does not exist, or you do not have access to it.').waitFor();
  expect(await stranger.content()).not.toContain(networkName);
  await screenshot(stranger, '07-private-network-hidden');
});

describe('signing up', () => {
  it('with an email that already has an account: says plainly that the email and password do not match, and offers sign-in', async () => {
    const owner = await newUser(server.url, { displayName: 'Dee Owner' });
    const page = await newPage();
    // The sign-in that follows the registration is refused (401), which the browser logs.
    expectConsoleErrors(/status of 401/, `${server.url}/api/auth/login`);
    await signUp(page, 'Someone Else', owner.email);
    const problem = page.getByText('That email and password do not match an account. If you already have an account with this email address, sign in with its password.');
    await problem.waitFor();
    // Focus lands on the message, so that a screen reader reads it out.
    expect(await problem.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectNoSeriousAxeViolations(page, 'sign-up, email already has an account');
    await screenshot(page, '08-sign-up-email-has-an-account');
    await page.getByRole('link', { name: 'Sign in instead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  });

  it('with a common password: says why next to the password, and creates nothing', async () => {
    const page = await newPage();
    expectConsoleErrors(/status of 400/, `${server.url}/api/auth/register`);
    await page.goto(server.url + '/signup');
    await page.getByLabel('Your name').fill('Eve Simple');
    await page.getByLabel('Email').fill(uniqueEmail('eve'));
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Next to the Password field, the sentence does not name the password twice.
    await page.getByText('That is a commonly used password, so it is among the first anyone would try.').waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '09-sign-up-common-password');
  });
});
