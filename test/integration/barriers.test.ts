import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { writeLessonWithBarriers, type LessonBarrier, type LessonOptions } from '../support/barriers';
import { startServer, type RunningServer } from '../support/server';

/**
 * The barrier register through the real server and PostgreSQL: systemic barriers rolling up the
 * levels as far as every reader may read the lesson, answers from higher networks by role, the
 * author told (anonymous or not, never named), links with their count, and bad input named.
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

/** Writes a lesson with its barriers (see support/barriers.ts). */
function writeLesson(author: TestUser, networkId: string, barriers: LessonBarrier[], options: LessonOptions = {}) {
  return writeLessonWithBarriers(author, networkId, barriers, options);
}

async function registerOf(user: TestUser, networkId: string, query = ''): Promise<any> {
  const response = await user.client.get(`/api/networks/${networkId}/barriers${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

/** The ids of the register's barriers that carry `description`. */
async function idsIn(user: TestUser, networkId: string, description: string): Promise<string[]> {
  const page = await registerOf(user, networkId, '?limit=50');
  return page.items.filter((item: any) => item.description === description).map((item: any) => item.id);
}

/**
 * global ← national ← region ← clinic (all public), with a private clinic and a second public
 * clinic under the region. `owner` administers all of them (creating a child needs the parent's
 * admin); everyone else has one role in one network.
 */
async function hierarchy() {
  const owner = await newUser(server.url, { displayName: 'Olive Owner' });
  const global = await newNetwork(owner, { name: `Global ${suffix()}`, level: 'global' });
  const national = await newNetwork(owner, { name: `National ${suffix()}`, level: 'national', parentId: global.id });
  const region = await newNetwork(owner, { name: `Region ${suffix()}`, level: 'subnational', parentId: national.id });
  const clinic = await newNetwork(owner, { name: `Clinic ${suffix()}`, level: 'organisation', parentId: region.id });
  const otherClinic = await newNetwork(owner, { name: `Other clinic ${suffix()}`, level: 'organisation', parentId: region.id });
  const privateClinic = await newNetwork(owner, { name: `Private clinic ${suffix()}`, level: 'organisation', parentId: region.id, visibility: 'private' });
  const person = async (name: string, networkId: string, role: 'member' | 'coach' | 'admin') => {
    const user = await newUser(server.url, { displayName: `${name} ${suffix()}` });
    await addMember(owner, networkId, user, role);
    return user;
  };
  return {
    owner,
    global,
    national,
    region,
    clinic,
    otherClinic,
    privateClinic,
    author: await person('Ana Author', clinic.id, 'member'),
    otherAuthor: await person('Oscar Other', otherClinic.id, 'member'),
    privateAuthor: await person('Pia Private', privateClinic.id, 'member'),
    clinicAdmin: await person('Cleo Clinic', clinic.id, 'admin'),
    regionCoach: await person('Rhea Region', region.id, 'coach'),
    nationalCoach: await person('Nate National', national.id, 'coach'),
    nationalAdmin: await person('Nia National', national.id, 'admin'),
    nationalMember: await person('Ned National', national.id, 'member'),
    outsider: await newUser(server.url, { displayName: `Otto Outsider ${suffix()}` }),
  };
}

describe('the register rolls systemic barriers up', () => {
  it('shows a published lesson’s systemic barrier in its network and every network above, and its local barriers nowhere', async () => {
    const h = await hierarchy();
    const systemic = `No funded care-manager post ${suffix()}`;
    const local = `Our phones were busy ${suffix()}`;
    await writeLesson(h.author, h.clinic.id, [
      { description: systemic, kind: 'systemic' },
      { description: local, kind: 'local' },
    ]);

    for (const network of [h.clinic, h.region, h.national, h.global]) {
      const page = await registerOf(h.outsider, network.id);
      const item = page.items.find((candidate: any) => candidate.description === systemic);
      expect(item).toMatchObject({
        status: 'open',
        originNetwork: { id: h.clinic.id, name: h.clinic.name, level: 'organisation' },
        raisedHere: network.id === h.clinic.id,
        places: 1,
        link: null,
        responses: [],
      });
      expect(item.lesson).toMatchObject({ networkId: h.clinic.id });
      expect(page.items.some((candidate: any) => candidate.description === local)).toBe(false);
    }
    // Never below or beside where it was raised.
    expect(await idsIn(h.owner, h.otherClinic.id, systemic)).toEqual([]);
  });

  it('leaves drafts out', async () => {
    const h = await hierarchy();
    const description = `Draft barrier ${suffix()}`;
    await writeLesson(h.author, h.clinic.id, [{ description, kind: 'systemic' }], { status: 'draft' });
    expect(await idsIn(h.author, h.clinic.id, description)).toEqual([]);
    expect(await idsIn(h.owner, h.national.id, description)).toEqual([]);
  });

  it('keeps a private network’s barrier in its own register, even for someone who reads both', async () => {
    const h = await hierarchy();
    const description = `Private barrier ${suffix()}`;
    await writeLesson(h.privateAuthor, h.privateClinic.id, [{ description, kind: 'systemic' }]);

    expect(await idsIn(h.privateAuthor, h.privateClinic.id, description)).toHaveLength(1);
    // The owner is a member of the private clinic and of every network above it: still, the
    // registers above are read by people who may not read the lesson, so it does not go up.
    for (const network of [h.region, h.national, h.global]) expect(await idsIn(h.owner, network.id, description)).toEqual([]);
    expectErrorShape(await h.outsider.client.get(`/api/networks/${h.privateClinic.id}/barriers`), 404, 'networks.not_found');
  });

  it('takes a barrier out of the registers above at once when its network turns private', async () => {
    const h = await hierarchy();
    const description = `Soon private ${suffix()}`;
    await writeLesson(h.author, h.clinic.id, [{ description, kind: 'systemic' }]);
    expect(await idsIn(h.outsider, h.national.id, description)).toHaveLength(1);

    expect((await h.owner.client.patch(`/api/networks/${h.clinic.id}`, { visibility: 'private' })).status).toBe(200);
    expect(await idsIn(h.outsider, h.national.id, description)).toEqual([]);
    expect(await idsIn(h.nationalCoach, h.national.id, description)).toEqual([]);
    expect(await idsIn(h.author, h.clinic.id, description)).toHaveLength(1);
  });

  it('pages newest first with a cursor', async () => {
    const h = await hierarchy();
    const descriptions = [`First ${suffix()}`, `Second ${suffix()}`, `Third ${suffix()}`];
    for (const description of descriptions) await writeLesson(h.author, h.clinic.id, [{ description, kind: 'systemic' }]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await registerOf(h.author, h.clinic.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: any) => item.description));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...descriptions].reverse());
  });
});

describe('answering a barrier', () => {
  it('lets coaches and admins of a higher network answer; the answer shows where it came from and its author is told', async () => {
    const h = await hierarchy();
    const description = `No interpreter budget ${suffix()}`;
    await writeLesson(h.author, h.clinic.id, [{ description, kind: 'systemic' }]);
    const [barrierId] = await idsIn(h.nationalCoach, h.national.id, description);

    const nationalPage = await registerOf(h.nationalCoach, h.national.id);
    expect(nationalPage.items.find((item: any) => item.id === barrierId).can).toEqual({ respond: true });
    expect((await registerOf(h.clinicAdmin, h.clinic.id)).items.find((item: any) => item.id === barrierId).can).toEqual({ respond: false });

    const answered = await h.nationalCoach.client.post(`/api/barriers/${barrierId}/responses`, {
      status: 'being_addressed',
      reply: '  We have asked the ministry for an interpreter line.  ',
      networkId: h.national.id,
    });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ networkId: h.national.id, networkName: h.national.name, status: 'being_addressed', reply: 'We have asked the ministry for an interpreter line.' });

    // The region's coach answers too, without naming a network: the nearest one they coach.
    const regional = await h.regionCoach.client.post(`/api/barriers/${barrierId}/responses`, { status: 'acknowledged', reply: 'Seen here as well.' });
    expect(regional.status).toBe(201);
    expect(regional.body.networkId).toBe(h.region.id);

    const item = (await registerOf(h.author, h.clinic.id)).items.find((candidate: any) => candidate.id === barrierId);
    expect(item.status).toBe('acknowledged');
    expect(item.responses.map((response: any) => [response.networkName, response.status])).toEqual([
      [h.national.name, 'being_addressed'],
      [h.region.name, 'acknowledged'],
    ]);

    const notices = (await h.author.client.get('/api/notifications')).body.items.filter((notice: any) => notice.kind === 'barrier_response');
    expect(notices).toHaveLength(2);
    expect(notices.map((notice: any) => notice.actorLabel).sort()).toEqual([h.national.name, h.region.name].sort());
    expect(notices[0]).toMatchObject({ networkId: h.clinic.id, title: description, url: `/networks/${h.clinic.id}/barriers?barrier=${barrierId}` });
  });

  it('refuses members, the barrier’s own network, networks not above it and people who cannot see it', async () => {
    const h = await hierarchy();
    const description = `Refusals ${suffix()}`;
    await writeLesson(h.author, h.clinic.id, [{ description, kind: 'systemic' }]);
    const [barrierId] = await idsIn(h.author, h.clinic.id, description);
    const answer = { status: 'acknowledged', reply: 'Noted.' };
    const respond = (user: TestUser, body: object) => user.client.post(`/api/barriers/${barrierId}/responses`, body);

    expectErrorShape(await respond(h.nationalMember, answer), 403, 'barriers.no_higher_role');
    expectErrorShape(await respond(h.nationalMember, { ...answer, networkId: h.national.id }), 403, 'barriers.responders_only');
    expectErrorShape(await respond(h.clinicAdmin, answer), 403, 'barriers.no_higher_role');
    expectErrorShape(await respond(h.clinicAdmin, { ...answer, networkId: h.clinic.id }), 400, 'barriers.not_above');
    expectErrorShape(await respond(h.owner, { ...answer, networkId: h.otherClinic.id }), 400, 'barriers.not_above');
    expectErrorShape(await respond(h.nationalCoach, { ...answer, networkId: h.privateClinic.id }), 400, 'barriers.responder_network_not_found');
    expectErrorShape(await respond(h.outsider, answer), 403, 'barriers.no_higher_role');

    const privateDescription = `Private refusal ${suffix()}`;
    await writeLesson(h.privateAuthor, h.privateClinic.id, [{ description: privateDescription, kind: 'systemic' }]);
    const [privateId] = await idsIn(h.privateAuthor, h.privateClinic.id, privateDescription);
    // Not in the national register, so not answerable from there; and unknown to those who cannot read it.
    expectErrorShape(await h.nationalCoach.client.post(`/api/barriers/${privateId}/responses`, answer), 404, 'barriers.not_found');
    expectErrorShape(await h.owner.client.post(`/api/barriers/${privateId}/responses`, { ...answer, networkId: h.national.id }), 400, 'barriers.not_above');

    const item = (await registerOf(h.author, h.clinic.id)).items.find((candidate: any) => candidate.id === barrierId);
    expect(item.responses).toEqual([]);
    expect(item.status).toBe('open');
  });

  it('tells an anonymous author without ever naming them', async () => {
    const h = await hierarchy();
    expect((await h.owner.client.patch(`/api/networks/${h.clinic.id}`, { allowAnonymousPosts: true })).status).toBe(200);
    const description = `Anonymous barrier ${suffix()}`;
    const lesson = await writeLesson(h.author, h.clinic.id, [{ description, kind: 'systemic' }], { anonymous: true });
    expect(lesson.anonymous).toBe(true);
    const [barrierId] = await idsIn(h.nationalAdmin, h.national.id, description);

    expect((await h.nationalAdmin.client.post(`/api/barriers/${barrierId}/responses`, { status: 'out_of_scope', reply: 'This belongs to the regional board.' })).status).toBe(201);

    const notices = (await h.author.client.get('/api/notifications')).body.items.filter((notice: any) => notice.kind === 'barrier_response');
    expect(notices).toHaveLength(1);
    for (const reader of [h.nationalAdmin, h.outsider, h.clinicAdmin]) {
      for (const network of [h.clinic, h.national]) {
        const text = JSON.stringify(await registerOf(reader, network.id));
        expect(text).toContain(description);
        expect(text).not.toContain(h.author.displayName);
        expect(text).not.toContain(h.author.id);
      }
    }
  });
});

describe('linking barriers hit in several places', () => {
  it('lets a coach of a common ancestor link barriers as one, counts the places, and unlink them', async () => {
    const h = await hierarchy();
    const first = `Waiting lists ${suffix()}`;
    const second = `Long waits ${suffix()}`;
    await writeLesson(h.author, h.clinic.id, [{ description: first, kind: 'systemic' }]);
    await writeLesson(h.otherAuthor, h.otherClinic.id, [{ description: second, kind: 'systemic' }]);
    const [firstId] = await idsIn(h.regionCoach, h.region.id, first);
    const [secondId] = await idsIn(h.regionCoach, h.region.id, second);

    expectErrorShape(await h.nationalMember.client.post(`/api/networks/${h.national.id}/barriers/links`, { barrierIds: [firstId, secondId] }), 403, 'networks.moderators_only');
    // A clinic's admin does not sit above the other clinic.
    const fromClinic = await h.clinicAdmin.client.post(`/api/networks/${h.clinic.id}/barriers/links`, { barrierIds: [firstId, secondId] });
    expectErrorShape(fromClinic, 400, 'barriers.not_in_register');
    expect(fromClinic.body.fields).toEqual([expect.objectContaining({ field: 'barrierIds' })]);

    const linked = await h.regionCoach.client.post(`/api/networks/${h.region.id}/barriers/links`, { barrierIds: [firstId, secondId] });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ places: 2, barrierIds: [firstId, secondId].sort() });

    const inClinic = (await registerOf(h.author, h.clinic.id)).items.find((item: any) => item.id === firstId);
    expect(inClinic.places).toBe(2);
    const secondLesson = (await registerOf(h.otherAuthor, h.otherClinic.id)).items.find((item: any) => item.id === secondId).lesson;
    // Each linked barrier leads back to its lesson, which the reader may open.
    expect(inClinic.link.others).toEqual([{ id: secondId, networkName: h.otherClinic.name, description: second, lesson: secondLesson }]);
    expect((await h.author.client.get(`/api/lessons/${secondLesson.id}`)).status).toBe(200);
    const inNational = (await registerOf(h.outsider, h.national.id)).items.filter((item: any) => item.id === firstId || item.id === secondId);
    expect(inNational.map((item: any) => item.places)).toEqual([2, 2]);

    // A third barrier from the private clinic cannot join a link above it.
    const hidden = `Private waits ${suffix()}`;
    await writeLesson(h.privateAuthor, h.privateClinic.id, [{ description: hidden, kind: 'systemic' }]);
    const [hiddenId] = await idsIn(h.privateAuthor, h.privateClinic.id, hidden);
    expectErrorShape(await h.owner.client.post(`/api/networks/${h.region.id}/barriers/links`, { barrierIds: [firstId, hiddenId] }), 400, 'barriers.not_in_register');

    // The clinic's admin cannot break a link made above; the region's coach can.
    expectErrorShape(await h.clinicAdmin.client.delete(`/api/networks/${h.clinic.id}/barriers/${firstId}/link`), 403, 'barriers.linked_above');
    expect((await h.regionCoach.client.delete(`/api/networks/${h.region.id}/barriers/${firstId}/link`)).status).toBe(204);
    const after = (await registerOf(h.author, h.clinic.id)).items.find((item: any) => item.id === firstId);
    expect(after).toMatchObject({ places: 1, link: null });
    // The link of two is gone with its first barrier.
    expect((await registerOf(h.otherAuthor, h.otherClinic.id)).items.find((item: any) => item.id === secondId)).toMatchObject({ places: 1, link: null });
    expectErrorShape(await h.regionCoach.client.delete(`/api/networks/${h.region.id}/barriers/${firstId}/link`), 409, 'barriers.not_linked');
  });
});

describe('bad input', () => {
  it('is refused with the field named, and writes nothing', async () => {
    const h = await hierarchy();
    const description = `Bad input ${suffix()}`;
    await writeLesson(h.author, h.clinic.id, [{ description, kind: 'systemic' }]);
    const [barrierId] = await idsIn(h.author, h.clinic.id, description);
    const respond = (body: unknown) => h.nationalCoach.client.post(`/api/barriers/${barrierId}/responses`, body);
    const fieldOf = (response: any) => response.body.fields?.map((field: any) => field.field);

    let response = await respond({ status: 'fixed', reply: 'Done.' });
    expectErrorShape(response, 400);
    expect(fieldOf(response)).toEqual(['status']);
    response = await respond({ status: 'addressed', reply: '   ' });
    expectErrorShape(response, 400);
    expect(fieldOf(response)).toEqual(['reply']);
    response = await respond({ status: 'addressed', reply: 'x'.repeat(2001) });
    expect(fieldOf(response)).toEqual(['reply']);
    response = await respond({ status: 'addressed', reply: 'Done.', networkId: 'national' });
    expect(fieldOf(response)).toEqual(['networkId']);
    response = await respond({ status: 'addressed', reply: 'Done.', author: 'me' });
    expect(fieldOf(response)).toEqual(['author']);
    expectErrorShape(await h.nationalCoach.client.post(`/api/barriers/not-a-barrier/responses`, { status: 'addressed', reply: 'Done.' }), 400);
    expectErrorShape(await h.nationalCoach.client.post(`/api/barriers/${crypto.randomUUID()}/responses`, { status: 'addressed', reply: 'Done.' }), 404, 'barriers.not_found');

    response = await h.regionCoach.client.post(`/api/networks/${h.region.id}/barriers/links`, { barrierIds: [barrierId] });
    expect(fieldOf(response)).toEqual(['barrierIds']);
    response = await h.regionCoach.client.post(`/api/networks/${h.region.id}/barriers/links`, { barrierIds: [barrierId, barrierId] });
    expect(fieldOf(response)).toEqual(['barrierIds']);
    response = await h.regionCoach.client.post(`/api/networks/${h.region.id}/barriers/links`, { barrierIds: [barrierId, 'x'] });
    expect(fieldOf(response)).toEqual(['barrierIds']);

    for (const query of ['?cursor=nope', '?limit=0', '?limit=51', '?limit=two', '?status=unanswered', '?status=', '?barrier=nope']) {
      response = await h.author.client.get(`/api/networks/${h.clinic.id}/barriers${query}`);
      expectErrorShape(response, 400);
      expect(fieldOf(response)).toHaveLength(1);
    }

    const item = (await registerOf(h.author, h.clinic.id)).items.find((candidate: any) => candidate.id === barrierId);
    expect(item).toMatchObject({ responses: [], status: 'open', link: null });
  });
});

describe('following a barrier between its lesson and the register', () => {
  it('filters the register by status, finds one barrier by id, and shows each systemic barrier’s status on its lesson', async () => {
    const h = await hierarchy();
    const answered = `Answered ${suffix()}`;
    const waiting = `Waiting ${suffix()}`;
    const lesson = await writeLesson(h.author, h.clinic.id, [
      { description: answered, kind: 'systemic' },
      { description: waiting, kind: 'systemic' },
      { description: `Local ${suffix()}`, kind: 'local' },
    ]);
    const [answeredId] = await idsIn(h.author, h.clinic.id, answered);
    const [waitingId] = await idsIn(h.author, h.clinic.id, waiting);
    expect((await h.nationalCoach.client.post(`/api/barriers/${answeredId}/responses`, { status: 'acknowledged', reply: 'Seen.' })).status).toBe(201);
    expect((await h.regionCoach.client.post(`/api/barriers/${answeredId}/responses`, { status: 'being_addressed', reply: 'On it.' })).status).toBe(201);

    // The latest answer decides: acknowledged first, then being addressed.
    const ids = async (query: string) => (await registerOf(h.author, h.clinic.id, query)).items.map((item: any) => item.id);
    expect(await ids('?status=being_addressed')).toEqual([answeredId]);
    expect(await ids('?status=acknowledged')).toEqual([]);
    expect(await ids('?status=open')).toContain(waitingId);
    expect(await ids('?status=open')).not.toContain(answeredId);
    // The filter and the cursor work together.
    const firstOpen = await registerOf(h.author, h.clinic.id, '?status=open&limit=1');
    expect(firstOpen.items).toHaveLength(1);

    // One barrier by id, as its lesson links to it; one the register does not hold is simply absent.
    expect(await ids(`?barrier=${waitingId}`)).toEqual([waitingId]);
    expect(await ids(`?barrier=${waitingId}&status=addressed`)).toEqual([]);
    const privateLesson = await writeLesson(h.privateAuthor, h.privateClinic.id, [{ description: `Private ${suffix()}`, kind: 'systemic' }]);
    expect((await registerOf(h.nationalCoach, h.national.id, `?barrier=${privateLesson.barriers[0].id}`)).items).toEqual([]);

    // The lesson shows each systemic barrier's status in the register, and no status for a local one.
    const read = await h.outsider.client.get(`/api/lessons/${lesson.id}`);
    expect(read.status).toBe(200);
    expect(read.body.barriers.map((barrier: any) => [barrier.id, barrier.status])).toEqual([
      [answeredId, 'being_addressed'],
      [waitingId, 'open'],
      [expect.any(String), null],
    ]);
    // A draft's barriers are in no register yet.
    const draft = await writeLesson(h.author, h.clinic.id, [{ description: `Draft ${suffix()}`, kind: 'systemic' }], { status: 'draft' });
    expect(draft.barriers[0].status).toBeNull();
  });
});
