import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { newPackageWithIdea } from '../support/discussions';
import { join } from 'node:path';
import { ROOT, serverForSuite } from '../support/server';

/**
 * Lessons end to end through the real server: writing, drafts that stay private, publishing,
 * filters and pages, validation that names the field and writes nothing, links to change ideas,
 * and anonymity that never leaks through the API or the pages.
 */

jest.setTimeout(120_000);

// The web app too: anonymity must hold in the pages as well as in the API.
const server = serverForSuite({ NETWORKS_PER_HOUR: '1000', WEB_BUILD_DIR: join(ROOT, 'web/build') });

let admin: TestUser;
let coach: TestUser;
let writer: TestUser;
let peer: TestUser;
let outsider: TestUser;
let networkId: string;
let teamId: string;

const COMPLETE = {
  title: 'Reminder letters did not bring people back',
  context: { setting: 'General practice', population: 'Adults who missed two reviews' },
  tried: 'We posted a reminder letter two weeks after a missed review.',
  happened: 'Three of forty people booked again.',
  outcome: 'did_not_work',
  why: 'Letters are easy to ignore; a phone call works better.',
  barriers: [
    { description: 'No time for phone calls', kind: 'local' },
    { description: 'Postage budget is set by the region', kind: 'systemic' },
  ],
  tags: ['Follow Up', 'letters'],
};

