import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { freshDatabase, serverForSuite, startServer } from '../support/server';

jest.setTimeout(60_000);

const server = serverForSuite();

async function countRows(sql: string, params: unknown[]): Promise<number> {
  const db = new Client({ connectionString: server.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(sql, params);
    return Number(rows[0].count);
  } finally {
    await db.end();
  }
}

describe('creating and listing networks', () => {
  it('makes the creator its admin and lists public networks plus mine, never others\' private ones', async () => {
    const ana = await newUser(server.url);
    const ben = await newUser(server.url);
    const anaPublic = await newNetwork(ana, { name: 'Ana public', visibility: 'public' });
    const anaPrivate = await newNetwork(ana, { name: 'Ana private', visibility: 'private' });
    const benPrivate = await newNetwork(ben, { name: 'Ben private', visibility: 'private' });
    expect(anaPublic).toMatchObject({ myRole: 'admin', memberCount: 1, level: 'national', parentId: null });

    const anaSees = (await ana.client.get('/api/networks?limit=200')).body.items.map((n: { id: string }) => n.id);
    expect(anaSees).toEqual(expect.arrayContaining([anaPublic.id, anaPrivate.id]));
    expect(anaSees).not.toContain(benPrivate.id);

    const benSees = (await ben.client.get('/api/networks?limit=200')).body.items.map((n: { id: string }) => n.id);
    expect(benSees).toEqual(expect.arrayContaining([anaPublic.id, benPrivate.id]));
    expect(benSees).not.toContain(anaPrivate.id);

    const mine = await ben.client.get('/api/networks?mine=true');
    expect(mine.body.items.map((n: { id: string }) => n.id)).toEqual([benPrivate.id]);
    expect(mine.body.total).toBe(1);
  });

  it('mine=false lists only the networks the caller does not belong to, so that the two lists never overlap', async () => {
    const ana = await newUser(server.url);
    const ben = await newUser(server.url);
    const marker = `Overlap${randomBytes(3).toString('hex')}`;
    const anaPublic = await newNetwork(ana, { name: `${marker} ana public` });
    const anaPrivate = await newNetwork(ana, { name: `${marker} ana private`, visibility: 'private' });
    const benPublic = await newNetwork(ben, { name: `${marker} ben public` });
    await newNetwork(ben, { name: `${marker} ben private`, visibility: 'private' });

    const ids = async (query: string) => (await ana.client.get(`/api/networks?q=${marker}${query}`)).body.items.map((n: { id: string }) => n.id).sort();
    expect(await ids('&mine=true')).toEqual([anaPublic.id, anaPrivate.id].sort());
    expect(await ids('&mine=false')).toEqual([benPublic.id]);
    expect(await ids('')).toEqual([anaPublic.id, anaPrivate.id, benPublic.id].sort());
    const others = await ana.client.get(`/api/networks?q=${marker}&mine=false`);
    expect(others.body.total).toBe(1);
    expect(others.body.items[0]).toMatchObject({ myRole: null, can: expect.objectContaining({ join: true }) });
  });

  it('filters by level and words, and validates the query', async () => {
    const user = await newUser(server.url);
    const marker = `Zebrafish${Date.now()}`;
    const regional = await newNetwork(user, { name: `${marker} region`, level: 'subnational' });
    await newNetwork(user, { name: `${marker} nation`, level: 'national' });
    const found = await user.client.get(`/api/networks?level=subnational&q=${marker}`);
    expect(found.body.items.map((n: { id: string }) => n.id)).toEqual([regional.id]);
    // Each word is looked for on its own, in the name or the description, in any order.
    const described = await newNetwork(user, { name: `${marker} Coastal Region Collaborative`, level: 'subnational', description: 'Mental health in primary care' });
    const words = await user.client.get(`/api/networks?q=${encodeURIComponent(`  coastal ${marker.toLowerCase()} MENTAL health `)}`);
    expect(words.body.items.map((n: { id: string }) => n.id)).toEqual([described.id]);
    expect((await user.client.get(`/api/networks?q=${encodeURIComponent(`${marker} coastal cardiology`)}`)).body.items).toEqual([]);
    expectErrorShape(await user.client.get('/api/networks?level=planet'), 400);
    const badLimit = await user.client.get('/api/networks?limit=5000');
    expectErrorShape(badLimit, 400);
    expect(badLimit.body.message).toMatch(/^limit/);
    const hugeOffset = await user.client.get('/api/networks?offset=1e21');
    expectErrorShape(hugeOffset, 400);
    expect(hugeOffset.body.message).toMatch(/^offset/);
  });

  it('refuses text holding a NUL character, naming the field, instead of failing in the database', async () => {
    const user = await newUser(server.url);
    const response = await user.client.post('/api/networks', { name: 'Nul\u0000name', level: 'national', visibility: 'public' });
    expectErrorShape(response, 400, 'request.nul');
    expect(response.body.fields).toEqual([{ field: 'name', message: 'name must not contain the NUL character' }]);
    expectErrorShape(await user.client.get('/api/networks?q=%00'), 400, 'request.nul');
  });

  it('validates the body, naming the field, and writes nothing on failure', async () => {
    const user = await newUser(server.url);
    const before = await countRows('SELECT count(*) FROM networks WHERE created_by = $1', [user.id]);
    const badLevel = await user.client.post('/api/networks', { name: 'X', level: 'planet', visibility: 'public' });
    expectErrorShape(badLevel, 400);
    expect(badLevel.body.message).toBe('level must be one of: organisation, subnational, national, global');
    const noName = await user.client.post('/api/networks', { level: 'national', visibility: 'secret' });
    expect(noName.body.message).toContain('name must be');
    expect(noName.body.message).toContain('visibility must be one of: public, private');
    const badParent = await user.client.post('/api/networks', { name: 'X', level: 'organisation', visibility: 'public', parentId: 'nope' });
    expect(badParent.body.message).toBe('parentId must be a UUID');
    expect(await countRows('SELECT count(*) FROM networks WHERE created_by = $1', [user.id])).toBe(before);
  });

  it('lets admins edit and refuses others', async () => {
    const admin = await newUser(server.url);
    const member = await newUser(server.url);
    const network = await newNetwork(admin);
    await addMember(admin, network.id, member, 'coach');
    const edited = await admin.client.patch(`/api/networks/${network.id}`, { name: 'Renamed', description: 'About us', visibility: 'private' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Renamed', description: 'About us', visibility: 'private' });
    expectErrorShape(await member.client.patch(`/api/networks/${network.id}`, { name: 'Mine now' }), 403);
    expect((await admin.client.get(`/api/networks/${network.id}`)).body.name).toBe('Renamed');
  });
});

describe('creating networks in bulk', () => {
  it('a script flooding the directory is stopped at 20 networks an hour per account (429 with Retry-After and its own code); refusals do not count; others still create', async () => {
    const flooder = await newUser(server.url);
    const taken = await newNetwork(flooder, { level: 'national' });
    // A refused creation (the name is taken) does not use up the allowance.
    expectErrorShape(await flooder.client.post('/api/networks', { name: taken.name, level: 'national', visibility: 'public' }), 409);

    const created = await Promise.all(Array.from({ length: 22 }, (_, index) => flooder.client.post('/api/networks', { name: `Flood ${index} ${randomBytes(3).toString('hex')}`, level: 'organisation', visibility: 'public' })));
    // Sent at once, and still exactly 20 in the hour (the first one included).
    expect(created.filter((response) => response.status === 201)).toHaveLength(19);
    const refused = created.filter((response) => response.status !== 201);
    expect(refused).toHaveLength(3);
    for (const response of refused) {
      expectErrorShape(response, 429, 'networks.create_rate_limited');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
      expect(response.body.message).toMatch(/^You have created many networks in the last hour\. Please wait \d+ (minutes?|seconds?) before creating another\.$/);
    }
    expect(await countRows(`SELECT count(*) FROM networks WHERE created_by = $1`, [flooder.id])).toBe(20);

    // Everything else still works for the flooder, and someone else creates as usual.
    expect((await flooder.client.patch(`/api/networks/${taken.id}`, { description: 'Still editable' })).status).toBe(200);
    const neighbour = await newUser(server.url);
    expect((await neighbour.client.post('/api/networks', { name: `Next door ${randomBytes(3).toString('hex')}`, level: 'national', visibility: 'public' })).status).toBe(201);
  });
});

describe('hierarchy', () => {
  let admin: TestUser;
  let national: any;
  let region: any;
  beforeAll(async () => {
    admin = await newUser(server.url);
    national = await newNetwork(admin, { level: 'national', name: 'Nation' });
    region = await newNetwork(admin, { level: 'subnational', name: 'Region', parentId: national.id });
  });

  it('accepts a parent at a strictly higher level only', async () => {
    expect(region.parentId).toBe(national.id);
    const sameLevel = await admin.client.post('/api/networks', { name: 'Twin', level: 'national', visibility: 'public', parentId: national.id });
    expectErrorShape(sameLevel, 400);
    expect(sameLevel.body.message).toMatch(/^parentId must be a network at a higher level: a national network cannot sit under a national network/);
    const upward = await admin.client.patch(`/api/networks/${national.id}`, { parentId: region.id });
    expectErrorShape(upward, 400);
    // The article follows the level's sound: never "a organisation".
    const clinic = await newNetwork(admin, { level: 'organisation', name: 'Clinic' });
    const underClinic = await admin.client.post('/api/networks', { name: 'Ward', level: 'organisation', visibility: 'public', parentId: clinic.id });
    expectErrorShape(underClinic, 400);
    expect(underClinic.body.message).toMatch(/: an organisation network cannot sit under an organisation network/);
  });

  it('refuses cycles and keeps levels consistent with children', async () => {
    const global = await newNetwork(admin, { level: 'global', name: 'World' });
    const moved = await admin.client.patch(`/api/networks/${national.id}`, { parentId: global.id });
    expect(moved.status).toBe(200);
    // World under its own grandchild's level would be a loop: refused whatever the levels say.
    const loop = await admin.client.patch(`/api/networks/${global.id}`, { parentId: region.id });
    expectErrorShape(loop, 400);
    expect(loop.body.message).toMatch(/^parentId cannot be the network itself/);
    const demote = await admin.client.patch(`/api/networks/${national.id}`, { level: 'subnational' });
    expectErrorShape(demote, 400);
    expect(demote.body.message).toMatch(/^level cannot become subnational: this network has a subnational network under it/);
    const self = await admin.client.patch(`/api/networks/${global.id}`, { parentId: global.id });
    expectErrorShape(self, 400);
  });

  it('only admins of the parent may place a network under it, and a hidden parent is "not found"', async () => {
    const stranger = await newUser(server.url);
    const underPublic = await stranger.client.post('/api/networks', { name: 'Mine', level: 'organisation', visibility: 'public', parentId: region.id });
    expectErrorShape(underPublic, 403);
    expect(underPublic.body.message).toMatch(/^parentId names a network you do not administer/);
    const hidden = await newNetwork(admin, { level: 'national', visibility: 'private' });
    const underHidden = await stranger.client.post('/api/networks', { name: 'Mine', level: 'organisation', visibility: 'public', parentId: hidden.id });
    expectErrorShape(underHidden, 400);
    expect(underHidden.body.message).toMatch(/^parentId does not name a network you can see/);
  });

  it('shows the tree as the caller may see it: a private sub-network and its subtree are hidden from non-members', async () => {
    const clinicOwner = await newUser(server.url);
    await addMember(admin, region.id, clinicOwner, 'admin');
    const privateClinic = await newNetwork(clinicOwner, { level: 'organisation', visibility: 'private', name: 'Private clinic', parentId: region.id });
    const publicClinic = await newNetwork(clinicOwner, { level: 'organisation', visibility: 'public', name: 'Public clinic', parentId: region.id });

    const viewer = await newUser(server.url);
    const tree = await viewer.client.get(`/api/networks/${national.id}/tree`);
    expect(tree.status).toBe(200);
    expect(tree.body.network.id).toBe(national.id);
    const regionNode = tree.body.children.find((node: { id: string }) => node.id === region.id);
    expect(regionNode.children.map((node: { id: string }) => node.id)).toEqual([publicClinic.id]);

    const ownerTree = await clinicOwner.client.get(`/api/networks/${national.id}/tree`);
    const ownerRegion = ownerTree.body.children.find((node: { id: string }) => node.id === region.id);
    expect(ownerRegion.children.map((node: { id: string }) => node.id).sort()).toEqual([privateClinic.id, publicClinic.id].sort());

    // A public child does not reveal a private parent's id to someone who cannot see the parent.
    const hiddenRegion = await newNetwork(admin, { level: 'subnational', visibility: 'private', parentId: national.id });
    const openClinic = await newNetwork(admin, { level: 'organisation', visibility: 'public', parentId: hiddenRegion.id });
    expect((await admin.client.get(`/api/networks/${openClinic.id}`)).body.parentId).toBe(hiddenRegion.id);
    expect((await viewer.client.get(`/api/networks/${openClinic.id}`)).body.parentId).toBeNull();
    const listed = (await viewer.client.get('/api/networks?limit=200')).body.items.find((n: { id: string }) => n.id === openClinic.id);
    expect(listed.parentId).toBeNull();

    const fromClinic = await clinicOwner.client.get(`/api/networks/${privateClinic.id}/tree`);
    expect(fromClinic.body.ancestors.map((node: { id: string }) => node.id).slice(-2)).toEqual([national.id, region.id]);
    expectErrorShape(await viewer.client.get(`/api/networks/${privateClinic.id}/tree`), 404);
  });
});

describe('membership', () => {
  it('joins a public network, refuses to join twice, and answers 404 for a private one', async () => {
    const admin = await newUser(server.url);
    const joiner = await newUser(server.url);
    const open = await newNetwork(admin, { visibility: 'public' });
    const closed = await newNetwork(admin, { visibility: 'private' });
    const joined = await joiner.client.post(`/api/networks/${open.id}/join`);
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ myRole: 'member', memberCount: 2 });
    expectErrorShape(await joiner.client.post(`/api/networks/${open.id}/join`), 409);
    expectErrorShape(await joiner.client.post(`/api/networks/${closed.id}/join`), 404);
  });

  it('keeps at least one admin: the last admin can neither leave nor be demoted or removed', async () => {
    const admin = await newUser(server.url);
    const second = await newUser(server.url);
    const network = await newNetwork(admin);
    const leave = await admin.client.post(`/api/networks/${network.id}/leave`);
    expectErrorShape(leave, 409);
    expect(leave.body.message).toMatch(/at least one admin/);
    expectErrorShape(await admin.client.patch(`/api/networks/${network.id}/members/${admin.id}`, { role: 'member' }), 409);

    await addMember(admin, network.id, second, 'admin');
    expect((await admin.client.post(`/api/networks/${network.id}/leave`)).status).toBe(204);
    // A public network stays readable to its former admin, now without a role.
    expect((await admin.client.get(`/api/networks/${network.id}`)).body.myRole).toBeNull();
    const members = await second.client.get(`/api/networks/${network.id}/members`);
    expect(members.body.map((m: { userId: string }) => m.userId)).toEqual([second.id]);
  });

  it('changes roles, sets team and patient-partner flag, and removes members', async () => {
    const admin = await newUser(server.url);
    const member = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    await addMember(admin, network.id, member, 'member');
    const team = (await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Riverside' })).body;

    // A member may set their own team and partner flag, not their role nor anyone else's row.
    const self = await member.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: team.id, isPatientPartner: true });
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ teamId: team.id, teamName: 'Riverside', isPatientPartner: true, email: null });
    expectErrorShape(await member.client.patch(`/api/networks/${network.id}/members/${member.id}`, { role: 'admin' }), 403);
    expectErrorShape(await member.client.patch(`/api/networks/${network.id}/members/${admin.id}`, { teamId: null }), 403);

    const promoted = await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { role: 'coach' });
    expect(promoted.body).toMatchObject({ role: 'coach', email: member.email });
    const badRole = await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { role: 'owner' });
    expect(badRole.body.message).toBe('role must be one of: member, coach, admin');
    const badTeam = await admin.client.patch(`/api/networks/${network.id}/members/${member.id}`, { teamId: '00000000-0000-4000-8000-000000000000' });
    expectErrorShape(badTeam, 400);
    expect(badTeam.body.message).toMatch(/^teamId/);

    const members = await admin.client.get(`/api/networks/${network.id}/members`);
    expect(members.body.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [admin.id, 'admin'],
      [member.id, 'coach'],
    ]);
    // Emails are for admins only.
    const asCoach = await member.client.get(`/api/networks/${network.id}/members`);
    expect(asCoach.body.every((m: { email: string | null }) => m.email === null)).toBe(true);

    expect((await admin.client.delete(`/api/networks/${network.id}/members/${member.id}`)).status).toBe(204);
    expectErrorShape(await member.client.get(`/api/networks/${network.id}`), 404);
    expectErrorShape(await admin.client.delete(`/api/networks/${network.id}/members/${member.id}`), 404);
  });
});

