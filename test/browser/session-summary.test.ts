import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { sessionNotesDocumentName, writeNotesParagraphs } from '../../server/src/shared/session-notes.document';
import { addMember, newNetwork, newUser } from '../support/api';
import { expectNoSeriousAxeViolations, openPage, screenshot, browserSuite } from '../support/browser';
import { connectProvider, destroyProvider, synced } from '../support/collab';
import { liveAs } from '../support/live';
import { searchable } from '../support/search';

/**
 * The harvest in the browser: the coach reviews the draft summary of an ended session (an
 * introduction, an answer, a section left out), publishes it after a confirmation that says what
 * publishing does, and a member reads it, finds it by search and follows its thread. At desktop
 * and phone widths, axe-clean.
 */

jest.setTimeout(240_000);

const suite = browserSuite();

async function endedSession() {
  const { server } = suite;
  const word = `kelpie${randomBytes(2).toString('hex')}`;
  const coach = await newUser(server.url, { displayName: 'Cora Coach' });
  const member = await newUser(server.url, { displayName: 'Mo Member' });
  const network = await newNetwork(coach, { name: `Depression care ${word}`, visibility: 'private' });
  await coach.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true });
  await addMember(coach, network.id, member, 'member');
  const team = (await coach.client.post(`/api/networks/${network.id}/teams`, { name: 'Riverside practice' })).body;
  await coach.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: team.id });
  const startsAt = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
  const session = (
    await coach.client.post(`/api/networks/${network.id}/learning-sessions`, {
      title: 'Learning session 3: what we learned',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 90 * 60 * 1000).toISOString(),
      timeZone: 'Europe/London',
      agenda: [
        { title: 'Welcome', minutes: 5, presenter: 'Cora' },
        { title: 'Team reports', minutes: 40 },
      ],
    })
  ).body;
  const host = await liveAs(server.url, coach);
  const peer = await liveAs(server.url, member);
  try {
    await host.socket.emitWithAck('session:join', { sessionId: session.id });
    await host.socket.emitWithAck('session:start', { sessionId: session.id });
    await peer.socket.emitWithAck('session:join', { sessionId: session.id });
    const provider = connectProvider(server.url, member, sessionNotesDocumentName(session.id), new Y.Doc(), { ack: true });
    await synced(provider);
    writeNotesParagraphs(provider.doc, ['Riverside called every patient within seven days.', 'Half of them answered the first call.']);
    await provider.whenSaved();
    destroyProvider(provider);
    await peer.socket.emitWithAck('question:ask', { sessionId: session.id, text: 'What if nobody answers twice?', anonymous: true });
    const poll = (await coach.client.post(`/api/learning-sessions/${session.id}/polls`, { question: 'Which change first?', options: ['Calls', 'Texts'] })).body;
    await peer.socket.emitWithAck('poll:vote', { pollId: poll.id, choices: [0] });
    await host.socket.emitWithAck('session:end', { sessionId: session.id });
  } finally {
    host.close();
    peer.close();
  }
  return { word, coach, member, network, session };
}

