import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { ApiClient, addMember, expectErrorShape, newNetwork, newUser, uniqueEmail, type ApiResponse, type TestUser } from '../support/api';
import { scheduleSession, sessionBody } from '../support/learning-sessions';
import { liveAs } from '../support/live';
import { serverForSuite } from '../support/server';

jest.setTimeout(60_000);

const server = serverForSuite();

/** [[[…]]] nested `depth` times, as JSON text (JSON.stringify would recurse). */
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** A JSON body as text, so that it can carry what JSON.stringify would not write (deep nesting, __proto__, lone surrogates). */
type RawJson = string;

interface BadInput {
  what: string;
  body: RawJson;
  status: number;
  code: string;
  /** The field the answer must name, in `fields` and at the start of `message`; null when it is about the whole body. */
  field: string | null;
}

/** The bad inputs every JSON route must refuse, given one of its text fields and a valid body to start from. */
function badInputs(textField: string, valid: Record<string, unknown>): BadInput[] {
  const validJson = JSON.stringify(valid);
  const withField = (rawValue: string) => `${validJson.slice(0, -1)}${validJson === '{}' ? '' : ','}"${textField}":${rawValue}}`;
  return [
    { what: 'a 100,000-deep body', body: deepArray(100_000), status: 400, code: 'request.too_deep', field: null },
    { what: 'a deeply nested field value', body: withField(deepArray(5_000)), status: 400, code: 'request.too_deep', field: textField },
    { what: 'a lone surrogate', body: withField('"abc\\ud800"'), status: 400, code: 'request.malformed_text', field: textField },
    { what: 'a NUL character', body: withField('"abc\\u0000"'), status: 400, code: 'request.nul', field: textField },
    { what: 'a __proto__ key', body: `${validJson.slice(0, -1)}${validJson === '{}' ? '' : ','}"__proto__":{"isAdmin":true}}`, status: 400, code: 'request.reserved_name', field: '__proto__' },
    { what: 'a constructor key', body: `${validJson.slice(0, -1)}${validJson === '{}' ? '' : ','}"constructor":{"name":"x"}}`, status: 400, code: 'request.reserved_name', field: 'constructor' },
    { what: 'a body that is not an object', body: '["a list"]', status: 400, code: 'request.not_an_object', field: null },
  ];
}

/** Checks a refusal: status, the error shape, the code, and the field it names (or that it names none). */
function expectRefusal(response: ApiResponse, status: number, code: string, field: string | null): void {
  expectErrorShape(response, status, code);
  if (field === null) {
    expect(response.body.fields).toBeUndefined();
  } else {
    expect(response.body.fields.map((problem: { field: string }) => problem.field)).toEqual([field]);
    expect(response.body.message.startsWith(field)).toBe(true);
  }
}

/** Sends `body` as raw JSON text. */
const sendJson = (client: ApiClient, method: string, path: string, body: RawJson) => client.request(method, path, body);

/** Sends every bad input to a route, checking each answer and that the state `read` returns did not change. */
async function refusesEveryBadInput(client: ApiClient, method: string, path: string, inputs: BadInput[], read: () => Promise<unknown>): Promise<void> {
  const before = await read();
  for (const input of inputs) {
    const response = await sendJson(client, method, path, input.body);
    expect({ what: input.what, status: response.status, code: response.body?.code }).toEqual({ what: input.what, status: input.status, code: input.code });
    expectRefusal(response, input.status, input.code, input.field);
  }
  expect(await read()).toEqual(before);
}

/** Bodies that are not JSON, each refused with 415 before anything reads them. */
const NOT_JSON: { type: string; body: string }[] = [
  { type: 'text/plain', body: '{"name":"sent as text"}' },
  { type: 'application/x-www-form-urlencoded', body: 'name=a+form&email=a%40example.org' },
  { type: 'application/xml', body: '<network><name>xml</name></network>' },
];

async function refusesBodiesThatAreNotJson(client: ApiClient, method: string, path: string, read: () => Promise<unknown>): Promise<void> {
  const before = await read();
  for (const { type, body } of NOT_JSON) {
    const response = await client.request(method, path, body, { 'content-type': type });
    expectRefusal(response, 415, 'request.unsupported_media_type', null);
  }
  expect(await read()).toEqual(before);
}

let admin: TestUser;
let member: TestUser;
let network: { id: string };
let changePackage: { id: string };
let other: { id: string };