describe('teams', () => {
  it('adds, renames and deletes teams; names are unique per network; members stay when a team goes', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const team = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Harbourview' });
    expect(team.status).toBe(201);
    expectErrorShape(await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'harbourview' }), 409);
    const other = await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Saltmarsh' });
    expectErrorShape(await admin.client.patch(`/api/networks/${network.id}/teams/${other.body.id}`, { name: 'HARBOURVIEW' }), 409);
    const renamed = await admin.client.patch(`/api/networks/${network.id}/teams/${team.body.id}`, { name: 'Harbourview Practice' });
    expect(renamed.body.name).toBe('Harbourview Practice');

    await admin.client.patch(`/api/networks/${network.id}/members/${admin.id}`, { teamId: team.body.id });
    expect((await admin.client.delete(`/api/networks/${network.id}/teams/${team.body.id}`)).status).toBe(204);
    const members = await admin.client.get(`/api/networks/${network.id}/members`);
    expect(members.body).toEqual([expect.objectContaining({ userId: admin.id, teamId: null })]);
    const teams = await admin.client.get(`/api/networks/${network.id}/teams`);
    expect(teams.body.map((t: { name: string }) => t.name)).toEqual(['Saltmarsh']);
    expectErrorShape(await admin.client.delete(`/api/networks/${network.id}/teams/${team.body.id}`), 404);
  });
});

