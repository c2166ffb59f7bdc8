import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { notesMarkdown, sessionNotesDocumentName, writeNotesParagraphs } from '../../server/src/shared/session-notes.document';
import { addMember, ApiClient, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { closedByServer, connectProvider, destroyProvider, eventually, synced, upgradeStatus, type SavingProvider } from '../support/collab';
import { eventually as eventuallyAsync, sql } from '../support/jobs';
import { liveAs, type LiveClient } from '../support/live';
import { startServer, type RunningServer } from '../support/server';

/**
 * A learning session's harvest: co-edited notes through /collab (access and durability as for
 * change packages), the Markdown export, capture as lesson, and the action items of the action
 * period with their notifications and reminders. All against the real server.
 */

jest.setTimeout(120_000);

const SESSION_SECRET = randomBytes(32).toString('hex');
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ SESSION_SECRET });
});
afterAll(async () => {
  await server?.stop();
});

const providers: SavingProvider[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) destroyProvider(provider);
});

function open(user: TestUser | null, documentName: string): SavingProvider {
  const provider = connectProvider(server.url, user, documentName, new Y.Doc(), { ack: true });
  providers.push(provider);
  return provider;
}

const notesText = (doc: Y.Doc) => notesMarkdown(doc);

interface Cast {
  coach: TestUser;
  member: TestUser;
  /** A signed-in person who is not a member. */
  outsider: TestUser;
  network: { id: string };
  session: { id: string; title: string };
}

async function newSession(coach: TestUser, networkId: string, title = `Learning session ${randomBytes(2).toString('hex')}`) {
  const startsAt = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
  const response = await coach.client.post(`/api/networks/${networkId}/learning-sessions`, {
    title,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 90 * 60 * 1000).toISOString(),
    timeZone: 'Europe/London',
    agenda: [],
  });
  if (response.status !== 201) throw new Error(`schedule failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; title: string };
}

async function cast(visibility: 'public' | 'private' = 'public'): Promise<Cast> {
  const [coach, member, outsider] = await Promise.all([newUser(server.url), newUser(server.url), newUser(server.url)]);
  const network = await newNetwork(coach, { visibility });
  await addMember(coach, network.id, member, 'member');
  return { coach, member, outsider, network, session: await newSession(coach, network.id) };
}

async function newTeam(admin: TestUser, networkId: string, members: TestUser[] = []): Promise<{ id: string; name: string }> {
  const team = await admin.client.post(`/api/networks/${networkId}/teams`, { name: `Team ${randomBytes(3).toString('hex')}` });
  expect(team.status).toBe(201);
  for (const member of members) {
    const moved = await admin.client.patch(`/api/networks/${networkId}/members/${member.id}`, { teamId: team.body.id });
    expect(moved.status).toBe(200);
  }
  return team.body;
}

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

describe('session notes through /collab', () => {
  it('members write, readers of a public network read only, and a private network keeps its notes to itself', async () => {
    const { member, outsider, session } = await cast('public');
    const name = sessionNotesDocumentName(session.id);

    const writer = open(member, name);
    const reader = open(outsider, name);
    await Promise.all([synced(writer), synced(reader)]);
    writeNotesParagraphs(writer.doc, ['Riverside called every patient within 7 days.']);
    await writer.whenSaved();
    await eventually(reader.doc, () => notesText(reader.doc).includes('Riverside called'));

    // A reader's edit is neither kept nor relayed: a fresh client sees only the member's words.
    writeNotesParagraphs(reader.doc, ['Written by someone who may only read']);
    const later = open(member, name);
    await synced(later);
    writeNotesParagraphs(writer.doc, ['A second line by the member.']);
    await writer.whenSaved();
    await eventually(later.doc, () => notesText(later.doc).includes('A second line'));
    expect(notesText(later.doc)).not.toContain('someone who may only read');

    const hidden = await cast('private');
    const privateName = sessionNotesDocumentName(hidden.session.id);
    const headers = (user: TestUser) => ({ cookie: user.client.cookie!, origin: server.url });
    expect((await upgradeStatus(server.url, `/collab/${privateName}`, headers(hidden.outsider))).status).toBe(404);
    expect((await upgradeStatus(server.url, `/collab/${privateName}:group-1`, headers(hidden.outsider))).status).toBe(404);
    // The same answer as a document that does not exist at all.
    expect((await upgradeStatus(server.url, `/collab/${sessionNotesDocumentName('6f2d1c3b-0000-4000-8000-000000000000')}`, headers(hidden.member))).status).toBe(404);
    expect((await upgradeStatus(server.url, `/collab/learning-session-notes:not-a-session`, headers(hidden.member))).status).toBe(404);
    expect((await upgradeStatus(server.url, `/collab/${privateName}`, { origin: server.url })).status).toBe(401);
    expect((await upgradeStatus(server.url, `/collab/${privateName}`, headers(hidden.member))).status).toBe(101);
  });

  it('keeps every saved word through the session ending and a server restart, and exports them', async () => {
    const { coach, member, session } = await cast('public');
    const name = sessionNotesDocumentName(session.id);
    const writer = open(member, name);
    await synced(writer);
    writeNotesParagraphs(writer.doc, ['What we heard: most teams call within 10 days.']);
    await writer.whenSaved();
    destroyProvider(providers.splice(providers.indexOf(writer), 1)[0]);

    // Ending the session is a change of its status; the notes are their own document.
    await sql(server.databaseUrl, `UPDATE learning_sessions SET status = 'ended' WHERE id = $1`, [session.id]);
    await server.stop();
    server = await startServer({ SESSION_SECRET, DATABASE_URL: server.databaseUrl });

    const after = open(coach, name);
    await synced(after);
    expect(notesText(after.doc)).toContain('most teams call within 10 days');
    // Still editable after the end: a coach tidies the notes up.
    writeNotesParagraphs(after.doc, ['Tidied after the session.']);
    await after.whenSaved();

    // The server came back on another port: the same signed-in member, at its new address.
    const again = new ApiClient(server.url);
    for (const [cookie, value] of member.client.cookies) again.cookies.set(cookie, value);
    const exported = await again.get(`/api/learning-sessions/${session.id}/notes.md`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename=".+-notes\.md"/);
    expect(exported.body).toContain(`# ${session.title}`);
    expect(exported.body).toContain('What we heard: most teams call within 10 days.\n\nTidied after the session.');
  });
});

