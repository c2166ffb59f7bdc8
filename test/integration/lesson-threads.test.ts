import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { writeLessonWithBarriers } from '../support/barriers';
import { startServer, type RunningServer } from '../support/server';

/**
 * Threads about a lesson, through the real server and PostgreSQL: started in the lesson's network
 * and found again from it, never about a draft, behind the one network policy, and never telling
 * who wrote an anonymous lesson.
 */

jest.setTimeout(120_000);

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const suffix = () => Math.random().toString(36).slice(2, 7);

function startThread(user: TestUser, networkId: string, lessonId: string, title = 'What would you change?') {
  return user.client.post(`/api/networks/${networkId}/threads`, { title, body: 'We are about to try this ourselves.', subject: { type: 'lesson', id: lessonId } });
}

function threadsAbout(user: TestUser, networkId: string, lessonId: string) {
  return user.client.get(`/api/networks/${networkId}/threads?subjectType=lesson&subjectId=${lessonId}`);
}

async function setting() {
  const admin = await newUser(server.url, { displayName: `Ada Admin ${suffix()}` });
  const network = await newNetwork(admin, { name: `Depression follow-up ${suffix()}` });
  const author = await newUser(server.url, { displayName: `Wren Writer ${suffix()}` });
  const peer = await newUser(server.url, { displayName: `Pat Peer ${suffix()}` });
  await addMember(admin, network.id, author, 'member');
  await addMember(admin, network.id, peer, 'member');
  return { admin, network, author, peer };
}