describe('invitations', () => {
  it('an open link can be previewed without signing in and accepted by several people', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private', name: 'Quiet clinic' });
    const created = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'coach' });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(new RegExp(`/invitations/${created.body.token}$`));
    expect(created.body.status).toBe('active');

    const preview = await new ApiClient(server.url).get(`/api/invitations/${created.body.token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ networkId: network.id, networkName: 'Quiet clinic', role: 'coach', forOnePerson: false });

    for (const person of [await newUser(server.url), await newUser(server.url)]) {
      expectErrorShape(await person.client.get(`/api/networks/${network.id}`), 404);
      const accepted = await person.client.post(`/api/invitations/${created.body.token}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ id: network.id, myRole: 'coach' });
    }
    const list = await admin.client.get(`/api/networks/${network.id}/invitations`);
    expect(list.body[0]).toMatchObject({ id: created.body.id, acceptedCount: 2 });
    expect(list.body[0].token).toBeUndefined();
  });

  it('an email invitation is for that person only, and only once', async () => {
    const admin = await newUser(server.url);
    const invitee = await newUser(server.url);
    const stranger = await newUser(server.url);
    const network = await newNetwork(admin);
    const created = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member', email: invitee.email.toUpperCase() });
    expectErrorShape(await stranger.client.post(`/api/invitations/${created.body.token}/accept`), 403);
    expect((await invitee.client.post(`/api/invitations/${created.body.token}/accept`)).status).toBe(200);
    expectErrorShape(await invitee.client.post(`/api/invitations/${created.body.token}/accept`), 409, 'networks.invitation_already_member');
    expectErrorShape(await stranger.client.post(`/api/invitations/${created.body.token}/accept`), 409, 'networks.invitation_used');
  });

  it('opening a link you already joined with says you are a member, with your role; anyone else is told it was used', async () => {
    const admin = await newUser(server.url);
    const invitee = await newUser(server.url);
    const stranger = await newUser(server.url);
    const network = await newNetwork(admin, { name: `Hillside ${randomBytes(3).toString('hex')}`, visibility: 'private' });
    const created = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member', email: invitee.email });
    const before = await invitee.client.get(`/api/invitations/${created.body.token}`);
    expect(before.body).toMatchObject({ status: 'active', yourRole: null, promotesYou: false });
    expect((await invitee.client.post(`/api/invitations/${created.body.token}/accept`)).status).toBe(200);

    const again = await invitee.client.get(`/api/invitations/${created.body.token}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ networkId: network.id, networkName: network.name, status: 'used', yourRole: 'member', promotesYou: false });
    const acceptedAgain = await invitee.client.post(`/api/invitations/${created.body.token}/accept`);
    expectErrorShape(acceptedAgain, 409, 'networks.invitation_already_member');
    expect(acceptedAgain.body.message).toBe(`You are already a member of ${network.name}. This invitation no longer works, and you do not need it.`);

    // Nobody else learns more than that the link was used: not the network, not who used it.
    for (const client of [stranger.client, new ApiClient(server.url)]) {
      const refused = await client.get(`/api/invitations/${created.body.token}`);
      expectErrorShape(refused, 409, 'networks.invitation_used');
      expect(JSON.stringify(refused.body)).not.toContain(network.name);
    }
  });

  it('a member opening a withdrawn link is told they are a member; one that would raise their role says so', async () => {
    const admin = await newUser(server.url);
    const member = await newUser(server.url);
    const network = await newNetwork(admin);
    await addMember(admin, network.id, member, 'member');
    const withdrawn = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member' });
    await admin.client.delete(`/api/networks/${network.id}/invitations/${withdrawn.body.id}`);
    expect((await member.client.get(`/api/invitations/${withdrawn.body.token}`)).body).toMatchObject({ status: 'revoked', yourRole: 'member', promotesYou: false });
    expectErrorShape(await new ApiClient(server.url).get(`/api/invitations/${withdrawn.body.token}`), 404, 'networks.invitation_expired');

    const coachLink = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'coach' });
    expect((await member.client.get(`/api/invitations/${coachLink.body.token}`)).body).toMatchObject({ status: 'active', yourRole: 'member', promotesYou: true });
    expect((await admin.client.get(`/api/invitations/${coachLink.body.token}`)).body).toMatchObject({ status: 'active', yourRole: 'admin', promotesYou: false });
  });

  it('a withdrawn or expired invitation no longer works; a bad token is 404', async () => {
    const admin = await newUser(server.url);
    const invitee = await newUser(server.url);
    const network = await newNetwork(admin);
    const withdrawn = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member' });
    expect((await admin.client.delete(`/api/networks/${network.id}/invitations/${withdrawn.body.id}`)).status).toBe(204);
    expectErrorShape(await invitee.client.post(`/api/invitations/${withdrawn.body.token}/accept`), 404);

    const expiring = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member', expiresInDays: 1 });
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    await db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expiring.body.id]);
    await db.end();
    const expired = await invitee.client.post(`/api/invitations/${expiring.body.token}/accept`);
    expectErrorShape(expired, 404);
    expect(expired.body.message).toMatch(/expired/);
    expectErrorShape(await invitee.client.get(`/api/invitations/${expiring.body.token}`), 404);
    expectErrorShape(await invitee.client.post('/api/invitations/made-up-token/accept'), 404);
    const badExpiry = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member', expiresInDays: 90 });
    expect(badExpiry.body.message).toBe('expiresInDays must be at most 30');
  });

  it('accepting a higher-role invitation promotes an existing member, a lower one never demotes', async () => {
    const admin = await newUser(server.url);
    const member = await newUser(server.url);
    const network = await newNetwork(admin);
    await addMember(admin, network.id, member, 'coach');
    const lower = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member' });
    expect((await member.client.post(`/api/invitations/${lower.body.token}/accept`)).body.myRole).toBe('coach');
    const higher = await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'admin' });
    expect((await member.client.post(`/api/invitations/${higher.body.token}/accept`)).body.myRole).toBe('admin');
  });
});

describe('removed members', () => {
  it('cannot walk back in with a shared link made before they were removed; a new link, or leaving on their own, is another matter', async () => {
    const admin = await newUser(server.url);
    const removed = await newUser(server.url);
    const leaver = await newUser(server.url);
    const network = await newNetwork(admin, { visibility: 'private' });
    const shared = (await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member' })).body;
    for (const person of [removed, leaver]) expect((await person.client.post(`/api/invitations/${shared.token}/accept`)).status).toBe(200);

    expect((await admin.client.delete(`/api/networks/${network.id}/members/${removed.id}`)).status).toBe(204);
    const again = await removed.client.post(`/api/invitations/${shared.token}/accept`);
    expectErrorShape(again, 403, 'networks.invitation_before_removal');
    expect((await removed.client.get(`/api/networks/${network.id}`)).status).toBe(404);

    // Someone who left of their own accord may come back with the same link.
    expect((await leaver.client.post(`/api/networks/${network.id}/leave`)).status).toBe(204);
    expect((await leaver.client.post(`/api/invitations/${shared.token}/accept`)).status).toBe(200);

    // An admin who wants the removed person back makes a new link.
    const fresh = (await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'member' })).body;
    expect((await removed.client.post(`/api/invitations/${fresh.token}/accept`)).status).toBe(200);
  });
});

describe('where a network could be placed', () => {
  const names = async (user: TestUser, networkId: string) =>
    ((await user.client.get(`/api/networks/${networkId}/parent-choices`)).body as { name: string }[]).map((choice) => choice.name);

  it('offers the networks its admin administers, never itself or anything under it, even below a network they cannot see', async () => {
    const ana = await newUser(server.url);
    const ben = await newUser(server.url);
    const tag = randomBytes(3).toString('hex');
    const national = await newNetwork(ana, { name: `National ${tag}`, level: 'national' });
    const region = await newNetwork(ana, { name: `Region ${tag}`, level: 'subnational', parentId: national.id });
    await newNetwork(ana, { name: `Clinic ${tag}`, level: 'organisation', parentId: region.id });
    const otherNational = await newNetwork(ana, { name: `Other national ${tag}`, level: 'national' });
    // Ben's private region under Ana's national network, and a clinic under it that Ana administers but cannot place it above.
    await addMember(ana, national.id, ben, 'admin');
    const hiddenRegion = await newNetwork(ben, { name: `Hidden region ${tag}`, level: 'subnational', visibility: 'private', parentId: national.id });
    const deepClinic = await newNetwork(ben, { name: `Deep clinic ${tag}`, level: 'organisation', parentId: hiddenRegion.id });
    await addMember(ben, deepClinic.id, ana, 'admin');
    await newNetwork(ben, { name: `Ben's own ${tag}`, level: 'global' });

    expect(await names(ana, national.id)).toEqual([otherNational.name]);
    expect(await names(ana, region.id)).toEqual([national.name, otherNational.name, deepClinic.name]);
    // What it offers is what the server then accepts: a sub-network is refused as a parent.
    expectErrorShape(await ana.client.patch(`/api/networks/${national.id}`, { parentId: deepClinic.id }), 400, 'networks.cycle');
  });

  it('keeps the current parent among the choices when its admin no longer administers it', async () => {
    const carl = await newUser(server.url);
    const ana = await newUser(server.url);
    const national = await newNetwork(carl, { name: `Carl national ${randomBytes(3).toString('hex')}`, level: 'national' });
    await addMember(carl, national.id, ana, 'admin');
    const region = await newNetwork(ana, { level: 'subnational', parentId: national.id });
    await carl.client.patch(`/api/networks/${national.id}/members/${ana.id}`, { role: 'member' });
    expect(await names(ana, region.id)).toEqual([national.name]);
  });
});