describe('breakout notes', () => {
  const sockets: LiveClient[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  async function live(user: TestUser, sessionId: string): Promise<LiveClient> {
    const client = await liveAs(server.url, user);
    sockets.push(client);
    const joined = await client.socket.emitWithAck('session:join', { sessionId });
    if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
    return client;
  }

  /** A running public session with two breakout groups: `member` in the first, `other` in the second. */
  async function breakouts() {
    const { coach, member, outsider, network, session } = await cast('public');
    const other = await newUser(server.url);
    await addMember(coach, network.id, other, 'member');
    const host = await live(coach, session.id);
    expect(await host.socket.emitWithAck('session:start', {})).toEqual({ ok: true });
    const created = await host.socket.emitWithAck('breakout:create', { count: 2, mode: 'manual', assignments: [{ userId: member.id, group: 0 }, { userId: other.id, group: 1 }] });
    const [first, second] = created.breakouts.groups as { id: string }[];
    expect(await host.socket.emitWithAck('breakout:start', { minutes: 10 })).toMatchObject({ ok: true });
    return { coach, member, other, outsider, network, session, host, first, second };
  }

  const headers = (user: TestUser) => ({ cookie: user.client.cookie!, origin: server.url });

  /** What the stock provider makes of a refused upgrade: its socket closes before it ever syncs, and it would only try again. */
  async function refusedToProvider(user: TestUser, documentName: string): Promise<number> {
    const provider = open(user, documentName);
    const code = await closedByServer(provider);
    expect(provider.synced).toBe(false);
    destroyProvider(providers.splice(providers.indexOf(provider), 1)[0]);
    return code;
  }

  it('opens a group’s notes to its members and the hosts only; to anyone else they are a missing document', async () => {
    const { coach, member, other, outsider, network, session, host, first, second } = await breakouts();
    const firstNotes = sessionNotesDocumentName(session.id, first.id);
    const secondNotes = sessionNotesDocumentName(session.id, second.id);
    const missing = await upgradeStatus(server.url, `/collab/${sessionNotesDocumentName(session.id, '6f2d1c3b-0000-4000-8000-000000000000')}`, headers(member));
    expect(missing.status).toBe(404);
    const elsewhere = await breakouts(); // a group of another session, named under this one
    for (const [user, name] of [
      [member, secondNotes],
      [other, firstNotes],
      [outsider, firstNotes], // reads the public network's session notes, not a group's
      [member, `${sessionNotesDocumentName(session.id)}:group-1`],
      [member, sessionNotesDocumentName(session.id, elsewhere.first.id)],
    ] as const) {
      expect(await upgradeStatus(server.url, `/collab/${name}`, headers(user))).toEqual(missing);
    }
    expect(await refusedToProvider(other, firstNotes)).toBe(await refusedToProvider(member, sessionNotesDocumentName(session.id, '6f2d1c3b-0000-4000-8000-000000000000')));
    expect((await upgradeStatus(server.url, `/collab/${sessionNotesDocumentName(session.id)}`, headers(outsider))).status).toBe(101);

    // The group's member writes, the host reads and writes too.
    const writer = open(member, firstNotes);
    const visitor = open(coach, firstNotes);
    await Promise.all([synced(writer), synced(visitor)]);
    writeNotesParagraphs(writer.doc, ['Group one talked about phone scripts.']);
    await writer.whenSaved();
    await eventually(visitor.doc, () => notesText(visitor.doc).includes('phone scripts'));
    writeNotesParagraphs(visitor.doc, ['The coach added a link to the script library.']);
    await visitor.whenSaved();
    await eventually(writer.doc, () => notesText(writer.doc).includes('script library'));

    // Moved to the second group: the first group's notes close on them at once, the second's open.
    const secondWriter = open(other, secondNotes);
    await synced(secondWriter);
    const closed = closedByServer(writer);
    expect(await host.socket.emitWithAck('breakout:move', { userId: member.id, groupId: second.id })).toMatchObject({ ok: true });
    expect(await closed).toBe(4403);
    expect(await upgradeStatus(server.url, `/collab/${firstNotes}`, headers(member))).toEqual(missing);
    expect((await upgradeStatus(server.url, `/collab/${secondNotes}`, headers(member))).status).toBe(101);

    // Removed from the (public) network: they may still read the network, but no longer their group's notes.
    const removedClosed = closedByServer(secondWriter);
    expect((await coach.client.delete(`/api/networks/${network.id}/members/${other.id}`)).status).toBe(204);
    expect(await removedClosed).toBe(4403);
    expect(await upgradeStatus(server.url, `/collab/${secondNotes}`, headers(other))).toEqual(missing);
  });

  it('keeps what was typed as the breakout and the session ended, and the notes stay open afterwards', async () => {
    const { coach, member, session, host, first } = await breakouts();
    const groupName = sessionNotesDocumentName(session.id, first.id);
    const mainName = sessionNotesDocumentName(session.id);
    const group = open(member, groupName);
    const main = open(member, mainName);
    await Promise.all([synced(group), synced(main)]);
    writeNotesParagraphs(group.doc, ['Typed as the breakout ended.']);
    writeNotesParagraphs(main.doc, ['Typed as the session ended.']);
    // The coach ends both at once, without waiting for anything to be saved.
    const [breakoutEnd, sessionEnd] = await Promise.all([host.socket.emitWithAck('breakout:end', {}), host.socket.emitWithAck('session:end', {})]);
    expect(sessionEnd).toEqual({ ok: true });
    // Whichever lands first: the session's end also brings everyone back, and then there is no breakout left to end.
    if (!breakoutEnd.ok) expect(breakoutEnd.error).toMatchObject({ statusCode: 409, code: 'live_room.breakouts_not_running' });
    await Promise.all([group.whenSaved(), main.whenSaved()]);

    // Read back from PostgreSQL, not from the server's memory.
    const stored = async (name: string) => {
      const doc = new Y.Doc();
      const [snapshot] = await sql<{ state: Buffer; upTo: string }>(server.databaseUrl, `SELECT state, up_to_update_id AS "upTo" FROM collab_snapshots WHERE document_name = $1`, [name]);
      if (snapshot) Y.applyUpdate(doc, snapshot.state);
      const updates = await sql<{ update: Buffer }>(server.databaseUrl, `SELECT update FROM collab_updates WHERE document_name = $1 AND id > $2 ORDER BY id`, [name, snapshot?.upTo ?? '0']);
      for (const { update } of updates) Y.applyUpdate(doc, update);
      return notesText(doc);
    };
    expect(await stored(groupName)).toContain('Typed as the breakout ended.');
    expect(await stored(mainName)).toContain('Typed as the session ended.');

    // Afterwards the notes stay readable and editable: the group's member finishes a sentence, the coach tidies up.
    writeNotesParagraphs(group.doc, ['One more thought after the breakout.']);
    await group.whenSaved();
    const tidy = open(coach, mainName);
    await synced(tidy);
    writeNotesParagraphs(tidy.doc, ['Tidied by the coach afterwards.']);
    await tidy.whenSaved();
    await eventually(main.doc, () => notesText(main.doc).includes('Tidied by the coach'));
    expect(await stored(groupName)).toContain('One more thought after the breakout.');
    const exported = await member.client.get(`/api/learning-sessions/${session.id}/notes.md`);
    expect(exported.body).toContain('Typed as the session ended.\n\nTidied by the coach afterwards.');
  });
});

describe('export', () => {
  it('is for whoever may read the session; a private session is missing to outsiders', async () => {
    const open = await cast('public');
    const empty = await open.outsider.client.get(`/api/learning-sessions/${open.session.id}/notes.md`);
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('_No notes were taken._');

    const hidden = await cast('private');
    expectErrorShape(await hidden.outsider.client.get(`/api/learning-sessions/${hidden.session.id}/notes.md`), 404);
    expectErrorShape(await hidden.member.client.get(`/api/learning-sessions/not-a-uuid/notes.md`), 400);
  });
});

describe('capture as lesson', () => {
  it('makes a draft lesson of the session’s network, written by the caller, prefilled and linked back to the session', async () => {
    const { member, network, session } = await cast('public');
    const captured = await member.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, {
      text: 'Riverside called every patient within 7 days.\nHalf of them answered.',
      source: 'notes',
    });
    expect(captured.status).toBe(201);
    expect(captured.body.networkId).toBe(network.id);

    const lesson = await member.client.get(`/api/lessons/${captured.body.lessonId}`);
    expect(lesson.status).toBe(200);
    expect(lesson.body).toMatchObject({ status: 'draft', mine: true, title: 'Riverside called every patient within 7 days.', networkId: network.id });
    expect(lesson.body.tried).toContain('Half of them answered.');
    expect(lesson.body.tried).toContain(`/networks/${network.id}/learning-sessions/${session.id}`);
    expect(lesson.body.tried).toContain(session.title);

    const answer = await member.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, { text: 'Our nurses call in the afternoon.', source: 'answer' });
    expect(answer.status).toBe(201);
    const fromAnswer = await member.client.get(`/api/lessons/${answer.body.lessonId}`);
    expect(fromAnswer.body.happened).toMatch(/^Our nurses call in the afternoon\./);
    expect(fromAnswer.body.tried).toBe('');

    const links = await sql<{ source: string }>(server.databaseUrl, `SELECT source FROM learning_session_captures WHERE session_id = $1 ORDER BY created_at`, [session.id]);
    expect(links.map((link) => link.source)).toEqual(['notes', 'answer']);
  });

  it('needs a member; refuses bad input naming the field and writes nothing', async () => {
    const { member, outsider, session, network } = await cast('public');
    expectErrorShape(await outsider.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, { text: 'x', source: 'notes' }), 403);
    const badSource = await member.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, { text: 'Something', source: 'chat' });
    expectErrorShape(badSource, 400);
    expect(badSource.body.fields.map((field: { field: string }) => field.field)).toEqual(['source']);
    const blank = await member.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, { text: '  ', source: 'notes' });
    expectErrorShape(blank, 400);
    expect(blank.body.fields[0].field).toBe('text');
    const punctuation = await member.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, { text: '…', source: 'notes' });
    expectErrorShape(punctuation, 400, 'session_notes.nothing_to_capture');
    const tooLong = await member.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, { text: 'a'.repeat(8_001), source: 'notes' });
    expectErrorShape(tooLong, 400);
    const badId = await member.client.post(`/api/learning-sessions/${session.id}/capture-lesson`, { text: 'Fine', source: 'question', sourceId: 'q1' });
    expectErrorShape(badId, 400);
    expect(badId.body.fields[0].field).toBe('sourceId');

    const drafts = await member.client.get(`/api/networks/${network.id}/lessons?status=draft`);
    expect(drafts.body.items).toEqual([]);
    const hidden = await cast('private');
    expectErrorShape(await hidden.outsider.client.post(`/api/learning-sessions/${hidden.session.id}/capture-lesson`, { text: 'x', source: 'notes' }), 404);
  });
});