async function newLesson(author: TestUser, network: string, body: Record<string, unknown> = {}): Promise<any> {
  const response = await author.client.post(`/api/networks/${network}/lessons`, { ...COMPLETE, status: 'published', ...body });
  if (response.status !== 201) throw new Error(`create lesson failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const idsOf = (page: { body: { items: { id: string }[] } }) => page.body.items.map((item) => item.id);

beforeAll(async () => {
  admin = await newUser(server.url, { displayName: 'Ada Admin' });
  coach = await newUser(server.url, { displayName: 'Cas Coach' });
  writer = await newUser(server.url, { displayName: 'Wren Writer' });
  peer = await newUser(server.url, { displayName: 'Pat Peer' });
  outsider = await newUser(server.url, { displayName: 'Otto Outsider' });
  networkId = (await newNetwork(admin)).id;
  await addMember(admin, networkId, coach, 'coach');
  await addMember(admin, networkId, writer, 'member');
  await addMember(admin, networkId, peer, 'member');
  teamId = (await admin.client.post(`/api/networks/${networkId}/teams`, { name: 'Riverside care team' })).body.id;
  expect((await admin.client.patch(`/api/networks/${networkId}/members/${writer.id}`, { teamId })).status).toBe(200);
});

describe('writing and reading', () => {
  it('saves a partial draft that only its writer sees, then publishes it for the network', async () => {
    const draft = await writer.client.post(`/api/networks/${networkId}/lessons`, { title: 'Half-written', outcome: 'abandoned' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', publishedAt: null, mine: true, tried: '', outcome: 'abandoned', can: { edit: true, delete: true, reveal: false } });

    // Nobody else, not even the network's admin, sees a draft: not by id, not in a list.
    for (const other of [peer, coach, admin, outsider]) expectErrorShape(await other.client.get(`/api/lessons/${draft.body.id}`), 404, 'lessons.not_found');
    expect(idsOf(await admin.client.get(`/api/networks/${networkId}/lessons?status=draft`))).not.toContain(draft.body.id);
    expect(idsOf(await peer.client.get(`/api/networks/${networkId}/lessons`))).not.toContain(draft.body.id);
    expectErrorShape(await admin.client.patch(`/api/lessons/${draft.body.id}`, { title: 'Taken over' }), 404, 'lessons.not_found');
    expectErrorShape(await admin.client.delete(`/api/lessons/${draft.body.id}`), 404, 'lessons.not_found');
    expect(idsOf(await writer.client.get(`/api/networks/${networkId}/lessons?status=draft`))).toContain(draft.body.id);

    const published = await writer.client.patch(`/api/lessons/${draft.body.id}`, { ...COMPLETE, title: 'Half-written, now whole', status: 'published' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      title: 'Half-written, now whole',
      context: COMPLETE.context,
      outcome: 'did_not_work',
      tags: ['follow-up', 'letters'],
      teamId,
      teamName: 'Riverside care team',
      author: { kind: 'user', userId: writer.id, name: 'Wren Writer', teamName: 'Riverside care team' },
      barriers: [
        { description: 'No time for phone calls', kind: 'local' },
        { description: 'Postage budget is set by the region', kind: 'systemic' },
      ],
    });
    expect(published.body.publishedAt).not.toBeNull();
    const seen = await peer.client.get(`/api/lessons/${draft.body.id}`);
    expect(seen.body).toMatchObject({ mine: false, can: { edit: false, delete: false, reveal: false } });
    expect(idsOf(await peer.client.get(`/api/networks/${networkId}/lessons`))).toContain(draft.body.id);

    // Once read by others it stays published: edit it or delete it.
    expectErrorShape(await writer.client.patch(`/api/lessons/${draft.body.id}`, { status: 'draft' }), 409, 'lessons.cannot_unpublish');
  });

  it('lets the writer, and coaches, change and delete a published lesson; peers cannot', async () => {
    const lesson = await newLesson(writer, networkId);
    expectErrorShape(await peer.client.patch(`/api/lessons/${lesson.id}`, { title: 'Mine now' }), 403, 'lessons.may_not_edit');
    expectErrorShape(await peer.client.delete(`/api/lessons/${lesson.id}`), 403, 'lessons.may_not_delete');
    const curated = await coach.client.patch(`/api/lessons/${lesson.id}`, { tags: ['letters', 'follow-up', 'curated'], barriers: [] });
    expect(curated.body).toMatchObject({ tags: ['letters', 'follow-up', 'curated'], barriers: [] });
    expect((await writer.client.delete(`/api/lessons/${lesson.id}`)).status).toBe(204);
    expectErrorShape(await writer.client.get(`/api/lessons/${lesson.id}`), 404, 'lessons.not_found');
  });

  it('answers 404 to a stranger for a private network\'s lessons, through every door', async () => {
    const hidden = (await newNetwork(admin, { visibility: 'private' })).id;
    const lesson = await newLesson(admin, hidden);
    expectErrorShape(await outsider.client.get(`/api/networks/${hidden}/lessons`), 404);
    expectErrorShape(await outsider.client.get(`/api/lessons/${lesson.id}`), 404, 'lessons.not_found');
    expectErrorShape(await outsider.client.patch(`/api/lessons/${lesson.id}`, { title: 'x' }), 404, 'lessons.not_found');
    expectErrorShape(await outsider.client.delete(`/api/lessons/${lesson.id}`), 404, 'lessons.not_found');
    expectErrorShape(await outsider.client.post(`/api/networks/${hidden}/lessons`, COMPLETE), 404);
    expectErrorShape(await outsider.client.post(`/api/lessons/${lesson.id}/reveal`), 404, 'lessons.not_found');
  });

  it('lets a reader of a public network read lessons but not write them', async () => {
    const lesson = await newLesson(writer, networkId);
    expect((await outsider.client.get(`/api/lessons/${lesson.id}`)).status).toBe(200);
    const page = await outsider.client.get(`/api/networks/${networkId}/lessons`);
    expect(page.body.canWrite).toBe(false);
    expectErrorShape(await outsider.client.post(`/api/networks/${networkId}/lessons`, COMPLETE), 403);
    expectErrorShape(await outsider.client.patch(`/api/lessons/${lesson.id}`, { title: 'x' }), 403, 'lessons.may_not_edit');
  });
});

describe('the list', () => {
  it('filters by outcome, setting, tag and team, failures included, and pages by cursor', async () => {
    const own = (await newNetwork(admin)).id;
    await addMember(admin, own, writer, 'member');
    const ownTeam = (await admin.client.post(`/api/networks/${own}/teams`, { name: 'Care home team' })).body.id;
    await admin.client.patch(`/api/networks/${own}/members/${writer.id}`, { teamId: ownTeam });
    const worked = await newLesson(admin, own, { outcome: 'worked', context: { setting: 'Care home' }, tags: ['falls'] });
    const failed = await newLesson(writer, own, { outcome: 'did_not_work', tags: ['falls', 'night'] });
    const abandoned = await newLesson(writer, own, { outcome: 'abandoned', context: { setting: 'Emergency department' } });
    const partly = await newLesson(admin, own, { outcome: 'partly_worked' });

    const list = (query: string) => admin.client.get(`/api/networks/${own}/lessons${query}`).then(idsOf);
    expect(await list('')).toEqual([partly.id, abandoned.id, failed.id, worked.id]);
    expect(await list('?outcome=did_not_work')).toEqual([failed.id]);
    expect(await list('?setting=care%20home')).toEqual([worked.id]);
    expect(await list('?tag=Falls')).toEqual([failed.id, worked.id]);
    expect(await list(`?team=${ownTeam}`)).toEqual([abandoned.id, failed.id]);
    expect(await list(`?team=${ownTeam}&outcome=abandoned`)).toEqual([abandoned.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.client.get(`/api/networks/${own}/lessons?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...idsOf(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([partly.id, abandoned.id, failed.id, worked.id]);
    // A lesson of another network is no cursor here.
    const elsewhere = await newLesson(writer, networkId);
    expectErrorShape(await admin.client.get(`/api/networks/${own}/lessons?cursor=${elsewhere.id}`), 400, 'lessons.bad_cursor');
  });
});

