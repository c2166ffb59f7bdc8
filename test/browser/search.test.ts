import { newNetwork, newUser } from '../support/api';
import { newPost, newThread } from '../support/discussions';
import { browserSuite, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';
import { searchable } from '../support/search';

/**
 * Search as people meet it: typing in the header's search box lists results as you type, the
 * arrow keys and Enter open one; Enter alone opens the full results page, where facets narrow
 * the list by keyboard. Every state passes axe, at desktop and phone widths.
 */

jest.setTimeout(180_000);

const suite = browserSuite({ POSTS_PER_MINUTE: '1000', THREADS_PER_HOUR: '1000' });
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

it('searches from the header by keyboard and narrows on the results page', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url, { displayName: 'Sana Searcher' });
  const network = await newNetwork(admin, { name: `Lowland depression care ${Date.now()}`, visibility: 'private' });
  const thread = await newThread(admin, network.id, { title: 'Gannet follow-up calls after a PDSA', body: 'We called every gannet patient within seven days.', tags: ['follow-up'] });
  await newPost(admin, thread.id, { body: 'The gannet calls worked better in the mornings.' });
  await newThread(admin, network.id, { title: 'Gannet reminders by text', body: 'Texts before appointments cut did not attend rates.' });
  await searchable(admin, 'gannet', (hit) => hit.id === thread.id);

  const page = await openPage(browser, server.url, admin, DESKTOP);
  await page.goto(`${server.url}/networks`);
  const box = page.getByRole('combobox', { name: 'Search lessons, discussions and change ideas' });
  await box.focus();
  await page.keyboard.type('gannet folow');
  const listbox = page.getByRole('listbox', { name: 'Search results' });
  await listbox.getByRole('option').first().waitFor();
  await expectNoSeriousAxeViolations(page, 'the header search with results');
  await screenshot(page, 'search-header');
  await page.keyboard.press('ArrowDown');
  expect(await box.getAttribute('aria-activedescendant')).toBe('header-search-results-0');
  const first = await listbox.getByRole('option').first().locator('.title').textContent();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/discussions\//);
  await page.getByRole('heading', { level: 1, name: first! }).waitFor();
  expect(await box.inputValue()).toBe('');

  // Enter without choosing opens the full results page.
  await box.focus();
  await page.keyboard.type('gannet');
  await listbox.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=gannet/);
  await page.getByRole('heading', { level: 2, name: /results for “gannet”/ }).waitFor();
  const results = page.getByRole('region', { name: /for “gannet”/ });
  await results.getByRole('link', { name: 'Gannet reminders by text' }).waitFor();
  expect(await results.locator('mark').first().textContent()).toMatch(/gannet/i);
  await expectNoSeriousAxeViolations(page, 'the search results page');
  await screenshot(page, 'search-results');

  // A facet, reached by Tab and followed with Enter, narrows to replies only.
  const facets = page.getByRole('navigation', { name: 'Narrow the results' });
  const replies = facets.getByRole('link', { name: /Replies/ });
  await replies.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/type=post/);
  await page.getByText('Showing only:').waitFor();
  await results.getByRole('listitem').first().waitFor();
  expect(await results.getByRole('listitem').count()).toBe(1);

  // Nothing found says so, and what to try.
  await page.goto(`${server.url}/search?q=zzqxjv`);
  await page.getByText(/Nothing matched “zzqxjv”/).waitFor();
  await expectNoSeriousAxeViolations(page, 'the empty search page');

  const phone = await openPage(browser, server.url, admin, PHONE);
  await phone.goto(`${server.url}/search?q=gannet`);
  await phone.getByRole('heading', { level: 2, name: /results for “gannet”/ }).waitFor();
  await expectNoSeriousAxeViolations(phone, 'the search results page on a phone');
  await screenshot(phone, 'search-results-phone');
});