beforeAll(async () => {
  admin = await newUser(server.url);
  member = await newUser(server.url);
  network = await newNetwork(admin, { visibility: 'private', description: 'Kept as it was' });
  other = await newNetwork(admin, { visibility: 'private' });
  await addMember(admin, network.id, member, 'member');
  changePackage = (await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Depression care' })).body;
});

async function accountCount(): Promise<number> {
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    return Number((await db.query('SELECT count(*) FROM users')).rows[0].count);
  } finally {
    await db.end();
  }
}

const networkState = async () => (await admin.client.get(`/api/networks/${network.id}`)).body;
const membersState = async () => (await admin.client.get(`/api/networks/${network.id}/members`)).body;
const myNetworks = async () => (await admin.client.get('/api/networks?mine=true')).body;

describe('sign-in, signed out', () => {
  it('refuses every bad input with a 4xx naming the field, and starts no session', async () => {
    const visitor = new ApiClient(server.url);
    const valid = { email: 'nobody@example.org', password: 'correct horse battery' };
    await refusesEveryBadInput(visitor, 'POST', '/api/auth/login', badInputs('email', valid), async () => visitor.cookie);
    await refusesBodiesThatAreNotJson(visitor, 'POST', '/api/auth/login', async () => visitor.cookie);
    expect(visitor.cookie).toBeNull();
  });

  it('sign-up refuses a lone surrogate in the email and every other bad input, creating no account', async () => {
    const visitor = new ApiClient(server.url);
    const valid = { email: uniqueEmail(), password: 'correct horse battery', displayName: 'Amira' };
    const response = await sendJson(visitor, 'POST', '/api/auth/register', `{"email":"\\ud800${valid.email}","password":"correct horse battery","displayName":"Amira"}`);
    expectRefusal(response, 400, 'request.malformed_text', 'email');
    await refusesEveryBadInput(visitor, 'POST', '/api/auth/register', badInputs('organisation', valid), accountCount);
    await refusesBodiesThatAreNotJson(visitor, 'POST', '/api/auth/register', accountCount);
    expect(visitor.cookie).toBeNull();
  });
});

describe('networks', () => {
  it('creating one refuses every bad input and writes nothing', async () => {
    const valid = { name: 'A valid name', level: 'national', visibility: 'public' };
    await refusesEveryBadInput(admin.client, 'POST', '/api/networks', badInputs('description', valid), myNetworks);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', '/api/networks', myNetworks);
    expectRefusal(await admin.client.post('/api/networks', { ...valid, name: null }), 400, 'request.invalid', 'name');
    expectRefusal(await admin.client.post('/api/networks', { ...valid, description: null }), 400, 'request.invalid', 'description');
    expect(await myNetworks()).toEqual(expect.objectContaining({ total: 2 }));
  });

  it('changing one refuses null for every field that is not nullable, an empty change and every bad input, and writes nothing', async () => {
    const before = await networkState();
    for (const field of ['name', 'description', 'level', 'visibility', 'allowAnonymousPosts']) {
      const response = await admin.client.patch(`/api/networks/${network.id}`, { [field]: null });
      expectRefusal(response, 400, 'request.invalid', field);
    }
    expectRefusal(await admin.client.patch(`/api/networks/${network.id}`, {}), 400, 'request.nothing_to_change', null);
    expect((await admin.client.patch(`/api/networks/${network.id}`, {})).body.message).toBe(
      'The request changes nothing: send at least one of name, description, level, visibility, parentId, allowAnonymousPosts.',
    );
    await refusesEveryBadInput(admin.client, 'PATCH', `/api/networks/${network.id}`, badInputs('name', {}), networkState);
    await refusesBodiesThatAreNotJson(admin.client, 'PATCH', `/api/networks/${network.id}`, networkState);
    expect(await networkState()).toEqual(before);
    // parentId is the one field that accepts null: it means "at the top".
    expect((await admin.client.patch(`/api/networks/${network.id}`, { parentId: null })).status).toBe(200);
  });

  it('the list query refuses __proto__, a NUL and a repeated field, naming each', async () => {
    expectRefusal(await admin.client.get('/api/networks?__proto__=x'), 400, 'request.reserved_name', '__proto__');
    expectRefusal(await admin.client.get('/api/networks?constructor=x'), 400, 'request.reserved_name', 'constructor');
    expectRefusal(await admin.client.get('/api/networks?q=a%00b'), 400, 'request.nul', 'q');
    expectRefusal(await admin.client.get('/api/networks?q=a&q=b'), 400, 'request.invalid', 'q');
  });
});

