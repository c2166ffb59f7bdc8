import { Client } from 'pg';
import { ApiClient, expectErrorShape, newNetwork, newUser, PASSWORD, uniqueEmail, type ApiResponse, type TestUser } from '../support/api';
import { serverForSuite } from '../support/server';

/**
 * A name people recognise one another by must not be able to pass for another, or for nothing: a
 * right-to-left override turns "Sam \u202Erolyat" into what reads as "Sam taylor", a zero-width
 * space makes a second "Nadia Okafor", and a name of dots names no one. Every name field refuses
 * them with the one validation code, naming the field, and writes nothing.
 */

jest.setTimeout(60_000);

const server = serverForSuite();

/** What someone would try, and the start of what the field then says about it. */
const LOOKALIKES: [value: string, says: string][] = [
  ['Sam \u202Erolyat', 'must not contain hidden characters that change the direction of the text'],
  ['\u2067Nadia Okafor\u2069', 'must not contain hidden characters that change the direction of the text'],
  ['Nadia\u200B Okafor', 'must not contain invisible characters'],
  ['Nadia Oka\uFEFFfor', 'must not contain invisible characters'],
  ['\u3164', 'must not contain invisible characters'],
  ['. . .', 'must contain at least one letter or number'],
];

function expectRefused(response: ApiResponse, field: string, says: string): void {
  expectErrorShape(response, 400, 'request.invalid');
  expect(response.body.fields).toEqual([{ field, message: expect.stringContaining(`${field} ${says}`) }]);
}

async function queryOne(sql: string, params: unknown[]): Promise<Record<string, unknown> | undefined> {
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows[0];
  } finally {
    await db.end();
  }
}

let admin: TestUser;
let network: { id: string; name: string };
let packageId: string;
let teamId: string;

beforeAll(async () => {
  admin = await newUser(server.url, { displayName: 'Nadia Okafor' });
  network = await newNetwork(admin, { name: 'Valley clinics', level: 'national' });
  const created = await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Follow-up after diagnosis' });
  expect(created.status).toBe(201);
  packageId = created.body.id;
  const team = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Ward 7' });
  expect(team.status).toBe(201);
  teamId = team.body.id;
});

it('a display name that looks like someone else’s, or like nothing, is refused at sign-up and on the profile (the organisation too)', async () => {
  for (const [value, says] of LOOKALIKES) {
    const email = uniqueEmail();
    expectRefused(await new ApiClient(server.url).post('/api/auth/register', { email, password: PASSWORD, displayName: value }), 'displayName', says);
    expect(await queryOne('SELECT id FROM users WHERE email = $1', [email])).toBeUndefined();
    expectRefused(
      await new ApiClient(server.url).post('/api/auth/register', { email, password: PASSWORD, displayName: 'Ana', organisation: value }),
      'organisation',
      says,
    );

    expectRefused(await admin.client.patch('/api/users/me', { displayName: value }), 'displayName', says);
    expectRefused(await admin.client.patch('/api/users/me', { organisation: value }), 'organisation', says);
  }
  expect((await admin.client.get('/api/auth/me')).body).toMatchObject({ displayName: 'Nadia Okafor', organisation: null });
});

it('a network name, a team name, a change package title and a version name are held to the same rule', async () => {
  for (const [value, says] of LOOKALIKES) {
    expectRefused(await admin.client.post('/api/networks', { name: value, level: 'national', visibility: 'public' }), 'name', says);
    expectRefused(await admin.client.patch(`/api/networks/${network.id}`, { name: value }), 'name', says);
    expectRefused(await admin.client.post(`/api/networks/${network.id}/teams`, { name: value }), 'name', says);
    expectRefused(await admin.client.patch(`/api/networks/${network.id}/teams/${teamId}`, { name: value }), 'name', says);
    expectRefused(await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: value }), 'title', says);
    expectRefused(await admin.client.patch(`/api/change-packages/${packageId}`, { title: value }), 'title', says);
    expectRefused(await admin.client.post(`/api/change-packages/${packageId}/versions`, { name: value }), 'name', says);
    expectRefused(await admin.client.post(`/api/change-packages/${packageId}/adaptations`, { networkId: network.id, title: value }), 'title', says);
  }
  // Nothing was written.
  expect(await queryOne('SELECT count(*)::int AS count FROM networks WHERE created_by = $1', [admin.id])).toEqual({ count: 1 });
  expect((await admin.client.get(`/api/networks/${network.id}`)).body.name).toBe('Valley clinics');
  expect(await queryOne('SELECT count(*)::int AS count FROM teams WHERE network_id = $1', [network.id])).toEqual({ count: 1 });
  expect(await queryOne('SELECT count(*)::int AS count FROM change_packages WHERE network_id = $1', [network.id])).toEqual({ count: 1 });
  expect((await admin.client.get(`/api/change-packages/${packageId}`)).body.title).toBe('Follow-up after diagnosis');
});

it('names in any script, with accents, apostrophes and the joiners scripts need, are welcome', async () => {
  for (const displayName of ['Zoë O’Brien-Smith', 'محمد الأحمد', 'דנה כהן', '王小明', 'می\u200Cخواهم']) {
    const updated = await admin.client.patch('/api/users/me', { displayName });
    expect({ displayName, status: updated.status }).toEqual({ displayName, status: 200 });
    expect(updated.body.displayName).toBe(displayName);
  }
  const team = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Équipe 3 — Wārd 7' });
  expect(team.status).toBe(201);
});