describe('bad input', () => {
  it('names every field at fault and writes nothing', async () => {
    const own = (await newNetwork(admin)).id;
    const cases: [unknown, number, string[]][] = [
      [{ ...COMPLETE, outcome: 'meh' }, 400, ['outcome']],
      [{ ...COMPLETE, barriers: [{ description: 'x', kind: 'cosmic' }] }, 400, ['barriers.0.kind']],
      [{ ...COMPLETE, barriers: [{ description: '', kind: 'local' }] }, 400, ['barriers.0.description']],
      [{ ...COMPLETE, context: { setting: 5 } }, 400, ['context.setting']],
      [{ ...COMPLETE, tags: 'falls' }, 400, ['tags']],
      [{ ...COMPLETE, title: 'x'.repeat(201) }, 400, ['title']],
      [{ ...COMPLETE, status: 'shared' }, 400, ['status']],
      [{ ...COMPLETE, changeIdeaIds: ['not-a-uuid'] }, 400, ['changeIdeaIds']],
      [{ ...COMPLETE, changeIdeaIds: ['00000000-0000-4000-8000-000000000000'] }, 400, ['changeIdeaIds.0']],
      [{ ...COMPLETE, author: 'someone else' }, 400, ['author']],
      [{ title: 'Only a title', status: 'published' }, 400, ['context.setting', 'tried', 'happened', 'outcome', 'why']],
      [{ ...COMPLETE, anonymous: true }, 403, ['anonymous']],
    ];
    for (const [body, status, fields] of cases) {
      const response = await admin.client.post(`/api/networks/${own}/lessons`, body);
      expectErrorShape(response, status);
      expect(response.body.fields.map((problem: { field: string }) => problem.field)).toEqual(fields);
    }
    expectErrorShape(await admin.client.get(`/api/networks/${own}/lessons?outcome=meh`), 400);
    expectErrorShape(await admin.client.get(`/api/networks/${own}/lessons?team=nope`), 400);
    expectErrorShape(await admin.client.get(`/api/lessons/not-a-uuid`), 400);
    expect((await admin.client.get(`/api/networks/${own}/lessons`)).body.items).toEqual([]);
    expect((await admin.client.get(`/api/networks/${own}/lessons?status=draft`)).body.items).toEqual([]);

    const lesson = await newLesson(admin, own);
    expectErrorShape(await admin.client.patch(`/api/lessons/${lesson.id}`, {}), 400);
    const emptied = await admin.client.patch(`/api/lessons/${lesson.id}`, { why: '', tags: ['kept?'] });
    expectErrorShape(emptied, 400, 'lessons.incomplete');
    expect(emptied.body.fields.map((problem: { field: string }) => problem.field)).toEqual(['why']);
    expect((await admin.client.get(`/api/lessons/${lesson.id}`)).body).toMatchObject({ why: COMPLETE.why, tags: ['follow-up', 'letters'] });
  });
});

