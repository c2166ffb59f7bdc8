import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { writeLessonWithBarriers } from '../support/barriers';
import { newThread } from '../support/discussions';
import { eventually, queueIdle, sql } from '../support/jobs';
import { indexDocuments, indexOf, search, searchable } from '../support/search';
import { ROOT, serverForSuite, testServices } from '../support/server';

/**
 * The knowledge base attacked from outside, through the real server, PostgreSQL and Meilisearch:
 * edits racing each other, answers racing edits, and search parameters no form would send.
 */

jest.setTimeout(180_000);

// Few lessons an hour, so that the flood test reaches the limit quickly; no other test here starts more than ten per account.
const server = serverForSuite({ NETWORKS_PER_HOUR: '1000', LESSONS_PER_HOUR: '12' });

const suffix = () => Math.random().toString(36).slice(2, 7);

const COMPLETE = {
  title: 'Text reminders the day before',
  context: { setting: 'General practice' },
  tried: 'A text message the day before every appointment.',
  happened: 'Missed appointments fell for a month, then rose again.',
  outcome: 'partly_worked',
  why: 'People stopped reading the same message.',
  tags: ['reminders'],
};

/** clinic (public) under region (public); the author writes in the clinic, the coach answers from the region. */
async function clinicAndRegion() {
  const owner = await newUser(server.url, { displayName: `Olive Owner ${suffix()}` });
  const region = await newNetwork(owner, { name: `Region ${suffix()}`, level: 'subnational' });
  const clinic = await newNetwork(owner, { name: `Clinic ${suffix()}`, level: 'organisation', parentId: region.id });
  const author = await newUser(server.url, { displayName: `Ana Author ${suffix()}` });
  const regionCoach = await newUser(server.url, { displayName: `Rhea Region ${suffix()}` });
  await addMember(owner, clinic.id, author, 'member');
  await addMember(owner, region.id, regionCoach, 'coach');
  expect((await owner.client.patch(`/api/networks/${clinic.id}`, { allowAnonymousPosts: true })).status).toBe(200);
  return { owner, region, clinic, author, regionCoach };
}

async function registerItem(user: TestUser, networkId: string, description: string): Promise<any> {
  const page = await user.client.get(`/api/networks/${networkId}/barriers?limit=50`);
  expect(page.status).toBe(200);
  return page.body.items.find((item: any) => item.description === description);
}