describe('action items', () => {
  it('coaches give a team items; its members hear of it, mark them done and report; lists per session and team', async () => {
    const { coach, member, network, session } = await cast('public');
    const teammate = await newUser(server.url);
    const otherMember = await newUser(server.url);
    await addMember(coach, network.id, teammate, 'member');
    await addMember(coach, network.id, otherMember, 'member');
    const team = await newTeam(coach, network.id, [member, teammate]);
    const otherTeam = await newTeam(coach, network.id, [otherMember]);

    const created = await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: team.id, title: '  Test the 7-day call with 5 patients ', dueOn: inDays(14) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Test the 7-day call with 5 patients', teamId: team.id, teamName: team.name, status: 'open', doneAt: null, report: '', dueOn: inDays(14), sessionTitle: session.title });
    expect(created.body.can).toEqual({ edit: true, report: true });
    const itemId = created.body.id;

    // The team's members are told; the other team is not.
    const notified = await eventuallyAsync(async () => {
      const items = (await member.client.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'action_item_assigned');
      return items.length > 0 ? items : null;
    }, 'the assignment notification');
    expect(notified[0]).toMatchObject({ title: 'Test the 7-day call with 5 patients', url: `/networks/${network.id}/teams/${team.id}` });
    expect((await otherMember.client.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'action_item_assigned')).toEqual([]);

    // Its reminder waits for the day before it is due, and moves when the date moves (one job per item).
    const jobsOf = () =>
      sql<{ runAt: Date }>(server.databaseUrl, `SELECT run_at AS "runAt" FROM graphile_worker.jobs WHERE key = $1`, [`learning-sessions:action-item-due:${itemId}`]);
    expect((await jobsOf()).map((job) => new Date(job.runAt).toISOString())).toEqual([`${inDays(13)}T08:00:00.000Z`]);
    const moved = await coach.client.patch(`/api/action-items/${itemId}`, { dueOn: inDays(20) });
    expect(moved.status).toBe(200);
    expect((await jobsOf()).map((job) => new Date(job.runAt).toISOString())).toEqual([`${inDays(19)}T08:00:00.000Z`]);

    // A member of another team sees it but cannot report on it; the team's member can.
    const asOther = await otherMember.client.get(`/api/learning-sessions/${session.id}/action-items`);
    expect(asOther.body.canCreate).toBe(false);
    expect(asOther.body.items[0].can).toEqual({ edit: false, report: false });
    expectErrorShape(await otherMember.client.patch(`/api/action-items/${itemId}/progress`, { status: 'done' }), 403, 'session_notes.not_your_team');
    const done = await member.client.patch(`/api/action-items/${itemId}/progress`, { status: 'done', report: 'Called 5 of 5; 3 reached on the first try.' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', report: 'Called 5 of 5; 3 reached on the first try.' });
    expect(done.body.doneAt).not.toBeNull();

    const second = await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: otherTeam.id, title: 'Draft a phone script', dueOn: inDays(7) });
    expect(second.status).toBe(201);
    const teamPage = await teammate.client.get(`/api/networks/${network.id}/teams/${team.id}/action-items`);
    expect(teamPage.status).toBe(200);
    expect(teamPage.body.team).toMatchObject({ id: team.id, name: team.name, memberCount: 2 });
    expect(teamPage.body.isMember).toBe(true);
    expect(teamPage.body.items.map((item: { id: string }) => item.id)).toEqual([itemId]);
    const sessionList = await member.client.get(`/api/learning-sessions/${session.id}/action-items`);
    expect(sessionList.body.items.map((item: { title: string }) => item.title)).toEqual(['Draft a phone script', 'Test the 7-day call with 5 patients']);

    // The coach deletes one; it is gone from both lists.
    expect((await coach.client.delete(`/api/action-items/${second.body.id}`)).status).toBe(204);
    expect((await member.client.get(`/api/networks/${network.id}/teams/${otherTeam.id}/action-items`)).body.items).toEqual([]);
    expectErrorShape(await coach.client.delete(`/api/action-items/${second.body.id}`), 404);
  });

  it('reminds the team when the reminder comes due, and not for an item already done', async () => {
    const { coach, member, network, session } = await cast('public');
    const team = await newTeam(coach, network.id, [member]);
    const open = await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: team.id, title: 'Share one run chart', dueOn: inDays(3) });
    const finished = await coach.client.post(`/api/learning-sessions/${session.id}/action-items`, { teamId: team.id, title: 'Already done item', dueOn: inDays(3) });
    await member.client.patch(`/api/action-items/${finished.body.id}/progress`, { status: 'done' });
    // Neither is reminded yet (the day before is two days away); then both reminders are made due now, as that day would.
    expect((await member.client.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'action_item_due')).toEqual([]);
    for (const id of [open.body.id, finished.body.id]) {
      await sql(
        server.databaseUrl,
        `SELECT graphile_worker.add_job('learning-sessions:action-item-due', json_build_object('itemId', $1::text, 'dueOn', $2::text), run_at => now(), job_key => $3)`,
        [id, inDays(3), `learning-sessions:action-item-due:${id}`],
      );
    }
    const due = await eventuallyAsync(async () => {
      const items = (await member.client.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'action_item_due');
      return items.length > 0 ? items : null;
    }, 'the due reminder');
    const keys = [open.body.id, finished.body.id].map((id) => `learning-sessions:action-item-due:${id}`);
    await eventuallyAsync(async () => (await sql(server.databaseUrl, `SELECT 1 FROM graphile_worker.jobs WHERE key = ANY($1)`, [keys])).length === 0, 'the reminders to run');
    const all = (await member.client.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'action_item_due');
    expect(all.map((n: { title: string }) => n.title)).toEqual(['Share one run chart']);
    expect(due[0].url).toBe(`/networks/${network.id}/teams/${team.id}`);
  });

  it('refuses members, teams of other networks and bad input, naming the field, and writes nothing', async () => {
    const { coach, member, outsider, network, session } = await cast('public');
    const team = await newTeam(coach, network.id, [member]);
    const elsewhere = await newNetwork(coach);
    const foreignTeam = await newTeam(coach, elsewhere.id);
    const post = (user: TestUser, body: unknown) => user.client.post(`/api/learning-sessions/${session.id}/action-items`, body);

    expectErrorShape(await post(member, { teamId: team.id, title: 'Mine', dueOn: inDays(3) }), 403);
    expectErrorShape(await post(outsider, { teamId: team.id, title: 'Mine', dueOn: inDays(3) }), 403);
    const foreign = await post(coach, { teamId: foreignTeam.id, title: 'Wrong network', dueOn: inDays(3) });
    expectErrorShape(foreign, 400, 'session_notes.team_not_in_network');
    expect(foreign.body.fields).toEqual([{ field: 'teamId', message: expect.stringContaining('teamId') }]);
    const fieldsOf = async (body: unknown) => {
      const response = await post(coach, body);
      expectErrorShape(response, 400);
      return response.body.fields.map((field: { field: string }) => field.field);
    };
    expect(await fieldsOf({ teamId: 'x', title: 'T', dueOn: inDays(3) })).toEqual(['teamId']);
    expect(await fieldsOf({ teamId: team.id, title: '', dueOn: inDays(3) })).toEqual(['title']);
    expect(await fieldsOf({ teamId: team.id, title: 'T', dueOn: '2026-02-30' })).toEqual(['dueOn']);
    expect(await fieldsOf({ teamId: team.id, title: 'T', dueOn: '2020-01-01' })).toEqual(['dueOn']);
    expect(await fieldsOf({ teamId: team.id, title: 'T', dueOn: 20261214 })).toEqual(['dueOn']);
    expect(await fieldsOf({ teamId: team.id, title: 'T', dueOn: inDays(3), status: 'done' })).toEqual(['status']);

    const item = await post(coach, { teamId: team.id, title: 'Fine', dueOn: inDays(3) });
    expect(item.status).toBe(201);
    expectErrorShape(await coach.client.patch(`/api/action-items/${item.body.id}`, {}), 400);
    expectErrorShape(await coach.client.patch(`/api/action-items/${item.body.id}`, { teamId: foreignTeam.id }), 400, 'session_notes.team_not_in_network');
    expectErrorShape(await member.client.patch(`/api/action-items/${item.body.id}`, { title: 'Renamed by a member' }), 403);
    expectErrorShape(await member.client.delete(`/api/action-items/${item.body.id}`), 403);
    const badStatus = await member.client.patch(`/api/action-items/${item.body.id}/progress`, { status: 'finished' });
    expectErrorShape(badStatus, 400);
    expect(badStatus.body.fields[0].field).toBe('status');
    expectErrorShape(await member.client.patch(`/api/action-items/${item.body.id}/progress`, { report: 'r'.repeat(10_001) }), 400);

    const list = await coach.client.get(`/api/learning-sessions/${session.id}/action-items`);
    expect(list.body.items.map((row: { title: string; teamId: string }) => [row.title, row.teamId])).toEqual([['Fine', team.id]]);

    const hidden = await cast('private');
    const hiddenTeam = await newTeam(hidden.coach, hidden.network.id);
    const hiddenItem = await hidden.coach.client.post(`/api/learning-sessions/${hidden.session.id}/action-items`, { teamId: hiddenTeam.id, title: 'Private', dueOn: inDays(3) });
    expectErrorShape(await hidden.outsider.client.get(`/api/learning-sessions/${hidden.session.id}/action-items`), 404);
    expectErrorShape(await hidden.outsider.client.patch(`/api/action-items/${hiddenItem.body.id}/progress`, { status: 'done' }), 404, 'session_notes.action_item_not_found');
    expectErrorShape(await hidden.outsider.client.get(`/api/networks/${hidden.network.id}/teams/${hiddenTeam.id}/action-items`), 404);
    expectErrorShape(await hidden.coach.client.get(`/api/networks/${hidden.network.id}/teams/${foreignTeam.id}/action-items`), 404, 'session_notes.team_not_found');
  });
});