describe('a thread about a lesson', () => {
  it('starts in the lesson’s network, shows the lesson as its subject, and is found from the lesson', async () => {
    const { network, author, peer } = await setting();
    const lesson = await writeLessonWithBarriers(author, network.id, [], { title: 'Calls from withheld numbers' });
    expect(lesson.can.discuss).toBe(true);

    const started = await startThread(peer, network.id, lesson.id);
    expect(started.status).toBe(201);
    expect(started.body.subject).toEqual({ type: 'lesson', id: lesson.id, packageId: null, title: 'Calls from withheld numbers' });

    const opened = await author.client.get(`/api/threads/${started.body.id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.subject).toEqual({ type: 'lesson', id: lesson.id, packageId: null, title: 'Calls from withheld numbers' });

    // The lesson finds its threads, and only its own.
    const other = await writeLessonWithBarriers(author, network.id, [], { title: 'Another lesson' });
    expect((await startThread(peer, network.id, other.id, 'About the other one')).status).toBe(201);
    const listed = await threadsAbout(author, network.id, lesson.id);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((thread: any) => thread.id)).toEqual([started.body.id]);

    // The subject follows the lesson's title, as it is now.
    expect((await author.client.patch(`/api/lessons/${lesson.id}`, { title: 'Calls from a known number' })).status).toBe(200);
    expect((await peer.client.get(`/api/threads/${started.body.id}`)).body.subject.title).toBe('Calls from a known number');

    // A deleted lesson leaves its thread standing, about nothing.
    expect((await author.client.delete(`/api/lessons/${lesson.id}`)).status).toBe(204);
    const orphan = await peer.client.get(`/api/threads/${started.body.id}`);
    expect(orphan.status).toBe(200);
    expect(orphan.body.subject).toBeNull();
  });

  it('refuses a draft: its writer is told it is a draft, anyone else that there is no such lesson', async () => {
    const { network, author, peer } = await setting();
    const draft = await writeLessonWithBarriers(author, network.id, [], { status: 'draft' });
    expect(draft.can.discuss).toBe(false);

    const own = await startThread(author, network.id, draft.id);
    expectErrorShape(own, 400, 'discussions.subject_lesson_draft');
    expect(own.body.fields).toEqual([expect.objectContaining({ field: 'subject.id' })]);

    const other = await startThread(peer, network.id, draft.id);
    expectErrorShape(other, 400, 'discussions.subject_not_found');
    expect(other.body.fields).toEqual([expect.objectContaining({ field: 'subject.id' })]);

    // Nothing was written.
    expect((await threadsAbout(author, network.id, draft.id)).body.items).toEqual([]);
  });

  it('is started only in the lesson’s own network', async () => {
    const { admin, network, author } = await setting();
    const elsewhere = await newNetwork(admin, { name: `Elsewhere ${suffix()}` });
    const lesson = await writeLessonWithBarriers(author, network.id, []);
    const response = await startThread(admin, elsewhere.id, lesson.id);
    expectErrorShape(response, 400, 'discussions.subject_not_found');
    expect((await threadsAbout(admin, elsewhere.id, lesson.id)).body.items).toEqual([]);
  });

  it('goes through the network policy: a private network is not there for a stranger, and a reader sees the threads but cannot start one', async () => {
    const { admin, network: publicNetwork, author, peer } = await setting();
    const privateNetwork = await newNetwork(admin, { name: `Private ${suffix()}`, visibility: 'private' });
    await addMember(admin, privateNetwork.id, author, 'member');
    const privateLesson = await writeLessonWithBarriers(author, privateNetwork.id, []);
    const stranger = await newUser(server.url, { displayName: `Sam Stranger ${suffix()}` });

    const hidden = await startThread(stranger, privateNetwork.id, privateLesson.id);
    expectErrorShape(hidden, 404);
    expectErrorShape(await threadsAbout(stranger, privateNetwork.id, privateLesson.id), 404);
    const privateThread = await startThread(author, privateNetwork.id, privateLesson.id);
    expect(privateThread.status).toBe(201);
    expectErrorShape(await stranger.client.get(`/api/threads/${privateThread.body.id}`), 404);

    // A public network's reader (signed in, not a member) reads the lesson and its threads, and starts none.
    const publicLesson = await writeLessonWithBarriers(author, publicNetwork.id, []);
    const thread = await startThread(peer, publicNetwork.id, publicLesson.id);
    expect(thread.status).toBe(201);
    const asReader = await stranger.client.get(`/api/lessons/${publicLesson.id}`);
    expect(asReader.status).toBe(200);
    expect(asReader.body.can.discuss).toBe(false);
    expect((await threadsAbout(stranger, publicNetwork.id, publicLesson.id)).body.items.map((item: any) => item.id)).toEqual([thread.body.id]);
    expectErrorShape(await startThread(stranger, publicNetwork.id, publicLesson.id), 403);
  });

  it('never names the writer of an anonymous lesson, in the thread or in the list', async () => {
    const { admin, network, author, peer } = await setting();
    expect((await admin.client.patch(`/api/networks/${network.id}`, { allowAnonymousPosts: true })).status).toBe(200);
    const lesson = await writeLessonWithBarriers(author, network.id, [], { anonymous: true, title: 'A failure we would rather share quietly' });
    expect(lesson.author.kind).toBe('anonymous');

    const started = await startThread(peer, network.id, lesson.id);
    expect(started.status).toBe(201);
    for (const reader of [peer, admin, author]) {
      const thread = await reader.client.get(`/api/threads/${started.body.id}`);
      const list = await threadsAbout(reader, network.id, lesson.id);
      expect(thread.body.subject).toEqual({ type: 'lesson', id: lesson.id, packageId: null, title: 'A failure we would rather share quietly' });
      for (const text of [JSON.stringify(thread.body), JSON.stringify(list.body)]) {
        expect(text).not.toContain(author.displayName);
        expect(text).not.toContain(author.id);
      }
    }
  });
});

describe('bad subjects', () => {
  it('names the field for a lesson id that is not a UUID, and for a lesson that does not exist', async () => {
    const { network, peer } = await setting();
    const notUuid = await peer.client.post(`/api/networks/${network.id}/threads`, { title: 'x', body: 'y', subject: { type: 'lesson', id: 'not-a-uuid' } });
    expectErrorShape(notUuid, 400);
    expect(notUuid.body.fields.map((field: any) => field.field)).toContain('subject.id');
    const missing = await startThread(peer, network.id, '00000000-0000-4000-8000-000000000000');
    expectErrorShape(missing, 400, 'discussions.subject_not_found');
  });
});
