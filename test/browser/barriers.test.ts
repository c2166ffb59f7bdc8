import { addMember, newNetwork, newUser } from '../support/api';
import { writeLessonWithBarriers } from '../support/barriers';
import { browserSuite, expectConsoleErrors, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * The barrier register page: empty at first, then a clinic's systemic barrier seen from the
 * national network, answered by its coach with the keyboard only, and the answer seen by the
 * clinic; at desktop and phone widths, with no serious axe violation.
 */

jest.setTimeout(180_000);

const suite = browserSuite();

it('shows an empty register, then a barrier from below that a coach answers by keyboard and the clinic sees answered', async () => {
  const { server, browser } = suite;
  const tag = Date.now();
  const owner = await newUser(server.url, { displayName: 'Olive Owner' });
  const national = await newNetwork(owner, { name: `Hill country national ${tag}`, level: 'national' });
  const region = await newNetwork(owner, { name: `Hill country north ${tag}`, level: 'subnational', parentId: national.id });
  const clinic = await newNetwork(owner, { name: `Brookside practice ${tag}`, level: 'organisation', parentId: region.id });
  const author = await newUser(server.url, { displayName: 'Ana Author' });
  await addMember(owner, clinic.id, author, 'member');
  const coach = await newUser(server.url, { displayName: 'Nate Coach' });
  await addMember(owner, national.id, coach, 'coach');

  const empty = await openPage(browser, server.url, coach, { width: 1280, height: 900 });
  await empty.goto(`${server.url}/networks/${national.id}/barriers`);
  await empty.getByRole('heading', { level: 1, name: 'Barriers' }).waitFor();
  await empty.getByText('No systemic barriers yet.').waitFor();
  await expectNoSeriousAxeViolations(empty, 'empty barrier register');
  await screenshot(empty, 'barriers-empty-1280');
  await empty.context().close();

  const description = 'No funded care-manager post for follow-up calls';
  await writeLessonWithBarriers(author, clinic.id, [{ description, kind: 'systemic' }], { title: 'Phone follow-up after a positive screen' });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await openPage(browser, server.url, coach, viewport);
    await page.goto(`${server.url}/networks/${national.id}/barriers`);
    await page.waitForLoadState('networkidle');
    const card = page.locator('li.barrier', { hasText: description });
    await card.getByText('Waiting for an answer').waitFor();
    await card.getByText(`Raised in ${clinic.name}`).waitFor();
    await expectNoSeriousAxeViolations(page, `barrier register at ${viewport.width} px`);
    await screenshot(page, `barriers-register-${viewport.width}`);
    await page.context().close();
  }

  // Answer with the keyboard only: Tab to the Answer button, Enter, choose, type, send.
  const page = await openPage(browser, server.url, coach, { width: 1280, height: 900 });
  await page.goto(`${server.url}/networks/${national.id}/barriers`);
  await page.waitForLoadState('networkidle');
  const answerButton = page.getByRole('button', { name: `Answer “${description}”` });
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press('Tab');
    if (await answerButton.evaluate((element) => element === document.activeElement)) break;
  }
  expect(await answerButton.evaluate((element) => element === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  const answer = page.getByLabel('Answer', { exact: true });
  await answer.waitFor();
  expect(await answer.evaluate((element) => element === document.activeElement)).toBe(true);
  await answer.selectOption('being_addressed');
  await page.keyboard.press('Tab');
  await page.keyboard.type('We have asked the health board to fund the post.');
  // Sending an empty-looking form is refused with the field named; this one is fine.
  await expectNoSeriousAxeViolations(page, 'answer form open');
  await screenshot(page, 'barriers-answer-form-1280');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Your answer was sent.').waitFor();
  const card = page.locator('li.barrier', { hasText: description });
  await card.getByText('We have asked the health board to fund the post.').waitFor();
  await card.locator('.badge', { hasText: 'Being addressed' }).waitFor();
  // Narrowing the list afterwards does not keep saying the answer was just sent.
  await page.getByLabel('Show').selectOption('being_addressed');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/status=being_addressed/);
  await card.waitFor();
  expect(await page.getByText('Your answer was sent.').count()).toBe(0);
  await page.context().close();

  // The clinic sees the answer, with the national network's name.
  const clinicPage = await openPage(browser, server.url, author, { width: 390, height: 844 });
  await clinicPage.goto(`${server.url}/networks/${clinic.id}/barriers`);
  const seen = clinicPage.locator('li.barrier', { hasText: description });
  await seen.getByText('We have asked the health board to fund the post.').waitFor();
  await seen.getByText(national.name).waitFor();
  expect(await seen.getByRole('button', { name: /Answer/ }).count()).toBe(0);
  await expectNoSeriousAxeViolations(clinicPage, 'answered barrier seen by the clinic');
  await screenshot(clinicPage, 'barriers-answered-390');

  // The writer of the lesson is told, and the notice opens the barrier, marked as the one they came to see.
  await clinicPage.goto(`${server.url}/networks`);
  await clinicPage.getByRole('button', { name: /Notifications/ }).click();
  await clinicPage.getByRole('link', { name: new RegExp(`${national.name} answered a barrier you raised`) }).click();
  await clinicPage.waitForURL(/\/barriers\?barrier=/);
  await seen.getByText('The barrier you came here to see').waitFor();
  await clinicPage.context().close();
});