describe('members, teams and invitations', () => {
  it('changing a member refuses an empty change, null role or partner flag, and every bad input, and writes nothing', async () => {
    const path = `/api/networks/${network.id}/members/${member.id}`;
    const before = await membersState();
    expectRefusal(await admin.client.patch(path, {}), 400, 'request.nothing_to_change', null);
    expectRefusal(await admin.client.patch(path, { role: null }), 400, 'request.invalid', 'role');
    expectRefusal(await admin.client.patch(path, { isPatientPartner: null }), 400, 'request.invalid', 'isPatientPartner');
    expectRefusal(await member.client.patch(path, {}), 400, 'request.nothing_to_change', null);
    await refusesEveryBadInput(admin.client, 'PATCH', path, badInputs('teamId', {}), membersState);
    await refusesBodiesThatAreNotJson(admin.client, 'PATCH', path, membersState);
    expect(await membersState()).toEqual(before);
    // teamId accepts null: it means "no team".
    expect((await admin.client.patch(path, { teamId: null })).status).toBe(200);
  });

  it('a team id that is not one of the network’s has its own code, apart from a missing team', async () => {
    const path = `/api/networks/${network.id}/members/${member.id}`;
    expectRefusal(await admin.client.patch(path, { teamId: '00000000-0000-4000-8000-000000000000' }), 400, 'networks.team_id_unknown', 'teamId');
    expectRefusal(await admin.client.patch(`/api/networks/${network.id}/teams/00000000-0000-4000-8000-000000000000`, { name: 'x' }), 404, 'networks.team_not_found', null);
  });

  it('creating a team refuses null and every bad input, and writes nothing', async () => {
    const path = `/api/networks/${network.id}/teams`;
    const teams = async () => (await admin.client.get(path)).body;
    expectRefusal(await admin.client.post(path, { name: null }), 400, 'request.invalid', 'name');
    await refusesEveryBadInput(admin.client, 'POST', path, badInputs('name', {}), teams);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', path, teams);
    expect(await teams()).toEqual([]);
  });

  it('creating an invitation refuses null for role, email and expiry, and every bad input, and writes nothing', async () => {
    const path = `/api/networks/${network.id}/invitations`;
    const invitations = async () => (await admin.client.get(path)).body;
    const before = await invitations();
    for (const field of ['role', 'email', 'expiresInDays']) {
      expectRefusal(await admin.client.post(path, { role: 'member', [field]: null }), 400, 'request.invalid', field);
    }
    await refusesEveryBadInput(admin.client, 'POST', path, badInputs('email', { role: 'member' }), invitations);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', path, invitations);
    expect(await invitations()).toEqual(before);
  });
});

describe('profile', () => {
  it('refuses null for the name, an empty change and every bad input, and writes nothing', async () => {
    const me = async () => (await admin.client.get('/api/auth/me')).body;
    const before = await me();
    expectRefusal(await admin.client.patch('/api/users/me', { displayName: null }), 400, 'request.invalid', 'displayName');
    expectRefusal(await admin.client.patch('/api/users/me', {}), 400, 'request.nothing_to_change', null);
    await refusesEveryBadInput(admin.client, 'PATCH', '/api/users/me', badInputs('organisation', {}), me);
    await refusesBodiesThatAreNotJson(admin.client, 'PATCH', '/api/users/me', me);
    expect(await me()).toEqual(before);
  });
});

