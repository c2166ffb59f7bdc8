import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { newPackageWithIdea, newPost, newThread } from '../support/discussions';
import { scheduleSession } from '../support/learning-sessions';
import { eventually, queueIdle, sql } from '../support/jobs';
import { indexKey } from '../../server/src/search/search.document';
import { indexDocuments, indexOf, search, searchable } from '../support/search';
import { ROOT, serverForSuite, testServices } from '../support/server';

/**
 * Search through the real server and the real Meilisearch: what may be found (never anything from
 * a network the caller may not read, never an anonymous author), jargon and typos, safe snippets,
 * access changes seen at the very next search, bad parameters, and a full reindex.
 */

jest.setTimeout(400_000);

const server = serverForSuite({ POSTS_PER_MINUTE: '100000', THREADS_PER_HOUR: '100000', NETWORKS_PER_HOUR: '100000', LESSONS_PER_HOUR: '100000' });

/** A small deterministic generator (mulberry32), so that a failing case can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function allowAnonymous(admin: TestUser, networkId: string): Promise<void> {
  const response = await admin.client.patch(`/api/networks/${networkId}`, { allowAnonymousPosts: true });
  if (response.status !== 200) throw new Error(`allowing anonymous posts failed: ${response.status} ${JSON.stringify(response.body)}`);
}

describe('the leak property', () => {
  const SEED = 8_2026;
  it(`no search shows anything from a network the caller may not read, nor any anonymous author (seed ${SEED})`, async () => {
    const next = random(SEED);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const people: TestUser[] = [];
    for (let i = 0; i < 6; i++) people.push(await newUser(server.url, { displayName: `Person ${String.fromCharCode(65 + i)}${i}qx` }));

    interface Place {
      id: string;
      word: string;
      visibility: 'public' | 'private';
      members: Set<string>;
    }
    const places: Place[] = [];
    const anonymousNames = new Set<string>();
    const anonymousTeams = new Set<string>();
    for (let n = 0; n < 6; n++) {
      const admin = pick(people);
      // Private at least twice, so that both kinds are always in the run.
      const visibility = n < 2 ? 'private' : next() < 0.5 ? 'private' : 'public';
      const word = `zorblax${n}`;
      const network = await newNetwork(admin, { name: `Place ${word}`, visibility });
      const place: Place = { id: network.id, word, visibility, members: new Set([admin.id]) };
      places.push(place);
      await allowAnonymous(admin, network.id);
      const team = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: `Team ${word}qq` })).body;
      for (const person of people) {
        if (person === admin || next() < 0.5) continue;
        await addMember(admin, network.id, person, pick(['member', 'coach', 'admin'] as const));
        place.members.add(person.id);
      }
      const contributors = people.filter((person) => place.members.has(person.id));
      for (const person of contributors) {
        const patched = await admin.client.patch(`/api/networks/${network.id}/members/${person.id}`, { teamId: team.id });
        if (patched.status !== 200) throw new Error(`team assignment failed: ${patched.status} ${JSON.stringify(patched.body)}`);
      }
      // Content of every indexed type, some of it anonymous.
      for (let t = 0; t < 2; t++) {
        const author = pick(contributors);
        const anonymous = next() < 0.5;
        if (anonymous) {
          anonymousNames.add(author.displayName);
          anonymousTeams.add(`Team ${word}qq`);
        }
        const thread = await newThread(author, network.id, {
          title: `Follow-up calls after depression screening ${word}`,
          body: `We tried a PDSA on follow up calls in general practice ${word}`,
          anonymous,
          tags: ['follow-up'],
        });
        const replier = pick(contributors);
        const anonymousReply = next() < 0.5;
        if (anonymousReply) anonymousNames.add(replier.displayName);
        await newPost(replier, thread.id, { body: `The emergency department saw fewer did not attend ${word}`, anonymous: anonymousReply });
      }
      await newPackageWithIdea(server.url, admin, network.id, `Call every patient within seven days ${word}`);
      // A published lesson (a failure half the time, anonymous half the time) and a draft nobody may find.
      const writer = pick(contributors);
      const anonymousLesson = next() < 0.5;
      if (anonymousLesson) anonymousNames.add(writer.displayName);
      const lesson = await writer.client.post(`/api/networks/${network.id}/lessons`, {
        title: `Reminder texts before appointments ${word}`,
        context: { setting: 'General practice' },
        tried: `Text reminders two days before, a PDSA in primary care ${word}`,
        happened: 'Fewer people did not attend',
        outcome: pick(['worked', 'partly_worked', 'did_not_work', 'abandoned'] as const),
        why: 'People forget appointments booked weeks ahead',
        barriers: [{ description: 'No funding for the text service', kind: 'systemic' }],
        anonymous: anonymousLesson,
        status: 'published',
      });
      if (lesson.status !== 201) throw new Error(`lesson failed: ${lesson.status} ${JSON.stringify(lesson.body)}`);
      const draft = await writer.client.post(`/api/networks/${network.id}/lessons`, { title: `Unfinished thoughts ${word} quillwort`, status: 'draft' });
      if (draft.status !== 201) throw new Error(`draft failed: ${draft.status} ${JSON.stringify(draft.body)}`);
      // A learning session, found by its title, description and agenda (its summary's words are tested in session-summary.test.ts).
      await scheduleSession(admin, network.id, {
        title: `Learning session on follow up calls ${word}`,
        description: `Teams share their PDSA cycles in primary care ${word}`,
        agenda: [{ title: `Did not attend: what we tried ${word}`, minutes: 30 }],
      });
    }
    // Names that were also used openly somewhere cannot be checked for absence; the anonymous-only ones can.
    // Everything written has left the outbox (the drain took it into the index).
    await eventually(async () => (await sql<{ count: number }>(server.databaseUrl, `SELECT count(*)::int AS count FROM search_outbox`))[0].count === 0, 'an empty outbox', 120_000);
    await queueIdle(server.databaseUrl);

    // Every member sees their own network's content: the index really holds what the property is checked against.
    for (const place of places) {
      const member = people.find((person) => place.members.has(person.id))!;
      const hits = (await search(member, { q: place.word, limit: 50 })).body.hits as any[];
      expect(new Set(hits.map((hit) => hit.type))).toEqual(new Set(['thread', 'post', 'change-idea', 'lesson', 'learning-session']));
      const packages = (await search(member, { q: 'depression care', type: 'change-package', networkId: place.id })).body.hits as any[];
      expect(packages.map((hit) => hit.networkId)).toEqual([place.id]);
    }

    const queries = [
      '', 'follow up', 'folow up calls', 'depresion', 'pdsa', 'plan do study act', 'test of change', 'emergency department', 'A&E', 'ED',
      'GP', 'primary care', 'did not attend', 'DNA', 'seven days', 'zorblax', 'zorblx0', ...places.map((place) => place.word), ...places.map((place) => place.word.slice(0, -2) + 'ax'),
      ...people.map((person) => person.displayName),
      'quillwort', 'reminder texts', 'reminder txts',
    ];
    const types = [undefined, 'thread', 'post', 'change-package', 'change-idea', 'lesson', 'learning-session'];
    let checked = 0;
    let seen = 0;
    for (const person of people) {
      const readable = new Set(places.filter((place) => place.visibility === 'public' || place.members.has(person.id)).map((place) => place.id));
      for (const q of queries) {
        for (let round = 0; round < 2; round++) {
          const networkId = next() < 0.3 ? pick(places).id : undefined;
          const response = await search(person, { q, type: pick(types), networkId, limit: 50 });
          expect(response.status).toBe(200);
          for (const hit of response.body.hits as any[]) {
            expect(readable.has(hit.networkId)).toBe(true);
            if (networkId) expect(hit.networkId).toBe(networkId);
            for (const name of anonymousNames) expect(JSON.stringify(hit)).not.toContain(name);
            // Drafts are their writer's alone: never in the index, so never a hit, not even for the writer.
            expect(JSON.stringify(hit)).not.toContain('quillwort');
            seen++;
          }
          for (const facet of response.body.facets.network as { value: string }[]) expect(readable.has(facet.value)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(seen).toBeGreaterThan(100);

    // The index itself never holds an anonymous author's name or team: not even where nobody may look.
    const documents = await indexDocuments(indexOf(server.databaseUrl));
    expect(documents.length).toBeGreaterThan(places.length * 4);
    const anonymousThreads = await sql<{ id: string }>(server.databaseUrl, `SELECT id::text FROM discussion_threads WHERE anonymous`);
    const anonymousPosts = await sql<{ id: string }>(server.databaseUrl, `SELECT id::text FROM discussion_posts WHERE anonymous AND seq > 1`);
    const anonymousLessons = await sql<{ id: string }>(server.databaseUrl, `SELECT id::text FROM lessons WHERE anonymous`);
    const anonymousIds = new Set([...anonymousThreads, ...anonymousPosts, ...anonymousLessons].map((row) => row.id));
    expect(anonymousIds.size).toBeGreaterThan(0);
    for (const document of documents.filter((document) => anonymousIds.has(document.id as string))) {
      expect(document.authorName).toBeNull();
      expect(document.teamName).toBeNull();
      for (const name of anonymousNames) expect(JSON.stringify(document)).not.toContain(name);
    }
  });
});

describe('finding things', () => {
  let admin: TestUser;
  let networkId: string;
  beforeAll(async () => {
    admin = await newUser(server.url, { displayName: 'Finder Admin' });
    networkId = (await newNetwork(admin, { visibility: 'private' })).id;
  });

  it('forgives typos and knows the jargon (PDSA, A&E, GP, DNA)', async () => {
    await newThread(admin, networkId, { title: 'Quokka clinic ran a PDSA', body: 'Our test of change in A&E: fewer DNA appointments at the GP surgery.' });
    await searchable(admin, 'quokka', () => true);
    for (const q of ['plan do study act quokka', 'quokka emergency department', 'quokka general practice', 'quokka did not attend', 'quoka', 'quokka pdsa']) {
      const hits = (await search(admin, { q })).body.hits as any[];
      expect({ q, found: hits.some((hit) => hit.title === 'Quokka clinic ran a PDSA') }).toEqual({ q, found: true });
    }
  });

  it('reads "A and E" as the term A&E, not as three everyday words', async () => {
    await newThread(admin, networkId, { title: 'Numbat waits in A&E', body: 'Triage took too long at night.' });
    await newThread(admin, networkId, { title: 'Numbat and a plan for everyone', body: 'A and an e-learning module for each team, and more.' });
    await searchable(admin, 'numbat', (hit) => hit.title === 'Numbat and a plan for everyone');
    for (const q of ['numbat A and E', 'numbat a & e', 'numbat accident and emergency']) {
      const [first] = (await search(admin, { q })).body.hits as any[];
      expect({ q, first: first?.title }).toEqual({ q, first: 'Numbat waits in A&E' });
    }
  });

  it('gives snippets whose only markup is <mark>', async () => {
    const thread = await newThread(admin, networkId, { title: 'Markup test', body: 'Before <script>alert(1)</script> <b>bold</b> & "quotes" wombatfish after' });
    const hit = await searchable(admin, 'wombatfish', (candidate) => candidate.id === thread.id);
    expect(hit.snippet).toContain('<mark>wombatfish</mark>');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit).toMatchObject({ type: 'thread', networkId, url: `/networks/${networkId}/discussions/${thread.id}` });
    expect(typeof hit.networkName).toBe('string');
  });

  it('finds a published lesson by its outcome, follows its edits, and forgets it when deleted; a draft is never found', async () => {
    const draft = await admin.client.post(`/api/networks/${networkId}/lessons`, { title: 'Gharial reminders that did not work', status: 'draft' });
    expect(draft.status).toBe(201);
    const lesson = await admin.client.post(`/api/networks/${networkId}/lessons`, {
      title: 'Gharial reminder calls',
      context: { setting: 'Care home' },
      tried: 'Calls from the ward clerk',
      happened: 'Nobody answered in the afternoons',
      outcome: 'did_not_work',
      why: 'Residents rest after lunch',
      barriers: [{ description: 'No phone line in the day room', kind: 'local' }],
      status: 'published',
    });
    expect(lesson.status).toBe(201);
    const hit = await searchable(admin, 'gharial', (candidate) => candidate.id === lesson.body.id);
    expect(hit).toMatchObject({ type: 'lesson', outcome: 'did_not_work', networkId, url: `/networks/${networkId}/lessons/${lesson.body.id}` });
    const failures = (await search(admin, { q: 'gharial', outcome: 'did_not_work' })).body.hits as any[];
    expect(failures.map((candidate) => candidate.id)).toEqual([lesson.body.id]);
    // The barrier's words find it too.
    await searchable(admin, 'day room gharial', (candidate) => candidate.id === lesson.body.id);

    expect((await admin.client.patch(`/api/lessons/${lesson.body.id}`, { title: 'Gharial reminder calls, morning only', outcome: 'partly_worked' })).status).toBe(200);
    await searchable(admin, 'gharial', (candidate) => candidate.id === lesson.body.id && candidate.outcome === 'partly_worked');
    expect((await admin.client.delete(`/api/lessons/${lesson.body.id}`)).status).toBe(204);
    await eventually3(async () => !(await search(admin, { q: 'gharial' })).body.hits.some((candidate: any) => candidate.id === lesson.body.id));
    expect((await search(admin, { q: 'gharial' })).body.hits.some((candidate: any) => candidate.id === draft.body.id)).toBe(false);
  });

  it('drops a post from the index when it is removed or hidden, and a moved thread follows its network', async () => {
    const thread = await newThread(admin, networkId, { title: 'Removal test' });
    const post = await newPost(admin, thread.id, { body: 'capybarafish words' });
    await searchable(admin, 'capybarafish', (hit) => hit.id === post.id);
    expect((await admin.client.delete(`/api/posts/${post.id}`)).status).toBe(200);
    await eventually3(async () => !(await search(admin, { q: 'capybarafish' })).body.hits.some((hit: any) => hit.id === post.id));

    const other = (await newNetwork(admin, { visibility: 'private' })).id;
    const moving = await newThread(admin, networkId, { title: 'Moving thread', body: 'narwhalfish text' });
    const reply = await newPost(admin, moving.id, { body: 'narwhalfish reply' });
    await searchable(admin, 'narwhalfish', (hit) => hit.id === reply.id);
    expect((await admin.client.patch(`/api/threads/${moving.id}`, { networkId: other })).status).toBe(200);
    await searchable(admin, 'narwhalfish', (hit) => hit.id === reply.id && hit.networkId === other);
    await searchable(admin, 'narwhalfish', (hit) => hit.id === moving.id && hit.networkId === other);
  });

  it('narrows by type and network, counts facets, and pages with a cursor', async () => {
    for (let i = 0; i < 3; i++) await newThread(admin, networkId, { title: `Pangolin thread ${i}`, body: 'pangolin' });
    await eventually3(async () => (await search(admin, { q: 'pangolin', type: 'thread' })).body.estimatedTotal >= 3);
    const first = await search(admin, { q: 'pangolin', type: 'thread', limit: 2 });
    expect(first.body.hits).toHaveLength(2);
    expect(first.body.nextCursor).toBe('2');
    const second = await search(admin, { q: 'pangolin', type: 'thread', limit: 2, cursor: first.body.nextCursor });
    expect(second.body.hits.length).toBeGreaterThanOrEqual(1);
    expect(second.body.hits.map((hit: any) => hit.id)).not.toContain(first.body.hits[0].id);
    expect(first.body.facets.type).toEqual([{ value: 'thread', label: 'Discussions', count: first.body.estimatedTotal }]);
    expect(first.body.facets.network[0]).toMatchObject({ value: networkId, count: first.body.estimatedTotal });
    // A look-up as you type asks for no facet counts: the same hits, empty facet lists.
    const quick = await search(admin, { q: 'pangolin', type: 'thread', limit: 2, facets: 'false' });
    expect(quick.status).toBe(200);
    expect(quick.body.hits.map((hit: any) => hit.id)).toEqual(first.body.hits.map((hit: any) => hit.id));
    expect(quick.body.facets).toEqual({ type: [], network: [], outcome: [], setting: [], tag: [] });
  });
});

async function eventually3(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error('timed out');
}

describe('access changes show in the very next search', () => {
  it('joining, leaving, and a network made private', async () => {
    const admin = await newUser(server.url);
    const outsider = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    await newThread(admin, network.id, { title: 'Okapi secrets', body: 'okapi' });
    await searchable(admin, 'okapi', () => true);

    expect((await search(outsider, { q: 'okapi' })).body.hits).toEqual([]);
    await addMember(admin, network.id, outsider, 'member');
    expect((await search(outsider, { q: 'okapi' })).body.hits.length).toBeGreaterThan(0);
    expect((await admin.client.delete(`/api/networks/${network.id}/members/${outsider.id}`)).status).toBe(204);
    expect((await search(outsider, { q: 'okapi' })).body.hits).toEqual([]);

    expect((await admin.client.patch(`/api/networks/${network.id}`, { visibility: 'public' })).status).toBe(200);
    expect((await search(outsider, { q: 'okapi' })).body.hits.length).toBeGreaterThan(0);
    expect((await admin.client.patch(`/api/networks/${network.id}`, { visibility: 'private' })).status).toBe(200);
    expect((await search(outsider, { q: 'okapi' })).body.hits).toEqual([]);
    // Narrowing to a network one cannot read finds nothing rather than saying it exists.
    const narrowed = await search(outsider, { q: 'okapi', networkId: network.id });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body).toMatchObject({ hits: [], estimatedTotal: 0 });
  });
});

describe('bad parameters', () => {
  it('names the field, never a 500', async () => {
    const user = await newUser(server.url);
    const cases: [Record<string, string>, string][] = [
      [{ type: 'bogus' }, 'type'],
      [{ networkId: 'not-a-uuid' }, 'networkId'],
      [{ networkId: '" OR networkId EXISTS' }, 'networkId'],
      [{ outcome: 'great' }, 'outcome'],
      [{ level: 'planet' }, 'level'],
      [{ setting: 'care" OR type = "post' }, 'setting'],
      [{ tag: 'x\\"' }, 'tag'],
      [{ cursor: 'abc' }, 'cursor'],
      [{ cursor: '-1' }, 'cursor'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '500' }, 'limit'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ colour: 'blue' }, 'colour'],
      [{ facets: 'maybe' }, 'facets'],
    ];
    for (const [params, field] of cases) {
      const response = await search(user, params);
      expectErrorShape(response, 400);
      expect({ params, fields: response.body.fields.map((problem: { field: string }) => problem.field) }).toEqual({ params, fields: [field] });
    }
    const signedOut = await fetch(`${server.url}/api/search?q=x`);
    expect(signedOut.status).toBe(401);
  });
});

/** A child process's exit status and everything it printed, once it has ended (killed after two minutes). */
function runToEnd(command: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('npm run reindex', () => {
  it('rebuilds the index from PostgreSQL and swaps it in, printing progress', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    const thread = await newThread(admin, network.id, { title: 'Axolotl rebuild', body: 'axolotl' });
    await searchable(admin, 'axolotl', (hit) => hit.id === thread.id);
    // Lose it from the index behind the server's back, as a broken index would.
    const { meiliUrl, meiliMasterKey } = testServices();
    const index = indexOf(server.databaseUrl);
    const gone = await fetch(`${meiliUrl}/indexes/${index}/documents/delete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${meiliMasterKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: `key = "${indexKey('thread', thread.id)}"` }),
    });
    expect(gone.status).toBe(202);
    await eventually3(async () => (await search(admin, { q: 'axolotl' })).body.hits.length === 0);

    const dataDir = mkdtempSync(join(tmpdir(), 'knotwork-reindex-'));
    try {
      // Run without blocking this process: a blocked event loop would miss the server closing idle
      // kept-alive connections, and the next request would go out on a dead one.
      const run = await runToEnd(process.execPath, ['--disable-warning=ExperimentalWarning', join(ROOT, 'server/dist/reindex.js')], {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        DATABASE_URL: server.databaseUrl,
        MEILI_URL: meiliUrl,
        MEILI_MASTER_KEY: meiliMasterKey,
        MEILI_INDEX: index,
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/thread: \d+ read/);
      expect(run.stdout).toMatch(/Done: \d+ documents indexed and swapped in/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect((await search(admin, { q: 'axolotl' })).body.hits.map((hit: any) => hit.id)).toContain(thread.id);
    // The building index is gone after the swap: writes go to one index again.
    const next = await fetch(`${meiliUrl}/indexes/${index}_next`, { headers: { authorization: `Bearer ${meiliMasterKey}` } });
    expect(next.status).toBe(404);
  });
});
