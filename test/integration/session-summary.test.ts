import * as Y from 'yjs';
import { randomBytes } from 'node:crypto';
import { sessionNotesDocumentName, writeNotesParagraphs } from '../../server/src/shared/session-notes.document';
import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { connectProvider, destroyProvider, synced, type SavingProvider } from '../support/collab';
import { scheduleSession } from '../support/learning-sessions';
import { liveAs, type LiveClient } from '../support/live';
import { search, searchable } from '../support/search';
import { freePort, serverForSuite, startServer, type RunningServer } from '../support/server';

/**
 * The harvest of a session, run for real: a coach and members in the live room over socket.io,
 * notes and a breakout group's notes through /collab, then the end, the draft summary, the
 * coach's review, exports, publishing (search and the follow-up thread) and who may see what.
 */

jest.setTimeout(180_000);

const server = serverForSuite();
const clients: LiveClient[] = [];
const providers: SavingProvider[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const provider of providers.splice(0)) destroyProvider(provider);
});

const emit = (client: LiveClient, event: string, payload: unknown = {}) => client.socket.emitWithAck(event, payload);

async function join(user: TestUser, sessionId: string, url = server.url): Promise<LiveClient> {
  const client = await liveAs(url, user);
  clients.push(client);
  const ack = await emit(client, 'session:join', { sessionId });
  if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
  return client;
}

async function writeNotes(user: TestUser, documentName: string, paragraphs: string[]): Promise<void> {
  const provider = connectProvider(server.url, user, documentName, new Y.Doc(), { ack: true });
  providers.push(provider);
  await synced(provider);
  writeNotesParagraphs(provider.doc, paragraphs);
  await provider.whenSaved();
}

/** A private network with a coach, a Red and a Blue member (anonymous questions allowed), an outsider, and a session. */
async function cast() {
  const word = `harvest${randomBytes(3).toString('hex')}`;
  const admin = await newUser(server.url);
  const coach = await newUser(server.url, { displayName: `Coach ${word}` });
  const red = await newUser(server.url, { displayName: `Rosa Red ${word}` });
  const blue = await newUser(server.url, { displayName: `Bram Blue ${word}` });
  const outsider = await newUser(server.url);
  const network = await newNetwork(admin, { visibility: 'private' });
  expect((await admin.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
  await addMember(admin, network.id, coach, 'coach');
  for (const [member, team] of [
    [red, 'Red Team'],
    [blue, 'Blue Team'],
  ] as const) {
    await addMember(admin, network.id, member, 'member');
    const created = await admin.client.post(`/api/networks/${network.id}/teams`, { name: team });
    expect((await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: created.body.id })).status).toBe(200);
  }
  const session = await scheduleSession(coach, network.id, {
    title: `Follow-up calls ${word}`,
    description: 'How teams call patients after a screening.',
    agenda: [
      { title: 'Welcome', minutes: 10, presenter: 'Dr Ada' },
      { title: 'Team stories', minutes: 40 },
    ],
  });
  return { word, admin, coach, red, blue, outsider, network, session };
}

