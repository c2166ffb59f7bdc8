import type { Page } from 'playwright-core';
import { join } from 'node:path';
import * as Y from 'yjs';
import { ChangePackageWriter } from '../../server/src/shared/change-package.document';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { ARTIFACTS, browserSuite, expectConsoleErrors, expectNoSeriousAxeViolations, openPage, screenshot, waitForSaved } from '../support/browser';
import { connectProvider, destroyProvider, synced } from '../support/collab';

/**
 * Discussions in the browser, against the real server: two people on one thread see each other's
 * posts arrive live; replies, quotes, reactions, edits with their history, @mentions by keyboard,
 * anonymous posts that never carry the writer's name, and a moderator hiding a post.
 */

jest.setTimeout(180_000);

const suite = browserSuite();
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let ada: TestUser; // admin (and so a moderator)
let ben: TestUser; // member, in a team
let cy: TestUser; // member
let network: { id: string; name: string };

beforeAll(async () => {
  const { server } = suite;
  ada = await newUser(server.url, { displayName: 'Ada Lovelace' });
  ben = await newUser(server.url, { displayName: 'Ben Okoro' });
  cy = await newUser(server.url, { displayName: 'Cy Marsh' });
  network = await newNetwork(ada, { name: `Northshore depression care ${Date.now()}`, level: 'national' });
  await addMember(ada, network.id, ben, 'member');
  await addMember(ada, network.id, cy, 'member');
  const team = (await ada.client.post(`/api/networks/${network.id}/teams`, { name: 'Riverside practice' })).body;
  await ada.client.patch(`/api/networks/${network.id}/members/${ben.id}`, { teamId: team.id });
});

