import * as Y from 'yjs';
import { addMember, newNetwork, newUser, type ApiResponse, type TestUser } from '../support/api';
import { connectProvider, destroyProvider, synced } from '../support/collab';
import { serverForSuite } from '../support/server';

/**
 * Every change-package, history and adaptation route × {non-member, member, coach, admin} ×
 * {public, private}: the same access policy as the network routes, through the package's network.
 * The expected statuses are written out here rather than derived from the policy under test; each
 * case also checks that what the API said beforehand (`can.edit` on the package, `can.contribute`
 * on the network, or simply being able to read it) agrees with what the server then allows.
 */

jest.setTimeout(180_000);

type Who = 'non-member' | 'member' | 'coach' | 'admin';
type Visibility = 'public' | 'private';

interface Fixture {
  networkId: string;
  packageId: string;
  versionId: string;
}

interface Home {
  networkId: string;
  packageId: string;
}

/** What the API tells the caller beforehand about a route: whether they may use it. */
type MayUse = (caller: TestUser, fixture: Fixture) => Promise<boolean>;

const canEdit: MayUse = async (caller, fixture) => {
  const found = await caller.client.get(`/api/change-packages/${fixture.packageId}`);
  return found.status === 200 && found.body.can.edit === true;
};
const canRead: MayUse = async (caller, fixture) => (await caller.client.get(`/api/change-packages/${fixture.packageId}`)).status === 200;
const canContributeToNetwork: MayUse = async (caller, fixture) => {
  const network = await caller.client.get(`/api/networks/${fixture.networkId}`);
  return network.status === 200 && network.body.can.contribute === true;
};

interface RouteCase {
  name: string;
  call: (caller: TestUser, fixture: Fixture, home: Home) => Promise<ApiResponse>;
  /** What the API says beforehand; a 2xx answer must follow exactly when it says yes. */
  allowedWhen: MayUse;
  /** On a public network; a private one answers the same except 404 to non-members. */
  expected: Record<Who, number>;
}

const read = { 'non-member': 200, member: 200, coach: 200, admin: 200 };
const contribute = (success: number) => ({ 'non-member': 403, member: success, coach: success, admin: success });

const ROUTES: RouteCase[] = [
  { name: 'GET /networks/:id/change-packages', call: (c, f) => c.client.get(`/api/networks/${f.networkId}/change-packages`), allowedWhen: canRead, expected: read },
  {
    name: 'POST /networks/:id/change-packages',
    call: (c, f) => c.client.post(`/api/networks/${f.networkId}/change-packages`, { title: 'Another plan' }),
    allowedWhen: canContributeToNetwork,
    expected: contribute(201),
  },
  { name: 'GET /change-packages/:id', call: (c, f) => c.client.get(`/api/change-packages/${f.packageId}`), allowedWhen: canRead, expected: read },
  {
    name: 'PATCH /change-packages/:id',
    call: (c, f) => c.client.patch(`/api/change-packages/${f.packageId}`, { title: 'Renamed plan' }),
    allowedWhen: canEdit,
    expected: contribute(200),
  },
  { name: 'GET /change-packages/:id/versions', call: (c, f) => c.client.get(`/api/change-packages/${f.packageId}/versions`), allowedWhen: canRead, expected: read },
  {
    name: 'POST /change-packages/:id/versions',
    call: (c, f) => c.client.post(`/api/change-packages/${f.packageId}/versions`, { name: 'As agreed' }),
    allowedWhen: canEdit,
    expected: contribute(201),
  },
  {
    name: 'GET /change-packages/:id/versions/:versionId',
    call: (c, f) => c.client.get(`/api/change-packages/${f.packageId}/versions/${f.versionId}`),
    allowedWhen: canRead,
    expected: read,
  },
  {
    name: 'POST /change-packages/:id/versions/:versionId/restore',
    call: (c, f) => c.client.post(`/api/change-packages/${f.packageId}/versions/${f.versionId}/restore`),
    allowedWhen: canEdit,
    expected: contribute(200),
  },
  { name: 'GET /change-packages/:id/changes', call: (c, f) => c.client.get(`/api/change-packages/${f.packageId}/changes`), allowedWhen: canRead, expected: read },
  {
    name: 'POST /change-packages/:id/adaptations (into the caller\'s own network)',
    call: (c, f, home) => c.client.post(`/api/change-packages/${f.packageId}/adaptations`, { networkId: home.networkId }),
    // Reading the source is enough: the copy lands where the caller may write.
    allowedWhen: canRead,
    expected: { 'non-member': 201, member: 201, coach: 201, admin: 201 },
  },
  { name: 'POST /change-packages/:id/pull-upstream', call: (c, f) => c.client.post(`/api/change-packages/${f.packageId}/pull-upstream`), allowedWhen: canEdit, expected: contribute(200) },
  { name: 'GET /change-packages/:id/lineage', call: (c, f) => c.client.get(`/api/change-packages/${f.packageId}/lineage`), allowedWhen: canRead, expected: read },
  {
    name: 'POST /change-packages/:id/ideas/:ideaId/adaptations (into the caller\'s own package)',
    call: (c, f, home) => c.client.post(`/api/change-packages/${f.packageId}/ideas/idea-1/adaptations`, { targetPackageId: home.packageId }),
    // Reading the source is enough: the copy lands where the caller may write.
    allowedWhen: canRead,
    expected: { 'non-member': 201, member: 201, coach: 201, admin: 201 },
  },
];