it('the coach reviews and publishes the summary; a member reads it, finds it and follows its thread', async () => {
  const { server, browser } = suite;
  const { word, coach, member, network, session } = await endedSession();
  const summaryPath = `/networks/${network.id}/learning-sessions/${session.id}/summary`;

  const page = await openPage(browser, server.url, coach, { width: 1280, height: 900 });
  await page.goto(`${server.url}/networks/${network.id}/learning-sessions/${session.id}`);
  await page.getByRole('link', { name: 'Review the draft summary' }).click();
  await page.getByRole('heading', { level: 1, name: 'Learning session 3: what we learned' }).waitFor();
  await page.getByText('Draft.', { exact: false }).first().waitFor();
  await page.getByText('a member of Riverside practice', { exact: false }).waitFor();
  await page.getByText('Riverside called every patient within seven days.').waitFor();
  // The agenda reads as words do, with the presenter set apart by a spaced dot.
  expect(await page.getByRole('listitem').filter({ hasText: 'Welcome' }).innerText()).toBe('Welcome 5 min · Cora');
  await expectNoSeriousAxeViolations(page, 'summary review');
  // The downloads say what kind of file they give in everyday words, not the format's name.
  for (const name of ['Summary (text file)', 'Poll results (spreadsheet)', 'Attendance (spreadsheet)']) await page.getByRole('link', { name }).waitFor();
  expect(await page.getByRole('region', { name: 'Export' }).textContent()).not.toMatch(/Markdown|CSV/);
  await screenshot(page, 'session-summary-review-1280');

  // The introduction's formatting is shown by example, not by the name of a format patient partners would not know.
  const introduction = page.getByRole('textbox', { name: 'Introduction (optional)' });
  expect(await introduction.evaluate((element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent)).toContain('**two stars**');
  expect(await page.getByRole('form', { name: 'Your review' }).textContent()).not.toMatch(/Markdown/);
  await introduction.fill(`We compared how teams follow people up ${word}.`);
  await page.getByRole('textbox', { name: /Key points/ }).fill('Call within seven days\nA second call helps');
  await page.getByRole('checkbox', { name: 'Attendance by team' }).uncheck();
  await page.getByRole('textbox', { name: /Answer/ }).fill('Send a letter after the second missed call.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.getByText('Saved. Only coaches and admins see the draft until it is published.').waitFor();

  await page.getByRole('button', { name: 'Publish to the network' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish this summary?' });
  await dialog.getByText('find it in search', { exact: false }).waitFor();
  await screenshot(page, 'session-summary-publish-dialog-1280');
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Published. Members of the network can now read and find this summary', { exact: false }).waitFor();
  await page.getByRole('link', { name: 'Follow-up: Learning session 3: what we learned' }).waitFor();
  await page.close();

  // The member reads it: the coach's words, the answer, no attendance section, and the thread.
  await searchable(member, `${word}`, (hit) => hit.type === 'learning-session' && hit.url === summaryPath);
  for (const width of [1280, 390]) {
    // The phone reader is in Tokyo: the session's London time is named, and so is theirs.
    const reader = await openPage(browser, server.url, member, { width, height: 900 }, width === 390 ? { timezoneId: 'Asia/Tokyo' } : {});
    await reader.goto(`${server.url}/search?q=${word}`);
    await reader.getByRole('link', { name: 'Learning session 3: what we learned' }).first().click();
    await reader.waitForURL(`**${summaryPath}`);
    await reader.getByText(`We compared how teams follow people up ${word}.`).waitFor();
    await reader.getByText('Send a letter after the second missed call.').waitFor();
    await reader.getByRole('heading', { name: 'Key points' }).waitFor();
    if (width === 390) await reader.getByText(/^For you: .+ \(Tokyo time\)$/).waitFor();
    expect(await reader.getByRole('heading', { name: 'Attendance by team' }).count()).toBe(0);
    expect(await reader.getByRole('button', { name: 'Publish to the network' }).count()).toBe(0);
    expect(await reader.getByRole('link', { name: 'Summary (text file)' }).count()).toBe(0);
    // The member asked anonymously: the questions show their team's label, never their name.
    const questions = (await reader.locator('ul.questions').textContent()) ?? '';
    expect(questions).toContain('a member of Riverside practice');
    expect(questions).not.toContain('Mo Member');
    await expectNoSeriousAxeViolations(reader, `published summary at ${width}`);
    await screenshot(reader, `session-summary-read-${width}`);
    if (width === 1280) {
      await reader.getByRole('link', { name: 'Follow-up: Learning session 3: what we learned' }).click();
      await reader.getByRole('link', { name: 'Learning session 3: what we learned' }).first().waitFor();
    }
    await reader.close();
  }
});