async function newThread(by: TestUser, title: string, body = 'How do you book follow-up calls after a diagnosis?'): Promise<string> {
  const response = await by.client.post(`/api/networks/${network.id}/threads`, { title, body });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function openThread(user: TestUser, threadId: string, viewport = DESKTOP): Promise<Page> {
  const page = await openPage(suite.browser, suite.server.url, user, viewport);
  await page.goto(`${suite.server.url}/networks/${network.id}/discussions/${threadId}`);
  await page.waitForLoadState('networkidle');
  return page;
}

const post = (page: Page, text: string | RegExp) => page.locator('article.post', { hasText: text });

it('one person posts and the other sees it arrive live; reply, quote, reaction and an edit with its history', async () => {
  const threadId = await newThread(ada, 'Follow-up calls');
  const adaPage = await openThread(ada, threadId);
  const benPage = await openThread(ben, threadId);

  await benPage.getByLabel('Your reply').fill('We call every patient two weeks after the diagnosis.');
  await benPage.getByRole('button', { name: 'Post reply' }).click();
  await post(benPage, 'two weeks after').waitFor();
  // Ada did nothing: the post came through the thread's room.
  await post(adaPage, 'two weeks after').waitFor();

  // Reply to Ben's post: it sits under it.
  await post(adaPage, 'two weeks after').getByRole('button', { name: 'Reply to Ben Okoro' }).click();
  expect(await adaPage.evaluate(() => document.activeElement?.id)).toBe('reply-body');
  await adaPage.keyboard.type('Who makes the call, a nurse?');
  await adaPage.getByRole('button', { name: 'Post reply' }).click();
  await adaPage.locator('.replies article.post', { hasText: 'Who makes the call' }).waitFor();
  await benPage.locator('.replies article.post', { hasText: 'Who makes the call' }).waitFor();

  // Quote: a Markdown blockquote of the post goes into the composer.
  await post(benPage, 'Who makes the call').getByRole('button', { name: 'Quote Ada Lovelace' }).click();
  expect(await benPage.getByLabel('Your reply').inputValue()).toBe('> Ada Lovelace wrote:\n>\n> Who makes the call, a nurse?\n\n');
  await benPage.keyboard.type('Yes, our practice nurse.');
  await benPage.getByRole('button', { name: 'Post reply' }).click();
  await post(adaPage, 'our practice nurse').locator('blockquote', { hasText: 'Who makes the call' }).waitFor();

  // A reaction, with a name that says what it is and who reacted.
  await post(adaPage, 'two weeks after').getByRole('button', { name: 'React with Good idea' }).click();
  const reacted = post(adaPage, 'two weeks after').getByRole('button', { name: 'Good idea: 1 person, including you' });
  await reacted.waitFor();
  expect(await reacted.getAttribute('aria-pressed')).toBe('true');
  await post(benPage, 'two weeks after').getByRole('button', { name: 'Good idea: 1 person' }).waitFor();

  // Ben edits his post; the history shows what it said before.
  await post(benPage, 'two weeks after').getByRole('button', { name: 'Edit' }).click();
  await benPage.getByLabel('Edit your post').fill('We call every patient ten days after the diagnosis.');
  await benPage.getByRole('button', { name: 'Save changes' }).click();
  const edited = post(adaPage, 'ten days after');
  await edited.waitFor();
  await edited.getByText(/^Edited/).click();
  await edited.locator('.history', { hasText: 'two weeks after' }).waitFor();
  await screenshot(adaPage, 'discussions-thread-live-desktop');
  await expectNoSeriousAxeViolations(adaPage, 'thread page with replies, a reaction and an edit history');
});

it('mentions someone with the keyboard: @ and a few letters, arrows, Enter', async () => {
  const threadId = await newThread(ada, 'Who has tried text reminders?');
  const page = await openThread(ben, threadId, PHONE);
  const box = page.getByLabel('Your reply');
  await box.focus();
  await page.keyboard.type('Thanks @Ad');
  const list = page.getByRole('listbox', { name: 'People to mention' });
  await list.getByRole('option', { name: /Ada Lovelace/ }).waitFor();
  expect(await box.getAttribute('aria-activedescendant')).toBeTruthy();
  await page.keyboard.press('Enter');
  await list.waitFor({ state: 'hidden' });
  // The text says the name; the id the server needs goes along when the post is sent.
  expect(await box.inputValue()).toBe('Thanks @Ada Lovelace ');
  // Escape closes the list and keeps the text as typed.
  await page.keyboard.type('and @Cy');
  await list.getByRole('option', { name: /Cy Marsh/ }).waitFor();
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden' });
  expect(await box.inputValue()).toBe('Thanks @Ada Lovelace and @Cy');
  await page.getByRole('tab', { name: 'Preview' }).click();
  await page.getByRole('tabpanel').locator('.mention', { hasText: '@Ada Lovelace' }).waitFor();
  await page.getByRole('tab', { name: 'Write' }).click();
  await page.getByRole('button', { name: 'Post reply' }).click();
  const written = post(page, 'Thanks');
  await written.locator('.mention', { hasText: 'Ada Lovelace' }).waitFor();
  const sourceOfLast = async () => (await ben.client.get(`/api/threads/${threadId}/posts`)).body.items.at(-1).bodySource;
  expect(await sourceOfLast()).toBe(`Thanks @[Ada Lovelace](${ada.id}) and @Cy`);
  await screenshot(page, 'discussions-mention-phone');

  // Editing shows names, not ids, and keeps the mention; a name changed by hand is plain text.
  await written.getByRole('button', { name: 'Edit' }).click();
  const editBox = page.getByLabel('Edit your post');
  expect(await editBox.inputValue()).toBe('Thanks @Ada Lovelace and @Cy');
  await editBox.fill('Thanks @Ada Lovelace and @Ada Lovelac!');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await post(page, 'Lovelac!').waitFor();
  expect(await sourceOfLast()).toBe(`Thanks @[Ada Lovelace](${ada.id}) and @Ada Lovelac!`);
});

it("a mention typed in one person's composer raises the other's notification count live; opening it leads to the post; the thread's level is theirs to choose", async () => {
  const threadId = await newThread(ada, 'Who covers the Friday calls?');
  const other = await openPage(suite.browser, suite.server.url, cy, DESKTOP);
  // Once its live connection is made, the page asks for the count: from then on it hears what happens.
  const connected = other.waitForResponse((response) => response.url().endsWith('/api/notifications/unread-count'));
  await other.goto(`${suite.server.url}/networks/${network.id}/discussions`);
  await connected;
  const before = (await cy.client.get('/api/notifications/unread-count')).body.unreadCount as number;

  const page = await openThread(ben, threadId);
  const box = page.getByLabel('Your reply');
  await box.focus();
  await page.keyboard.type('Could you take them, @Cy');
  await page.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: /Cy Marsh/ }).waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.type('?');
  await page.getByRole('button', { name: 'Post reply' }).click();

  const bell = other.getByRole('banner').getByRole('button', { name: `Notifications, ${before + 1} unread` });
  await bell.waitFor({ timeout: 15_000 });
  await bell.click();
  const panel = other.getByRole('dialog', { name: 'Notifications' });
  await panel.getByRole('link', { name: 'Ben Okoro mentioned you in “Who covers the Friday calls?”' }).click();
  await other.waitForURL((url) => url.pathname.endsWith(`/discussions/${threadId}`) && url.searchParams.get('post') === '2');
  await post(other, 'Could you take them').locator('.mention', { hasText: 'Cy Marsh' }).waitFor();

  // Not watching by default (the thread is Ada's); muting it is one choice, kept after a reload.
  const level = other.getByLabel('Notifications for this discussion');
  expect(await level.inputValue()).toBe('normal');
  await other.getByText('You are told only when someone mentions you or replies to you here.').waitFor();
  await level.selectOption('muted');
  await other.getByText('✓ Saved').waitFor();
  await other.getByText('You are told nothing about this discussion, not even mentions.').waitFor();
  await expectNoSeriousAxeViolations(other, 'the thread page with its notification level');
  await screenshot(other, 'discussions-thread-level');
  await other.reload();
  expect(await other.getByLabel('Notifications for this discussion').inputValue()).toBe('muted');
  expect((await cy.client.get(`/api/threads/${threadId}`)).body.notificationLevel).toBe('muted');
});