describe('change ideas', () => {
  it("links a lesson to ideas of the network's packages, and the package shows each idea's lessons with their outcomes", async () => {
    const own = (await newNetwork(admin)).id;
    const { packageId, ideaId } = await newPackageWithIdea(server.url, admin, own, 'Call within seven days');
    const failed = await newLesson(admin, own, { changeIdeaIds: [ideaId], outcome: 'did_not_work' });
    const worked = await newLesson(admin, own, { changeIdeaIds: [ideaId], outcome: 'worked' });
    await admin.client.post(`/api/networks/${own}/lessons`, { ...COMPLETE, changeIdeaIds: [ideaId], status: 'draft' });
    expect(failed.changeIdeas).toEqual([{ packageId, ideaId, title: 'Call within seven days' }]);

    const linked = await admin.client.get(`/api/change-packages/${packageId}/lessons`);
    expect(linked.status).toBe(200);
    expect(linked.body.ideas[ideaId]).toEqual([
      { id: worked.id, title: COMPLETE.title, outcome: 'worked' },
      { id: failed.id, title: COMPLETE.title, outcome: 'did_not_work' },
    ]);

    // An idea of another network's package is not this network's.
    const other = (await newNetwork(admin)).id;
    const response = await admin.client.post(`/api/networks/${other}/lessons`, { ...COMPLETE, changeIdeaIds: [ideaId] });
    expectErrorShape(response, 400, 'lessons.idea_not_found');
    expect(response.body.fields).toEqual([{ field: 'changeIdeaIds.0', message: expect.stringMatching(/^changeIdeaIds\.0 /) }]);
  });
});

