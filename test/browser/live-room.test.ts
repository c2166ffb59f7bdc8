import type { Page } from 'playwright-core';
import { addMember, newNetwork, newUser } from '../support/api';
import { browserSuite, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';
import { minutesFromNow, scheduleSession } from '../support/learning-sessions';

/**
 * The live room in the browser, end to end: a coach and two members (three browser contexts) run
 * a short session over the real socket.io door. The coach starts it and moves the agenda on; a
 * hand is raised and acknowledged; a question is asked, upvoted and answered; a poll runs with a
 * changed vote and exact counts; chat reaches the others; breakout groups keep their chat to
 * themselves until everyone is brought back; the coach ends the session after confirming. The
 * room is axe-clean for the coach and a member, at 1280 px and 400 px.
 */

jest.setTimeout(300_000);

const suite = browserSuite();
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 400, height: 860 };

async function setUp() {
  const { server } = suite;
  const admin = await newUser(server.url, { displayName: 'Ada Admin' });
  const coach = await newUser(server.url, { displayName: 'Cora Coach' });
  const mo = await newUser(server.url, { displayName: 'Mo Member' });
  const nia = await newUser(server.url, { displayName: 'Nia Member' });
  const network = await newNetwork(admin, { name: `Depression care ${Date.now()}`, visibility: 'private' });
  await addMember(admin, network.id, coach, 'coach');
  for (const [member, teamName] of [
    [mo, 'Riverside practice'],
    [nia, 'Hillside practice'],
  ] as const) {
    await addMember(admin, network.id, member, 'member');
    const team = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: teamName })).body;
    expect((await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: team.id })).status).toBe(200);
  }
  const session = await scheduleSession(coach, network.id, {
    title: 'Learning session 3',
    startsAt: minutesFromNow(10),
    endsAt: minutesFromNow(70),
    agenda: [
      { title: 'Welcome and check-in', minutes: 10 },
      { title: 'Team stories', minutes: 20, presenter: 'Riverside practice' },
    ],
  });
  return { admin, coach, mo, nia, network, session };
}

async function inRoom(page: Page) {
  await page.getByRole('status').filter({ hasText: /^Connected$/ }).waitFor();
}

/** The poll's result line for one option, as text: "Calls: 2 votes (100%)". */
const resultLine = (page: Page, text: string) => page.locator('.result-text', { hasText: text });