it('refuses an empty reply next to the field, by keyboard', async () => {
  const { server, browser } = suite;
  const tag = Date.now();
  const owner = await newUser(server.url);
  const national = await newNetwork(owner, { name: `Empty reply national ${tag}`, level: 'national' });
  const clinic = await newNetwork(owner, { name: `Empty reply clinic ${tag}`, level: 'organisation', parentId: national.id });
  await writeLessonWithBarriers(owner, clinic.id, [{ description: 'The text gateway blocks practices', kind: 'systemic' }]);

  const page = await openPage(browser, server.url, owner, { width: 1280, height: 900 });
  await page.goto(`${server.url}/networks/${national.id}/barriers`);
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Answer “The text gateway blocks practices”' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Answer', { exact: true }).waitFor();
  // The browser logs the refused request; that refusal is what this test is about.
  expectConsoleErrors(/status of 400/);
  await page.getByRole('button', { name: 'Send the answer' }).focus();
  await page.keyboard.press('Enter');
  const reply = page.getByRole('textbox', { name: 'Reply' });
  await page.locator('.field-error').first().waitFor();
  // One plain reason, not the same complaint twice over.
  expect(await page.locator('.field-error').allTextContents()).toEqual(['Reply must not be empty']);
  expect(await reply.getAttribute('aria-invalid')).toBe('true');
  expect(await reply.evaluate((element) => element === document.activeElement)).toBe(true);
  await expectNoSeriousAxeViolations(page, 'empty reply refused');
  // Escape closes the form and gives focus back to the button.
  await page.keyboard.press('Escape');
  const again = page.getByRole('button', { name: 'Answer “The text gateway blocks practices”' });
  await again.waitFor();
  expect(await again.evaluate((element) => element === document.activeElement)).toBe(true);
  await page.context().close();
});