describe('change packages', () => {
  const packages = async () => (await admin.client.get(`/api/networks/${network.id}/change-packages`)).body;

  it('creating and renaming one refuse null and every bad input, and write nothing', async () => {
    const before = await packages();
    for (const [method, path] of [
      ['POST', `/api/networks/${network.id}/change-packages`],
      ['PATCH', `/api/change-packages/${changePackage.id}`],
    ]) {
      expectRefusal(await admin.client.request(method, path, { title: null }), 400, 'request.invalid', 'title');
      await refusesEveryBadInput(admin.client, method, path, badInputs('title', {}), packages);
      await refusesBodiesThatAreNotJson(admin.client, method, path, packages);
    }
    expect(await packages()).toEqual(before);
  });

  it('naming a version refuses null and every bad input, and keeps no version', async () => {
    const path = `/api/change-packages/${changePackage.id}/versions`;
    const versions = async () => (await admin.client.get(path)).body;
    const before = await versions();
    expectRefusal(await admin.client.post(path, { name: null }), 400, 'request.invalid', 'name');
    await refusesEveryBadInput(admin.client, 'POST', path, badInputs('name', {}), versions);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', path, versions);
    expect(await versions()).toEqual(before);
  });

  it('adapting one refuses null for the network and the title, and every bad input, and writes nothing', async () => {
    const path = `/api/change-packages/${changePackage.id}/adaptations`;
    const otherPackages = async () => (await admin.client.get(`/api/networks/${other.id}/change-packages`)).body;
    expectRefusal(await admin.client.post(path, { networkId: null }), 400, 'request.invalid', 'networkId');
    expectRefusal(await admin.client.post(path, { networkId: other.id, title: null }), 400, 'request.invalid', 'title');
    await refusesEveryBadInput(admin.client, 'POST', path, badInputs('title', { networkId: other.id }), otherPackages);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', path, otherPackages);
    expect(await otherPackages()).toEqual([]);
    expectRefusal(await admin.client.post(path, { networkId: network.id }), 400, 'change_packages.same_network', 'networkId');
  });
});

describe('discussions', () => {
  it("a thread's notification level refuses nulls, arrays, odd Unicode, extra keys and every bad input, and writes nothing", async () => {
    const created = await admin.client.post(`/api/networks/${network.id}/threads`, { title: 'Levels', body: 'Who hears of this?' });
    expect(created.status).toBe(201);
    const path = `/api/threads/${created.body.id}/notification-level`;
    // What the member sees and what is stored for them: both must stay as they were.
    const levelState = async () => {
      const db = new Client({ connectionString: server.databaseUrl });
      await db.connect();
      try {
        const rows = (await db.query('SELECT level FROM thread_notification_levels WHERE user_id = $1', [member.id])).rows;
        return { shown: (await member.client.get(`/api/threads/${created.body.id}`)).body.notificationLevel, rows };
      } finally {
        await db.end();
      }
    };
    const before = await levelState();
    expect(before).toEqual({ shown: 'normal', rows: [] });

    await refusesEveryBadInput(member.client, 'PUT', path, badInputs('level', {}), levelState);
    await refusesBodiesThatAreNotJson(member.client, 'PUT', path, levelState);
    const refusedValues: [string, unknown][] = [
      ['null', null],
      ['missing', undefined],
      ['an array', ['watching']],
      ['an empty array', []],
      ['an object', { level: 'watching' }],
      ['a number', 1],
      ['true', true],
      ['the empty string', ''],
      ['capitals', 'WATCHING'],
      ['spaces around it', ' watching '],
      ['a zero-width space inside', 'watch\u200bing'],
      ['full-width letters', '\uff57\uff41\uff54\uff43\uff48\uff49\uff4e\uff47'],
      ['a combining accent', 'mute\u0301d'],
      ['a right-to-left override', '\u202ewatching'],
      ['a Cyrillic look-alike', '\u043cuted'],
      ['an emoji', '\ud83d\udd14'],
    ];
    for (const [what, level] of refusedValues) {
      const response = await member.client.request('PUT', path, level === undefined ? {} : { level });
      expect({ what, status: response.status, code: response.body.code }).toEqual({ what, status: 400, code: 'request.invalid' });
      expectRefusal(response, 400, 'request.invalid', 'level');
    }
    for (const extra of [{ level: 'muted', loud: true }, { level: 'muted', threadId: created.body.id }, { level: 'muted', userId: admin.id }]) {
      const response = await member.client.request('PUT', path, extra);
      const [unexpected] = Object.keys(extra).filter((key) => key !== 'level');
      expectRefusal(response, 400, 'request.invalid', unexpected);
    }
    expect(await levelState()).toEqual(before);
    // And the same route still takes a good level.
    expect((await member.client.request('PUT', path, { level: 'muted' })).body).toEqual({ level: 'muted' });
    expect(await levelState()).toEqual({ shown: 'muted', rows: [{ level: 'muted' }] });
  });
});