it('a coach and two members run a short session: agenda, hands, questions, a poll, chat, breakouts, the end', async () => {
  const { server, browser } = suite;
  const { coach, mo, nia, network, session } = await setUp();
  const sessionPath = `/networks/${network.id}/learning-sessions/${session.id}`;
  const roomPath = `${sessionPath}/room`;

  // ---- the coach starts from the session page --------------------------------------------------
  const host = await openPage(browser, server.url, coach, WIDE);
  await host.goto(server.url + sessionPath);
  await host.getByRole('link', { name: 'Start the session' }).waitFor();
  await expectNoSeriousAxeViolations(host, 'session page offering the room to its coach');
  await screenshot(host, 'live-room-session-page-entry');
  await host.getByRole('link', { name: 'Start the session' }).click();
  await host.waitForURL(`**${roomPath}`);
  await inRoom(host);
  await host.getByText('The session has not started yet.').waitFor();

  const moPage = await openPage(browser, server.url, mo, WIDE);
  await moPage.goto(server.url + sessionPath);
  await moPage.getByRole('link', { name: 'Join the room' }).click();
  await inRoom(moPage);
  await moPage.getByText('The coach will start it shortly').waitFor();
  const niaPage = await openPage(browser, server.url, nia, WIDE);
  await niaPage.goto(server.url + roomPath);
  await inRoom(niaPage);

  await host.getByRole('button', { name: 'Start the session' }).click();
  for (const page of [host, moPage, niaPage]) {
    await page.getByText('Now · item 1 of 2').waitFor();
    await page.locator('.current-title', { hasText: 'Welcome and check-in' }).waitFor();
  }
  await host.getByRole('button', { name: 'Next item' }).click();
  for (const page of [moPage, niaPage]) {
    await page.getByText('Now · item 2 of 2').waitFor();
    await page.locator('.current-title', { hasText: 'Team stories' }).waitFor();
    await page.getByRole('timer').first().waitFor();
  }
  // The agenda marks the current item for screen readers too.
  expect(await moPage.locator('li[aria-current="step"]').innerText()).toContain('Team stories');
  // Everyone present, with roles and teams.
  const people = host.getByRole('region', { name: /Here now/ });
  await people.getByText('Mo Member').waitFor();
  await people.getByText('Nia Member').waitFor();
  await people.getByText('Nia Member').waitFor();
  expect(await people.innerText()).toContain('Member · Hillside practice');

  // ---- a hand, acknowledged --------------------------------------------------------------------
  await moPage.getByRole('button', { name: 'Raise my hand' }).click();
  const hands = host.getByRole('region', { name: 'Raised hands' });
  await hands.getByRole('listitem').filter({ hasText: 'Mo Member' }).waitFor();
  await niaPage.getByRole('region', { name: 'Raised hands' }).getByRole('listitem').filter({ hasText: 'Mo Member' }).waitFor();
  await hands.getByRole('button', { name: 'Acknowledge Mo Member' }).click();
  await hands.getByText('No hands are raised.').waitFor();
  await moPage.getByRole('button', { name: 'Raise my hand' }).waitFor();

  // ---- a question: asked, upvoted once, answered -----------------------------------------------
  const question = 'How do we reach people who do not answer the phone?';
  await moPage.getByLabel('Ask a question').fill(question);
  await moPage.getByRole('button', { name: 'Ask', exact: true }).click();
  await moPage.getByText('You asked this').waitFor();
  await niaPage.getByText(question, { exact: true }).waitFor();
  await niaPage.getByRole('button', { name: `Upvote (question: ${question})` }).click();
  await niaPage.getByText('You upvoted this').waitFor();
  await host.getByText('Asked by Mo Member · 1 vote').waitFor();
  await moPage.getByText('You asked this · 1 vote').waitFor();
  // The coach writes the answer while marking it: everyone sees it under the question.
  const answerText = 'Send a text first, then a letter after two missed calls.';
  await host.getByRole('button', { name: `Mark answered (question: ${question})` }).click();
  await host.getByLabel(/^The answer \(optional/).fill(answerText);
  await host.getByRole('button', { name: 'Mark answered', exact: true }).click();
  for (const page of [moPage, niaPage]) {
    await page.getByRole('heading', { name: 'Answered', level: 3 }).waitFor();
    await page.locator('.answer-text', { hasText: answerText }).waitFor();
  }
  // Capturing the answer uses the written one: nothing to type.
  await niaPage.getByRole('button', { name: `Capture the answer as a lesson (question: ${question})` }).click();
  await niaPage.getByText('A lesson draft was started from this answer.').waitFor();
  expect(await niaPage.getByLabel('What was the answer?').count()).toBe(0);
  // Capture as lesson: a draft is started and offered, while the member stays in the room.
  await niaPage.getByRole('button', { name: `Capture as lesson (question: ${question})` }).click();
  const draft = niaPage.getByRole('link', { name: /Open the draft/ });
  await draft.waitFor();
  expect(await draft.getAttribute('href')).toMatch(new RegExp(`^/networks/${network.id}/lessons/[0-9a-f-]+/edit$`));

  // ---- a poll: two votes, one changed; exact counts --------------------------------------------
  await host.getByRole('button', { name: 'New poll' }).click();
  await host.getByLabel('Poll question').fill('Which change do you test first?');
  await host.getByLabel('Option 1').fill('Calls');
  await host.getByLabel('Option 2').fill('Texts');
  await host.getByRole('button', { name: 'Add an option' }).click();
  await host.getByLabel('Option 3').fill('Letters');
  await host.getByRole('button', { name: 'Open the poll' }).click();
  await host.locator('.total', { hasText: '0 people have voted' }).waitFor();

  await moPage.getByRole('heading', { name: 'Which change do you test first?' }).waitFor();
  await moPage.getByRole('radio', { name: 'Calls' }).check();
  await moPage.getByRole('button', { name: 'Vote', exact: true }).click();
  await moPage.getByText('You voted: Calls').waitFor();
  await niaPage.getByRole('radio', { name: 'Texts' }).check();
  await niaPage.getByRole('button', { name: 'Vote', exact: true }).click();
  await niaPage.getByText('You voted: Texts').waitFor();
  await host.locator('.total', { hasText: '2 people have voted' }).waitFor();
  await resultLine(host, 'Texts: 1 vote (50%)').waitFor();
  // Nia changes her mind: the new vote replaces the old one.
  await niaPage.getByRole('radio', { name: 'Calls' }).check();
  await niaPage.getByRole('button', { name: 'Change my vote' }).click();
  await niaPage.getByText('You voted: Calls').waitFor();
  await resultLine(host, 'Calls: 2 votes (100%)').waitFor();
  await resultLine(host, 'Texts: 0 votes (0%)').waitFor();
  await host.locator('.total', { hasText: '2 people have voted' }).waitFor();
  // Members see the results once the coach shows them.
  expect(await resultLine(moPage, 'Calls').count()).toBe(0);
  await host.getByRole('button', { name: 'Show the results to everyone (poll: Which change do you test first?)' }).click();
  for (const page of [moPage, niaPage]) {
    await resultLine(page, 'Calls: 2 votes (100%)').waitFor();
    await resultLine(page, 'Letters: 0 votes (0%)').waitFor();
    await page.locator('.total', { hasText: '2 people have voted' }).waitFor();
  }
  await host.getByRole('button', { name: 'Close the poll (poll: Which change do you test first?)' }).click();
  await moPage.getByText(/^Closed · Choose one/).waitFor();

  // ---- chat ------------------------------------------------------------------------------------
  const moChat = moPage.getByRole('region', { name: 'Chat', exact: true });
  await moChat.getByLabel('Message').fill('Hello from Riverside');
  await moChat.getByRole('button', { name: 'Send to chat' }).click();
  for (const page of [host, niaPage]) await page.getByRole('log', { name: 'Chat' }).getByText('Hello from Riverside').waitFor();

  // ---- axe and screenshots of the main room, coach and member, wide --------------------------
  await expectNoSeriousAxeViolations(host, 'live room, coach, 1280 px');
  await screenshot(host, 'live-room-coach-1280');
  await expectNoSeriousAxeViolations(moPage, 'live room, member, 1280 px');
  await screenshot(moPage, 'live-room-member-1280');

  // ---- breakouts: two groups, one team each; group chat stays in the group --------------------
  const breakouts = host.getByRole('region', { name: 'Breakout groups' });
  await breakouts.getByLabel('How many groups').fill('2');
  await breakouts.getByLabel('Who goes where').selectOption('by-team');
  await breakouts.getByRole('button', { name: 'Make the groups' }).click();
  await breakouts.locator('.group-name', { hasText: 'Group 2' }).waitFor();
  await breakouts.getByLabel('Minutes').fill('10');
  await breakouts.getByRole('button', { name: 'Start the groups' }).click();
  await breakouts.getByRole('timer').waitFor();

  const moGroup = (await moPage.getByRole('heading', { name: /^You are in Group \d$/ }).innerText()).replace('You are in ', '');
  const niaGroup = (await niaPage.getByRole('heading', { name: /^You are in Group \d$/ }).innerText()).replace('You are in ', '');
  expect(new Set([moGroup, niaGroup])).toEqual(new Set(['Group 1', 'Group 2']));
  await moPage.getByRole('textbox', { name: `${moGroup} notes` }).waitFor();
  await moPage.getByRole('timer').waitFor();
  // The main room's chat stays behind: the group starts with its own.
  expect(await moPage.getByText('Hello from Riverside').count()).toBe(0);

  const moGroupChat = moPage.getByRole('region', { name: `${moGroup} chat` });
  await moGroupChat.getByLabel('Message').fill('Riverside only: our call script');
  await moGroupChat.getByRole('button', { name: /^Send/ }).click();
  await moGroupChat.getByText('Riverside only: our call script').waitFor();
  const niaGroupChat = niaPage.getByRole('region', { name: `${niaGroup} chat` });
  await niaGroupChat.getByLabel('Message').fill('Hillside only: our rota');
  await niaGroupChat.getByRole('button', { name: /^Send/ }).click();
  await niaGroupChat.getByText('Hillside only: our rota').waitFor();

  // The coach visits Mo's group: its chat, not the other's.
  await breakouts.getByRole('button', { name: `Visit ${moGroup}` }).click();
  const visit = host.getByRole('region', { name: `${moGroup} chat` });
  await visit.getByText('Riverside only: our call script').waitFor();
  expect(await visit.getByText('Hillside only: our rota').count()).toBe(0);
  await host.getByRole('textbox', { name: `${moGroup} notes` }).waitFor();
  await visit.getByLabel('Message').fill('Coach here: how is it going?');
  await visit.getByRole('button', { name: /^Send/ }).click();
  await moGroupChat.getByText('Coach here: how is it going?').waitFor();
  // Isolation both ways.
  expect(await niaPage.getByText('Riverside only: our call script').count()).toBe(0);
  expect(await niaPage.getByText('Coach here: how is it going?').count()).toBe(0);
  expect(await moPage.getByText('Hillside only: our rota').count()).toBe(0);

  // A message to every group arrives as a banner.
  await breakouts.getByLabel('Message to every group').fill('Two minutes left');
  await breakouts.getByRole('button', { name: 'Send to all groups' }).click();
  for (const page of [moPage, niaPage]) await page.getByRole('region', { name: 'Message from the coach' }).getByText('Two minutes left').waitFor();

  await expectNoSeriousAxeViolations(moPage, 'live room, member in a breakout group, 1280 px');
  await screenshot(moPage, 'live-room-member-breakout-1280');
  await expectNoSeriousAxeViolations(host, 'live room, coach visiting a group, 1280 px');
  await screenshot(host, 'live-room-coach-breakout-1280');

  // ---- narrow: the same room stacked at 400 px, coach and member in a group --------------------
  for (const [user, name] of [
    [coach, 'coach'],
    [mo, 'member-breakout'],
  ] as const) {
    const narrow = await openPage(browser, server.url, user, NARROW);
    await narrow.goto(server.url + roomPath);
    await inRoom(narrow);
    await (name === 'coach' ? narrow.getByRole('region', { name: 'Breakout groups' }) : narrow.getByRole('heading', { name: `You are in ${moGroup}` })).waitFor();
    await expectNoSeriousAxeViolations(narrow, `live room, ${name}, 400 px`);
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(Math.max(0, overflow)).toBe(0);
    await screenshot(narrow, `live-room-${name}-400`);
    await narrow.context().close();
  }

  // ---- everyone comes back ---------------------------------------------------------------------
  await breakouts.getByRole('button', { name: 'Bring everyone back' }).click();
  for (const page of [moPage, niaPage]) {
    await page.getByText('You are back in the main room.').waitFor();
    await page.getByRole('log', { name: 'Chat' }).getByText('Hello from Riverside').waitFor();
    expect(await page.getByRole('heading', { name: /^You are in Group/ }).count()).toBe(0);
  }
  const backChat = niaPage.getByRole('region', { name: 'Chat', exact: true });
  await backChat.getByLabel('Message').fill('Back together');
  await backChat.getByRole('button', { name: 'Send to chat' }).click();
  await moPage.getByRole('log', { name: 'Chat' }).getByText('Back together').waitFor();

  // The member view at 400 px in the main room.
  const narrowMember = await openPage(browser, server.url, nia, NARROW);
  await narrowMember.goto(server.url + roomPath);
  await inRoom(narrowMember);
  await narrowMember.locator('.current-title', { hasText: 'Team stories' }).waitFor();
  await expectNoSeriousAxeViolations(narrowMember, 'live room, member, 400 px');
  expect(Math.max(0, await narrowMember.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))).toBe(0);
  await screenshot(narrowMember, 'live-room-member-400');
  await narrowMember.context().close();

  // ---- the coach ends the session, after confirming --------------------------------------------
  await host.getByRole('button', { name: 'End the session' }).click();
  const dialog = host.getByRole('dialog', { name: 'End the session for everyone?' });
  await dialog.getByText('the shared notes, every breakout group').waitFor();
  await expectNoSeriousAxeViolations(host, 'live room, ending the session');
  await screenshot(host, 'live-room-coach-end-confirm');
  await dialog.getByRole('button', { name: 'End the session' }).click();
  const summary = host.getByRole('link', { name: 'Review the summary' }).first();
  await summary.waitFor();
  expect(await summary.getAttribute('href')).toBe(`${sessionPath}/summary`);
  for (const page of [moPage, niaPage]) await page.getByText('This session has ended.').waitFor();
  expect(await moPage.getByRole('link', { name: 'Review the summary' }).count()).toBe(0);
  await screenshot(host, 'live-room-coach-ended-1280');

  for (const page of [host, moPage, niaPage]) await page.context().close();
});