describe('editing a lesson keeps its place in the barrier register', () => {
  it('saving a published lesson with the same barriers (as the editor does) keeps their answers, links and ids', async () => {
    const h = await clinicAndRegion();
    const otherAuthor = await newUser(server.url);
    const otherClinic = await newNetwork(h.owner, { name: `Other clinic ${suffix()}`, level: 'organisation', parentId: h.region.id });
    await addMember(h.owner, otherClinic.id, otherAuthor, 'member');
    const systemic = `No funded interpreter service ${suffix()}`;
    const local = `Our rota was short ${suffix()}`;
    const barriers = [
      { description: systemic, kind: 'systemic' as const },
      { description: local, kind: 'local' as const },
    ];
    const lesson = await writeLessonWithBarriers(h.author, h.clinic.id, barriers);
    const elsewhere = await writeLessonWithBarriers(otherAuthor, otherClinic.id, [{ description: `Interpreters again ${suffix()}`, kind: 'systemic' }]);
    const barrierId = lesson.barriers.find((barrier: any) => barrier.kind === 'systemic').id;

    const answered = await h.regionCoach.client.post(`/api/barriers/${barrierId}/responses`, { status: 'being_addressed', reply: 'The region is funding a pilot.' });
    expect(answered.status).toBe(201);
    const linked = await h.regionCoach.client.post(`/api/networks/${h.region.id}/barriers/links`, { barrierIds: [barrierId, elsewhere.barriers[0].id] });
    expect(linked.status).toBe(201);

    // The author fixes a typo in the title; the editor sends every field, the barriers unchanged among them.
    const edited = await h.author.client.patch(`/api/lessons/${lesson.id}`, { title: `${lesson.title} (corrected)`, barriers });
    expect(edited.status).toBe(200);
    const systemicAfter = edited.body.barriers.find((barrier: any) => barrier.kind === 'systemic');
    expect(systemicAfter).toMatchObject({ id: barrierId, description: systemic, status: 'being_addressed' });

    const item = await registerItem(h.regionCoach, h.region.id, systemic);
    expect(item).toMatchObject({ id: barrierId, status: 'being_addressed', places: 2 });
    expect(item.responses.map((response: any) => response.reply)).toEqual(['The region is funding a pilot.']);
    expect(item.link).not.toBeNull();

    // Reordered, with one barrier added and one taken out: the one that stays is still the same barrier.
    const reordered = await h.author.client.patch(`/api/lessons/${lesson.id}`, {
      barriers: [
        { description: `New local barrier ${suffix()}`, kind: 'local' },
        { description: systemic, kind: 'systemic' },
      ],
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.barriers.map((barrier: any) => barrier.kind)).toEqual(['local', 'systemic']);
    expect(reordered.body.barriers[1]).toMatchObject({ id: barrierId, status: 'being_addressed' });
    expect(reordered.body.barriers.some((barrier: any) => barrier.description === local)).toBe(false);

    // A barrier whose words change is another barrier: it starts open, and the old one leaves the register.
    const reworded = await h.author.client.patch(`/api/lessons/${lesson.id}`, { barriers: [{ description: `${systemic} (reworded)`, kind: 'systemic' }] });
    expect(reworded.status).toBe(200);
    expect(reworded.body.barriers[0].id).not.toBe(barrierId);
    expect(reworded.body.barriers[0].status).toBe('open');
    expect(await registerItem(h.regionCoach, h.region.id, systemic)).toBeUndefined();
  });
});

describe('writes racing each other', () => {
  it('a lesson changed and deleted at once: never a 500, and the change never brings it back', async () => {
    const h = await clinicAndRegion();
    for (let round = 0; round < 8; round += 1) {
      const lesson = await writeLessonWithBarriers(h.author, h.clinic.id, [{ description: `Barrier ${suffix()}`, kind: 'systemic' }]);
      const [changed, deleted] = await Promise.all([
        h.author.client.patch(`/api/lessons/${lesson.id}`, { why: 'Changed while it was being deleted.', barriers: [{ description: `Other ${suffix()}`, kind: 'local' }] }),
        h.author.client.delete(`/api/lessons/${lesson.id}`),
      ]);
      expect({ round, changed: changed.status, body: changed.status >= 500 ? changed.body : null }).toMatchObject({ round, body: null });
      expect([200, 404]).toContain(changed.status);
      expect(deleted.status).toBe(204);
      expect((await h.author.client.get(`/api/lessons/${lesson.id}`)).status).toBe(404);
    }
  });

  it('publishing a draft while another save of it asks for a draft: the published lesson stays published', async () => {
    const h = await clinicAndRegion();
    for (let round = 0; round < 8; round += 1) {
      const draft = await h.author.client.post(`/api/networks/${h.clinic.id}/lessons`, { ...COMPLETE, title: `Draft ${suffix()}`, status: 'draft' });
      expect(draft.status).toBe(201);
      const [published, saved] = await Promise.all([
        h.author.client.patch(`/api/lessons/${draft.body.id}`, { status: 'published' }),
        h.author.client.patch(`/api/lessons/${draft.body.id}`, { status: 'draft', why: 'An autosave a moment late.' }),
      ]);
      expect(published.status).toBe(200);
      expect(published.body.status).toBe('published');
      // The late autosave either came first (and the publish follows it) or is refused: never a published lesson taken back.
      expect([200, 409]).toContain(saved.status);
      if (saved.status === 409) expectErrorShape(saved, 409, 'lessons.cannot_unpublish');
      const now = await h.author.client.get(`/api/lessons/${draft.body.id}`);
      expect({ round, status: now.body.status }).toEqual({ round, status: 'published' });
    }
  });

  it('anonymity changed while the lesson is published: a published lesson never changes who it is shown as', async () => {
    const h = await clinicAndRegion();
    for (let round = 0; round < 8; round += 1) {
      const draft = await h.author.client.post(`/api/networks/${h.clinic.id}/lessons`, { ...COMPLETE, title: `Draft ${suffix()}`, status: 'draft' });
      const [published, unmasked] = await Promise.all([
        h.author.client.patch(`/api/lessons/${draft.body.id}`, { status: 'published' }),
        h.author.client.patch(`/api/lessons/${draft.body.id}`, { anonymous: true, anonymousAs: 'member' }),
      ]);
      expect(published.status).toBe(200);
      const now = await h.author.client.get(`/api/lessons/${draft.body.id}`);
      if (unmasked.status === 200) {
        // The change came first: the lesson was published already anonymous, and readers never saw its writer's name.
        expect({ round, publishedAnonymous: published.body.anonymous, now: now.body.anonymous }).toEqual({ round, publishedAnonymous: true, now: true });
      } else {
        // The change came after the publish: it is refused, and the lesson is shown as it was published.
        expectErrorShape(unmasked, 409, 'lessons.anonymity_fixed');
        expect({ round, anonymous: now.body.anonymous }).toEqual({ round, anonymous: published.body.anonymous });
      }
    }
  });

  it('an answer to a barrier racing an edit that takes the barrier out: never a 500', async () => {
    const h = await clinicAndRegion();
    for (let round = 0; round < 8; round += 1) {
      const lesson = await writeLessonWithBarriers(h.author, h.clinic.id, [{ description: `Barrier ${suffix()}`, kind: 'systemic' }]);
      const barrierId = lesson.barriers[0].id;
      const [answered, edited] = await Promise.all([
        h.regionCoach.client.post(`/api/barriers/${barrierId}/responses`, { status: 'acknowledged', reply: 'Seen.' }),
        h.author.client.patch(`/api/lessons/${lesson.id}`, { barriers: [] }),
      ]);
      expect(edited.status).toBe(200);
      expect({ round, answered: answered.status, body: answered.status >= 500 ? answered.body : null }).toMatchObject({ round, body: null });
      expect([201, 404]).toContain(answered.status);
    }
  });
});

describe('search parameters no form would send', () => {
  it('repeated parameters, NUL, odd Unicode and tampered cursors are named, never a 500', async () => {
    const user = await newUser(server.url);
    const raw = async (query: string) => user.client.get(`/api/search?${query}`);
    const refused: [string, string][] = [
      ['type=lesson&type=thread', 'type'],
      ['networkId=00000000-0000-0000-0000-000000000000&networkId=11111111-1111-1111-1111-111111111111', 'networkId'],
      ['outcome=worked&outcome=did_not_work', 'outcome'],
      ['setting=a&setting=b', 'setting'],
      ['tag=a&tag=b', 'tag'],
      ['q=a&q=b', 'q'],
      ['cursor=20&cursor=40', 'cursor'],
      ['level=national&level=global', 'level'],
      ['q=%00', 'q'],
      ['tag=%00', 'tag'],
      ['setting=care%00home', 'setting'],
      ['tag=%E2%80%AE', 'tag'],
      ['setting=%5C', 'setting'],
      ['cursor=1e3', 'cursor'],
      ['cursor=%200', 'cursor'],
      ['type[]=lesson', 'type[]'],
      ['type[$ne]=lesson', 'type[$ne]'],
    ];
    for (const [query, field] of refused) {
      const response = await raw(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expectErrorShape(response, 400);
      expect({ query, fields: response.body.fields.map((problem: { field: string }) => problem.field) }).toEqual({ query, fields: [field] });
    }
    const answered = ['q=%22%20OR%20networkId%20EXISTS', 'q=%5C%22', 'q=%F0%9F%A9%BA%E2%80%8B', 'q=%E2%80%AE', 'cursor=9999', `q=${'ä'.repeat(200)}`];
    for (const query of answered) {
      const response = await raw(query);
      expect({ query, status: response.status }).toEqual({ query, status: 200 });
      expect(Array.isArray(response.body.hits)).toBe(true);
    }
  });

  it('a search for a private network’s id answers as for any other network the caller cannot read', async () => {
    const owner = await newUser(server.url);
    const hidden = await newNetwork(owner, { visibility: 'private' });
    const stranger = await newUser(server.url);
    const forHidden = await search(stranger, { networkId: hidden.id });
    const forNothing = await search(stranger, { networkId: '00000000-0000-4000-8000-000000000000' });
    expect(forHidden.status).toBe(200);
    expect(forHidden.body).toEqual(forNothing.body);
  });
});

describe('lesson bodies no editor would send', () => {
  it('nulls, deep nesting, lone surrogates and NUL are refused with a 4xx naming the field, and write nothing', async () => {
    const h = await clinicAndRegion();
    const lesson = await writeLessonWithBarriers(h.author, h.clinic.id, [{ description: `Barrier ${suffix()}`, kind: 'systemic' }]);
    let deep: unknown = 'x';
    for (let level = 0; level < 2000; level += 1) deep = { deep };
    const bodies: (Record<string, unknown> | string)[] = [
      { title: null },
      { context: null },
      { context: { setting: null } },
      { context: { setting: 'GP', population: { deep } } },
      { tried: null },
      { tried: ['a'] },
      { why: 'x\u0000y' },
      { title: 'Lone \uD800 surrogate' },
      { barriers: null },
      { barriers: [null] },
      { barriers: [{ description: null, kind: 'local' }] },
      { barriers: [{ description: { deep }, kind: 'local' }] },
      { barriers: [{ description: 'x', kind: 'local', id: '00000000-0000-4000-8000-000000000000' }] },
      { tags: null },
      { tags: [null] },
      { tags: [{ deep }] },
      { changeIdeaIds: null },
      { changeIdeaIds: [null] },
      { teamId: 'not-a-team' },
      { anonymous: null },
      { anonymous: 'yes' },
      { anonymousAs: null },
      { status: null },
      { status: 'draft' },
      '{"outcome":"worked","__proto__":{"status":"draft"}}',
      '{"constructor":{"prototype":{"admin":true}},"why":"x"}',
      { deep },
    ];
    for (const body of bodies) {
      for (const [method, path] of [
        ['PATCH', `/api/lessons/${lesson.id}`],
        ['POST', `/api/networks/${h.clinic.id}/lessons`],
      ] as const) {
        const response = await h.author.client.request(method, path, body);
        const shown = (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 80);
        // A draft with nothing in it is a fine new lesson; every other body is refused.
        if (method === 'POST' && typeof body === 'object' && body.status === 'draft') {
          expect(response.status).toBe(201);
          continue;
        }
        expect({ method, shown, refused: response.status >= 400 && response.status < 500 }).toEqual({ method, shown, refused: true });
        expectErrorShape(response, response.status);
      }
    }
    const now = await h.author.client.get(`/api/lessons/${lesson.id}`);
    expect(now.body).toMatchObject({ title: lesson.title, why: lesson.why, status: 'published', tags: lesson.tags, anonymous: false });
    expect(now.body.barriers.map((barrier: any) => barrier.id)).toEqual(lesson.barriers.map((barrier: any) => barrier.id));
  });
});

describe('a reindex while lessons are being edited', () => {
  it('loses no edit and brings back no deleted lesson when it swaps the fresh index in', async () => {
    const owner = await newUser(server.url);
    const network = await newNetwork(owner, { visibility: 'private' });
    // Many lessons, written behind the API (the index needs none of them before the reindex), with
    // text long enough that preparing a page for Meilisearch takes a moment, as on a real corpus.
    const body = 'We ran a PDSA cycle in the emergency department with the GP practices nearby. '.repeat(6);
    const rows = await sql<{ id: string }>(
      server.databaseUrl,
      `INSERT INTO lessons (network_id, author_id, title, setting, tried, happened, outcome, why, tags, status, published_at)
       SELECT $1, $2, 'Original ' || n, 'General practice', $3, $3, 'did_not_work', $3, ARRAY['bulk'], 'published', now()
         FROM generate_series(1, 1500) AS n
       RETURNING id`,
      [network.id, owner.id, body],
    );
    const ids = rows.map((row) => row.id).sort();
    const { meiliUrl, meiliMasterKey } = testServices();
    const index = indexOf(server.databaseUrl);
    const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-reindex-'));
    const changed = new Map<string, string | null>();
    const phase = new Map<string, string>();
    try {
      const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(ROOT, 'server/dist/reindex.js')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          NODE_ENV: 'test',
          DATA_DIR: dataDir,
          DATABASE_URL: server.databaseUrl,
          MEILI_URL: meiliUrl,
          MEILI_MASTER_KEY: meiliMasterKey,
          MEILI_INDEX: index,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let lessonsRead = -1;
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const read = /^\s*lesson: (\d+) read/.exec(line);
        if (read) lessonsRead = Number(read[1]);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let running = true;
      void exited.then(() => (running = false));
      // Edit and delete lessons of the page the reindex is reading next, for as long as it runs.
      let turn = 0;
      while (running) {
        const page = Math.max(0, lessonsRead);
        const candidates = ids.slice(page, page + 500).filter((id) => !changed.has(id) || changed.get(id) !== null);
        if (candidates.length === 0) {
          await new Promise((wake) => setTimeout(wake, 20));
          continue;
        }
        const id = candidates[(turn * 37) % candidates.length];
        turn += 1;
        if (turn % 5 === 0) {
          const deleted = await owner.client.delete(`/api/lessons/${id}`);
          expect(deleted.status).toBe(204);
          changed.set(id, null);
        } else {
          const title = `Edited ${turn}`;
          const edited = await owner.client.patch(`/api/lessons/${id}`, { title });
          expect(edited.status).toBe(200);
          changed.set(id, title);
        }
        phase.set(id, `while the reindex had read ${lessonsRead} lessons`);
      }
      expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(changed.size).toBeGreaterThan(10);
    await eventually(async () => (await sql<{ count: number }>(server.databaseUrl, `SELECT count(*)::int AS count FROM search_outbox`))[0].count === 0, 'an empty outbox');
    await queueIdle(server.databaseUrl);
    const indexed = new Map(
      (await indexDocuments(index))
        .filter((document) => document.type === 'lesson' && document.networkId === network.id)
        .map((document) => [document.id as string, document.title as string]),
    );
    const wrong = [...changed].filter(([id, title]) => (title === null ? indexed.has(id) : indexed.get(id) !== title));
    expect(wrong.map(([id, title]) => ({ id, expected: title, indexed: indexed.get(id) ?? null, when: phase.get(id) }))).toEqual([]);
  });
});

describe('team names in the index', () => {
  /** Waits until a search for `q` as `user` finds none of these ids. */
  const foundNoMore = (user: TestUser, q: string, ids: string[]) =>
    eventually(async () => {
      const response = await search(user, { q, limit: 50 });
      return response.status === 200 && !response.body.hits.some((hit: any) => ids.includes(hit.id));
    }, `a search for "${q}" to stop finding them`, 15_000);

  it('a deleted team’s name is no longer shown or found, for lessons, threads and replies', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    const member = await newUser(server.url);
    await addMember(admin, network.id, member, 'member');
    const teamName = `Quokkateam${suffix()}`;
    const team = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: teamName })).body;
    expect((await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: team.id })).status).toBe(200);
    const lesson = await member.client.post(`/api/networks/${network.id}/lessons`, { ...COMPLETE, status: 'published' });
    expect(lesson.body.teamId).toBe(team.id);
    const thread = await newThread(member, network.id, { title: 'Handover at night', body: 'We tried a written handover.' });
    await searchable(admin, teamName, (hit) => hit.id === lesson.body.id);
    await searchable(admin, teamName, (hit) => hit.id === thread.id);

    expect((await admin.client.delete(`/api/networks/${network.id}/teams/${team.id}`)).status).toBe(204);
    await foundNoMore(admin, teamName, [lesson.body.id, thread.id]);
    const stored = (await indexDocuments(indexOf(server.databaseUrl))).filter((document) => [lesson.body.id, thread.id].includes(document.id as string));
    expect(stored.map((document) => document.teamName)).toEqual([null, null]);
  });

  it('a member moved to another team, then gone: their threads and replies show the team they are in now, in search as in the thread', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    const member = await newUser(server.url);
    await addMember(admin, network.id, member, 'member');
    const oldName = `Wombatteam${suffix()}`;
    const newName = `Numbatteam${suffix()}`;
    const oldTeam = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: oldName })).body;
    const newTeam = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: newName })).body;
    expect((await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: oldTeam.id })).status).toBe(200);
    const thread = await newThread(member, network.id, { title: 'Board round before nine', body: 'A short board round.' });
    await searchable(admin, oldName, (hit) => hit.id === thread.id);

    expect((await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: newTeam.id })).status).toBe(200);
    await searchable(admin, newName, (hit) => hit.id === thread.id, 15_000);
    await foundNoMore(admin, oldName, [thread.id]);

    // Removed from the network, they are in no team of it: their thread stays, under no team.
    expect((await admin.client.delete(`/api/networks/${network.id}/members/${member.id}`)).status).toBe(204);
    await foundNoMore(admin, newName, [thread.id]);
  });
});

describe('a flood of lessons', () => {
  it('is stopped with a 429 and a time to wait, writing nothing, and slows down nobody else', async () => {
    const h = await clinicAndRegion();
    const peer = await newUser(server.url);
    await addMember(h.owner, h.clinic.id, peer, 'member');
    const started = await Promise.all(
      Array.from({ length: 16 }, (_, n) => h.author.client.post(`/api/networks/${h.clinic.id}/lessons`, { title: `Flood ${n}`, status: 'draft' })),
    );
    const statuses = started.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(12).fill(201), ...Array(4).fill(429)]);
    const refused = started.find((response) => response.status === 429)!;
    expectErrorShape(refused, 429, 'lessons.rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const drafts = await h.author.client.get(`/api/networks/${h.clinic.id}/lessons?status=draft&limit=100`);
    expect(drafts.body.items).toHaveLength(12);
    // Input refused for what it is costs nothing, and another writer is not held back.
    expect((await peer.client.post(`/api/networks/${h.clinic.id}/lessons`, { title: 'Mine', status: 'draft' })).status).toBe(201);
  });
});