describe('lessons: their threads and the barrier register', () => {
  const lessonBody = (status: 'draft' | 'published') => ({
    title: 'Calls from withheld numbers',
    context: { setting: 'General practice' },
    tried: 'Calling every patient.',
    happened: 'Few answered.',
    outcome: 'did_not_work',
    why: 'Withheld numbers.',
    barriers: [{ description: 'No phone budget', kind: 'systemic' }],
    status,
  });

  it('a thread about a lesson refuses a bad subject, naming its field, and starts no thread', async () => {
    const published = (await member.client.post(`/api/networks/${network.id}/lessons`, lessonBody('published'))).body;
    const draft = (await member.client.post(`/api/networks/${network.id}/lessons`, lessonBody('draft'))).body;
    const threads = async () => (await admin.client.get(`/api/networks/${network.id}/threads?limit=100`)).body.items.length;
    const before = await threads();
    const start = (subject: unknown) => member.client.post(`/api/networks/${network.id}/threads`, { title: 'About it', body: 'Hello', subject });
    const refused: [string, unknown, string, string][] = [
      ['a lesson id that is not a UUID', { type: 'lesson', id: 'lesson-1' }, 'request.invalid', 'subject.id'],
      ['an unknown subject type', { type: 'lessons', id: published.id }, 'request.invalid', 'subject.type'],
      ['a lesson that does not exist', { type: 'lesson', id: crypto.randomUUID() }, 'discussions.subject_not_found', 'subject.id'],
      ['a draft', { type: 'lesson', id: draft.id }, 'discussions.subject_lesson_draft', 'subject.id'],
    ];
    for (const [what, subject, code, field] of refused) {
      const response = await start(subject);
      expect({ what, status: response.status, code: response.body.code }).toEqual({ what, status: 400, code });
      expectRefusal(response, 400, code, field);
    }
    expect(await threads()).toBe(before);
    // The list's subject filter names its fields too.
    expectRefusal(await member.client.get(`/api/networks/${network.id}/threads?subjectType=lessons`), 400, 'request.invalid', 'subjectType');
    expectRefusal(await member.client.get(`/api/networks/${network.id}/threads?subjectType=lesson&subjectId=x`), 400, 'request.invalid', 'subjectId');
  });

  it("the register's status and barrier filters refuse what they do not know, naming the field", async () => {
    const path = `/api/networks/${network.id}/barriers`;
    for (const status of ['unanswered', 'OPEN', '', ' open', 'open%00', '__proto__']) {
      const response = await member.client.get(`${path}?status=${status}`);
      // A NUL and a reserved word have codes of their own; every refusal names the field.
      expect({ status, answer: response.status, code: response.body.code }).toEqual({ status, answer: 400, code: expect.stringMatching(/^request\./) });
      expectErrorShape(response, 400);
      expect(response.body.fields.map((problem: { field: string }) => problem.field)).toEqual(['status']);
    }
    expectRefusal(await member.client.get(`${path}?status=open&status=addressed`), 400, 'request.invalid', 'status');
    for (const barrier of ['nope', '', '1', `${crypto.randomUUID()}x`]) {
      expectRefusal(await member.client.get(`${path}?barrier=${barrier}`), 400, 'request.invalid', 'barrier');
    }
    expectRefusal(await member.client.get(`${path}?barrier=a&barrier=b`), 400, 'request.invalid', 'barrier');
    expect((await member.client.get(`${path}?status=open&barrier=${crypto.randomUUID()}`)).body.items).toEqual([]);
  });
});