describe('teams', () => {
  let otherTeam: string;

  beforeAll(async () => {
    otherTeam = (await admin.client.post(`/api/networks/${networkId}/teams`, { name: 'Hillside practice' })).body.id;
  });

  it("offers a member their own team only, a coach every team, and the network's change ideas", async () => {
    const { packageId, ideaId } = await newPackageWithIdea(server.url, admin, networkId, 'Text the day before');
    const mine = await writer.client.get(`/api/networks/${networkId}/lesson-choices`);
    expect(mine.status).toBe(200);
    expect(mine.body.teams).toEqual([{ id: teamId, name: 'Riverside care team' }]);
    expect(mine.body.ownTeamId).toBe(teamId);
    expect(mine.body.changeIdeas).toContainEqual({ packageId, packageTitle: 'Depression care', ideaId, title: 'Text the day before' });
    const coaches = await coach.client.get(`/api/networks/${networkId}/lesson-choices`);
    expect(coaches.body.teams.map((team: { id: string }) => team.id).sort()).toEqual([teamId, otherTeam].sort());
    expect(coaches.body.ownTeamId).toBeNull();
    expectErrorShape(await outsider.client.get(`/api/networks/${networkId}/lesson-choices`), 403);
    const hidden = (await newNetwork(admin, { visibility: 'private' })).id;
    expectErrorShape(await outsider.client.get(`/api/networks/${hidden}/lesson-choices`), 404);
  });

  it('files a lesson under the chosen team, or none; a member may not choose another team, a coach may', async () => {
    const byDefault = await newLesson(writer, networkId);
    expect(byDefault).toMatchObject({ teamId, teamName: 'Riverside care team' });
    const noTeam = await newLesson(writer, networkId, { teamId: null });
    expect(noTeam).toMatchObject({ teamId: null, teamName: null });

    const refused = await writer.client.post(`/api/networks/${networkId}/lessons`, { ...COMPLETE, status: 'published', teamId: otherTeam });
    expectErrorShape(refused, 403, 'lessons.team_not_yours');
    expect(refused.body.fields).toEqual([{ field: 'teamId', message: expect.stringMatching(/^teamId /) }]);
    expectErrorShape(await writer.client.patch(`/api/lessons/${byDefault.id}`, { teamId: otherTeam }), 403, 'lessons.team_not_yours');
    expect((await writer.client.get(`/api/lessons/${byDefault.id}`)).body.teamId).toBe(teamId);

    // A coach curates: any team of the network; the writer may still save it with the team it now has.
    const moved = await coach.client.patch(`/api/lessons/${byDefault.id}`, { teamId: otherTeam });
    expect(moved.body).toMatchObject({ teamId: otherTeam, teamName: 'Hillside practice' });
    expect((await writer.client.patch(`/api/lessons/${byDefault.id}`, { teamId: otherTeam, title: 'Still mine' })).status).toBe(200);
    expect((await writer.client.patch(`/api/lessons/${byDefault.id}`, { teamId: null })).body.teamId).toBeNull();
    const filtered = await peer.client.get(`/api/networks/${networkId}/lessons?team=${otherTeam}`);
    expect(idsOf(filtered)).not.toContain(byDefault.id);
  });

  it("answers 400 naming teamId for a team of another network or a bad id, never telling anything about it, and writes nothing", async () => {
    const elsewhere = (await newNetwork(outsider, { visibility: 'private' })).id;
    const foreignTeam = (await outsider.client.post(`/api/networks/${elsewhere}/teams`, { name: 'Secret team' })).body.id;
    const before = (await writer.client.get(`/api/networks/${networkId}/lessons?status=draft&limit=100`)).body.items.length;
    for (const [teamIdValue, code] of [
      [foreignTeam, 'lessons.team_not_found'],
      ['00000000-0000-4000-8000-000000000000', 'lessons.team_not_found'],
      ['not-a-team', 'validation.failed'],
      [42, 'validation.failed'],
    ] as const) {
      for (const author of [writer, coach]) {
        const response = await author.client.post(`/api/networks/${networkId}/lessons`, { title: 'Team test', teamId: teamIdValue });
        expect(response.status).toBe(400);
        if (code !== 'validation.failed') expect(response.body.code).toBe(code);
        expect(response.body.fields.map((problem: { field: string }) => problem.field)).toEqual(['teamId']);
        expect(JSON.stringify(response.body)).not.toContain('Secret team');
      }
    }
    expect((await writer.client.get(`/api/networks/${networkId}/lessons?status=draft&limit=100`)).body.items.length).toBe(before);
  });
});