describe('the summary of a session', () => {
  it('is assembled at the end, reviewed by the coach, exported, and once published read, found and discussed by members only', async () => {
    const { word, admin, coach, red, blue, outsider, network, session } = await cast();
    const host = await join(coach, session.id);
    expect(await emit(host, 'session:start')).toEqual({ ok: true });
    const redSocket = await join(red, session.id);
    const blueSocket = await join(blue, session.id);

    await writeNotes(red, sessionNotesDocumentName(session.id), [`Riverside calls every patient within seven days ${word}notes.`]);
    const breakouts = await emit(host, 'breakout:create', { count: 2, mode: 'by-team' });
    expect(breakouts.ok).toBe(true);
    expect((await emit(host, 'breakout:start', { minutes: 5 })).ok).toBe(true);
    const redGroup = breakouts.breakouts.groups.find((group: { members: { userId: string }[] }) => group.members.some((member) => member.userId === red.id));
    await writeNotes(red, sessionNotesDocumentName(session.id, redGroup.id), ['Our group wants a script for the second call.']);
    // A second round of groups: the first round's notes still belong in the summary.
    expect((await emit(host, 'breakout:end')).ok).toBe(true);
    const secondRound = await emit(host, 'breakout:create', { count: 1, mode: 'mixed' });
    expect(secondRound.ok).toBe(true);

    const named = await emit(redSocket, 'question:ask', { text: 'Who makes the calls at weekends?' });
    const anonymous = await emit(blueSocket, 'question:ask', { text: 'What if nobody answers twice?', anonymous: true });
    expect(anonymous.question).toMatchObject({ authorName: null, authorLabel: 'a member of Blue Team' });
    expect((await emit(host, 'question:answered', { questionId: named.question.id, answer: 'The on-call nurse, from the shared list.' })).ok).toBe(true);
    expect((await emit(host, 'question:answered', { questionId: anonymous.question.id, answer: 'Phone the GP.' })).ok).toBe(true);
    expect((await emit(host, 'question:answered', { questionId: anonymous.question.id, answered: false })).ok).toBe(true);

    const namedPoll = (await coach.client.post(`/api/learning-sessions/${session.id}/polls`, { question: 'Which change first?', options: ['Calls', 'Texts'] })).body;
    const secretPoll = (await coach.client.post(`/api/learning-sessions/${session.id}/polls`, { question: 'How confident are you?', options: ['Very', 'Somewhat', 'Not yet'], anonymous: true })).body;
    for (const [socket, choice] of [
      [redSocket, 0],
      [blueSocket, 1],
    ] as const) {
      expect((await emit(socket, 'poll:vote', { pollId: namedPoll.id, choices: [choice] })).ok).toBe(true);
      expect((await emit(socket, 'poll:vote', { pollId: secretPoll.id, choices: [2] })).ok).toBe(true);
    }

    // During the session: hosts export what there is so far; a member is refused, an outsider finds nothing.
    const during = await coach.client.get(`/api/learning-sessions/${session.id}/summary.md`);
    expect(during.status).toBe(200);
    expect(during.headers.get('content-type')).toContain('text/markdown');
    expect((during.body as string)).toContain(`${word}notes`);
    expect((await coach.client.get(`/api/learning-sessions/${session.id}/summary`)).body).toMatchObject({ status: 'in_progress', can: { publish: false, export: true } });
    expectErrorShape(await red.client.get(`/api/learning-sessions/${session.id}/summary.md`), 403, 'learning_sessions.summary_hosts_only');
    expectErrorShape(await red.client.get(`/api/learning-sessions/${session.id}/polls.csv`), 403, 'learning_sessions.summary_hosts_only');
    expectErrorShape(await outsider.client.get(`/api/learning-sessions/${session.id}/attendance.csv`), 404, 'learning_sessions.not_found');
    expectErrorShape(await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, { introduction: 'Too soon' }), 409, 'learning_sessions.summary_not_ended');

    expect(await emit(host, 'session:end')).toEqual({ ok: true });

    // The draft, kept: agenda, notes, breakout notes, questions with the anonymous asker unnamed, poll counts, attendance by team.
    const draft = await coach.client.get(`/api/learning-sessions/${session.id}/summary`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      status: 'draft',
      agenda: [{ title: 'Welcome', minutes: 10, presenter: 'Dr Ada' }, { title: 'Team stories', minutes: 40 }],
      can: { edit: true, publish: true, export: true, discuss: true },
      thread: null,
    });
    expect(draft.body.notes).toContain(`Riverside calls every patient within seven days ${word}notes.`);
    expect(draft.body.breakouts.find((group: { groupId: string }) => group.groupId === redGroup.id)).toMatchObject({ notes: 'Our group wants a script for the second call.' });
    expect(draft.body.breakouts.map((group: { groupId: string }) => group.groupId)).toContain(secondRound.breakouts.groups[0].id);
    expect(draft.body.questions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: named.question.id, askedBy: red.displayName, anonymous: false, answeredInRoom: true, answer: 'The on-call nurse, from the shared list.' }),
        expect.objectContaining({ id: anonymous.question.id, askedBy: 'a member of Blue Team', anonymous: true, answeredInRoom: false, answer: '' }),
      ]),
    );
    expect(draft.body.polls).toEqual([
      expect.objectContaining({ id: namedPoll.id, counts: [1, 1], voters: 2, anonymous: false }),
      expect.objectContaining({ id: secretPoll.id, counts: [0, 0, 2], voters: 2, anonymous: true }),
    ]);
    expect(draft.body.attendance.total).toBe(3);
    expect(draft.body.attendance.byTeam).toEqual([
      expect.objectContaining({ teamName: 'Blue Team', people: 1 }),
      expect.objectContaining({ teamName: 'Red Team', people: 1 }),
      expect.objectContaining({ teamName: null, people: 1 }),
    ]);
    expect(JSON.stringify(draft.body)).not.toContain(blue.displayName);

    // A member may not see the draft (it does not exist for them); an outsider finds no session.
    expectErrorShape(await red.client.get(`/api/learning-sessions/${session.id}/summary`), 404, 'learning_sessions.summary_not_found');
    expectErrorShape(await red.client.patch(`/api/learning-sessions/${session.id}/summary`, { introduction: 'Mine now' }), 403, 'learning_sessions.summary_hosts_only');
    expectErrorShape(await red.client.post(`/api/learning-sessions/${session.id}/summary/publish`), 403, 'learning_sessions.summary_hosts_only');
    expectErrorShape(await outsider.client.get(`/api/learning-sessions/${session.id}/summary`), 404, 'learning_sessions.not_found');

    // The coach's review: their words, an answer, a section left out; a question from elsewhere is refused and changes nothing.
    const unknown = await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, { introduction: 'Never kept', answers: [{ questionId: namedPoll.id, answer: 'x' }] });
    expectErrorShape(unknown, 400, 'learning_sessions.summary_unknown_question');
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'answers' })]);
    const reviewed = await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, {
      introduction: `We met to share how teams follow people up ${word}intro.`,
      keyPoints: ['Call within seven days', '  '],
      answers: [{ questionId: anonymous.question.id, answer: 'Send a letter after the second missed call.' }],
      hiddenSections: ['attendance'],
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ introduction: `We met to share how teams follow people up ${word}intro.`, keyPoints: ['Call within seven days'], hiddenSections: ['attendance'] });
    expect(reviewed.body.questions.find((question: { id: string }) => question.id === anonymous.question.id).answer).toBe('Send a letter after the second missed call.');
    // The room's answer stays until the coach writes over it: then the coach's wins; emptied, none shows.
    expect(reviewed.body.questions.find((question: { id: string }) => question.id === named.question.id).answer).toBe('The on-call nurse, from the shared list.');
    const mdWithRoomAnswer = await coach.client.get(`/api/learning-sessions/${session.id}/summary.md`);
    expect(mdWithRoomAnswer.body as string).toContain('> The on-call nurse, from the shared list.');
    const overwritten = await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, { answers: [{ questionId: named.question.id, answer: 'Whoever is on call, from the rota.' }] });
    expect(overwritten.body.questions.find((question: { id: string }) => question.id === named.question.id).answer).toBe('Whoever is on call, from the rota.');
    expect((await coach.client.get(`/api/learning-sessions/${session.id}/summary.md`)).body as string).not.toContain('The on-call nurse');
    const emptied = await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, { answers: [{ questionId: named.question.id, answer: '' }] });
    expect(emptied.body.questions.find((question: { id: string }) => question.id === named.question.id).answer).toBe('');
    expect((await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, { answers: [{ questionId: named.question.id, answer: 'Whoever is on call, from the rota.' }] })).status).toBe(200);

    // Exports: Markdown with the coach's words and without the section left out; CSV with anonymous polls as counts only.
    const markdown = await coach.client.get(`/api/learning-sessions/${session.id}/summary.md`);
    expect((markdown.body as string)).toContain(`${word}intro`);
    expect((markdown.body as string)).toContain('## Breakout groups');
    expect((markdown.body as string)).toContain('> Send a letter after the second missed call.');
    expect((markdown.body as string)).toContain('_Asked by a member of Blue Team; 0 votes_');
    expect((markdown.body as string)).not.toContain('## Attendance');
    expect((markdown.body as string)).not.toContain(blue.displayName);
    const polls = await coach.client.get(`/api/learning-sessions/${session.id}/polls.csv`);
    expect(polls.status).toBe(200);
    expect(polls.headers.get('content-type')).toContain('text/csv');
    const pollLines = (polls.body as string).replace(/^\uFEFF/, '').trim().split('\n');
    expect(pollLines[0]).toBe('row,poll,kind,status,option,count,voters,person');
    expect(pollLines).toEqual(
      expect.arrayContaining([
        'result,Which change first?,named,closed,Calls,1,2,',
        `vote,Which change first?,named,closed,Texts,,,${blue.displayName}`,
        'result,How confident are you?,anonymous,closed,Not yet,2,2,',
      ]),
    );
    expect(pollLines.filter((line) => line.includes('How confident'))).toHaveLength(3);
    expect(pollLines.filter((line) => line.includes('How confident')).join('\n')).not.toMatch(/Rosa|Bram/);
    const attendance = await coach.client.get(`/api/learning-sessions/${session.id}/attendance.csv`);
    const attendanceLines = (attendance.body as string).replace(/^\uFEFF/, '').trim().split('\n');
    expect(attendanceLines[0]).toBe('team,person,first_joined_at,last_left_at,minutes,visits');
    expect(attendanceLines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([`Blue Team,${blue.displayName}`, `Red Team,${red.displayName}`, `No team,${coach.displayName}`]);

    // Before publishing, the session is found by its title but nothing of the summary is.
    await searchable(red, word, (hit) => hit.type === 'learning-session' && hit.id === session.id);
    expect((await search(red, { q: `${word}intro` })).body.hits).toEqual([]);

    const published = await coach.client.post(`/api/learning-sessions/${session.id}/summary/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', can: { publish: false, edit: true } });
    expect(published.body.thread).toMatchObject({ title: `Follow-up: ${session.title}`, postCount: 1 });
    expectErrorShape(await coach.client.post(`/api/learning-sessions/${session.id}/summary/publish`), 409, 'learning_sessions.summary_already_published');

    // Members read it now.
    const read = await red.client.get(`/api/learning-sessions/${session.id}/summary`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'published', can: { edit: false, publish: false, export: false, discuss: true }, thread: { id: published.body.thread.id } });
    // The section the coach left out is not sent to members at all.
    expect(read.body.attendance).toEqual({ total: 0, minutes: 0, byTeam: [] });
    expect(read.body.hiddenSections).toEqual(['attendance']);
    expect(read.body.notes).toContain(`${word}notes`);
    expectErrorShape(await red.client.get(`/api/learning-sessions/${session.id}/summary.md`), 403, 'learning_sessions.summary_hosts_only');
    expectErrorShape(await outsider.client.get(`/api/learning-sessions/${session.id}/summary`), 404, 'learning_sessions.not_found');

    // Searchable for members, by the summary's words, leading to the summary page; never for outsiders; never naming the anonymous asker.
    const hit = await searchable(red, `${word}intro`, (candidate) => candidate.type === 'learning-session');
    expect(hit).toMatchObject({ id: session.id, networkId: network.id, url: `/networks/${network.id}/learning-sessions/${session.id}/summary` });
    const byAnswer = await searchable(red, 'letter after the second missed call', (candidate) => candidate.id === session.id);
    expect(JSON.stringify(byAnswer)).not.toContain(blue.displayName);
    expect((await search(red, { q: blue.displayName, type: 'learning-session' })).body.hits).toEqual([]);
    const facets = (await search(red, { q: `${word}intro` })).body.facets.type;
    expect(facets).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'learning-session', label: 'Learning sessions' })]));
    for (const q of [`${word}intro`, word, `${word}notes`]) expect((await search(outsider, { q })).body.hits).toEqual([]);

    // The thread is about the session and leads back to it; "Discuss this session" finds the same thread.
    const thread = await red.client.get(`/api/threads/${published.body.thread.id}`);
    expect(thread.status).toBe(200);
    expect(thread.body.subject).toEqual({ type: 'learning_session', id: session.id, packageId: null, title: session.title });
    const listed = await red.client.get(`/api/networks/${network.id}/threads?subjectType=learning_session&subjectId=${session.id}`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([published.body.thread.id]);
    expect((await red.client.post(`/api/learning-sessions/${session.id}/thread`)).body).toEqual({ threadId: published.body.thread.id, networkId: network.id });
    expectErrorShape(await outsider.client.post(`/api/learning-sessions/${session.id}/thread`), 404, 'learning_sessions.not_found');
    expect((await admin.client.get(`/api/learning-sessions/${session.id}/summary`)).body.status).toBe('published');
  });

  it('keeps the draft and the coach’s edits across a restart, and ending twice never replaces them', async () => {
    const env = { SESSION_SECRET: randomBytes(32).toString('base64url'), PORT: String(await freePort()) };
    let own: RunningServer = await startServer(env);
    try {
      const admin = await newUser(own.url);
      const coach = await newUser(own.url);
      const network = await newNetwork(admin, { visibility: 'private' });
      await addMember(admin, network.id, coach, 'coach');
      const session = await scheduleSession(coach, network.id);
      const host = await join(coach, session.id, own.url);
      await emit(host, 'session:start');
      expect(await emit(host, 'session:end')).toEqual({ ok: true });
      expect((await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, { keyPoints: ['Kept across a restart'] })).status).toBe(200);
      expect(await emit(host, 'session:end')).toMatchObject({ ok: false, error: { code: 'live_room.already_ended' } });
      host.close();

      await own.stop();
      own = await startServer({ ...env, DATABASE_URL: own.databaseUrl });
      const again = await coach.client.get(`/api/learning-sessions/${session.id}/summary`);
      expect(again.body).toMatchObject({ status: 'draft', keyPoints: ['Kept across a restart'] });
    } finally {
      await own.stop();
    }
  });

  it('lets members start the follow-up thread with "Discuss this session" before any summary, and refuses bad input', async () => {
    const { coach, red, network, session } = await cast();
    const started = await red.client.post(`/api/learning-sessions/${session.id}/thread`);
    expect(started.status).toBe(200);
    expect(started.body.networkId).toBe(network.id);
    const thread = await red.client.get(`/api/threads/${started.body.threadId}`);
    expect(thread.body.subject).toMatchObject({ type: 'learning_session', id: session.id });
    expect((await coach.client.post(`/api/learning-sessions/${session.id}/thread`)).body.threadId).toBe(started.body.threadId);

    const host = await join(coach, session.id);
    await emit(host, 'session:start');
    await emit(host, 'session:end');
    for (const [body, field] of [
      [{}, null],
      [{ introduction: 5 }, 'introduction'],
      [{ keyPoints: 'one' }, 'keyPoints'],
      [{ keyPoints: Array.from({ length: 21 }, () => 'x') }, 'keyPoints'],
      [{ hiddenSections: ['everything'] }, 'hiddenSections'],
      [{ answers: [{ questionId: 'nope', answer: 'x' }] }, 'answers.0.questionId'],
      [{ reassemble: 'yes' }, 'reassemble'],
    ] as const) {
      const response = await coach.client.patch(`/api/learning-sessions/${session.id}/summary`, body);
      expect(response.status).toBe(400);
      if (field) expect(response.body.fields.map((entry: { field: string }) => entry.field)).toContain(field);
    }
    expect((await coach.client.get(`/api/learning-sessions/${session.id}/summary`)).body).toMatchObject({ introduction: '', keyPoints: [], hiddenSections: [] });
  });
});