describe('learning sessions', () => {
  const sessionsState = async () => (await admin.client.get(`/api/networks/${network.id}/learning-sessions`)).body;

  it('scheduling one refuses null for every field that is not nullable, nested agenda problems and every bad input, and writes nothing', async () => {
    const path = `/api/networks/${network.id}/learning-sessions`;
    const valid = sessionBody();
    await refusesEveryBadInput(admin.client, 'POST', path, badInputs('title', valid), sessionsState);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', path, sessionsState);
    for (const field of ['title', 'startsAt', 'endsAt', 'timeZone', 'agenda']) {
      expectRefusal(await admin.client.post(path, { ...valid, [field]: null }), 400, 'request.invalid', field);
    }
    expectRefusal(await admin.client.post(path, { ...valid, agenda: [null] }), 400, 'request.invalid', 'agenda.0');
    expectRefusal(await admin.client.post(path, { ...valid, agenda: ['Welcome'] }), 400, 'request.invalid', 'agenda.0');
    expectRefusal(await admin.client.post(path, { ...valid, agenda: [{ title: 'Welcome', minutes: 5, extra: 1 }] }), 400, 'request.invalid', 'agenda.0.extra');
    expectRefusal(await admin.client.post(path, { ...valid, agenda: [{ title: 'Welcome', minutes: 5, presenter: 'p'.repeat(121) }] }), 400, 'request.invalid', 'agenda.0.presenter');
    expectRefusal(await admin.client.post(path, { ...valid, title: '\u202eevil' }), 400, 'request.invalid', 'title');
    expectRefusal(await admin.client.post(path, { ...valid, description: 'd'.repeat(5_001) }), 400, 'request.invalid', 'description');
    expectRefusal(await admin.client.post(path, { ...valid, meetingUrl: `https://example.org/${'x'.repeat(2_000)}` }), 400, 'request.invalid', 'meetingUrl');
    expectRefusal(await admin.client.post(path, { ...valid, capacity: 100_001 }), 400, 'request.invalid', 'capacity');
    expectRefusal(await admin.client.post(path, { ...valid, startsAt: '2026-02-30T10:00:00Z' }), 400, 'request.invalid', 'startsAt');
    expectRefusal(await admin.client.post(path, { ...valid, status: 'live' }), 400, 'request.invalid', 'status');
    expect((await sessionsState()).items).toEqual([]);
  });

  it('changing, cancelling and answering refuse every bad input, and change nothing', async () => {
    const session = await scheduleSession(admin, network.id);
    const read = async () => (await admin.client.get(`/api/learning-sessions/${session.id}`)).body;
    const before = await read();
    await refusesEveryBadInput(admin.client, 'PATCH', `/api/learning-sessions/${session.id}`, badInputs('title', {}), read);
    await refusesBodiesThatAreNotJson(admin.client, 'PATCH', `/api/learning-sessions/${session.id}`, read);
    for (const field of ['title', 'startsAt', 'endsAt', 'timeZone', 'agenda']) {
      expectRefusal(await admin.client.patch(`/api/learning-sessions/${session.id}`, { [field]: null }), 400, 'request.invalid', field);
    }
    expectRefusal(await admin.client.patch(`/api/learning-sessions/${session.id}`, {}), 400, 'request.nothing_to_change', null);
    await refusesEveryBadInput(admin.client, 'POST', `/api/learning-sessions/${session.id}/cancel`, badInputs('reason', {}), read);
    await refusesEveryBadInput(member.client, 'PUT', `/api/learning-sessions/${session.id}/rsvp`, badInputs('status', { status: 'going' }), read);
    for (const status of [null, 'maybe', 'GOING', ['going'], 1]) {
      expectRefusal(await member.client.request('PUT', `/api/learning-sessions/${session.id}/rsvp`, { status }), 400, 'request.invalid', 'status');
    }
    expect(await read()).toEqual(before);
    expectRefusal(await admin.client.get('/api/learning-sessions/not-a-session'), 400, 'request.bad_id', 'sessionId');
  });
});