it('finds lessons, failures included: narrows to "did not work" and opens the lesson', async () => {
  const { server, browser } = suite;
  const writer = await newUser(server.url, { displayName: 'Lena Lessons' });
  const network = await newNetwork(writer, { name: `Kittiwake network ${Date.now()}`, visibility: 'private' });
  const lesson = (outcome: string, title: string) =>
    writer.client.post(`/api/networks/${network.id}/lessons`, {
      title,
      context: { setting: 'General practice' },
      tried: 'Kittiwake reminder calls the day before',
      happened: 'Some people came, some did not',
      outcome,
      why: 'Calls in working hours reach few people',
      status: 'published',
    });
  const failed = await lesson('did_not_work', 'Kittiwake calls in working hours');
  const worked = await lesson('worked', 'Kittiwake calls in the evening');
  expect([failed.status, worked.status]).toEqual([201, 201]);
  await searchable(writer, 'kittiwake', (hit) => hit.id === failed.body.id);
  await searchable(writer, 'kittiwake', (hit) => hit.id === worked.body.id);

  const page = await openPage(browser, server.url, writer, DESKTOP);
  await page.goto(`${server.url}/search?q=kittiwake`);
  const results = page.getByRole('region', { name: /for “kittiwake”/ });
  // Both outcomes are shown by default, each with its badge.
  await results.getByRole('link', { name: 'Kittiwake calls in working hours' }).waitFor();
  await results.getByRole('link', { name: 'Kittiwake calls in the evening' }).waitFor();
  const facets = page.getByRole('navigation', { name: 'Narrow the results' });
  await facets.getByRole('link', { name: /Did not work/ }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/outcome=did_not_work/);
  await page.getByText('Showing only:').waitFor();
  await expect(results.getByRole('link', { name: 'Kittiwake calls in the evening' }).count()).resolves.toBe(0);
  await expectNoSeriousAxeViolations(page, 'search narrowed to failures');
  await screenshot(page, 'search-failures');
  await results.getByRole('link', { name: 'Kittiwake calls in working hours' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/lessons/${failed.body.id}`));
  await page.getByRole('heading', { level: 1, name: 'Kittiwake calls in working hours' }).waitFor();
});

it('lists a discussion once in the header however many of its replies match, so a lesson still shows; on a phone the results start on the first screen', async () => {
  const { server, browser } = suite;
  const writer = await newUser(server.url, { displayName: 'Pat Puffin' });
  const network = await newNetwork(writer, { name: `Puffin network ${Date.now()}`, visibility: 'private' });
  // The lesson is written first: the newer discussion and its replies rank above it on a tie.
  const lesson = await writer.client.post(`/api/networks/${network.id}/lessons`, {
    title: 'Puffin calls in working hours',
    context: { setting: 'General practice' },
    tried: 'Puffin reminder calls the day before',
    happened: 'Few people answered',
    outcome: 'did_not_work',
    why: 'People are at work',
    tags: ['phone', 'reminders', 'follow-up', 'evenings', 'working-hours', 'access', 'nurses', 'scripts'],
    status: 'published',
  });
  expect(lesson.status).toBe(201);
  const thread = await newThread(writer, network.id, { title: 'Puffin follow-up calls', body: 'How do you make puffin calls work?' });
  for (let reply = 1; reply <= 6; reply++) await newPost(writer, thread.id, { body: `Puffin calls, try number ${reply}.` });
  await searchable(writer, 'puffin', (hit) => hit.id === lesson.body.id);
  await searchable(writer, 'puffin', (hit) => hit.type === 'post' && hit.snippet.includes('number 6'));

  const page = await openPage(browser, server.url, writer, DESKTOP);
  await page.goto(`${server.url}/networks`);
  const box = page.getByRole('combobox', { name: 'Search lessons, discussions and change ideas' });
  await box.focus();
  await page.keyboard.type('puffin');
  const listbox = page.getByRole('listbox', { name: 'Search results' });
  await listbox.getByRole('option', { name: /Puffin calls in working hours/ }).waitFor();
  const titles = await listbox.getByRole('option').locator('.title').allTextContents();
  expect(titles.filter((title) => title === 'Puffin follow-up calls')).toHaveLength(1);
  await listbox.getByRole('option', { name: /Puffin calls in working hours/ }).getByText('Did not work').waitFor();
  await screenshot(page, 'search-header-one-per-discussion');

  // On a phone the filters sit above the results in rows, so the first results show without scrolling.
  const phone = await openPage(browser, server.url, writer, PHONE);
  await phone.goto(`${server.url}/search?q=puffin`);
  const heading = phone.getByRole('heading', { level: 2, name: /results for “puffin”/ });
  await heading.waitFor();
  // The heading and the first result's title, at least, are on the first screen.
  const firstResult = phone.getByRole('region', { name: /for “puffin”/ }).getByRole('listitem').first().getByRole('heading');
  const bottom = await firstResult.evaluate((element) => element.getBoundingClientRect().bottom);
  expect(bottom).toBeLessThan(PHONE.height);
  await screenshot(phone, 'search-results-phone-filters-in-rows');
});