it('a coach who lost the role hears why in plain words, and a reconnect replaces the room without duplicates', async () => {
  const { server, browser } = suite;
  const { admin, coach, mo, network, session } = await setUp();
  const roomPath = `/networks/${network.id}/learning-sessions/${session.id}/room`;
  const host = await openPage(browser, server.url, coach, WIDE);
  await host.goto(server.url + roomPath);
  await inRoom(host);
  await host.getByRole('button', { name: 'Start the session' }).click();
  await host.getByText('Now · item 1 of 2').waitFor();

  const page = await openPage(browser, server.url, mo, WIDE);
  await page.goto(server.url + roomPath);
  await inRoom(page);
  const chat = page.getByRole('region', { name: 'Chat', exact: true });
  await chat.getByLabel('Message').fill('Before the drop');
  await chat.getByRole('button', { name: 'Send to chat' }).click();
  await page.getByRole('log', { name: 'Chat' }).getByText('Before the drop').waitFor();

  // The connection drops and comes back: the room says so calmly, joins again and shows each message once.
  await page.context().setOffline(true);
  await page.getByRole('status').filter({ hasText: /^Reconnecting…$/ }).waitFor({ timeout: 60_000 });
  await host.getByRole('button', { name: 'Next item' }).click();
  await host.getByText('Now · item 2 of 2').waitFor();
  await page.context().setOffline(false);
  await inRoom(page);
  await page.getByText('Now · item 2 of 2').waitFor();
  expect(await page.getByRole('log', { name: 'Chat' }).getByText('Before the drop').count()).toBe(1);

  // The coach is made a member while their page still shows the controls: the refusal is in plain words, never a code.
  expect((await admin.client.patch(`/api/networks/${network.id}/members/${coach.id}`, { role: 'member' })).status).toBe(200);
  await host.getByRole('button', { name: 'Back to the previous item' }).click();
  await host.getByRole('alert').filter({ hasText: "Only the session's coaches and admins can move the agenda on." }).waitFor();
  expect(await host.evaluate(() => document.body.innerText.includes('live_room.'))).toBe(false);
  expect(await page.getByText('Now · item 2 of 2').count()).toBe(1);
  for (const context of [host.context(), page.context()]) await context.close();
});