describe('socket.io', () => {
  let socket: Socket;
  const exceptions: unknown[] = [];

  beforeAll(async () => {
    socket = io(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: member.client.cookie! }, reconnection: false, forceNew: true });
    socket.on('exception', (payload: unknown) => exceptions.push(payload));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(() => socket.disconnect());

  it('network:follow answers every bad payload in its acknowledgement, in the error shape, and never emits an exception', async () => {
    const cases: { what: string; payload: unknown; code: string; field: string | null }[] = [
      { what: 'a NUL', payload: { networkId: '\u0000' }, code: 'request.nul', field: 'networkId' },
      { what: 'a NUL in a key', payload: { ['\u0000']: 1 }, code: 'request.bad_field_name', field: null },
      { what: 'a lone surrogate', payload: { networkId: 'a\ud800' }, code: 'request.malformed_text', field: 'networkId' },
      // As deep as socket.io-client's own (recursive) encoder can send.
      { what: 'deep nesting', payload: { networkId: JSON.parse(deepArray(2_000)) }, code: 'request.too_deep', field: 'networkId' },
      { what: '__proto__', payload: JSON.parse(`{"networkId":"${network.id}","__proto__":{"x":1}}`), code: 'request.reserved_name', field: '__proto__' },
      { what: 'null', payload: { networkId: null }, code: 'request.invalid', field: 'networkId' },
      { what: 'not an object', payload: 'text', code: 'request.not_an_object', field: null },
      { what: 'an unknown network', payload: { networkId: '00000000-0000-4000-8000-000000000000' }, code: 'networks.not_found', field: null },
    ];
    for (const { what, payload, code, field } of cases) {
      const ack = await socket.timeout(5_000).emitWithAck('network:follow', payload);
      expect({ what, ok: ack.ok, code: ack.error?.code }).toEqual({ what, ok: false, code });
      expectRefusal({ status: ack.error.statusCode, body: ack.error, headers: new Headers() }, ack.error.statusCode, code, field);
    }
    expect(await socket.timeout(5_000).emitWithAck('network:follow', { networkId: network.id })).toEqual({ ok: true });
    // Sent and answered after every case above, so any exception event would have arrived by now.
    expect(exceptions).toEqual([]);
  });

  it('the live room’s moderation and breakout messages answer bad payloads in their acknowledgement, naming the field', async () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    const cases: { event: string; payload: unknown; code: string; field: string | null }[] = [];
    for (const [event, valid] of [
      ['question:hide', { questionId: uuid, hidden: true, reason: 'It names a patient.' }],
      ['question:reveal', { questionId: uuid }],
      ['breakout:move', { userId: uuid, groupId: uuid }],
    ] as const) {
      const [firstField] = Object.keys(valid);
      cases.push(
        { event, payload: { ...valid, [firstField]: '\u0000' }, code: 'request.nul', field: firstField },
        { event, payload: { ...valid, [firstField]: 'a\ud800' }, code: 'request.malformed_text', field: firstField },
        { event, payload: { ...valid, [firstField]: JSON.parse(deepArray(2_000)) }, code: 'request.too_deep', field: firstField },
        { event, payload: JSON.parse(`{"${firstField}":"${uuid}","__proto__":{"x":1}}`), code: 'request.reserved_name', field: '__proto__' },
        { event, payload: { ...valid, [firstField]: null }, code: 'request.invalid', field: firstField },
        { event, payload: { ...valid, [firstField]: 'not-an-id' }, code: 'request.invalid', field: firstField },
        { event, payload: 'text', code: 'request.not_an_object', field: null },
        { event, payload: { ...valid, extra: 1 }, code: 'request.invalid', field: 'extra' },
      );
    }
    cases.push(
      { event: 'question:hide', payload: { questionId: uuid, hidden: 'yes' }, code: 'request.invalid', field: 'hidden' },
      { event: 'question:hide', payload: { questionId: uuid, reason: 'x'.repeat(501) }, code: 'request.invalid', field: 'reason' },
      { event: 'breakout:move', payload: { userId: uuid }, code: 'request.invalid', field: 'groupId' },
    );
    for (const { event, payload, code, field } of cases) {
      const ack = await socket.timeout(5_000).emitWithAck(event, payload);
      expect({ event, payload, ok: ack.ok, code: ack.error?.code }).toEqual({ event, payload, ok: false, code });
      expectRefusal({ status: ack.error.statusCode, body: ack.error, headers: new Headers() }, ack.error.statusCode, code, field);
    }
    // Well formed, but about a session this socket has not joined (or a question that is not there).
    expect((await socket.timeout(5_000).emitWithAck('breakout:move', { userId: uuid, groupId: uuid })).error.code).toBe('live_room.not_joined');
    expect((await socket.timeout(5_000).emitWithAck('question:reveal', { questionId: uuid })).error.code).toBe('live_room.question_not_found');
    expect(exceptions).toEqual([]);
  });

  it('a refused handshake carries the error body too', async () => {
    const refused = io(server.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true });
    const error = await new Promise<Error & { data?: unknown }>((resolve) => refused.once('connect_error', resolve));
    refused.disconnect();
    expect(error.message).toBe('not signed in');
    expect(error.data).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Please sign in to continue.', code: 'auth.not_signed_in' });
  });
});