// Every case gets a network of its own, all created by one admin: far more than an hour's usual allowance.
const server = serverForSuite({ NETWORKS_PER_HOUR: '1000' });
const people = {} as Record<Who, TestUser>;
const homes = {} as Record<Who, Home>;
/** A public package with one change idea ("idea-1"); each fixture's package is adapted from it. */
let sourceId: string;

beforeAll(async () => {
  for (const who of ['admin', 'member', 'coach', 'non-member'] as const) {
    people[who] = await newUser(server.url);
    const network = await newNetwork(people[who], { level: 'organisation', visibility: 'private' });
    const home = await people[who].client.post(`/api/networks/${network.id}/change-packages`, { title: 'Our own plan' });
    homes[who] = { networkId: network.id, packageId: home.body.id };
  }
  const upstreamNetwork = await newNetwork(people.admin, { level: 'national', visibility: 'public' });
  const source = await people.admin.client.post(`/api/networks/${upstreamNetwork.id}/change-packages`, { title: 'National plan' });
  sourceId = source.body.id;
  const editor = connectProvider(server.url, people.admin, source.body.documentName, new Y.Doc(), { ack: true });
  try {
    await synced(editor);
    editor.doc.getMap('ideas').set('idea-1', new Y.Map(Object.entries({ title: 'Call within 7 days', order: 0 })));
    await editor.whenSaved();
  } finally {
    destroyProvider(editor);
  }
});

async function fixture(visibility: Visibility): Promise<Fixture> {
  const owner = people.admin;
  const network = await newNetwork(owner, { visibility, level: 'subnational' });
  await addMember(owner, network.id, people.member, 'member');
  await addMember(owner, network.id, people.coach, 'coach');
  const adapted = await owner.client.post(`/api/change-packages/${sourceId}/adaptations`, { networkId: network.id, title: 'Regional plan' });
  if (adapted.status !== 201) throw new Error(`adapt failed: ${adapted.status} ${JSON.stringify(adapted.body)}`);
  const version = await owner.client.post(`/api/change-packages/${adapted.body.id}/versions`, { name: 'First draft' });
  return { networkId: network.id, packageId: adapted.body.id, versionId: version.body.id };
}

const cases: [string, Visibility, Who, number, RouteCase][] = [];
for (const route of ROUTES) {
  for (const visibility of ['public', 'private'] as const) {
    for (const who of ['non-member', 'member', 'coach', 'admin'] as const) {
      cases.push([route.name, visibility, who, visibility === 'private' && who === 'non-member' ? 404 : route.expected[who], route]);
    }
  }
}

it.each(cases)('%s on a %s network as %s → %i, as `can` said', async (_name, visibility, who, expected, route) => {
  const setUp = await fixture(visibility);
  const said = await route.allowedWhen(people[who], setUp);
  const response = await route.call(people[who], setUp, homes[who]);
  expect({ status: response.status, body: response.status >= 400 ? response.body : 'ok', canSaid: said }).toEqual({
    status: expected,
    body: expected >= 400 ? expect.objectContaining({ statusCode: expected }) : 'ok',
    canSaid: expected < 300,
  });
});

it('GET /change-packages lists a network\'s packages to its members only', async () => {
  for (const visibility of ['public', 'private'] as const) {
    const { packageId } = await fixture(visibility);
    for (const who of ['non-member', 'member', 'coach', 'admin'] as const) {
      const listed = await people[who].client.get('/api/change-packages');
      expect(listed.status).toBe(200);
      expect({ who, visibility, listed: listed.body.some((p: { id: string }) => p.id === packageId) }).toEqual({ who, visibility, listed: who !== 'non-member' });
    }
  }
});

it('a private network\'s package is indistinguishable from a missing one on every route', async () => {
  const { packageId, versionId } = await fixture('private');
  const missing = '00000000-0000-4000-8000-000000000000';
  const outsider = people['non-member'];
  for (const path of ['', '/versions', `/versions/${versionId}`, '/changes', '/lineage']) {
    const hidden = await outsider.client.get(`/api/change-packages/${packageId}${path}`);
    const absent = await outsider.client.get(`/api/change-packages/${missing}${path}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(absent.body);
  }
});