it('an anonymous thread shows "a member of Riverside practice" to others, and their page holds no trace of the name', async () => {
  const { server, browser } = suite;
  // The admin allows anonymous posts in the network's settings.
  const settings = await openPage(browser, server.url, ada, DESKTOP);
  await settings.goto(`${server.url}/networks/${network.id}/settings`);
  await settings.waitForLoadState('networkidle');
  await settings.getByRole('checkbox', { name: 'Members may post anonymously' }).check();
  await settings.getByText('Saved. Members may now post anonymously.').waitFor();

  const benPage = await openPage(browser, server.url, ben, DESKTOP);
  await benPage.goto(`${server.url}/networks/${network.id}/discussions`);
  await benPage.waitForLoadState('networkidle');
  await benPage.getByRole('button', { name: 'New thread' }).click();
  await benPage.getByLabel('Title').fill('A test that failed');
  await benPage.getByLabel('What you want to say').fill('Our reminder letters did not work at all.');
  await benPage.getByRole('checkbox', { name: 'Post anonymously' }).check();
  await benPage.getByText('Other members will not see your name.').waitFor();
  await benPage.getByRole('button', { name: 'Post the thread' }).click();
  await benPage.getByRole('heading', { level: 1, name: 'A test that failed' }).waitFor();
  const threadUrl = benPage.url();

  const cyPage = await openPage(browser, server.url, cy, DESKTOP);
  await cyPage.goto(threadUrl);
  await post(cyPage, 'reminder letters').locator('.by', { hasText: 'a member of Riverside practice' }).waitFor();
  const html = await cyPage.content();
  expect(html).not.toContain('Ben Okoro');
  expect(html).not.toContain(ben.id);
  // Nor does the server-rendered page, before any script ran.
  const raw = await (await cyPage.request.get(threadUrl)).text();
  expect(raw).not.toContain('Ben Okoro');
  expect(raw).not.toContain(ben.id);
});

it('a moderator hides a post with a reason, after confirming; members see the reason instead', async () => {
  const threadId = await newThread(cy, 'Scheduling software');
  await cy.client.post(`/api/threads/${threadId}/posts`, { body: 'Buy CheapPills now at spam.example' });
  const adaPage = await openThread(ada, threadId);
  const cyPage = await openThread(cy, threadId);
  const spam = post(adaPage, 'CheapPills');
  await spam.getByRole('button', { name: 'Hide' }).click();
  const dialog = adaPage.getByRole('dialog', { name: 'Hide this post from members?' });
  await dialog.getByLabel('Reason').fill('Advertising');
  await dialog.getByRole('button', { name: 'Hide the post' }).click();
  await post(adaPage, 'Hidden from members: Advertising').waitFor();
  await post(cyPage, 'Hidden by a moderator: Advertising').waitFor();
  expect(await post(cyPage, 'CheapPills').count()).toBe(0);
  await screenshot(adaPage, 'discussions-hidden-desktop');
});

it('the list, the thread page and the moderation queue have no serious accessibility problem, at both widths', async () => {
  const threadId = await newThread(ada, 'Welcome to the network');
  await ben.client.post(`/api/threads/${threadId}/posts`, { body: 'Glad to be here.' }).then(async (reply) => {
    await cy.client.post(`/api/posts/${reply.body.id}/reports`, { reason: 'Testing the queue' });
  });
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    const page = await openPage(suite.browser, suite.server.url, ada, viewport);
    for (const [label, path, heading] of [
      ['list', `/networks/${network.id}/discussions`, 'Discussions'],
      ['thread', `/networks/${network.id}/discussions/${threadId}`, 'Welcome to the network'],
      ['moderation', `/networks/${network.id}/discussions/moderation`, 'Reports to review'],
    ]) {
      await page.goto(suite.server.url + path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectNoSeriousAxeViolations(page, `discussions ${label} at ${viewport.width} px`);
      await screenshot(page, `discussions-${label}-${name}`);
    }
    // The open report is counted on the moderator's navigation.
    await page.getByRole('navigation', { name: network.name }).getByRole('link', { name: /Discussions 1 report to review/ }).waitFor();
  }
});

