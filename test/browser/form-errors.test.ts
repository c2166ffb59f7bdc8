import type { Page } from 'playwright-core';
import { ApiClient, PASSWORD, newNetwork, newUser } from '../support/api';
import { browserSuite, expectConsoleErrors, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * A failure the browser cannot foresee (a name of spaces only, a name another network already
 * has) comes back from the server with `fields`; the form shows each message next to its field,
 * worded with the field's own label, and moves focus there.
 */

jest.setTimeout(120_000);

const suite = browserSuite();

/** The field's error as people see and hear it: its text, and that the field points to it and holds focus. */
async function fieldError(page: Page, id: string): Promise<{ text: string | null; invalid: string | null; describedBy: string | null; focused: boolean }> {
  const error = page.locator(`#${id}-error`);
  await error.waitFor();
  const field = page.locator(`#${id}`);
  return {
    text: await error.textContent(),
    invalid: await field.getAttribute('aria-invalid'),
    describedBy: await field.getAttribute('aria-describedby'),
    focused: await page.evaluate((fieldId) => document.activeElement?.id === fieldId, id),
  };
}

it('a validation error from the server shows next to its field, in the label’s words, and nothing is saved', async () => {
  const { server, browser } = suite;
  const user = await newUser(server.url, { displayName: 'Nadia Rahman' });
  const page = await openPage(browser, server.url, user, { width: 1280, height: 900 });
  expectConsoleErrors(/the server responded with a status of 400\b/);
  await page.goto(`${server.url}/profile`);
  // The form is rendered on the server; it submits through the API once the page has come alive.
  await page.waitForLoadState('networkidle');
  // Spaces pass the browser's "required" check; the server trims them and finds nothing left.
  await page.getByLabel('Your name').fill('   ');
  await page.getByRole('button', { name: 'Save details' }).click();

  expect(await fieldError(page, 'displayName')).toEqual({
    text: 'Your name must be 1 to 80 characters',
    invalid: 'true',
    describedBy: 'displayName-error',
    focused: true,
  });
  // The only problem is the field's: nothing is said at the top of the form.
  expect(await page.locator('.form-error').count()).toBe(0);
  await screenshot(page, 'form-errors-profile-name');
  await expectNoSeriousAxeViolations(page, 'profile form with a field error');
  expect((await user.client.get('/api/auth/me')).body.displayName).toBe('Nadia Rahman');
});

it('a conflict about one field (a network name already taken) shows next to that field, on a phone too', async () => {
  const { server, browser } = suite;
  const user = await newUser(server.url);
  const taken = await newNetwork(user, { name: `Valley collaborative ${Date.now()}`, level: 'national' });
  const page = await openPage(browser, server.url, user, { width: 390, height: 844 });
  expectConsoleErrors(/the server responded with a status of 409\b/);
  await page.goto(`${server.url}/networks/new`);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Name', { exact: true }).fill(taken.name);
  await page.getByLabel('Level').selectOption('national');
  await page.getByRole('button', { name: 'Create network' }).click();

  expect(await fieldError(page, 'name')).toEqual({
    text: 'Name is already used by another network at this level that is not part of a larger network. Choose a different name.',
    invalid: 'true',
    describedBy: 'name-hint name-error',
    focused: true,
  });
  expect(await page.locator('.form-error').count()).toBe(0);
  await screenshot(page, 'form-errors-network-name-taken');
  await expectNoSeriousAxeViolations(page, 'new network form with a field error');
  expect((await user.client.get('/api/networks?mine=true')).body.total).toBe(1);
});

it('a wrong current password is said plainly next to its field, without naming the field twice', async () => {
  const { server, browser } = suite;
  const user = await newUser(server.url);
  const page = await openPage(browser, server.url, user, { width: 390, height: 844 });
  expectConsoleErrors(/the server responded with a status of 400\b/);
  await page.goto(`${server.url}/profile`);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password').fill('a brand new sentence of mine');
  await page.getByRole('button', { name: 'Change password' }).click();

  expect(await fieldError(page, 'currentPassword')).toEqual({
    text: 'That is not your current password.',
    invalid: 'true',
    describedBy: 'currentPassword-error',
    focused: true,
  });
  await screenshot(page, 'form-errors-wrong-current-password');
  await expectNoSeriousAxeViolations(page, 'profile, wrong current password');
  // The password did not change: the old one still signs in.
  expect((await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
});