describe('anonymity', () => {
  let anonymousNetwork: string;
  let lesson: any;

  beforeAll(async () => {
    anonymousNetwork = (await newNetwork(admin, { name: 'Anonymous lessons network' })).id;
    expect((await admin.client.patch(`/api/networks/${anonymousNetwork}`, { allowAnonymousPosts: true })).status).toBe(200);
    for (const person of [writer, peer]) await addMember(admin, anonymousNetwork, person, 'member');
    const team = (await admin.client.post(`/api/networks/${anonymousNetwork}/teams`, { name: 'Harbour team' })).body.id;
    await admin.client.patch(`/api/networks/${anonymousNetwork}/members/${writer.id}`, { teamId: team });
    lesson = await newLesson(writer, anonymousNetwork, { anonymous: true, anonymousAs: 'member', title: 'Nobody came to the evening clinic' });
  });

  it('never shows the writer to peers, in a lesson or a list, and keeps their team out when the label leaves it out', async () => {
    for (const reader of [peer, coach, outsider]) {
      const one = await reader.client.get(`/api/lessons/${lesson.id}`);
      const list = await reader.client.get(`/api/networks/${anonymousNetwork}/lessons`);
      for (const body of [one.body, list.body]) {
        const json = JSON.stringify(body);
        expect(json).not.toContain(writer.id);
        expect(json).not.toContain('Wren Writer');
        expect(json).not.toContain('Harbour team');
      }
      expect(one.body).toMatchObject({ author: { kind: 'anonymous', label: 'a member' }, anonymous: true, teamId: null, teamName: null, mine: false });
    }
    expect((await writer.client.get(`/api/lessons/${lesson.id}`)).body.mine).toBe(true);
    const byTeam = await newLesson(writer, anonymousNetwork, { anonymous: true });
    expect(byTeam.author).toEqual({ kind: 'anonymous', label: 'a member of Harbour team' });
  });

  it('refuses a team on a lesson shown as just "a member", and names the chosen team in "a member of <team>"', async () => {
    const harbour = (await writer.client.get(`/api/networks/${anonymousNetwork}/lesson-choices`)).body.teams[0].id;
    const refused = await writer.client.post(`/api/networks/${anonymousNetwork}/lessons`, { ...COMPLETE, anonymous: true, anonymousAs: 'member', teamId: harbour });
    expectErrorShape(refused, 400, 'lessons.team_unmasks_writer');
    expect(refused.body.fields).toEqual([{ field: 'teamId', message: expect.stringMatching(/^teamId /) }]);
    const draft = await writer.client.post(`/api/networks/${anonymousNetwork}/lessons`, { title: 'Anonymous draft', anonymous: true, anonymousAs: 'team', teamId: null });
    expect(draft.body).toMatchObject({ author: { kind: 'anonymous', label: 'a member' }, teamId: null });
    // Without a team it reads as just "a member"; a team joins it only when the label says so.
    expectErrorShape(await writer.client.patch(`/api/lessons/${draft.body.id}`, { teamId: harbour }), 400, 'lessons.team_unmasks_writer');
    const named = await writer.client.patch(`/api/lessons/${draft.body.id}`, { teamId: harbour, anonymousAs: 'team' });
    expect(named.body).toMatchObject({ author: { kind: 'anonymous', label: 'a member of Harbour team' }, teamId: harbour });
  });

  it('keeps the writer out of the lesson pages too', async () => {
    for (const path of [`/networks/${anonymousNetwork}/lessons`, `/networks/${anonymousNetwork}/lessons/${lesson.id}`]) {
      const page = await peer.client.get<string>(path, { accept: 'text/html' });
      expect(page.status).toBe(200);
      const html = String(page.body);
      expect(html).toContain('Nobody came to the evening clinic');
      expect(html).not.toContain(writer.id);
      expect(html).not.toContain('Wren Writer');
    }
  });

  it('lets an admin reveal the writer, and records it in the reveal log; nobody else may', async () => {
    expectErrorShape(await peer.client.post(`/api/lessons/${lesson.id}/reveal`), 403);
    const revealed = await admin.client.post(`/api/lessons/${lesson.id}/reveal`);
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ userId: writer.id, name: 'Wren Writer', teamName: 'Harbour team' });
    const log = await admin.client.get(`/api/networks/${anonymousNetwork}/reveals`);
    expect(log.body.items[0]).toMatchObject({ lessonId: lesson.id, lessonTitle: 'Nobody came to the evening clinic', postId: null, author: { userId: writer.id }, revealedBy: { userId: admin.id } });
    const open = await newLesson(writer, anonymousNetwork);
    expectErrorShape(await admin.client.post(`/api/lessons/${open.id}/reveal`), 409, 'lessons.not_anonymous');
  });
});
