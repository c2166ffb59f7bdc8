import { addMember, newNetwork, newUser } from '../support/api';
import { writeLessonWithBarriers } from '../support/barriers';
import { browserSuite, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * A lesson's page and what hangs off it: "Discuss this lesson" starts the first thread, which
 * shows the lesson it is about and leads back to it; the next click opens that thread; a reader
 * who may not write sees the threads and no way to start one; a systemic barrier leads to its
 * entry in the register, highlighted. Axe finds nothing serious, at desktop and phone widths.
 */

jest.setTimeout(180_000);

const suite = browserSuite();
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

it('starts a thread from the lesson, lands in it, finds it again from the lesson, and lets a reader only read', async () => {
  const { server, browser } = suite;
  const tag = Date.now();
  const admin = await newUser(server.url, { displayName: 'Ada Admin' });
  const network = await newNetwork(admin, { name: `Lesson threads ${tag}`, level: 'national' });
  const writer = await newUser(server.url, { displayName: 'Wren Writer' });
  const peer = await newUser(server.url, { displayName: 'Pat Peer' });
  await addMember(admin, network.id, writer, 'member');
  await addMember(admin, network.id, peer, 'member');
  const title = 'Text reminders missed people without a mobile';
  const lesson = await writeLessonWithBarriers(writer, network.id, [{ description: 'The text gateway is run by the region', kind: 'systemic' }], { title });
  const lessonUrl = `${server.url}/networks/${network.id}/lessons/${lesson.id}`;

  const page = await openPage(browser, server.url, peer, DESKTOP);
  await page.goto(lessonUrl);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByText('No one has talked about this lesson yet.').waitFor();
  await expectNoSeriousAxeViolations(page, 'lesson with no threads');
  await screenshot(page, 'lesson-threads-none-1280');

  await page.getByRole('link', { name: 'Discuss this lesson' }).click();
  await page.getByRole('heading', { name: 'Start a thread' }).waitFor();
  // The new thread is about the lesson, and says so before it is posted.
  expect(await page.getByRole('checkbox', { name: `About the lesson “${title}”` }).isChecked()).toBe(true);
  await page.getByLabel('Title').fill('Did anyone try letters instead?');
  await page.getByLabel('What you want to say').fill('We are about to try text reminders ourselves.');
  await expectNoSeriousAxeViolations(page, 'new thread about a lesson');
  await page.getByRole('button', { name: 'Post the thread' }).click();

  await page.getByRole('heading', { level: 1, name: 'Did anyone try letters instead?' }).waitFor();
  const about = page.locator('p.subject');
  await about.getByText('About the lesson').waitFor();
  expect(await about.getByRole('link', { name: title }).getAttribute('href')).toBe(`/networks/${network.id}/lessons/${lesson.id}`);
  await expectNoSeriousAxeViolations(page, 'thread about a lesson');
  await screenshot(page, 'lesson-thread-1280');
  const threadUrl = page.url();

  // Back on the lesson: the thread is listed, and "Discuss this lesson" opens it.
  await about.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const discussions = page.getByRole('region', { name: /Discussions/ });
  await discussions.getByRole('heading', { name: 'Discussions (1)' }).waitFor();
  await discussions.getByRole('link', { name: 'Did anyone try letters instead?' }).waitFor();
  await expectNoSeriousAxeViolations(page, 'lesson with a thread');
  await screenshot(page, 'lesson-threads-one-1280');
  await page.getByRole('link', { name: 'Discuss this lesson' }).click();
  await page.waitForURL(threadUrl);
  await page.context().close();

  // A reader from outside the network: the thread, and no way to start another.
  const outsider = await newUser(server.url, { displayName: 'Otto Outsider' });
  const reader = await openPage(browser, server.url, outsider, PHONE);
  await reader.goto(lessonUrl);
  const readerDiscussions = reader.getByRole('region', { name: /Discussions/ });
  await readerDiscussions.getByRole('link', { name: 'Did anyone try letters instead?' }).waitFor();
  expect(await reader.getByRole('link', { name: 'Start another thread about it' }).count()).toBe(0);
  await expectNoSeriousAxeViolations(reader, 'lesson seen by a reader');
  await screenshot(reader, 'lesson-threads-reader-390');
  await reader.context().close();
});

it('leads from a systemic barrier on the lesson to its highlighted entry in the register, and back', async () => {
  const { server, browser } = suite;
  const tag = Date.now();
  const owner = await newUser(server.url, { displayName: 'Olive Owner' });
  const network = await newNetwork(owner, { name: `Barrier trail ${tag}`, level: 'organisation' });
  const description = 'Interpreters are booked by the county';
  const title = 'Booking interpreters for reviews';
  // Older barriers first, then enough newer ones that the followed barrier is not on the register's first page.
  const lesson = await writeLessonWithBarriers(owner, network.id, [{ description, kind: 'systemic' }], { title });
  for (let index = 0; index < 21; index += 1) {
    await writeLessonWithBarriers(owner, network.id, [{ description: `Another barrier ${index}`, kind: 'systemic' }]);
  }

  for (const viewport of [DESKTOP, PHONE]) {
    const page = await openPage(browser, server.url, owner, viewport);
    await page.goto(`${server.url}/networks/${network.id}/lessons/${lesson.id}`);
    const barrier = page.locator('ul.barriers li', { hasText: description });
    await barrier.getByText('Waiting for an answer').waitFor();
    await expectNoSeriousAxeViolations(page, `lesson barriers at ${viewport.width} px`);
    await screenshot(page, `lesson-barriers-${viewport.width}`);
    await barrier.getByRole('link', { name: /See it in the barrier register/ }).click();

    const card = page.locator('li.barrier.focused');
    await card.getByRole('heading', { name: description }).waitFor();
    await card.getByText('The barrier you came here to see').waitFor();
    expect(await page.locator('li.barrier', { hasText: description }).count()).toBe(1);
    expect(await card.getByRole('heading', { name: description }).evaluate((element) => element === document.activeElement)).toBe(true);
    await expectNoSeriousAxeViolations(page, `followed barrier at ${viewport.width} px`);
    await screenshot(page, `barriers-followed-${viewport.width}`);
    await card.getByRole('link', { name: `Read the lesson: ${title}` }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.context().close();
  }
});
