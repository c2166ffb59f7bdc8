import { randomUUID } from 'node:crypto';
import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { newPackageWithIdea, newPost, newThread } from '../support/discussions';
import { serverForSuite } from '../support/server';

/**
 * Discussions end to end through the real server: threads and posts, paging a long thread,
 * revisions, removal, reactions, read markers, subjects, mentions, the XSS list and bad input.
 */

jest.setTimeout(120_000);

// The long thread below is written by one person: far more posts than a minute's usual allowance.
const server = serverForSuite({ POSTS_PER_MINUTE: '100000', THREADS_PER_HOUR: '1000' });

let admin: TestUser;
let member: TestUser;
let other: TestUser;
let networkId: string;

beforeAll(async () => {
  admin = await newUser(server.url, { displayName: 'Ada Admin' });
  member = await newUser(server.url, { displayName: 'Mo Member' });
  other = await newUser(server.url, { displayName: 'Olu Other' });
  networkId = (await newNetwork(admin)).id;
  await addMember(admin, networkId, member, 'member');
  await addMember(admin, networkId, other, 'member');
});

describe('threads', () => {
  it('starts a thread whose body is its first post, and lists it', async () => {
    const thread = await newThread(member, networkId, { title: '  Follow-up calls  ', body: 'How do you **reach** people?', tags: ['Follow Up', 'calls'] });
    expect(thread).toMatchObject({
      networkId,
      title: 'Follow-up calls',
      author: { kind: 'user', userId: member.id, name: 'Mo Member', teamName: null },
      mine: true,
      anonymous: false,
      tags: ['follow-up', 'calls'],
      subject: null,
      pinned: false,
      locked: false,
      postCount: 1,
      unreadCount: 0,
      lastReadSeq: 1,
      // The author watches the thread they started, as in Discourse.
      notificationLevel: 'watching',
      can: { reply: true, edit: true, moderate: false, reveal: false, move: false },
    });
    expect(thread.lastEventId).toBe(1);
    expect(thread.firstPost).toMatchObject({ seq: 1, parentId: null, bodySource: 'How do you **reach** people?', mine: true });
    expect(thread.firstPost.bodyHtml).toContain('<strong>reach</strong>');

    const seenByOther = await other.client.get(`/api/threads/${thread.id}`);
    expect(seenByOther.body).toMatchObject({ mine: false, unreadCount: 1, firstUnreadSeq: 1, lastReadSeq: 0 });
    const list = await other.client.get(`/api/networks/${networkId}/threads?tag=follow-up`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(thread.id);
    const unread = await member.client.get(`/api/networks/${networkId}/threads?unread=true`);
    expect(unread.body.items.map((item: { id: string }) => item.id)).not.toContain(thread.id);
  });

  it('pages through the list by cursor with pinned threads first, and sorts by newest', async () => {
    const own = (await newNetwork(admin)).id;
    const made: string[] = [];
    for (let i = 0; i < 7; i += 1) made.push((await newThread(admin, own, { title: `Thread ${i}` })).id);
    expect((await admin.client.patch(`/api/threads/${made[2]}`, { pinned: true })).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.client.get(`/api/networks/${own}/threads?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen[0]).toBe(made[2]);
    expect(seen.slice(1)).toEqual([...made].reverse().filter((id) => id !== made[2]));
    const newest = await admin.client.get(`/api/networks/${own}/threads?sort=newest&limit=2`);
    expect(newest.body.items.map((item: { id: string }) => item.id)).toEqual([made[6], made[5]]);
    expectErrorShape(await admin.client.get(`/api/networks/${own}/threads?cursor=${networkId}`), 400, 'discussions.bad_cursor');
  });

  it('lets the author rename, and refuses another member', async () => {
    const thread = await newThread(member, networkId);
    expect((await member.client.patch(`/api/threads/${thread.id}`, { title: 'Better title' })).body.title).toBe('Better title');
    expectErrorShape(await other.client.patch(`/api/threads/${thread.id}`, { title: 'Mine now' }), 403, 'discussions.author_only');
    expectErrorShape(await member.client.patch(`/api/threads/${thread.id}`, { pinned: true }), 403, 'discussions.moderators_only');
  });

  it('is about a change package or one of its ideas, counted on the package', async () => {
    const { packageId, ideaId } = await newPackageWithIdea(server.url, admin, networkId);
    const aboutPackage = await newThread(member, networkId, { subject: { type: 'change_package', id: packageId } });
    expect(aboutPackage.subject).toEqual({ type: 'change_package', id: packageId, packageId, title: 'Depression care' });
    const aboutIdea = await newThread(member, networkId, { subject: { type: 'change_idea', id: ideaId, packageId } });
    expect(aboutIdea.subject).toEqual({ type: 'change_idea', id: ideaId, packageId, title: 'Call within 7 days' });
    await newThread(other, networkId, { subject: { type: 'change_idea', id: ideaId, packageId } });

    const counts = await member.client.get(`/api/change-packages/${packageId}/discussion-counts`);
    expect(counts.body).toEqual({ package: 1, ideas: { [ideaId]: 2 } });
    const filtered = await member.client.get(`/api/networks/${networkId}/threads?subjectType=change_idea&subjectId=${ideaId}`);
    expect(filtered.body.items).toHaveLength(2);

    // A package of another network, an idea that is not in the package, a missing package id.
    const elsewhere = (await newNetwork(admin)).id;
    const foreign = await newPackageWithIdea(server.url, admin, elsewhere);
    const refused = [
      [{ type: 'change_package', id: foreign.packageId }, 'subject.id'],
      [{ type: 'change_idea', id: foreign.ideaId, packageId: foreign.packageId }, 'subject.packageId'],
      [{ type: 'change_idea', id: foreign.ideaId, packageId }, 'subject.id'],
    ] as const;
    for (const [subject, field] of refused) {
      const response = await member.client.post(`/api/networks/${networkId}/threads`, { title: 'T', body: 'B', subject });
      expectErrorShape(response, 400, 'discussions.subject_not_found');
      expect(response.body.fields[0].field).toBe(field);
    }
    expectErrorShape(
      await member.client.post(`/api/networks/${networkId}/threads`, { title: 'T', body: 'B', subject: { type: 'change_idea', id: ideaId } }),
      400,
      'discussions.subject_package_missing',
    );
  });
});

describe('posts', () => {
  it('replies one level deep, with the parent in the same thread', async () => {
    const thread = await newThread(member, networkId);
    const top = await newPost(other, thread.id, { body: 'Top-level' });
    const reply = await newPost(member, thread.id, { body: 'A reply', parentId: top.id });
    expect(reply).toMatchObject({ seq: 3, parentId: top.id, can: { reply: false } });
    expect(top.can.reply).toBe(true);

    expectErrorShape(await other.client.post(`/api/threads/${thread.id}/posts`, { body: 'x', parentId: reply.id }), 400, 'discussions.parent_is_reply');
    const elsewhere = await newThread(member, networkId);
    const wrongThread = await other.client.post(`/api/threads/${elsewhere.id}/posts`, { body: 'x', parentId: top.id });
    expectErrorShape(wrongThread, 400, 'discussions.parent_not_found');
    expect(wrongThread.body.fields[0].field).toBe('parentId');
  });

  it('keeps revisions when the author edits, and only the author may', async () => {
    const thread = await newThread(member, networkId, { body: 'First words' });
    const edited = await member.client.patch(`/api/posts/${thread.firstPost.id}`, { body: 'Second words' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ bodySource: 'Second words', revisionCount: 1 });
    expect(edited.body.editedAt).not.toBeNull();
    await member.client.patch(`/api/posts/${thread.firstPost.id}`, { body: 'Third words' });
    const revisions = await other.client.get(`/api/posts/${thread.firstPost.id}/revisions`);
    expect(revisions.body.items.map((item: { revision: number; bodyHtml: string }) => [item.revision, item.bodyHtml])).toEqual([
      [1, '<p>First words</p>'],
      [2, '<p>Second words</p>'],
      [3, '<p>Third words</p>'],
    ]);
    expectErrorShape(await other.client.patch(`/api/posts/${thread.firstPost.id}`, { body: 'Not mine' }), 403, 'discussions.author_only');
  });

  it('removes a post, keeping its place and saying who removed it', async () => {
    const thread = await newThread(member, networkId);
    const post = await newPost(other, thread.id, { body: 'Regret this' });
    expectErrorShape(await member.client.delete(`/api/posts/${post.id}`), 403, 'discussions.moderators_only');
    const removed = await other.client.delete(`/api/posts/${post.id}`);
    expect(removed.body).toMatchObject({ removed: 'author', bodySource: '', bodyHtml: '', seq: 2 });
    const byModerator = await admin.client.delete(`/api/posts/${thread.firstPost.id}`);
    expect(byModerator.body).toMatchObject({ removed: 'moderator', bodyHtml: '' });
    expect((await member.client.get(`/api/posts/${post.id}/revisions`)).body.items).toEqual([]);
    expectErrorShape(await other.client.delete(`/api/posts/${post.id}`), 409, 'discussions.post_removed');
  });

  it('counts reactions, each person once per kind, and says which are mine', async () => {
    const thread = await newThread(member, networkId);
    const postId = thread.firstPost.id;
    await other.client.request('PUT', `/api/posts/${postId}/reactions/heart`);
    await other.client.request('PUT', `/api/posts/${postId}/reactions/heart`);
    const mine = await admin.client.request('PUT', `/api/posts/${postId}/reactions/heart`);
    expect(mine.body.reactions).toEqual([{ reaction: 'heart', count: 2, mine: true }]);
    const undone = await other.client.delete(`/api/posts/${postId}/reactions/heart`);
    expect(undone.body.reactions).toEqual([{ reaction: 'heart', count: 1, mine: false }]);
    expectErrorShape(await other.client.request('PUT', `/api/posts/${postId}/reactions/angry`), 400, 'discussions.unknown_reaction');
  });

  it('resolves mentions of members only, with their own names', async () => {
    const outsider = await newUser(server.url, { displayName: 'Nobody Here' });
    const thread = await newThread(member, networkId, { body: `Hi @[Someone](${other.id}) and @[Nobody](${outsider.id})` });
    expect(thread.firstPost.bodyHtml).toContain(`<span class="mention" data-user-id="${other.id}">@Olu Other</span>`);
    expect(thread.firstPost.bodyHtml).not.toContain(outsider.id);
    const found = await member.client.get(`/api/networks/${networkId}/mentionable?q=ol`);
    expect(found.body.items).toEqual([{ userId: other.id, name: 'Olu Other', teamName: null }]);
  });

  it('refuses posting in a locked thread except to moderators', async () => {
    const thread = await newThread(member, networkId);
    expect((await admin.client.patch(`/api/threads/${thread.id}`, { locked: true })).body).toMatchObject({ locked: true });
    expectErrorShape(await other.client.post(`/api/threads/${thread.id}/posts`, { body: 'Still?' }), 409, 'discussions.thread_locked');
    expect((await admin.client.post(`/api/threads/${thread.id}/posts`, { body: 'Closing note' })).status).toBe(201);
    const seen = await other.client.get(`/api/threads/${thread.id}`);
    expect(seen.body.can.reply).toBe(false);
  });
});

describe('a long thread', () => {
  const TOTAL = 230;
  let threadId: string;

  beforeAll(async () => {
    threadId = (await newThread(admin, networkId, { body: 'post 1' })).id;
    for (let seq = 2; seq <= TOTAL; seq += 1) await newPost(admin, threadId, { body: `post ${seq}` });
  });

  const seqs = (items: { seq: number }[]) => items.map((item) => item.seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('pages forwards and backwards with no gap and no duplicate', async () => {
    const forwards: number[] = [];
    let page = (await member.client.get(`/api/threads/${threadId}/posts?limit=37`)).body;
    expect(page.hasBefore).toBe(false);
    forwards.push(...seqs(page.items));
    while (page.hasAfter) {
      page = (await member.client.get(`/api/threads/${threadId}/posts?after=${forwards.at(-1)}&limit=37`)).body;
      forwards.push(...seqs(page.items));
    }
    expect(forwards).toEqual(range(1, TOTAL));

    const backwards: number[] = [];
    page = (await member.client.get(`/api/threads/${threadId}/posts?before=${TOTAL + 1}&limit=41`)).body;
    expect(page.hasAfter).toBe(false);
    backwards.unshift(...seqs(page.items));
    while (page.hasBefore) {
      page = (await member.client.get(`/api/threads/${threadId}/posts?before=${backwards[0]}&limit=41`)).body;
      backwards.unshift(...seqs(page.items));
    }
    expect(backwards).toEqual(range(1, TOTAL));
  });

  it('opens around a post, and at the first unread', async () => {
    const around = (await member.client.get(`/api/threads/${threadId}/posts?around=100&limit=10`)).body;
    expect(seqs(around.items)).toEqual(range(95, 104));
    expect(around).toMatchObject({ hasBefore: true, hasAfter: true });

    const reader = await newUser(server.url);
    await addMember(admin, networkId, reader, 'member');
    const fresh = (await reader.client.get(`/api/threads/${threadId}/posts?from=first-unread&limit=20`)).body;
    expect(fresh.firstUnreadSeq).toBe(1);
    expect(seqs(fresh.items)).toEqual(range(1, 20));

    expect((await reader.client.post(`/api/threads/${threadId}/read`, { seq: 150 })).body).toMatchObject({ lastReadSeq: 150, firstUnreadSeq: 151, unreadCount: TOTAL - 150 });
    // Never backwards.
    expect((await reader.client.post(`/api/threads/${threadId}/read`, { seq: 10 })).body.lastReadSeq).toBe(150);
    const resumed = (await reader.client.get(`/api/threads/${threadId}/posts?from=first-unread&limit=20`)).body;
    expect(resumed.firstUnreadSeq).toBe(151);
    expect(seqs(resumed.items)).toEqual(range(146, 165));

    await reader.client.post(`/api/threads/${threadId}/read`, { seq: 100000 });
    const allRead = (await reader.client.get(`/api/threads/${threadId}/posts?from=first-unread&limit=20`)).body;
    expect(allRead.firstUnreadSeq).toBeNull();
    expect(seqs(allRead.items)).toEqual(range(TOTAL - 19, TOTAL));
    expectErrorShape(await reader.client.get(`/api/threads/${threadId}/posts?after=3&before=9`), 400, 'discussions.one_place');
  });

  it('fills a page opened near either end from the other side', async () => {
    const nearStart = (await member.client.get(`/api/threads/${threadId}/posts?around=3&limit=10`)).body;
    expect(seqs(nearStart.items)).toEqual(range(1, 10));
    expect(nearStart).toMatchObject({ hasBefore: false, hasAfter: true });

    const nearEnd = (await member.client.get(`/api/threads/${threadId}/posts?around=${TOTAL - 1}&limit=10`)).body;
    expect(seqs(nearEnd.items)).toEqual(range(TOTAL - 9, TOTAL));
    expect(nearEnd).toMatchObject({ hasBefore: true, hasAfter: false });

    const pastEnd = (await member.client.get(`/api/threads/${threadId}/posts?around=${TOTAL + 50}&limit=10`)).body;
    expect(seqs(pastEnd.items)).toEqual(range(TOTAL - 9, TOTAL));

    const one = (await member.client.get(`/api/threads/${threadId}/posts?around=100&limit=1`)).body;
    expect(seqs(one.items)).toEqual([100]);
  });
});

describe('rendering through the API', () => {
  const PAYLOADS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '![x](https://tracker.example/p.png)',
    '[[in](javascript:alert(1))](https://ok.example)',
    '<iframe src="https://evil.example"></iframe>',
  ];

  it.each(PAYLOADS)('answers %j with HTML that runs nothing', async (payload) => {
    const thread = await newThread(member, networkId, { body: payload });
    const post = await newPost(other, thread.id, { body: `${payload} @[<b>x</b>](${member.id})` });
    for (const html of [thread.firstPost.bodyHtml, post.bodyHtml]) {
      // Text that merely reads like an attack is escaped and harmless; the real tags must be clean.
      const tags = html.match(/<[^>]*>/g) ?? [];
      for (const tag of tags) {
        expect(tag).not.toMatch(/^<\/?(script|img|svg|iframe)/i);
        expect(tag).not.toMatch(/\son\w+=|href="(?!https?:\/\/|mailto:)/i);
      }
    }
    const link = (await newPost(other, thread.id, { body: 'see https://example.org' })).bodyHtml;
    expect(link).toContain('rel="noopener noreferrer nofollow ugc"');
  });
});

describe('bad input', () => {
  const field = (response: { body: { fields?: { field: string }[] } }) => response.body.fields?.map((problem) => problem.field);

  it('names the field at fault', async () => {
    const thread = await newThread(member, networkId);
    const threads = `/api/networks/${networkId}/threads`;
    const cases: [string, string, unknown, string[]][] = [
      ['POST', threads, { body: 'no title' }, ['title']],
      ['POST', threads, { title: '   ', body: 'x' }, ['title']],
      ['POST', threads, { title: 'x'.repeat(201), body: 'x' }, ['title']],
      ['POST', threads, { title: 'T' }, ['body']],
      ['POST', threads, { title: 'T', body: '   ' }, ['body']],
      ['POST', threads, { title: 'T', body: 'x'.repeat(20_001) }, ['body']],
      ['POST', threads, { title: 'T', body: 'B', color: 'red' }, ['color']],
      ['POST', threads, { title: 'T', body: 'B', tags: Array(11).fill('t') }, ['tags']],
      ['POST', threads, { title: 'T', body: 'B', tags: ['x'.repeat(41)] }, ['tags']],
      ['POST', threads, { title: 'T', body: 'B', subject: { type: 'measure', id: 'x' } }, ['subject.type', 'subject.id']],
      ['POST', threads, { title: 'T', body: 'B', subject: { type: 'lesson', id: 'x' } }, ['subject.id']],
      // A title or tag people cannot read as it is: nothing visible, reversed by a direction control, or broken over lines (mail subjects too).
      ['POST', threads, { title: '\u200B', body: 'B' }, ['title']],
      ['POST', threads, { title: 'Calls \u202Eterces', body: 'B' }, ['title']],
      ['POST', threads, { title: 'Calls\nBcc: everyone', body: 'B' }, ['title']],
      ['POST', threads, { title: 'T', body: 'B', tags: ['fine', '\u2066x'] }, ['tags']],
      ['POST', threads, { title: 'T', body: 'B', tags: ['\u200B'] }, ['tags']],
      ['PATCH', `/api/threads/${thread.id}`, { title: '\u2060' }, ['title']],
      ['POST', threads, { title: 'T', body: 'B', anonymousAs: 'ghost' }, ['anonymousAs']],
      ['POST', `/api/threads/${thread.id}/posts`, { body: 'B', parentId: 'not-a-uuid' }, ['parentId']],
      ['POST', `/api/threads/${thread.id}/posts`, { body: 'B', extra: 1 }, ['extra']],
      ['PATCH', `/api/posts/${thread.firstPost.id}`, { body: '' }, ['body']],
      ['POST', `/api/threads/${thread.id}/read`, { seq: -1 }, ['seq']],
      ['POST', `/api/posts/${thread.firstPost.id}/reports`, { reason: '' }, ['reason']],
      // A mention notifies: naming 21 people in one post would be a broadcast.
      ['POST', `/api/threads/${thread.id}/posts`, { body: Array.from({ length: 21 }, () => `@[Someone](${randomUUID()})`).join(' ') }, ['body']],
    ];
    for (const [method, path, body, fields] of cases) {
      const response = await other.client.request(method, path, body);
      expect({ path, body, status: response.status, fields: field(response) }).toEqual({ path, body, status: 400, fields });
      expectErrorShape(response, 400);
    }
    expectErrorShape(await other.client.get(`/api/threads/not-a-uuid`), 400, 'request.bad_id');
    expectErrorShape(await other.client.get(`/api/threads/${thread.id}/posts?limit=1000`), 400, 'request.invalid');
    expectErrorShape(await other.client.get(`/api/threads/00000000-0000-4000-8000-000000000000`), 404, 'discussions.thread_not_found');
  });
});