it('the discussion panel beside a change idea lists its threads and starts a new one, wide and narrow, without axe violations', async () => {
  const created = await ada.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Follow-up after diagnosis' });
  expect(created.status).toBe(201);
  const provider = connectProvider(suite.server.url, ada, created.body.documentName, new Y.Doc(), { ack: true });
  let ideaId: string;
  try {
    await synced(provider);
    const writer = new ChangePackageWriter(provider.doc);
    ideaId = writer.addIdea('Call every patient within 7 days', null);
    await provider.whenSaved();
  } finally {
    destroyProvider(provider);
  }
  const about = await ben.client.post(`/api/networks/${network.id}/threads`, {
    title: 'Seven-day calls: who has the time?',
    body: 'We tried it for a month and missed a third of the calls.',
    subject: { type: 'change_idea', id: ideaId, packageId: created.body.id },
  });
  expect(about.status).toBe(201);

  for (const viewport of [DESKTOP, PHONE]) {
    const page = await openPage(suite.browser, suite.server.url, cy, viewport);
    await page.goto(`${suite.server.url}/networks/${network.id}/change-packages/${created.body.id}`);
    await waitForSaved(page);
    await page.getByRole('button', { name: 'Open change idea Call every patient within 7 days' }).click();
    const panel = page.getByRole('complementary', { name: 'Change idea Call every patient within 7 days' });
    const discussions = panel.getByRole('region', { name: /^Discussions/ });
    const thread = discussions.getByRole('link', { name: 'Seven-day calls: who has the time?' });
    await thread.waitFor();
    await discussions.getByRole('heading', { name: 'Discussions (1)' }).waitFor();
    const start = discussions.getByRole('link', { name: 'Start a thread about this idea' });
    // Nothing of the panel spills out sideways on a phone.
    const [panelBox, startBox] = [await panel.boundingBox(), await start.boundingBox()];
    expect(startBox!.x + startBox!.width).toBeLessThanOrEqual(panelBox!.x + panelBox!.width + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoSeriousAxeViolations(page, `idea discussion panel, ${viewport.width} px`);
    await screenshot(page, `discussions-idea-panel-${viewport.width}`);
    // On a phone the panel is a sheet over the lower screen: its discussions scroll into sight.
    await start.scrollIntoViewIfNeeded();
    const seen = await start.boundingBox();
    expect(seen!.y).toBeGreaterThanOrEqual(0);
    expect(seen!.y + seen!.height).toBeLessThanOrEqual(viewport.height);
    await page.screenshot({ path: join(ARTIFACTS, `discussions-idea-panel-${viewport.width}-in-view.png`) });
    if (viewport === PHONE) {
      await start.click();
      await page.waitForURL(/\/discussions\?/);
      await page.getByRole('textbox', { name: 'Title' }).waitFor();
    }
    await page.context().close();
  }
});

it('posting too quickly keeps the text and counts down to when the composer may post again', async () => {
  const dee = await newUser(suite.server.url, { displayName: 'Dee Quick' });
  await addMember(ada, network.id, dee, 'member');
  const threadId = await newThread(dee, 'Quick questions');
  const page = await openThread(dee, threadId, PHONE);
  // Use up the posts a minute allowed by default, right before posting from the page: the limit
  // counts in clock minutes, and a minute turning while the page opened would give fresh ones.
  let status = 201;
  for (let n = 1; n <= 30 && status === 201; n += 1) status = (await dee.client.post(`/api/threads/${threadId}/posts`, { body: `Question ${n}` })).status;
  expect(status).toBe(429);
  // Chromium logs the refused request itself; the refusal is what this test is about.
  expectConsoleErrors(/status of 429 \(Too Many Requests\)/);
  await page.getByLabel('Your reply').fill('One more thing about the calls');
  await page.getByRole('button', { name: 'Post reply' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'You are posting quickly' });
  await alert.waitFor();
  const secondsLeft = async () => Number(/post again in (\d+) second/.exec((await alert.textContent()) ?? '')?.[1]);
  const first = await secondsLeft();
  expect(first).toBeGreaterThanOrEqual(1);
  expect(first).toBeLessThanOrEqual(60);
  expect(await page.getByLabel('Your reply').inputValue()).toBe('One more thing about the calls');
  expect(await page.getByRole('button', { name: 'Post reply' }).getAttribute('aria-disabled')).toBe('true');
  await expectNoSeriousAxeViolations(page, 'composer paused by the rate limit');
  if (first > 1) {
    // The count goes down by itself.
    await page.waitForFunction((start) => {
      const match = /post again in (\d+) second/.exec(document.body.textContent ?? '');
      return match !== null && Number(match[1]) < start;
    }, first);
  }
});