it('a coach moderates questions, an admin looks behind an anonymous one, and a member is moved to another group', async () => {
  const { server, browser } = suite;
  const { admin, coach, mo, nia, network, session } = await setUp();
  expect((await admin.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
  const roomPath = `/networks/${network.id}/learning-sessions/${session.id}/room`;
  const open = async (user: typeof coach) => {
    const page = await openPage(browser, server.url, user, WIDE);
    await page.goto(server.url + roomPath);
    await inRoom(page);
    return page;
  };
  const host = await open(coach);
  await host.getByRole('button', { name: 'Start the session' }).click();
  const moPage = await open(mo);
  const niaPage = await open(nia);
  const adminPage = await open(admin);

  // ---- an anonymous question, reported, hidden with a reason, shown again ----------------------
  const question = 'Can we share the patient list by email?';
  await moPage.getByLabel('Ask a question').fill(question);
  await moPage.getByLabel('Ask anonymously').check();
  await moPage.getByRole('button', { name: 'Ask', exact: true }).click();
  await moPage.getByText('You asked this (others do not see your name)').waitFor();
  await niaPage.getByText(question, { exact: true }).waitFor();
  await niaPage.getByRole('button', { name: `Report (question: ${question})` }).click();
  await host.locator('.reported', { hasText: 'Reported: 1 report' }).waitFor();

  await host.getByRole('button', { name: `Hide the question: ${question}` }).click();
  const hideDialog = host.getByRole('dialog', { name: 'Hide this question?' });
  await hideDialog.getByLabel(/^Reason/).fill('Please do not share patient lists in the room.');
  await expectNoSeriousAxeViolations(host, 'live room, hiding a question');
  await screenshot(host, 'live-room-coach-hide-confirm');
  await hideDialog.getByRole('button', { name: 'Hide the question' }).click();
  await host.getByRole('heading', { name: 'Hidden', level: 3 }).waitFor();
  await moPage.getByText('A coach hid your question: others no longer see it. Reason: Please do not share patient lists in the room.').waitFor();
  await niaPage.getByText('No questions yet.').waitFor();
  expect(await niaPage.getByText(question, { exact: true }).count()).toBe(0);
  await expectNoSeriousAxeViolations(moPage, 'live room, member whose question was hidden');
  await screenshot(moPage, 'live-room-member-question-hidden');
  await host.getByRole('button', { name: `Show again (question: ${question})` }).click();
  await niaPage.getByText(question, { exact: true }).waitFor();
  await moPage.getByText('You asked this (others do not see your name)').waitFor();
  expect(await moPage.getByText('A coach hid your question').count()).toBe(0);

  // ---- a network admin asks who asked, after being told the look is recorded --------------------
  expect(await niaPage.getByRole('button', { name: `Who asked this question: ${question}` }).count()).toBe(0);
  expect(await host.getByRole('button', { name: `Who asked this question: ${question}` }).count()).toBe(0);
  await adminPage.getByRole('button', { name: `Who asked this question: ${question}` }).click();
  const revealDialog = adminPage.getByRole('dialog', { name: 'See who asked this?' });
  await revealDialog.getByText('Your look is recorded in the reveal log').waitFor();
  await expectNoSeriousAxeViolations(adminPage, 'live room, admin about to see who asked');
  await revealDialog.getByRole('button', { name: 'Show me who asked' }).click();
  await adminPage.getByText('Asked by Mo Member (Riverside practice).').waitFor();
  await screenshot(adminPage, 'live-room-admin-revealed');
  expect(await niaPage.locator('.question', { hasText: question }).innerText()).not.toContain('Mo Member');

  // ---- exports in the room, for hosts only ------------------------------------------------------
  await host.getByRole('link', { name: 'Summary (text file)' }).waitFor();
  expect(await niaPage.getByRole('link', { name: 'Summary (text file)' }).count()).toBe(0);

  // ---- moving Mo to the other group while groups run ---------------------------------------------
  const breakouts = host.getByRole('region', { name: 'Breakout groups' });
  await breakouts.getByLabel('How many groups').fill('2');
  await breakouts.getByLabel('Who goes where').selectOption('by-team');
  await breakouts.getByRole('button', { name: 'Make the groups' }).click();
  await breakouts.locator('.group-name', { hasText: 'Group 2' }).waitFor();
  await breakouts.getByLabel('Minutes').fill('10');
  await breakouts.getByRole('button', { name: 'Start the groups' }).click();
  const moGroup = (await moPage.getByRole('heading', { name: /^You are in Group \d$/ }).innerText()).replace('You are in ', '');
  const otherGroup = moGroup === 'Group 1' ? 'Group 2' : 'Group 1';
  await moPage.getByRole('textbox', { name: `${moGroup} notes` }).waitFor();

  // With the keyboard: open the mover, choose the group, press Move.
  const mover = breakouts.getByText('Move a person to another group');
  await mover.focus();
  await host.keyboard.press('Enter');
  const select = breakouts.getByLabel(/^Mo Member/);
  await select.selectOption({ label: otherGroup });
  await breakouts.getByRole('button', { name: 'Move Mo Member' }).focus();
  await host.keyboard.press('Enter');
  await breakouts.getByText(`Mo Member is now in ${otherGroup}.`).waitFor();
  await expectNoSeriousAxeViolations(host, 'live room, coach moving a person');
  await screenshot(host, 'live-room-coach-move');

  await moPage.getByRole('heading', { name: `You are in ${otherGroup}` }).waitFor();
  await moPage.getByRole('textbox', { name: `${otherGroup} notes` }).waitFor();
  const moChat = moPage.getByRole('region', { name: `${otherGroup} chat` });
  await moChat.getByLabel('Message').fill('Moved over to you');
  await moChat.getByRole('button', { name: /^Send/ }).click();
  await niaPage.getByRole('region', { name: `${otherGroup} chat` }).getByText('Moved over to you').waitFor();
  await expectNoSeriousAxeViolations(moPage, 'live room, member moved to another group');
  await screenshot(moPage, 'live-room-member-moved');

  for (const page of [host, moPage, niaPage, adminPage]) await page.context().close();
});