describe('learning session harvest (notes, capture as lesson, action items)', () => {
  async function scheduled(): Promise<{ id: string }> {
    const startsAt = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    const response = await admin.client.post(`/api/networks/${network.id}/learning-sessions`, {
      title: 'Learning session 3',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 60 * 60 * 1000).toISOString(),
      timeZone: 'Europe/Paris',
      agenda: [],
    });
    expect(response.status).toBe(201);
    return response.body;
  }
  const dueOn = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

  it('capturing a lesson refuses null and every bad input, and writes no lesson', async () => {
    const session = await scheduled();
    const path = `/api/learning-sessions/${session.id}/capture-lesson`;
    const drafts = async () => (await admin.client.get(`/api/networks/${network.id}/lessons?status=draft`)).body.items;
    expectRefusal(await admin.client.post(path, { text: null, source: 'notes' }), 400, 'request.invalid', 'text');
    expectRefusal(await admin.client.post(path, { text: 'Fine', source: null }), 400, 'request.invalid', 'source');
    await refusesEveryBadInput(admin.client, 'POST', path, badInputs('text', { source: 'notes' }), drafts);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', path, drafts);
    expect(await drafts()).toEqual([]);
  });

  it('the summary refuses null and every bad input, and keeps the draft as it was', async () => {
    const session = await scheduled();
    const live = await liveAs(server.url, admin);
    try {
      for (const event of ['session:join', 'session:start', 'session:end']) expect(await live.socket.emitWithAck(event, { sessionId: session.id })).toMatchObject({ ok: true });
    } finally {
      live.close();
    }
    const path = `/api/learning-sessions/${session.id}/summary`;
    const draft = async () => (await admin.client.get(path)).body;
    for (const field of ['introduction', 'keyPoints', 'answers', 'hiddenSections', 'reassemble']) expectRefusal(await admin.client.patch(path, { [field]: null }), 400, 'request.invalid', field);
    expectRefusal(await admin.client.patch(path, {}), 400, 'request.nothing_to_change', null);
    expectRefusal(await admin.client.patch(path, { keyPoints: ['x'.repeat(301)] }), 400, 'request.invalid', 'keyPoints');
    expectRefusal(await admin.client.patch(path, { hiddenSections: ['notes', 'secrets'] }), 400, 'request.invalid', 'hiddenSections');
    expectRefusal(await admin.client.patch(path, { answers: [{ questionId: '00000000-0000-4000-8000-000000000000', answer: 'x' }] }), 400, 'learning_sessions.summary_unknown_question', 'answers');
    await refusesEveryBadInput(admin.client, 'PATCH', path, badInputs('introduction', {}), draft);
    await refusesBodiesThatAreNotJson(admin.client, 'PATCH', path, draft);
    expect(await draft()).toMatchObject({ status: 'draft', introduction: '', keyPoints: [], hiddenSections: [] });
    expectRefusal(await admin.client.get('/api/learning-sessions/not-a-session/summary'), 400, 'request.bad_id', 'sessionId');
    expectRefusal(await admin.client.get('/api/learning-sessions/not-a-session/polls.csv'), 400, 'request.bad_id', 'sessionId');
  });

  it('action items refuse null and every bad input on create, change and progress, and write nothing', async () => {
    const session = await scheduled();
    const team = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Harvest site' })).body;
    const path = `/api/learning-sessions/${session.id}/action-items`;
    const items = async () => (await admin.client.get(path)).body;
    expectRefusal(await admin.client.post(path, { teamId: null, title: 'T', dueOn }), 400, 'request.invalid', 'teamId');
    expectRefusal(await admin.client.post(path, { teamId: team.id, title: null, dueOn }), 400, 'request.invalid', 'title');
    expectRefusal(await admin.client.post(path, { teamId: team.id, title: 'T', dueOn: null }), 400, 'request.invalid', 'dueOn');
    await refusesEveryBadInput(admin.client, 'POST', path, badInputs('title', { teamId: team.id, dueOn }), items);
    await refusesBodiesThatAreNotJson(admin.client, 'POST', path, items);
    expect((await items()).items).toEqual([]);

    const item = (await admin.client.post(path, { teamId: team.id, title: 'Share one run chart', dueOn })).body;
    const itemPath = `/api/action-items/${item.id}`;
    expectRefusal(await admin.client.patch(itemPath, { title: null }), 400, 'request.invalid', 'title');
    await refusesEveryBadInput(admin.client, 'PATCH', itemPath, badInputs('title', {}), items);
    expectRefusal(await admin.client.patch(`${itemPath}/progress`, { report: null }), 400, 'request.invalid', 'report');
    await refusesEveryBadInput(admin.client, 'PATCH', `${itemPath}/progress`, badInputs('report', {}), items);
    expect((await items()).items.map((row: { title: string; status: string }) => [row.title, row.status])).toEqual([['Share one run chart', 'open']]);
  });
});
