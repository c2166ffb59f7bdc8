import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addMember, newNetwork, newUser, type TestUser } from '../support/api';
import { scheduleSession } from '../support/learning-sessions';
import { liveAs } from '../support/live';
import {
  expectConsoleErrors,
  expectErrorStatus,
  expectNoSeriousAxeViolations,
  failOnPageErrors,
  launchChromium,
  openPage,
  screenshot,
  takePageErrors,
} from '../support/browser';
import { ROOT, startServer, type RunningServer } from '../support/server';

/**
 * Every page the app has, signed out and signed in, at a desktop width and a phone width: no
 * serious or critical axe-core violation, no page wider than the screen, and a screenshot of each
 * in test-artifacts/ (page-*). Then the keyboard paths: the skip link, the workspace's navigation,
 * and focus landing on the new page's heading.
 */

jest.setTimeout(300_000);

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

let server: RunningServer;
let browser: Browser;
let ada: TestUser;
let ben: TestUser;
let network: { id: string; name: string };
let packageId: string;
let invitationToken: string;
let threadId: string;
let lessonId: string;
let lessonBarrierId: string;
let lessonThreadId: string;
let sessionId: string;
let draftSummarySessionId: string;
let publishedSummarySessionId: string;
let teamId: string;

beforeAll(async () => {
  server = await startServer({ WEB_BUILD_DIR: join(ROOT, 'web/build') });
  browser = await launchChromium();
  ada = await newUser(server.url, { displayName: 'Ada Lovelace' });
  ben = await newUser(server.url, { displayName: 'Ben Okoro' });
  network = await newNetwork(ada, { name: 'Northshore depression care', level: 'national', description: 'Practices finding and following up depression.' });
  await newNetwork(ada, { name: 'Northshore east region', level: 'subnational', parentId: network.id });
  await addMember(ada, network.id, ben, 'member');
  teamId = (await ada.client.post(`/api/networks/${network.id}/teams`, { name: 'Riverside practice' })).body.id;
  await ada.client.patch(`/api/networks/${network.id}/members/${ben.id}`, { teamId });
  packageId = (await ada.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Follow-up after diagnosis' })).body.id;
  invitationToken = (await ada.client.post(`/api/networks/${network.id}/invitations`, { role: 'coach' })).body.token;
  threadId = (await ada.client.post(`/api/networks/${network.id}/threads`, { title: 'Welcome to the network', body: 'Say hello, and tell us what your team is testing.' })).body.id;
  await ben.client.post(`/api/threads/${threadId}/posts`, { body: 'Hello from Riverside.' });
  const lesson = (
    await ben.client.post(`/api/networks/${network.id}/lessons`, {
      title: 'Reminder letters did not bring people back',
      context: { setting: 'General practice' },
      tried: 'A letter two weeks after a missed review.',
      happened: 'Three of forty booked again.',
      outcome: 'did_not_work',
      why: 'Letters are easy to ignore; call instead.',
      barriers: [{ description: 'Postage budget is set by the region', kind: 'systemic' }],
      status: 'published',
    })
  ).body;
  lessonId = lesson.id;
  lessonBarrierId = lesson.barriers[0].id;
  lessonThreadId = (
    await ada.client.post(`/api/networks/${network.id}/threads`, { title: 'Letters or calls?', body: 'Has anyone tried calling instead?', subject: { type: 'lesson', id: lessonId } })
  ).body.id;
  sessionId = (
    await scheduleSession(ada, network.id, {
      title: 'Learning session 2: following people up',
      description: 'Teams report back on the action period.',
      meetingUrl: 'https://meet.example.test/session-2',
      capacity: 40,
    })
  ).id;
  await ben.client.request('PUT', `/api/learning-sessions/${sessionId}/rsvp`, { status: 'going' });
  // An action item for Riverside from that session: on its notes page and the team's page.
  await ada.client.post(`/api/learning-sessions/${sessionId}/action-items`, {
    teamId,
    title: 'Call five patients within 7 days of their screen',
    dueOn: new Date(Date.now() + 14 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
  });
  // The reveal log with an anonymous question's asker revealed in an earlier, live session.
  await ada.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true });
  const askedIn = (await scheduleSession(ada, network.id, { title: 'Learning session 1: finding people' })).id;
  const [adaLive, benLive] = await Promise.all([liveAs(server.url, ada), liveAs(server.url, ben)]);
  await adaLive.socket.emitWithAck('session:join', { sessionId: askedIn });
  await adaLive.socket.emitWithAck('session:start', { sessionId: askedIn });
  await benLive.socket.emitWithAck('session:join', { sessionId: askedIn });
  const asked = await benLive.socket.emitWithAck('question:ask', { sessionId: askedIn, text: 'What do we do when a call goes unanswered?', anonymous: true });
  const revealed = await adaLive.socket.emitWithAck('question:reveal', { questionId: asked.question.id });
  if (!revealed.ok) throw new Error(`reveal failed: ${JSON.stringify(revealed)}`);
  adaLive.close();
  benLive.close();
  // Two sessions run and ended in the live room: one summary left as a draft, one published.
  const ended = async (title: string) => {
    const session = await scheduleSession(ada, network.id, { title });
    const host = await liveAs(server.url, ada);
    try {
      for (const event of ['session:join', 'session:start', 'session:end']) await host.socket.emitWithAck(event, { sessionId: session.id });
    } finally {
      host.close();
    }
    return session.id as string;
  };
  draftSummarySessionId = await ended('Learning session 0: draft summary');
  publishedSummarySessionId = await ended('Learning session 1: getting started');
  await ada.client.patch(`/api/learning-sessions/${publishedSummarySessionId}/summary`, { introduction: 'We met to agree our measures.', keyPoints: ['Screen everyone once a year'] });
  await ada.client.post(`/api/learning-sessions/${publishedSummarySessionId}/summary/publish`);
  // Something in Ada's notifications (an invitation by email to her address), so that the centre is not empty.
  const hillside = await newNetwork(ben, { name: 'Hillside clinic', level: 'organisation' });
  await ben.client.post(`/api/networks/${hillside.id}/invitations`, { role: 'member', email: ada.email });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
failOnPageErrors();

const pageAs = (user: TestUser | null, viewport: { width: number; height: number }) => openPage(browser, server.url, user, viewport);

interface PageCheck {
  name: string;
  path: () => string;
  /** The page's main heading, once it is ready to use. */
  heading: string | RegExp;
  status?: number;
  /** Text that shows once a live part of the page has loaded (the live room's state, say). */
  ready?: string;
}

const SIGNED_OUT: PageCheck[] = [
  { name: 'welcome', path: () => '/', heading: /Knotwork: where care teams learn together/ },
  { name: 'sign-in', path: () => '/signin', heading: 'Sign in' },
  { name: 'sign-up', path: () => '/signup', heading: 'Create an account' },
  { name: 'invitation', path: () => `/invitations/${invitationToken}`, heading: 'You are invited to join Northshore depression care' },
  { name: 'invitation-not-working', path: () => '/invitations/no-such-invitation-token-at-all-in-this-place-00', heading: 'This invitation link does not work' },
  { name: 'unsubscribe-not-working', path: () => '/unsubscribe?token=not-a-real-token', heading: 'This link does not work' },
  { name: 'not-found-signed-out', path: () => '/no/such/page', heading: 'We could not find that page', status: 404 },
];

const SIGNED_IN: PageCheck[] = [
  { name: 'directory', path: () => '/networks', heading: 'Networks' },
  { name: 'new-network', path: () => '/networks/new', heading: 'Create a network' },
  { name: 'overview', path: () => `/networks/${network.id}`, heading: 'Northshore depression care' },
  { name: 'change-package-place', path: () => `/networks/${network.id}/change-packages`, heading: 'Change package' },
  { name: 'people', path: () => `/networks/${network.id}/people`, heading: 'People' },
  { name: 'settings', path: () => `/networks/${network.id}/settings`, heading: 'Settings' },
  { name: 'profile', path: () => '/profile', heading: 'Your profile' },
  { name: 'notifications', path: () => '/notifications', heading: 'Notifications' },
  { name: 'notifications-unread', path: () => '/notifications?unread=true', heading: 'Notifications' },
  { name: 'search', path: () => '/search?q=welcome', heading: 'Search' },
  { name: 'editor', path: () => `/networks/${network.id}/change-packages/${packageId}`, heading: 'Follow-up after diagnosis' },
  { name: 'discussions', path: () => `/networks/${network.id}/discussions`, heading: 'Discussions' },
  { name: 'thread', path: () => `/networks/${network.id}/discussions/${threadId}`, heading: 'Welcome to the network' },
  { name: 'moderation', path: () => `/networks/${network.id}/discussions/moderation`, heading: 'Reports to review' },
  { name: 'lessons', path: () => `/networks/${network.id}/lessons`, heading: 'Lessons' },
  { name: 'lesson', path: () => `/networks/${network.id}/lessons/${lessonId}`, heading: 'Reminder letters did not bring people back' },
  { name: 'lesson-editor', path: () => `/networks/${network.id}/lessons/new`, heading: 'Share a lesson' },
  { name: 'reveal-log', path: () => `/networks/${network.id}/settings/reveals`, heading: 'Revealed writers' },
  { name: 'barriers', path: () => `/networks/${network.id}/barriers`, heading: 'Barriers' },
  { name: 'barriers-followed', path: () => `/networks/${network.id}/barriers?barrier=${lessonBarrierId}`, heading: 'Barriers' },
  { name: 'barriers-answered-filter', path: () => `/networks/${network.id}/barriers?status=addressed`, heading: 'Barriers' },
  { name: 'lesson-thread', path: () => `/networks/${network.id}/discussions/${lessonThreadId}`, heading: 'Letters or calls?' },
  {
    name: 'new-thread-about-lesson',
    path: () => `/networks/${network.id}/discussions?about=lesson&id=${lessonId}&title=Reminder%20letters&new=1`,
    heading: 'Discussions',
  },
  { name: 'learning-sessions', path: () => `/networks/${network.id}/learning-sessions`, heading: 'Learning sessions' },
  { name: 'learning-session', path: () => `/networks/${network.id}/learning-sessions/${sessionId}`, heading: 'Learning session 2: following people up' },
  { name: 'learning-session-new', path: () => `/networks/${network.id}/learning-sessions/new`, heading: 'Schedule a learning session' },
  { name: 'learning-session-edit', path: () => `/networks/${network.id}/learning-sessions/${sessionId}/edit`, heading: 'Change the session' },
  { name: 'session-notes', path: () => `/networks/${network.id}/learning-sessions/${sessionId}/notes`, heading: 'Notes of “Learning session 2: following people up”' },
  {
    name: 'live-room',
    path: () => `/networks/${network.id}/learning-sessions/${sessionId}/room`,
    heading: 'Live room Learning session 2: following people up',
    ready: 'The session has not started yet.',
  },
  { name: 'team', path: () => `/networks/${network.id}/teams/${teamId}`, heading: 'Riverside practice' },
  { name: 'session-summary-in-progress', path: () => `/networks/${network.id}/learning-sessions/${sessionId}/summary`, heading: 'Learning session 2: following people up' },
  { name: 'session-summary-review', path: () => `/networks/${network.id}/learning-sessions/${draftSummarySessionId}/summary`, heading: 'Learning session 0: draft summary' },
  { name: 'session-summary-published', path: () => `/networks/${network.id}/learning-sessions/${publishedSummarySessionId}/summary`, heading: 'Learning session 1: getting started' },
  { name: 'learning-session-ended', path: () => `/networks/${network.id}/learning-sessions/${publishedSummarySessionId}`, heading: 'Learning session 1: getting started' },
  { name: 'not-found', path: () => '/no/such/page', heading: 'We could not find that page', status: 404 },
  { name: 'network-not-found', path: () => `/networks/${randomUUID()}`, heading: 'We could not find that page', status: 404 },
];

const AS_MEMBER: PageCheck[] = [
  { name: 'member-overview', path: () => `/networks/${network.id}`, heading: 'Northshore depression care' },
  { name: 'member-people', path: () => `/networks/${network.id}/people`, heading: 'People' },
  { name: 'member-discussions', path: () => `/networks/${network.id}/discussions`, heading: 'Discussions' },
  { name: 'member-lesson-edit', path: () => `/networks/${network.id}/lessons/${lessonId}/edit`, heading: 'Edit the lesson' },
  { name: 'member-barriers', path: () => `/networks/${network.id}/barriers`, heading: 'Barriers' },
  { name: 'member-learning-sessions', path: () => `/networks/${network.id}/learning-sessions`, heading: 'Learning sessions' },
  { name: 'member-learning-session', path: () => `/networks/${network.id}/learning-sessions/${sessionId}`, heading: 'Learning session 2: following people up' },
  { name: 'member-session-notes', path: () => `/networks/${network.id}/learning-sessions/${sessionId}/notes`, heading: 'Notes of “Learning session 2: following people up”' },
  {
    name: 'member-live-room',
    path: () => `/networks/${network.id}/learning-sessions/${sessionId}/room`,
    heading: 'Live room Learning session 2: following people up',
    ready: 'The coach will start it shortly',
  },
  { name: 'member-team', path: () => `/networks/${network.id}/teams/${teamId}`, heading: 'Riverside practice' },
  { name: 'member-session-summary', path: () => `/networks/${network.id}/learning-sessions/${publishedSummarySessionId}/summary`, heading: 'Learning session 1: getting started' },
  { name: 'member-summary-draft-hidden', path: () => `/networks/${network.id}/learning-sessions/${draftSummarySessionId}/summary`, heading: 'We could not find that page', status: 404 },
  { name: 'member-thread', path: () => `/networks/${network.id}/discussions/${threadId}`, heading: 'Welcome to the network' },
  { name: 'moderation-refused', path: () => `/networks/${network.id}/discussions/moderation`, heading: 'You cannot open this page', status: 403 },
  { name: 'settings-refused', path: () => `/networks/${network.id}/settings`, heading: 'You cannot open this page', status: 403 },
];

async function checkPage(page: Page, check: PageCheck, width: (typeof WIDTHS)[number]): Promise<void> {
  const url = server.url + check.path();
  if (check.status) expectErrorStatus(url, check.status);
  const response = await page.goto(url);
  expect({ page: check.name, status: response?.status() }).toEqual({ page: check.name, status: check.status ?? 200 });
  await page.getByRole('heading', { level: 1, name: check.heading }).waitFor();
  if (check.ready) await page.getByText(check.ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  const label = `${check.name} at ${width.viewport.width} px`;
  await expectNoSeriousAxeViolations(page, label);
  // Nothing sticks out sideways on a phone (the editor's diagram scrolls inside its own box).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect({ page: label, overflow: Math.max(0, overflow) }).toEqual({ page: label, overflow: 0 });
  await screenshot(page, `page-${check.name}-${width.name}`);
}

describe.each(WIDTHS)('every page at $viewport.width px', (width) => {
  it('signed out', async () => {
    const page = await pageAs(null, width.viewport);
    for (const check of SIGNED_OUT) await checkPage(page, check, width);
  });

  it('signed in, as the admin of a network', async () => {
    const page = await pageAs(ada, width.viewport);
    for (const check of SIGNED_IN) await checkPage(page, check, width);
  });

  it('signed in, as a member of a network', async () => {
    const page = await pageAs(ben, width.viewport);
    for (const check of AS_MEMBER) await checkPage(page, check, width);
  });
});

describe('by keyboard', () => {
  it('the skip link is the first stop and moves on to the page itself', async () => {
    const page = await pageAs(ada, WIDTHS[0].viewport);
    await page.goto(`${server.url}/networks/${network.id}`);
    await page.getByRole('heading', { level: 1, name: network.name }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it("moves through the workspace's places with the keyboard, landing on each place's heading", async () => {
    for (const width of WIDTHS) {
      const page = await pageAs(ada, width.viewport);
      await page.goto(`${server.url}/networks/${network.id}`);
      // Once the page's script runs, following a link no longer reloads the whole document.
      await page.waitForLoadState('networkidle');
      const places = page.getByRole('navigation', { name: network.name });
      for (const [place, heading] of [
        ['People', 'People'],
        ['Change package', 'Change package'],
        ['Discussions', 'Discussions'],
        ['Lessons', 'Lessons'],
        ['Barriers', 'Barriers'],
        ['Learning sessions', 'Learning sessions'],
        ['Settings', 'Settings'],
        ['Overview', network.name],
      ]) {
        const link = places.getByRole('link', { name: place });
        await link.focus();
        await page.keyboard.press('Enter');
        const h1 = page.getByRole('heading', { level: 1, name: heading });
        await h1.waitFor();
        await page.waitForFunction((text) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent?.trim() === text, heading);
        expect(await link.getAttribute('aria-current')).toBe('page');
        // Only the place you are in is marked.
        expect(await places.locator('[aria-current]').count()).toBe(1);
      }
      // Inside a place (a change package in "Change package") the place stays marked, as the way back.
      await places.getByRole('link', { name: 'Change package' }).click();
      await page.getByRole('heading', { level: 1, name: 'Change package' }).waitFor();
      await page.getByRole('link', { name: 'Follow-up after diagnosis', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Follow-up after diagnosis' }).waitFor();
      expect(await places.getByRole('link', { name: 'Change package' }).getAttribute('aria-current')).toBe('true');
    }
  });

  it('a member finds "Leave this network" at the end of People, in a dialog that Escape closes', async () => {
    const page = await pageAs(ben, WIDTHS[1].viewport);
    await page.goto(`${server.url}/networks/${network.id}/people`);
    await page.waitForLoadState('networkidle');
    const leave = page.getByRole('button', { name: 'Leave this network' });
    await leave.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Leave ${network.name}?` });
    await dialog.waitFor();
    await expectNoSeriousAxeViolations(page, 'the leave dialog');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await leave.evaluate((element) => element === document.activeElement)).toBe(true);
  });
});

describe('joining', () => {
  it('someone who is not a member joins a public network from its overview, and is told so', async () => {
    const cy = await newUser(server.url, { displayName: 'Cy Newcomer' });
    const page = await pageAs(cy, WIDTHS[1].viewport);
    await page.goto(`${server.url}/networks/${network.id}`);
    await page.waitForLoadState('networkidle');
    await expectNoSeriousAxeViolations(page, 'overview, not a member');
    await page.getByRole('button', { name: 'Join this network' }).click();
    await page.getByRole('status').getByText(`You joined ${network.name}. Welcome!`).waitFor();
    await page.getByText('You are a member here').waitFor();
    // The button is gone; focus is on the network's name rather than lost.
    expect(await page.getByRole('button', { name: 'Join this network' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(network.name);
  });
});

describe('the only admin', () => {
  it('is told why they cannot step down or leave, rather than offered what would be refused', async () => {
    const page = await pageAs(ada, WIDTHS[0].viewport);
    await page.goto(`${server.url}/networks/${network.id}/people`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Change your details' }).click();
    await page.getByText('You are the only admin, so your role stays admin until you make someone else an admin too.').waitFor();
    expect(await page.getByLabel('Network role').count()).toBe(0);
    // Ben's row still offers his role to change.
    await page.getByRole('button', { name: 'Change Ben Okoro’s details' }).click();
    await page.getByLabel('Network role').waitFor();
    await expectNoSeriousAxeViolations(page, 'people, two members being changed');
    await page.getByText('You are its only admin, so you cannot leave yet').waitFor();
    expect(await page.getByRole('button', { name: 'Leave this network' }).count()).toBe(0);
  });
});

describe('Content-Security-Policy', () => {
  it('a script slipped into a page does not run, and the violation is reported (so any on a real page fails its test)', async () => {
    const page = await pageAs(null, WIDTHS[0].viewport);
    await page.goto(server.url + '/signin');
    await page.waitForLoadState('networkidle');
    const ran = await page.evaluate(async () => {
      const refused = new Promise((resolve) => document.addEventListener('securitypolicyviolation', resolve, { once: true }));
      const script = document.createElement('script');
      script.textContent = 'window.slippedIn = true';
      document.head.append(script);
      await refused;
      return (window as unknown as { slippedIn?: boolean }).slippedIn === true;
    });
    expect(ran).toBe(false);
    expect(takePageErrors()).toEqual(expect.arrayContaining([expect.stringMatching(/Content-Security-Policy violation: script-src-elem refused inline/)]));
  });

  it('no page can be framed by another page', async () => {
    const page = await pageAs(null, WIDTHS[0].viewport);
    const framed = `${server.url}/signin`;
    expectConsoleErrors(/frame-ancestors/);
    const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
    await page.setContent(`<iframe title="Knotwork" src="${framed}"></iframe>`);
    await refused;
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    // Chromium shows its own error page in the frame instead of ours.
    expect(await frame?.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
  });
});

describe("the browser suite's guard", () => {
  it('records an uncaught exception and a console error in a page, but not one the test expected', async () => {
    const page = await pageAs(null, WIDTHS[0].viewport);
    await page.goto(server.url + '/signin');
    expectConsoleErrors(/expected on purpose/);
    // The exception comes last, after the console messages; the guard heard it first (it listens first).
    const thrown = page.context().waitForEvent('weberror');
    await page.evaluate(() => {
      console.error('logged on purpose');
      console.error('expected on purpose');
      console.log('only information');
      setTimeout(() => {
        throw new Error('thrown on purpose');
      });
    });
    await thrown;
    const seen = takePageErrors();
    expect(seen).toHaveLength(2);
    expect(seen).toEqual(expect.arrayContaining([expect.stringContaining('logged on purpose'), expect.stringContaining('thrown on purpose')]));
  });
});