describe('network names among siblings', () => {
  const nameAlike = () => `Depression Care ${randomBytes(3).toString('hex')}`;
  const create = (user: TestUser, body: { name: string; level: string; parentId?: string }) =>
    user.client.post('/api/networks', { visibility: 'public', ...body });

  it('refuses a second top-level network of the same name at the same level, ignoring case and surrounding spaces', async () => {
    const ana = await newUser(server.url);
    const ben = await newUser(server.url);
    const name = nameAlike();
    expect((await create(ana, { name, level: 'national' })).status).toBe(201);
    for (const variant of [name, name.toUpperCase(), `  ${name.toLowerCase()}  `]) {
      const clash = await create(ben, { name: variant, level: 'national' });
      expectErrorShape(clash, 409);
      expect(clash.body.message).toBe('name is already used by another network at this level that is not part of a larger network. Choose a different name.');
    }
    // Another level is another group; so is a name that only looks alike.
    expect((await create(ben, { name, level: 'global' })).status).toBe(201);
    expect((await create(ben, { name: `${name} North`, level: 'national' })).status).toBe(201);
    expect(await countRows('SELECT count(*) FROM networks WHERE lower(name) = lower($1)', [name])).toBe(2);
  });

  it('never tells anyone that a private top-level network has a name: its name can be used again', async () => {
    const owner = await newUser(server.url);
    const stranger = await newUser(server.url);
    const name = nameAlike();
    expect((await owner.client.post('/api/networks', { name, level: 'national', visibility: 'private' })).status).toBe(201);
    expect((await stranger.client.post('/api/networks', { name, level: 'national', visibility: 'private' })).status).toBe(201);
    expect((await create(stranger, { name, level: 'national' })).status).toBe(201);

    // Nor a private sub-network's, to an admin of its parent who is not its member.
    const parentAdmin = await newUser(server.url);
    const nation = await newNetwork(owner, { level: 'national' });
    await addMember(owner, nation.id, parentAdmin, 'admin');
    const hidden = await owner.client.post('/api/networks', { name: 'Hidden clinic', level: 'organisation', visibility: 'private', parentId: nation.id });
    expect(hidden.status).toBe(201);
    expect((await create(parentAdmin, { name: 'Hidden clinic', level: 'organisation', parentId: nation.id })).status).toBe(201);
  });

  it('refuses the same name twice under one parent, and allows it under another', async () => {
    const admin = await newUser(server.url);
    const nation = await newNetwork(admin, { level: 'national' });
    const otherNation = await newNetwork(admin, { level: 'national' });
    const name = nameAlike();
    expect((await create(admin, { name, level: 'subnational', parentId: nation.id })).status).toBe(201);
    const clash = await create(admin, { name: name.toLowerCase(), level: 'subnational', parentId: nation.id });
    expectErrorShape(clash, 409);
    expect(clash.body.message).toBe('name is already used by another network at this level within the same larger network. Choose a different name.');
    expect((await create(admin, { name, level: 'organisation', parentId: nation.id })).status).toBe(201);
    expect((await create(admin, { name, level: 'subnational', parentId: otherNation.id })).status).toBe(201);
  });

  it('refuses a rename, a move or a level change onto a sibling\'s name, and changes nothing', async () => {
    const admin = await newUser(server.url);
    const nation = await newNetwork(admin, { level: 'national' });
    const otherNation = await newNetwork(admin, { level: 'national' });
    const taken = nameAlike();
    await newNetwork(admin, { name: taken, level: 'subnational', parentId: nation.id });
    const region = await newNetwork(admin, { level: 'subnational', parentId: nation.id });

    const rename = await admin.client.patch(`/api/networks/${region.id}`, { name: ` ${taken.toUpperCase()} `, description: 'Not saved either' });
    expectErrorShape(rename, 409);
    expect(rename.body.message).toBe('name is already used by another network at this level within the same larger network. Choose a different name.');
    expect((await admin.client.get(`/api/networks/${region.id}`)).body).toMatchObject({ name: region.name, description: '' });

    // The same name elsewhere is fine, until the network is moved next to its namesake.
    const elsewhere = await newNetwork(admin, { name: taken, level: 'subnational', parentId: otherNation.id });
    const move = await admin.client.patch(`/api/networks/${elsewhere.id}`, { parentId: nation.id });
    expectErrorShape(move, 409);
    expect((await admin.client.get(`/api/networks/${elsewhere.id}`)).body.parentId).toBe(otherNation.id);

    // And a top-level network may not become a second top-level one of its level by a level change.
    const topName = nameAlike();
    await newNetwork(admin, { name: topName, level: 'global' });
    const top = await newNetwork(admin, { name: topName, level: 'national' });
    const relevel = await admin.client.patch(`/api/networks/${top.id}`, { level: 'global' });
    expectErrorShape(relevel, 409);
    expect(relevel.body.message).toBe('name is already used by another network at this level that is not part of a larger network. Choose a different name.');
    expect((await admin.client.get(`/api/networks/${top.id}`)).body.level).toBe('national');

    // A network may keep (or re-case) its own name.
    const recased = await admin.client.patch(`/api/networks/${region.id}`, { name: region.name.toUpperCase() });
    expect(recased.status).toBe(200);
    expect(recased.body.name).toBe(region.name.toUpperCase());
  });

  it('of many people creating the same name at once, exactly one succeeds and the others get a 409, never a 500', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => newUser(server.url)));
    const name = nameAlike();
    const responses = await Promise.all(people.map((person) => create(person, { name, level: 'national' })));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of responses.filter((response) => response.status === 409)) expectErrorShape(refused, 409);
    expect(await countRows('SELECT count(*) FROM networks WHERE name = $1', [name])).toBe(1);
    // The losers were not left as admins of nothing: only the winner's membership exists.
    expect(await countRows('SELECT count(*) FROM memberships m JOIN networks n ON n.id = m.network_id WHERE n.name = $1', [name])).toBe(1);
  });

  it('the migration that brings the rule numbers the names that already clashed, oldest first, so that upgrading never fails', async () => {
    // A database as it was before the rule: the index and its migration's record removed, and clashing names added.
    const databaseUrl = await freshDatabase();
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(`DROP INDEX networks_sibling_name_key`);
      await db.query(`DELETE FROM migrations WHERE name = 'NetworkSiblingNames1764003000000'`);
      const { rows } = await db.query(`INSERT INTO users (email, display_name, password_hash) VALUES ('old@example.test', 'Old', 'x') RETURNING id`);
      for (const [name, age] of [['Valley clinics', 3], ['valley clinics ', 2], ['VALLEY CLINICS', 1]] as const) {
        await db.query(
          `INSERT INTO networks (name, level, visibility, created_by, created_at) VALUES ($1, 'national', 'public', $2, now() - make_interval(days => $3))`,
          [name, rows[0].id, age],
        );
      }
    } finally {
      await db.end();
    }
    const upgraded = await startServer({ DATABASE_URL: databaseUrl });
    await upgraded.stop();
    const after = new Client({ connectionString: databaseUrl });
    await after.connect();
    try {
      const { rows } = await after.query(`SELECT name FROM networks ORDER BY created_at`);
      expect(rows.map((row) => row.name)).toEqual(['Valley clinics', 'valley clinics (2)', 'VALLEY CLINICS (3)']);
    } finally {
      await after.end();
    }
  });
});
