import { addMember, newNetwork, newUser, uniqueEmail } from '../support/api';
import { browserSuite, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * Invitation links as the invitee meets them: signing up from one says which network it is for,
 * and opening one again once in the network says so and leads there, instead of calling the link
 * expired.
 */

jest.setTimeout(120_000);

const suite = browserSuite();
const PHONE = { width: 390, height: 844 };

it('signing up from an invitation names the network; opening the used link again says you are a member and opens it', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url);
  const network = await newNetwork(admin, { name: `Hillside ${Date.now()}`, level: 'organisation', visibility: 'private' });
  const email = uniqueEmail('maria');
  const invitation = (await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member', email })).body;
  const invitationPath = new URL(invitation.url).pathname;

  const page = await openPage(browser, server.url, null, PHONE);
  await page.goto(server.url + invitationPath);
  await page.getByRole('link', { name: 'Sign in to accept' }).click();
  await page.getByText(`Sign in to accept your invitation to join ${network.name}.`).waitFor();
  await page.locator('#main').getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { level: 1, name: `Create an account to join ${network.name}` }).waitFor();
  await page.getByText(`You are invited to join ${network.name} as a member.`).waitFor();
  await expectNoSeriousAxeViolations(page, 'sign-up from an invitation');
  await screenshot(page, 'invitation-sign-up');
  await page.getByLabel('Your name').fill('Maria Santos');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Accept and join' }).click();
  await page.getByRole('heading', { level: 1, name: network.name, exact: true }).waitFor();

  // The link was for her alone and is used now; opening it again is not a dead end.
  await page.goto(server.url + invitationPath);
  await page.getByRole('heading', { level: 1, name: `You are already a member of ${network.name}` }).waitFor();
  expect(await page.getByText(/expired|withdrawn/).count()).toBe(0);
  await expectNoSeriousAxeViolations(page, 'used invitation, opened by its member');
  await screenshot(page, 'invitation-already-member');
  await page.getByRole('link', { name: `Open ${network.name}` }).click();
  await page.getByRole('heading', { level: 1, name: network.name, exact: true }).waitFor();
  expect(page.url()).toBe(`${server.url}/networks/${network.id}`);
});

it('a member opening a link for a higher role can accept it, and is told what it changes', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url);
  const member = await newUser(server.url);
  const network = await newNetwork(admin, { name: `Lakeside ${Date.now()}` });
  await addMember(admin, network.id, member, 'member');
  const coachLink = (await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'coach' })).body;

  const page = await openPage(browser, server.url, member, { width: 1280, height: 900 });
  await page.goto(coachLink.url.replace(/^https?:\/\/[^/]+/, server.url));
  await page.getByRole('heading', { level: 1, name: `You are already a member of ${network.name}` }).waitFor();
  await page.getByText('This invitation would make you a coach').waitFor();
  await page.waitForLoadState('networkidle');
  await expectNoSeriousAxeViolations(page, 'invitation for a higher role, opened by a member');
  await screenshot(page, 'invitation-promotes-member');
  await page.getByRole('button', { name: 'Accept and become a coach' }).click();
  await page.getByText('You are a coach here').waitFor();
  expect((await member.client.get(`/api/networks/${network.id}`)).body.myRole).toBe('coach');
});