it('lets a regional coach link two clinics’ barriers as one by keyboard, shows how many places hit it, and unlink it', async () => {
  const { server, browser } = suite;
  const tag = Date.now();
  const owner = await newUser(server.url);
  const region = await newNetwork(owner, { name: `Linking region ${tag}`, level: 'subnational' });
  const east = await newNetwork(owner, { name: `East clinic ${tag}`, level: 'organisation', parentId: region.id });
  const west = await newNetwork(owner, { name: `West clinic ${tag}`, level: 'organisation', parentId: region.id });
  const coach = await newUser(server.url, { displayName: 'Rhea Coach' });
  await addMember(owner, region.id, coach, 'coach');
  await writeLessonWithBarriers(owner, east.id, [{ description: 'No interpreter budget in the east', kind: 'systemic' }]);
  await writeLessonWithBarriers(owner, west.id, [{ description: 'No interpreter budget in the west', kind: 'systemic' }]);

  const page = await openPage(browser, server.url, coach, { width: 1280, height: 900 });
  await page.goto(`${server.url}/networks/${region.id}/barriers`);
  await page.waitForLoadState('networkidle');
  for (const side of ['east', 'west']) {
    await page.getByRole('checkbox', { name: `Select to link “No interpreter budget in the ${side}”` }).focus();
    await page.keyboard.press('Space');
  }
  const linkButton = page.getByRole('button', { name: 'Link selected as one (2)' });
  await linkButton.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Linked as one barrier. Hit in 2 places.').waitFor();
  const eastCard = page.locator('li.barrier', { hasText: 'No interpreter budget in the east' });
  await eastCard.getByText(`Hit in 2 places`).waitFor();
  await eastCard.getByText(`also raised by ${west.name}`).waitFor();
  await expectNoSeriousAxeViolations(page, 'linked barriers');
  await screenshot(page, 'barriers-linked-1280');

  await eastCard.getByRole('button', { name: 'Unlink “No interpreter budget in the east”' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('The barrier was unlinked.').waitFor();
  expect(await page.getByText('Hit in 2 places').count()).toBe(0);
  await page.context().close();
});

it('narrows the register by status with the keyboard, keeps the choice in the address, and says when nothing matches', async () => {
  const { server, browser } = suite;
  const tag = Date.now();
  const owner = await newUser(server.url);
  const region = await newNetwork(owner, { name: `Filter region ${tag}`, level: 'subnational' });
  const clinic = await newNetwork(owner, { name: `Filter clinic ${tag}`, level: 'organisation', parentId: region.id });
  const lesson = await writeLessonWithBarriers(owner, clinic.id, [
    { description: 'Nobody funds the care-manager post', kind: 'systemic' },
    { description: 'The text gateway is run by the region', kind: 'systemic' },
  ]);
  const answered = await owner.client.post(`/api/barriers/${lesson.barriers[0].id}/responses`, { status: 'being_addressed', reply: 'We are costing the post.' });
  expect(answered.status).toBe(201);

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await openPage(browser, server.url, owner, viewport);
    await page.goto(`${server.url}/networks/${clinic.id}/barriers`);
    await page.waitForLoadState('networkidle');
    const show = page.getByLabel('Show', { exact: true });
    await show.focus();
    await show.selectOption('being_addressed');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?status=being_addressed$/);
    await page.locator('li.barrier', { hasText: 'Nobody funds the care-manager post' }).waitFor();
    expect(await page.locator('li.barrier').count()).toBe(1);
    await expectNoSeriousAxeViolations(page, `register narrowed by status at ${viewport.width} px`);
    await screenshot(page, `barriers-filtered-${viewport.width}`);

    // The address carries the choice: opened afresh, the same barriers and the same choice.
    await page.goto(`${server.url}/networks/${clinic.id}/barriers?status=open`);
    await page.locator('li.barrier', { hasText: 'The text gateway is run by the region' }).waitFor();
    expect(await page.locator('li.barrier').count()).toBe(1);
    expect(await page.getByLabel('Show', { exact: true }).inputValue()).toBe('open');

    await page.goto(`${server.url}/networks/${clinic.id}/barriers?status=out_of_scope`);
    await page.getByText('No barriers here are “Out of scope”.').waitFor();
    await page.getByRole('link', { name: 'Show every barrier' }).first().click();
    await page.waitForURL(`${server.url}/networks/${clinic.id}/barriers`);
    await page.locator('li.barrier').nth(1).waitFor();
    expect(await page.locator('li.barrier').count()).toBe(2);

    // A followed barrier the register does not hold is said to be missing, and the register still shows.
    await page.goto(`${server.url}/networks/${clinic.id}/barriers?barrier=${crypto.randomUUID()}`);
    await page.getByText('The barrier you followed is not in this register').waitFor();
    expect(await page.locator('li.barrier').count()).toBe(2);
    await page.context().close();
  }
});
